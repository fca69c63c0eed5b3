// Issue 13, stored and quantized weights: fp16 / bf16 initializers, QDQ (QuantizeLinear /
// DequantizeLinear around Conv and MatMul, folded), QLinearConv, QLinearMatMul, ConvInteger and
// external data import with the parameter counts of the float model (computed by hand).
#include "onnx/onnx_builder.h"
#include "onnx/onnx_import.h"

#include <QtTest>

#include <QTemporaryDir>
#include <fstream>

using namespace cocco;

namespace {
constexpr int32_t kInt8 = onnx::TensorProto_DataType_INT8;
constexpr int32_t kUInt8 = onnx::TensorProto_DataType_UINT8;
constexpr int32_t kInt32 = onnx::TensorProto_DataType_INT32;

// Conv 16x8x3x3 (+16 bias) on x[1,8,10,10], pad 1: 1,152 + 16 params, 16x10x10 x 72 MACs.
constexpr int64_t kConvParams = 16 * 8 * 9 + 16;
constexpr int64_t kConvMacs = 16 * 100 * 72;

void scales(OnnxModelBuilder &b, const std::string &p, int32_t zpType)
{
    b.initializer(p + "_scale", {});
    b.typedInitializer(p + "_zp", {}, zpType, 1);
}
} // namespace

