// Issue 13, constant and shape folding: the import-time tensor interpreter (onnx_fold.h) on worked
// examples, and the patterns of real exports built with the project's ONNX builder: a class token
// expanded to a computed shape (torchvision ViT), a Reshape to a computed shape (paddle2onnx).
// Expected parameter and MAC counts are computed by hand in each test.
#include "onnx/onnx_builder.h"
#include "onnx/onnx_fold.h"
#include "onnx/onnx_import.h"

#include <QtTest>

#include <algorithm>

using namespace cocco;
using namespace cocco::onnximport;

namespace {
FoldValue ints(const std::vector<int64_t> &dims, const std::vector<double> &v)
{
    FoldValue f;
    f.present = f.hasValues = true;
    f.elemType = onnx::TensorProto_DataType_INT64;
    f.dims = dims;
    f.values = v;
    return f;
}

FoldValue dimsOnly(const std::vector<int64_t> &dims)
{
    FoldValue f;
    f.present = true;
    f.elemType = onnx::TensorProto_DataType_FLOAT;
    f.dims = dims;
    return f;
}

onnx::NodeProto node(const std::string &op, int inputs, int outputs = 1)
{
    onnx::NodeProto n;
    n.set_op_type(op);
    for (int i = 0; i < inputs; ++i)
        n.add_input("i" + std::to_string(i));
    for (int i = 0; i < outputs; ++i)
        n.add_output("o" + std::to_string(i));
    return n;
}

void intAttr(onnx::NodeProto &n, const char *name, int64_t v)
{
    auto *a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto_AttributeType_INT);
    a->set_i(v);
}

void int64Attr(OnnxModelBuilder &b, int node, const char *name, int64_t v)
{
    auto *a = b.proto().mutable_graph()->mutable_node(node)->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto_AttributeType_TENSOR);
    a->mutable_t()->set_data_type(onnx::TensorProto_DataType_INT64);
    a->mutable_t()->add_dims(1);
    a->mutable_t()->add_int64_data(v);
}

bool hasFolded(const ImportReport &r, const std::string &name)
{
    return std::any_of(r.foldedNodes.begin(), r.foldedNodes.end(),
                       [&](const std::string &s) { return s.find("'" + name + "'") == 0; });
}
} // namespace

