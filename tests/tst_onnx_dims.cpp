// Issue 13, dynamic dimensions: the error names every dynamic input and dim and the options that
// set them (--dim NAME=VALUE, --input-shape); --dim fills symbolic dims by name; the structured
// list of dynamic inputs (what the GUI asks for) follows the options.
#include "onnx/onnx_builder.h"
#include "onnx/onnx_import.h"

#include <QtTest>

using namespace cocco;

namespace {
// ids[batch_size, sequence_length, 64] -> MatMul(w 64x32); mask[batch_size, sequence_length] unused
// by compute but an input.
std::string model()
{
    OnnxModelBuilder b;
    b.input("x", {-1, -1, 64});
    auto *shape = b.proto().mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type()->mutable_shape();
    shape->mutable_dim(0)->set_dim_param("batch_size");
    shape->mutable_dim(1)->set_dim_param("sequence_length");
    b.initializer("w", {64, 32});
    b.node("MatMul", {"x", "w"}, {"y"}, "proj");
    b.output("y");
    return b.bytes();
}
} // namespace

class TestOnnxDims : public QObject {
    Q_OBJECT
private slots:
    void errorNamesDimsAndOptions()
    {
        auto r = importOnnxBytes(model(), "enc.onnx");
        QVERIFY(!r.ok());
        const std::string m = r.message();
        QVERIFY2(m.find("input 'x' has dynamic dimensions (dim 0 'batch_size', dim 1 'sequence_length')") != std::string::npos,
                 m.c_str());
        QVERIFY2(m.find("--dim batch_size=1 --dim sequence_length=N") != std::string::npos, m.c_str());
        QVERIFY2(m.find("--input-shape x=1,N,64") != std::string::npos, m.c_str());
        QVERIFY2(m.find("dynamic inputs: x[batch_size,sequence_length,64]") != std::string::npos, m.c_str());
    }
    void dimOptionFillsSymbolicDims()
    {
        OnnxImportOptions o;
        o.dims = {{"batch_size", 1}, {"sequence_length", 128}};
        auto r = importOnnxBytes(model(), "enc.onnx", o);
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QCOMPARE(r->report.params, int64_t(64 * 32));
        QCOMPARE(r->report.macs, int64_t(128 * 64 * 32));
        QCOMPARE(r->report.outputs.at(0).dims, (std::vector<int64_t>{1, 128, 32}));
        // --input-shape still works and wins over --dim for its input.
        o.inputShapes["x"] = {1, 16, 64};
        auto s = importOnnxBytes(model(), "enc.onnx", o);
        QVERIFY(s.ok());
        QCOMPARE(s->report.macs, int64_t(16 * 64 * 32));
    }
    void unknownDimNameIsAnError()
    {
        OnnxImportOptions o;
        o.dims = {{"batch", 1}};
        auto r = importOnnxBytes(model(), "enc.onnx", o);
        QVERIFY(!r.ok());
        QVERIFY2(r.message().find("--dim names 'batch', which is no symbolic dimension of the inputs (they have: "
                                  "batch_size, sequence_length)")
                     != std::string::npos,
                 r.message().c_str());
        o.dims = {{"batch_size", 0}};
        QVERIFY(!importOnnxBytes(model(), "enc.onnx", o).ok());
    }
    void structuredDynamicInputs()
    {
        auto d = onnxDynamicInputs(model(), "enc.onnx");
        QVERIFY(d.ok());
        QCOMPARE(d->size(), size_t(1));
        QCOMPARE(d->at(0).name, std::string("x"));
        QCOMPARE(d->at(0).dims, (std::vector<int64_t>{-1, -1, 64}));
        QCOMPARE(d->at(0).dimNames, (std::vector<std::string>{"batch_size", "sequence_length", ""}));
        OnnxImportOptions o;
        o.dims = {{"batch_size", 1}};
        d = onnxDynamicInputs(model(), "enc.onnx", o);
        QVERIFY(d.ok());
        QCOMPARE(d->at(0).dims, (std::vector<int64_t>{1, -1, 64}));
        o.dims["sequence_length"] = 8;
        d = onnxDynamicInputs(model(), "enc.onnx", o);
        QVERIFY(d.ok() && d->empty());
        QVERIFY(!onnxDynamicInputs("junk", "junk.onnx").ok());
    }
};

QTEST_GUILESS_MAIN(TestOnnxDims)
#include "tst_onnx_dims.moc"