class TestOnnxQuant : public QObject {
    Q_OBJECT
private slots:
    void halfPrecisionWeights_data()
    {
        QTest::addColumn<int>("type");
        QTest::newRow("fp16") << int(onnx::TensorProto_DataType_FLOAT16);
        QTest::newRow("bf16") << int(onnx::TensorProto_DataType_BFLOAT16);
    }
    void halfPrecisionWeights()
    {
        QFETCH(int, type);
        OnnxModelBuilder b;
        b.input("x", {1, 8, 10, 10});
        b.typedInitializer("w", {16, 8, 3, 3}, type, 2);
        b.typedInitializer("bias", {16}, type, 2);
        const int c = b.node("Conv", {"x", "w", "bias"}, {"y"}, "conv");
        b.attr(c, "pads", std::vector<int64_t>{1, 1, 1, 1});
        b.output("y");
        auto r = importOnnxBytes(b.bytes(), "half.onnx");
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QCOMPARE(r->report.params, kConvParams);
        QCOMPARE(r->report.macs, kConvMacs);
        // A wrong byte count is still caught.
        OnnxModelBuilder bad;
        bad.input("x", {1, 8, 10, 10});
        bad.typedInitializer("w", {16, 8, 3, 3}, type, 1);
        bad.node("Conv", {"x", "w"}, {"y"}, "conv");
        bad.output("y");
        auto e = importOnnxBytes(bad.bytes(), "half.onnx");
        QVERIFY(!e.ok());
        QVERIFY(e.message().find("initializer 'w'") != std::string::npos);
    }
    // QDQ: x -> QuantizeLinear -> DequantizeLinear -> Conv(DequantizeLinear(w_int8), bias) -> y
    void qdqAroundConvAndMatMul()
    {
        OnnxModelBuilder b;
        b.input("x", {1, 8, 10, 10});
        scales(b, "x", kUInt8);
        scales(b, "w", kInt8);
        b.typedInitializer("w_q", {16, 8, 3, 3}, kInt8, 1);
        b.initializer("bias", {16});
        b.typedInitializer("fc_q", {1600, 10}, kInt8, 1);
        b.node("QuantizeLinear", {"x", "x_scale", "x_zp"}, {"xq"}, "quant_x");
        b.node("DequantizeLinear", {"xq", "x_scale", "x_zp"}, {"xd"}, "dequant_x");
        b.node("DequantizeLinear", {"w_q", "w_scale", "w_zp"}, {"w"}, "dequant_w");
        const int c = b.node("Conv", {"xd", "w", "bias"}, {"c"}, "conv");
        b.attr(c, "pads", std::vector<int64_t>{1, 1, 1, 1});
        b.node("Flatten", {"c"}, {"f"}, "flatten");
        b.node("DequantizeLinear", {"fc_q", "w_scale", "w_zp"}, {"fc"}, "dequant_fc");
        b.node("MatMul", {"f", "fc"}, {"y"}, "fc");
        b.output("y");
        auto r = importOnnxBytes(b.bytes(), "qdq.onnx");
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QCOMPARE(r->report.params, kConvParams + 1600 * 10);
        QCOMPARE(r->report.macs, kConvMacs + 1600 * 10);
        QCOMPARE(r->report.layers, 2); // the conv and the FC: (de)quantization is fused / folded
        QCOMPARE(r->report.unknown, 0);
    }
    // QLinearConv (weight at operand 3, int32 bias at 8) -> QLinearMatMul (weight at operand 3).
    void qlinearOps()
    {
        OnnxModelBuilder b;
        b.input("x", {1, 8, 10, 10}, true, kUInt8);
        scales(b, "x", kUInt8);
        scales(b, "w", kInt8);
        scales(b, "y", kUInt8);
        b.typedInitializer("w_q", {16, 8, 3, 3}, kInt8, 1);
        b.typedInitializer("b_q", {16}, kInt32, 4);
        const int c = b.node("QLinearConv", {"x", "x_scale", "x_zp", "w_q", "w_scale", "w_zp", "y_scale", "y_zp", "b_q"},
                             {"c"}, "qconv");
        b.attr(c, "pads", std::vector<int64_t>{1, 1, 1, 1});
        b.intConstant("shape", {1, 1600}, {2});
        b.node("Reshape", {"c", "shape"}, {"f"}, "flatten");
        b.typedInitializer("fc_q", {1600, 10}, kInt8, 1);
        b.node("QLinearMatMul", {"f", "y_scale", "y_zp", "fc_q", "w_scale", "w_zp", "y_scale", "y_zp"}, {"y"}, "qfc");
        b.output("y", kUInt8);
        auto r = importOnnxBytes(b.bytes(), "qlinear.onnx");
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QCOMPARE(r->report.params, kConvParams + 1600 * 10);
        QCOMPARE(r->report.macs, kConvMacs + 1600 * 10);
        QCOMPARE(r->report.unknown, 0);
        QCOMPARE(r->net.layer(r->net.find("qconv")).op, OpKind::Conv);
        QCOMPARE(r->net.layer(r->net.find("qfc")).op, OpKind::Fc);
    }
    void convInteger()
    {
        OnnxModelBuilder b;
        b.input("x", {1, 8, 10, 10}, true, kUInt8);
        b.typedInitializer("w_q", {16, 8, 3, 3}, kUInt8, 1);
        b.typedInitializer("x_zp", {}, kUInt8, 1);
        const int c = b.node("ConvInteger", {"x", "w_q", "x_zp"}, {"y"}, "iconv");
        b.attr(c, "pads", std::vector<int64_t>{1, 1, 1, 1});
        b.output("y", kInt32);
        auto r = importOnnxBytes(b.bytes(), "convint.onnx");
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QCOMPARE(r->report.params, kConvParams - 16); // no bias operand
        QCOMPARE(r->report.macs, kConvMacs);
    }
    void externalData()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        OnnxModelBuilder b;
        b.input("x", {1, 8, 10, 10});
        b.externalInitializer("w", {16, 8, 3, 3}, "weights.bin");
        const int c = b.node("Conv", {"x", "w"}, {"y"}, "conv");
        b.attr(c, "pads", std::vector<int64_t>{1, 1, 1, 1});
        b.output("y");
        const std::string path = dir.path().toStdString() + "/ext.onnx";
        std::ofstream(path, std::ios::binary) << b.bytes();
        std::ofstream(dir.path().toStdString() + "/weights.bin", std::ios::binary) << std::string(16 * 8 * 9 * 4, '\0');
        auto r = importOnnxFile(path);
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QCOMPARE(r->report.params, kConvParams - 16);
    }
};

QTEST_GUILESS_MAIN(TestOnnxQuant)
#include "tst_onnx_quant.moc"