class TestOnnxFold : public QObject {
    Q_OBJECT
private slots:
    void interpreter()
    {
        std::vector<FoldValue> out;
        // Shape of a large activation: only its dims are needed.
        QVERIFY(foldNode(node("Shape", 1), 13, {dimsOnly({1, 197, 768})}, &out));
        QCOMPARE(out[0].dims, std::vector<int64_t>{3});
        QCOMPARE(out[0].values, (std::vector<double>{1, 197, 768}));
        // Gather along axis 1 of a 2x3 matrix with a 2-element index.
        {
            auto n = node("Gather", 2);
            intAttr(n, "axis", 1);
            QVERIFY(foldNode(n, 13, {ints({2, 3}, {1, 2, 3, 4, 5, 6}), ints({2}, {2, -3})}, &out));
            QCOMPARE(out[0].dims, (std::vector<int64_t>{2, 2}));
            QCOMPARE(out[0].values, (std::vector<double>{3, 1, 6, 4}));
        }
        // Broadcasting Where / Equal (the expand(n, -1, -1) pattern).
        QVERIFY(foldNode(node("Equal", 2), 13, {ints({3}, {4, -1, -1}), ints({}, {-1})}, &out));
        QCOMPARE(out[0].values, (std::vector<double>{0, 1, 1}));
        QCOMPARE(out[0].elemType, int32_t(onnx::TensorProto_DataType_BOOL));
        FoldValue mask = out[0];
        QVERIFY(foldNode(node("Where", 3), 13, {mask, ints({3}, {1, 1, 1}), ints({3}, {4, -1, -1})}, &out));
        QCOMPARE(out[0].values, (std::vector<double>{4, 1, 1}));
        // Integer Div truncates, Mod follows the divisor's sign (fmod=0).
        QVERIFY(foldNode(node("Div", 2), 13, {ints({2}, {7, -7}), ints({}, {2})}, &out));
        QCOMPARE(out[0].values, (std::vector<double>{3, -3}));
        QVERIFY(foldNode(node("Mod", 2), 13, {ints({2}, {7, -7}), ints({}, {3})}, &out));
        QCOMPARE(out[0].values, (std::vector<double>{1, 2}));
        // Slice with a negative step, Concat, Range, ReduceProd, Tile, Expand, Transpose, Split.
        QVERIFY(foldNode(node("Slice", 4), 13,
                         {ints({5}, {0, 1, 2, 3, 4}), ints({1}, {-1}), ints({1}, {-6}), ints({1}, {0}), ints({1}, {-2})},
                         &out));
        QCOMPARE(out[0].values, (std::vector<double>{4, 2, 0}));
        QVERIFY(foldNode(node("Range", 3), 13, {ints({}, {1}), ints({}, {10}), ints({}, {4})}, &out));
        QCOMPARE(out[0].values, (std::vector<double>{1, 5, 9}));
        {
            auto n = node("ReduceProd", 1);
            intAttr(n, "keepdims", 0);
            QVERIFY(foldNode(n, 13, {ints({3}, {2, 3, 7})}, &out));
            QCOMPARE(out[0].dims, std::vector<int64_t>{});
            QCOMPARE(out[0].values, std::vector<double>{42});
        }
        QVERIFY(foldNode(node("Tile", 2), 13, {ints({1, 2}, {1, 2}), ints({2}, {2, 2})}, &out));
        QCOMPARE(out[0].values, (std::vector<double>{1, 2, 1, 2, 1, 2, 1, 2}));
        QVERIFY(foldNode(node("Expand", 2), 13, {ints({2, 1}, {1, 2}), ints({2}, {2, 3})}, &out));
        QCOMPARE(out[0].values, (std::vector<double>{1, 1, 1, 2, 2, 2}));
        QVERIFY(foldNode(node("Transpose", 1), 13, {ints({2, 3}, {1, 2, 3, 4, 5, 6})}, &out));
        QCOMPARE(out[0].values, (std::vector<double>{1, 4, 2, 5, 3, 6}));
        QVERIFY(foldNode(node("Split", 1, 2), 13, {ints({4}, {1, 2, 3, 4})}, &out));
        QCOMPARE(out[1].values, (std::vector<double>{3, 4}));
        {
            auto n = node("Concat", 2);
            intAttr(n, "axis", 0);
            QVERIFY(foldNode(n, 13, {ints({1}, {1}), ints({2}, {-1, 768})}, &out));
            QCOMPARE(out[0].values, (std::vector<double>{1, -1, 768}));
        }
        // Cast to int truncates; Not gives bools.
        {
            auto n = node("Cast", 1);
            intAttr(n, "to", onnx::TensorProto_DataType_INT32);
            FoldValue f = ints({2}, {2.7, -2.7});
            f.elemType = onnx::TensorProto_DataType_FLOAT;
            QVERIFY(foldNode(n, 13, {f}, &out));
            QCOMPARE(out[0].values, (std::vector<double>{2, -2}));
        }
    }
    // Found by fuzz_onnx_fold (docs/fuzzing.md): BitShift of a negative value shifted a negative
    // int64 (undefined behaviour); the bits are shifted as unsigned now.
    void bitShiftOfNegativeValue()
    {
        std::vector<FoldValue> out;
        QVERIFY(foldNode(node("BitShift", 2), 13, {ints({1}, {-3}), ints({1}, {2})}, &out));
        QCOMPARE(out[0].values.size(), size_t(1));
        QVERIFY(foldNode(node("BitShift", 2), 13, {ints({1}, {12}), ints({1}, {2})}, &out));
        QCOMPARE(out[0].values, std::vector<double>{48});
    }
    void interpreterRefuses()
    {
        std::vector<FoldValue> out;
        std::string why;
        // Operand without values, out-of-range index, too large a result, an op it does not know.
        QVERIFY(!foldNode(node("Add", 2), 13, {dimsOnly({3}), ints({}, {1})}, &out, &why));
        QVERIFY(why.find("operand 0") != std::string::npos);
        QVERIFY(!foldNode(node("Gather", 2), 13, {ints({2}, {1, 2}), ints({}, {2})}, &out, &why));
        QVERIFY(why.find("out of range") != std::string::npos);
        QVERIFY(!foldNode(node("ConstantOfShape", 1), 13, {ints({2}, {1000, 1000})}, &out));
        QVERIFY(!foldNode(node("Range", 3), 13, {ints({}, {0}), ints({}, {1e9}), ints({}, {1})}, &out));
        QVERIFY(!foldNode(node("Conv", 2), 13, {ints({1}, {1}), ints({1}, {1})}, &out));
        QVERIFY(!foldNode(node("Reshape", 2), 13, {ints({4}, {1, 2, 3, 4}), ints({2}, {3, -1})}, &out, &why));
    }

