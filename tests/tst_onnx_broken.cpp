// Broken ONNX files: each is rejected with a message naming the problem (or, for an unknown op,
// imported with a warning naming the node), and never crashes. Also replays the inputs that
// fuzzing found (tests/data/fuzz-regressions, see docs/fuzzing.md).
#include "model/model_json.h"
#include "onnx/onnx_builder.h"
#include "onnx/onnx_import.h"

#include <QtTest>

#include <QDir>
#include <QTemporaryDir>
#include <fstream>
#include <sstream>

using namespace cocco;

namespace {
const std::string kData = COCCO_TEST_DATA;

std::string slurp(const std::string &path)
{
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

// x[1,3,8,8] -> Conv(w[4,3,3,3]) -> y
OnnxModelBuilder convModel()
{
    OnnxModelBuilder b;
    b.input("x", {1, 3, 8, 8});
    b.initializer("w", {4, 3, 3, 3});
    b.node("Conv", {"x", "w"}, {"y"}, "conv");
    b.output("y");
    return b;
}
} // namespace

class TestOnnxBroken : public QObject {
    Q_OBJECT
private slots:
    void rejected_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        auto add = [](const char *name, const std::string &bytes, const char *msg) {
            QTest::newRow(name) << QByteArray(bytes.data(), int(bytes.size())) << msg;
        };
        add("empty", "", "empty");
        add("text", "this is a text file, not an ONNX model\n", "not an ONNX model");
        add("json", "{\"schemaVersion\": 1, \"layers\": []}", "not an ONNX model");
        const std::string resnet = slurp(kData + "/onnx/models/resnet18.onnx");
        add("truncated", resnet.substr(0, resnet.size() / 2 + 7), "truncated");
        {
            OnnxModelBuilder b;
            b.input("x", {}, false);
            b.initializer("w", {4, 3, 3, 3});
            b.node("Conv", {"x", "w"}, {"y"}, "conv");
            b.output("y");
            add("missing shape", b.bytes(), "input 'x' has no shape");
        }
        {
            OnnxModelBuilder b;
            b.input("x", {1, 8});
            b.node("Add", {"x", "b"}, {"a"}, "first");
            b.node("Relu", {"a"}, {"b"}, "second");
            b.output("b");
            add("cycle", b.bytes(), "cycle through node");
        }
        {
            OnnxModelBuilder b;
            b.input("x", {1, 0, 8, 8});
            b.initializer("w", {4, 3, 3, 3});
            b.node("Conv", {"x", "w"}, {"y"}, "conv");
            b.output("y");
            add("zero-size dimension", b.bytes(), "zero-size dimension");
        }
        {
            OnnxModelBuilder b;
            b.input("x", {1, 3, 8, 8});
            b.initializer("w", {4, 3, 3, 3}, 10);
            b.node("Conv", {"x", "w"}, {"y"}, "conv");
            b.output("y");
            add("initializer of the wrong size", b.bytes(), "initializer 'w' has dims 4x3x3x3 (108 elements) but stores 10");
        }
        {
            OnnxModelBuilder b;
            b.input("x", {1, 3, 8, 8});
            b.externalInitializer("w", {4, 3, 3, 3}, "weights_that_do_not_exist.bin");
            b.node("Conv", {"x", "w"}, {"y"}, "conv");
            b.output("y");
            add("external data missing", b.bytes(), "external file 'weights_that_do_not_exist.bin', which is missing");
        }
        {
            OnnxModelBuilder b = convModel();
            b.node("Relu", {"nowhere"}, {"z"}, "dangling");
            add("undefined tensor", b.bytes(), "reads tensor 'nowhere'");
        }
        {
            OnnxModelBuilder b = convModel();
            b.node("Relu", {"x"}, {"y"}, "again");
            add("two producers", b.bytes(), "produced by two nodes");
        }
        {
            OnnxModelBuilder b;
            b.input("x", {1, 3, 8, 8});
            b.input("w", {4, 3, 3, 3});
            b.node("Relu", {"w"}, {"wr"}, "computed_weight");
            b.node("Conv", {"x", "wr"}, {"y"}, "conv");
            b.output("y");
            add("computed conv weight", b.bytes(), "'conv' (Conv): the weight operand must be a constant");
        }
        {
            // Crashed ONNX 1.12's own shape inference (fuzzing): input rank below the weight's.
            OnnxModelBuilder b;
            b.input("x", {1, 1});
            b.initializer("w", {1, 2, 3});
            b.node("ConvTranspose", {"x", "w"}, {"y"}, "deconv");
            b.output("y");
            add("conv rank mismatch", b.bytes(), "'deconv' (ConvTranspose): input 1x1 and weight 1x2x3 differ in rank");
        }
        {
            OnnxModelBuilder b = convModel();
            b.attr(0, "strides", std::vector<int64_t>{1, 1, 1});
            add("bad strides", b.bytes(), "'conv' (Conv): strides / dilations / pads");
        }
        {
            OnnxModelBuilder b;
            b.input("x", {1, int64_t(1) << 40, int64_t(1) << 40});
            b.node("Relu", {"x"}, {"y"}, "relu");
            b.output("y");
            add("too large", b.bytes(), "too large");
        }
        {
            OnnxModelBuilder b;
            b.input("x", {1, 8});
            b.node("Shape", {"x"}, {"s"}, "shape");
            b.output("s");
            add("only shapes", b.bytes(), "nothing to compute");
        }
    }
    void rejected()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        auto r = importOnnxBytes(bytes.toStdString(), "dir/broken.onnx");
        QVERIFY(!r.ok());
        QVERIFY2(r.message().rfind("dir/broken.onnx: ", 0) == 0, r.message().c_str());
        QVERIFY2(r.message().find(message.toStdString()) != std::string::npos, r.message().c_str());
    }
    void everyTruncationFails()
    {
        const std::string resnet = slurp(kData + "/onnx/models/resnet18.onnx");
        QVERIFY(resnet.size() > 1000);
        for (size_t cut = 1; cut < resnet.size(); cut += resnet.size() / 97) {
            auto r = importOnnxBytes(resnet.substr(0, cut), "cut.onnx");
            QVERIFY2(!r.ok(), std::to_string(cut).c_str());
            QVERIFY(!r.message().empty());
        }
    }
    void missingFile()
    {
        auto r = importOnnxFile(kData + "/onnx/no_such_model.onnx");
        QVERIFY(!r.ok());
        QVERIFY(r.message().find("cannot open") != std::string::npos);
    }
    void externalDataNextToTheModel()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        OnnxModelBuilder b;
        b.input("x", {1, 3, 8, 8});
        b.externalInitializer("w", {4, 3, 3, 3}, "w.bin");
        b.node("Conv", {"x", "w"}, {"y"}, "conv");
        b.output("y");
        const std::string model = dir.filePath("model.onnx").toStdString();
        std::ofstream(model, std::ios::binary) << b.bytes();
        auto missing = importOnnxFile(model);
        QVERIFY(!missing.ok());
        QVERIFY2(missing.message().find(dir.filePath("w.bin").toStdString()) != std::string::npos, missing.message().c_str());
        std::ofstream(dir.filePath("w.bin").toStdString(), std::ios::binary) << std::string(108 * 4, '\0');
        auto r = importOnnxFile(model);
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QCOMPARE(r->net.totalParams(), int64_t(108)); // weight values are never read, only dims
    }
    void unknownOpIsImportedAndReported()
    {
        OnnxModelBuilder b = convModel();
        b.node("FancyNorm", {"y"}, {"z"}, "my_fancy_norm");
        b.node("Relu", {"z"}, {"out"}, "relu");
        b.output("out");
        auto r = importOnnxBytes(b.bytes(), "unknown.onnx");
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QCOMPARE(r->report.unknown, 1);
        QCOMPARE(r->report.warnings.size(), size_t(1));
        QVERIFY(r->report.warnings[0].find("FancyNorm") != std::string::npos);
        QVERIFY(r->report.warnings[0].find("'my_fancy_norm'") != std::string::npos);
        const int id = r->net.find("my_fancy_norm");
        QVERIFY(id >= 0);
        QCOMPARE(r->net.layer(id).op, OpKind::Generic);
        QCOMPARE(r->net.layer(id).out, r->net.layer(r->net.find("conv")).out); // shape of its input
        QVERIFY(formatImportReport(r->report).find("my_fancy_norm") != std::string::npos);
    }
    void opsetOutsideRangeWarns()
    {
        OnnxModelBuilder b(5);
        b.input("x", {1, 3, 8, 8});
        b.initializer("w", {4, 3, 3, 3});
        b.node("Conv", {"x", "w"}, {"y"}, "conv");
        b.output("y");
        auto r = importOnnxBytes(b.bytes(), "old.onnx");
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QVERIFY(!r->report.warnings.empty());
        QVERIFY(r->report.warnings[0].find("opset 5") != std::string::npos);
    }
    // Inputs found by fuzzing (docs/fuzzing.md): each must come back as a value, never crash.
    void fuzzRegressions()
    {
        QDir dir(QString::fromStdString(kData + "/fuzz-regressions"));
        const QStringList files = dir.entryList(QDir::Files, QDir::Name);
        int replayed = 0;
        for (const QString &f : files) {
            const std::string bytes = slurp(dir.filePath(f).toStdString());
            if (f.startsWith("onnx-")) {
                auto r = importOnnxBytes(bytes, f.toStdString());
                QVERIFY(r.ok() || !r.message().empty());
                ++replayed;
            } else if (f.startsWith("json-")) {
                auto r = networkFromJson(bytes, f.toStdString());
                QVERIFY(r.ok() || !r.message().empty());
                ++replayed;
            }
        }
        QCOMPARE(replayed, int(files.filter(QRegularExpression("^(onnx|json)-")).size()));
    }
};

QTEST_GUILESS_MAIN(TestOnnxBroken)
#include "tst_onnx_broken.moc"
