// Issue 13: the dialog that asks for an ONNX model's dynamic dimensions, built from the importer's
// structured list (cocco::dynamicInputs) of a real file written here, rendered headless.
#include "dims_dialog.h"

#include "onnx/onnx_builder.h"

#include <QtTest>

#include <QSpinBox>
#include <QTemporaryDir>
#include <fstream>

class TestUiDimsDialog : public QObject {
    Q_OBJECT
private slots:
    void asksEachSymbolicDimOnce()
    {
        // x[batch_size, sequence_length, 64], mask[batch_size, sequence_length], pos[?, 64] (unnamed)
        cocco::OnnxModelBuilder b;
        b.input("x", {-1, -1, 64});
        b.input("mask", {-1, -1});
        b.input("pos", {-1, 64});
        auto *g = b.proto().mutable_graph();
        for (int i : {0, 1}) {
            auto *s = g->mutable_input(i)->mutable_type()->mutable_tensor_type()->mutable_shape();
            s->mutable_dim(0)->set_dim_param("batch_size");
            s->mutable_dim(1)->set_dim_param("sequence_length");
        }
        g->mutable_input(2)->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim(0)->clear_dim_param();
        b.initializer("w", {64, 8});
        b.node("MatMul", {"x", "w"}, {"y"}, "proj");
        b.node("Mul", {"mask", "mask"}, {"m2"}, "mask_sq");
        b.node("MatMul", {"pos", "w"}, {"p"}, "pos_proj");
        b.output("y");
        b.output("m2");
        b.output("p");
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/enc.onnx";
        std::ofstream(path, std::ios::binary) << b.bytes();

        cocco::LoadOptions base;
        base.dims["sequence_length"] = 128; // a value given before is the field's default
        auto dyn = cocco::dynamicInputs(path, {});
        QVERIFY2(dyn.ok(), dyn.ok() ? "" : dyn.message().c_str());
        QCOMPARE(dyn->size(), size_t(3));
        DimsDialog d(QStringLiteral("enc.onnx"), dyn.value(), base);
        QVERIFY(d.field(QStringLiteral("batch_size")));
        QVERIFY(d.field(QStringLiteral("sequence_length")));
        QVERIFY(d.field(QStringLiteral("pos[0]")));
        QCOMPARE(d.findChildren<QSpinBox *>().size(), 3); // batch_size asked once for x and mask
        QCOMPARE(d.field(QStringLiteral("sequence_length"))->value(), 128);
        d.field(QStringLiteral("pos[0]"))->setValue(16);
        const cocco::LoadOptions o = d.options();
        QCOMPARE(o.inputShapes.at("x"), (std::vector<int64_t>{1, 128, 64}));
        QCOMPARE(o.inputShapes.at("mask"), (std::vector<int64_t>{1, 128}));
        QCOMPARE(o.inputShapes.at("pos"), (std::vector<int64_t>{16, 64}));
        // With those shapes the model loads and nothing is dynamic any more.
        QVERIFY(cocco::dynamicInputs(path, o)->empty());
        auto loaded = cocco::loadModel(path, o);
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.message().c_str());
        d.resize(d.sizeHint());
        const QString png = QString::fromUtf8(COCCO_BINARY_DIR) + QStringLiteral("/dims_dialog.png");
        QVERIFY(d.grab().save(png));
    }
};

QTEST_MAIN(TestUiDimsDialog)
#include "tst_ui_dims_dialog.moc"