    // torchvision ViT: the class token is expanded to (n, 1, D) with n = Shape(x)[0], written by the
    // exporter as Where(Equal(shape, -1), 1, shape); then concatenated in front of the patches.
    void classTokenExpandedToComputedShape()
    {
        OnnxModelBuilder b;
        b.input("x", {1, 3, 32, 32});
        b.initializer("patch.w", {64, 3, 8, 8});
        b.initializer("patch.b", {64});
        b.initializer("cls", {1, 1, 64});
        b.initializer("head.w", {64, 10});
        b.initializer("head.b", {10});
        const int conv = b.node("Conv", {"x", "patch.w", "patch.b"}, {"p"}, "patch");
        b.attr(conv, "strides", std::vector<int64_t>{8, 8});
        b.intConstant("shp", {1, 64, 16}, {3});
        b.node("Reshape", {"p", "shp"}, {"pr"}, "flatten_patches");
        const int tr = b.node("Transpose", {"pr"}, {"tokens"}, "to_tokens");
        b.attr(tr, "perm", std::vector<int64_t>{0, 2, 1});
        b.node("Shape", {"x"}, {"xs"}, "/Shape");
        b.intConstant("zero", {0}, {});
        b.node("Gather", {"xs", "zero"}, {"n"}, "/Gather");
        b.intConstant("axes0", {0}, {1});
        b.node("Unsqueeze", {"n", "axes0"}, {"n1"}, "/Unsqueeze");
        b.intConstant("minus", {-1, -1}, {2});
        const int cc = b.node("Concat", {"n1", "minus"}, {"target"}, "/Concat");
        b.attr(cc, "axis", int64_t(0));
        b.intConstant("m1", {-1}, {});
        b.node("Equal", {"target", "m1"}, {"isneg"}, "/Equal");
        b.node("Shape", {"target"}, {"tshape"}, "/Shape_1");
        const int cos = b.node("ConstantOfShape", {"tshape"}, {"ones"}, "/ConstantOfShape");
        int64Attr(b, cos, "value", 1);
        b.node("Where", {"isneg", "ones", "target"}, {"shape"}, "/Where");
        b.node("Expand", {"cls", "shape"}, {"clsx"}, "/Expand");
        const int cat = b.node("Concat", {"clsx", "tokens"}, {"seq"}, "/Concat_1");
        b.attr(cat, "axis", int64_t(1));
        b.node("MatMul", {"seq", "head.w"}, {"h"}, "head");
        b.node("Add", {"h", "head.b"}, {"y"}, "head_bias");
        b.output("y");
        auto r = importOnnxBytes(b.bytes(), "vit_like.onnx");
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        // patch: 64x3x8x8 + 64 params, 64x4x4 outputs x 192 MACs; head: 64x10 + 10 params, 17 tokens
        // x 64 x 10 MACs.
        QCOMPARE(r->report.params, int64_t(64 * 3 * 8 * 8 + 64 + 64 * 10 + 10));
        QCOMPARE(r->report.macs, int64_t(64 * 16 * 192 + 17 * 64 * 10));
        QCOMPARE(r->report.outputs.at(0).dims, (std::vector<int64_t>{1, 17, 10}));
        for (const char *n : {"/Gather", "/Concat", "/Equal", "/ConstantOfShape", "/Where", "/Expand"})
            QVERIFY2(hasFolded(r->report, n), n);
        QVERIFY(formatImportReport(r->report).find("'/Where' (Where)") != std::string::npos);
        const Layer &cat1 = r->net.layer(r->net.find("/Concat_1"));
        QCOMPARE(cat1.op, OpKind::Concat);
        QCOMPARE(cat1.out, (Shape{1, 64, 17, 1}));
    }

