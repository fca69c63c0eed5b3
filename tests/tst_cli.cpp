// The `cocco` command line as a user runs it: exit codes, usage messages, JSON output.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "support/cocco_cli.h"

namespace {
using Run = testsupport::CliRun;
Run cocco(const QStringList &args) { return testsupport::runCocco(args); }
} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no command") << QStringList{};
        QTest::newRow("unknown command") << QStringList{"frobnicate"};
        QTest::newRow("info without model") << QStringList{"info"};
        QTest::newRow("info unknown option") << QStringList{"info", "zoo:vgg16", "--bogus"};
        QTest::newRow("info two models") << QStringList{"info", "a.json", "b.json"};
        QTest::newRow("info bad input shape") << QStringList{"info", "x.onnx", "--input-shape", "x=1,a"};
    }
    void badArguments()
    {
        QFETCH(QStringList, args);
        const Run r = cocco(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("usage") || r.err.contains("unknown command"), r.err.constData());
    }
    void helpExitsZero()
    {
        const Run r = cocco({"--help"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("info"));
    }
    void missingFileNamesTheFile()
    {
        const Run r = cocco({"info", "/nonexistent/model.json"});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("/nonexistent/model.json"));
    }
    void brokenJsonNamesTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("broken.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"schemaVersion\":1,\"layers\":[{\"name\":\"x\",\"op\":\"Input\"}]}");
        f.close();
        const Run r = cocco({"info", path});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("broken.json") && r.err.contains("'x'") && r.err.contains("shape"), r.err.constData());
    }
    void infoJsonCounts_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<qint64>("params");
        QTest::addColumn<qint64>("macs");
        QTest::newRow("resnet50") << "zoo:resnet50" << qint64(25503912) << qint64(4089184256);
        QTest::newRow("vgg16") << "zoo:vgg16" << qint64(138357544) << qint64(15470264320);
        QTest::newRow("googlenet") << "zoo:googlenet" << qint64(6610344) << qint64(1498376192);
        QTest::newRow("mobilenetv2") << "zoo:mobilenetv2" << qint64(3470760) << qint64(300774272);
        QTest::newRow("resnet152") << "zoo:resnet152" << qint64(60041384) << qint64(11513626624);
        QTest::newRow("resnet50 sample file") << COCCO_SOURCE_DIR "/samples/models/resnet50.json" << qint64(25503912)
                                              << qint64(4089184256);
    }
    void infoJsonCounts()
    {
        QFETCH(QString, model);
        QFETCH(qint64, params);
        QFETCH(qint64, macs);
        const Run r = cocco({"info", model, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(j.value("params").toInteger(), params);
        QCOMPARE(j.value("weight_bytes").toInteger(), params);
        QCOMPARE(j.value("macs").toInteger(), macs);
        QVERIFY(j.value("layers").toInteger() > 10);
        QCOMPARE(j.value("inputs").toArray().size(), 1);
        QVERIFY(j.value("outputs").toArray().size() >= 1);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