    // paddle2onnx: reshape2 to (n, -1, h*w) computed from the tensor's own shape, through Cast,
    // Slice, ReduceProd and Concat.
    void reshapeToComputedShape()
    {
        OnnxModelBuilder b;
        b.input("x", {1, 16, 8, 8});
        b.initializer("w", {32, 16, 3, 3});
        b.initializer("fc", {32, 8});
        const int conv = b.node("Conv", {"x", "w"}, {"c"}, "conv2d_0");
        b.attr(conv, "pads", std::vector<int64_t>{1, 1, 1, 1});
        b.node("Shape", {"c"}, {"s"}, "shape_0");
        const int cast = b.node("Cast", {"s"}, {"s32"}, "cast_0");
        b.attr(cast, "to", int64_t(onnx::TensorProto_DataType_INT32));
        b.intConstant("b0", {0}, {1});
        b.intConstant("e1", {1}, {1});
        b.intConstant("b2", {2}, {1});
        b.intConstant("e4", {4}, {1});
        b.node("Slice", {"s32", "b0", "e1"}, {"n"}, "slice_n");
        b.node("Slice", {"s32", "b2", "e4"}, {"hw"}, "slice_hw");
        const int rp = b.node("ReduceProd", {"hw"}, {"hw1"}, "reduce_prod_0");
        b.attr(rp, "keepdims", int64_t(1));
        b.intConstant("m1", {-1}, {1});
        const int m1 = b.node("Cast", {"m1"}, {"m1i"}, "cast_1");
        b.attr(m1, "to", int64_t(onnx::TensorProto_DataType_INT32));
        const int cc = b.node("Concat", {"n", "m1i", "hw1"}, {"t32"}, "concat_0");
        b.attr(cc, "axis", int64_t(0));
        const int c64 = b.node("Cast", {"t32"}, {"t"}, "cast_2");
        b.attr(c64, "to", int64_t(onnx::TensorProto_DataType_INT64));
        b.node("Reshape", {"c", "t"}, {"r"}, "reshape2_0");
        const int tr = b.node("Transpose", {"r"}, {"rt"}, "transpose_0");
        b.attr(tr, "perm", std::vector<int64_t>{0, 2, 1});
        b.node("MatMul", {"rt", "fc"}, {"y"}, "matmul_0");
        b.output("y");
        auto r = importOnnxBytes(b.bytes(), "paddle_like.onnx");
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        // conv: 32x16x3x3 params, 32x8x8 outputs x 144; FC: 32x8 params, 64 rows x 32 x 8.
        QCOMPARE(r->report.params, int64_t(32 * 16 * 9 + 32 * 8));
        QCOMPARE(r->report.macs, int64_t(32 * 64 * 144 + 64 * 32 * 8));
        QCOMPARE(r->report.outputs.at(0).dims, (std::vector<int64_t>{1, 64, 8}));
        for (const char *n : {"shape_0", "slice_hw", "reduce_prod_0", "concat_0", "cast_2"})
            QVERIFY2(hasFolded(r->report, n), n);
    }
};

QTEST_GUILESS_MAIN(TestOnnxFold)
#include "tst_onnx_fold.moc"
