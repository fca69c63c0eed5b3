// ONNX import of real networks (tests/data/onnx/models, reference counts from its README), of
// ONNX's own operator test models (tests/data/onnx/node, copied from libonnx-testdata) and the
// mapping rules of method §1/§2.1 on small models built in memory.
#include "onnx/onnx_builder.h"
#include "onnx/onnx_import.h"

#include <QtTest>

#include <fstream>
#include <sstream>
#include <thread>

using namespace cocco;

namespace {
const std::string kData = COCCO_TEST_DATA "/onnx";

std::string slurp(const std::string &path)
{
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

const Layer &layerNamed(const Network &net, const std::string &name)
{
    const int id = net.find(name);
    if (id < 0)
        qFatal("no layer %s", name.c_str());
    return net.layer(id);
}

int countKind(const Network &net, OpKind k)
{
    int n = 0;
    for (const Layer &l : net.layers())
        n += l.op == k ? 1 : 0;
    return n;
}
} // namespace

class TestOnnxModels : public QObject {
    Q_OBJECT
private slots:
    void referenceNetworks_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<qlonglong>("params");
        QTest::addColumn<qlonglong>("macs");
        QTest::addColumn<int>("convs");
        // The README's reference values (PyTorch, Conv2d + Linear).
        QTest::newRow("resnet18") << "resnet18.onnx" << 11679912LL << 1814073344LL << 20;
        QTest::newRow("resnet50") << "resnet50.onnx" << 25503912LL << 4089184256LL << 53;
        QTest::newRow("vgg16") << "vgg16.onnx" << 138357544LL << 15470264320LL << 13;
        QTest::newRow("googlenet") << "googlenet.onnx" << 6610344LL << 1498376192LL << 57;
        QTest::newRow("mobilenet_v2") << "mobilenet_v2.onnx" << 3470760LL << 300774272LL << 52;
        QTest::newRow("squeezenet1_0") << "squeezenet1_0.onnx" << 1248424LL << 818924576LL << 26;
        // No reference row: our own count, checked by hand in docs/onnx-import.md (12 x (in_proj
        // 768x2304, out_proj 768x768, FFN 768x3072x2) weights + biases; MACs incl. QK^T and AV).
        QTest::newRow("bert") << "bert_base_encoder_seq128.onnx" << 85017600LL << 11173625856LL << 0;
    }
    void referenceNetworks()
    {
        QFETCH(QString, file);
        QFETCH(qlonglong, params);
        QFETCH(qlonglong, macs);
        QFETCH(int, convs);
        auto r = importOnnxFile(kData + "/models/" + file.toStdString());
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QCOMPARE(qlonglong(r->net.totalParams()), params);
        QCOMPARE(qlonglong(r->net.totalMacs()), macs);
        QCOMPARE(qlonglong(r->report.params), params);
        QCOMPARE(countKind(r->net, OpKind::Conv), convs);
        QCOMPARE(r->report.unknown, 0);
        QVERIFY2(r->report.warnings.empty(), r->report.warnings.empty() ? "" : r->report.warnings.front().c_str());
        QCOMPARE(r->net.inputLayers().size(), size_t(1)); // weights given as graph inputs are not inputs
        QCOMPARE(r->report.outputs.size(), size_t(1));
        const std::string text = formatImportReport(r->report);
        QVERIFY(text.find("folded") != std::string::npos);
    }
    void resnet18Structure()
    {
        auto r = importOnnxFile(kData + "/models/resnet18.onnx");
        QVERIFY(r.ok());
        const Network &net = r->net;
        const Layer &in = net.layer(net.inputLayers().front());
        QCOMPARE(in.out, (Shape{1, 3, 224, 224}));
        const Layer &conv1 = layerNamed(net, "/conv1/Conv");
        QCOMPARE(conv1.op, OpKind::Conv);
        QCOMPARE(conv1.opType, std::string("Conv"));
        QCOMPARE(conv1.out, (Shape{1, 64, 112, 112}));
        QCOMPARE(conv1.inChannels, int64_t(3));
        QCOMPARE(conv1.windows[0], WindowRelation::sliding(7, 2, 1, 3, 3));
        QCOMPARE(conv1.params, int64_t(64 * 3 * 7 * 7)); // folded-BN bias not counted
        // ReLU fused: the max pool reads the conv directly.
        const Layer &pool = layerNamed(net, "/maxpool/MaxPool");
        QCOMPARE(pool.inputs, std::vector<int>{net.find("/conv1/Conv")});
        QCOMPARE(pool.windows[0], WindowRelation::sliding(3, 2, 1, 1, 1));
        // Global pool is a full edge; Flatten folded; FC reads the pool with an identity window.
        const Layer &gap = layerNamed(net, "/avgpool/GlobalAveragePool");
        QVERIFY(gap.windows[0].full);
        const Layer &fc = layerNamed(net, "/fc/Gemm");
        QCOMPARE(fc.op, OpKind::Fc);
        QCOMPARE(fc.inputs, std::vector<int>{net.find("/avgpool/GlobalAveragePool")});
        QVERIFY(!fc.windows[0].full);
        QCOMPARE(fc.params, int64_t(512 * 1000 + 1000));
        QVERIFY(net.isOutput(net.find("/fc/Gemm")));
        QCOMPARE(r->report.layers, 31);
        QCOMPARE(r->report.fused, 17); // the ReLUs
    }
    void vggFlattenGivesFullEdge()
    {
        auto r = importOnnxFile(kData + "/models/vgg16.onnx");
        QVERIFY(r.ok());
        const Layer &fc = layerNamed(r->net, "/classifier/classifier.0/Gemm");
        QCOMPARE(fc.inChannels, int64_t(25088));
        QVERIFY(fc.windows[0].full); // needs all 7x7 rows of the pooled map
    }
    void bertStructure()
    {
        auto r = importOnnxFile(kData + "/models/bert_base_encoder_seq128.onnx");
        QVERIFY(r.ok());
        const Network &net = r->net;
        QCOMPARE(net.layer(net.inputLayers().front()).out, (Shape{1, 768, 128, 1})); // [1,128,768]: C=hidden, H=tokens
        QCOMPARE(countKind(net, OpKind::LayerNorm), 24); // decomposed ReduceMean/Sub/Pow/Sqrt/Div recognised
        QCOMPARE(countKind(net, OpKind::MatMul), 24);    // QK^T and AV per layer
        QCOMPARE(countKind(net, OpKind::Softmax), 12);
        for (const Layer &l : net.layers())
            if (l.op == OpKind::MatMul) {
                QVERIFY(l.windows[1].full);  // right-hand activation operand
                QVERIFY(!l.windows[0].full); // heads [12,128,64] tile along the same 128 token rows
                QCOMPARE(l.out.h, int64_t(128));
            }
        // The head merge (transpose + reshape back to [128, 768]) keeps the rows: no barrier.
        QVERIFY(!layerNamed(net, "/layers.0/self_attn/Gemm").windows[0].full);
        QCOMPARE(layerNamed(net, "/layers.0/self_attn/Softmax").out, (Shape{1, 12 * 128, 128, 1}));
    }
    void nodeTests_data()
    {
        QTest::addColumn<QString>("dir");
        QTest::addColumn<QString>("error"); // empty: imports, else a part of the expected message
        QTest::addColumn<QString>("kind");  // OpKind of the layer producing the output ("" = not checked)
        const char *ok[][2] = {
            {"test_conv_with_strides_padding", "Conv"},  {"test_conv_with_autopad_same", "Conv"},
            {"test_conv_with_strides_and_asymmetric_padding", "Conv"}, {"test_basic_conv_without_padding", "Conv"},
            {"test_convtranspose", "ConvTranspose"},     {"test_convtranspose_pads", "ConvTranspose"},
            {"test_convtranspose_dilations", "ConvTranspose"}, {"test_convtranspose_1d", "ConvTranspose"},
            {"test_gemm_default_vector_bias", "FC"},     {"test_gemm_transposeB", "FC"},
            {"test_gemm_all_attributes", "FC"},          {"test_matmul_2d", "FC"},
            {"test_matmul_4d", "MatMul"},                {"test_maxpool_2d_pads", "Pool"},
            {"test_maxpool_2d_same_upper", "Pool"},      {"test_maxpool_2d_ceil", "Pool"},
            {"test_maxpool_2d_dilations", "Pool"},       {"test_averagepool_2d_strides", "Pool"},
            {"test_globalaveragepool", "GlobalPool"},    {"test_add_bcast", "Eltwise"},
            {"test_concat_3d_axis_1", "Concat"},         {"test_split_variable_parts_2d", "Slice"},
            {"test_split_equal_parts_default_axis", "Slice"}, {"test_slice", "Slice"},
            {"test_slice_neg_steps", "Slice"},           {"test_resize_upsample_scales_nearest", "Resize"},
            {"test_resize_upsample_sizes_cubic", "Resize"}, {"test_upsample_nearest", "Resize"},
            {"test_constant_pad", "Pad"},                {"test_batchnorm_example", "Eltwise"},
            {"test_relu", "Eltwise"},                    {"test_softmax_axis_1", "Softmax"},
            {"test_softmax_default_axis", "Softmax"},    {"test_layer_normalization_3d_axis_negative_1_epsilon", "LayerNorm"},
            {"test_layer_normalization_4d_axis1_expanded", ""}, {"test_reshape_negative_dim", "Eltwise"},
            {"test_transpose_default", "Eltwise"},       {"test_flatten_axis1", "Eltwise"},
            {"test_depthtospace_example", "Eltwise"},    {"test_lrn", "Generic"},
            {"test_einsum_batch_matmul", "Eltwise"},     {"test_reduce_mean_keepdims_example", ""},
            {"test_clip", "Eltwise"},                    {"test_hardswish", "Eltwise"},
            {"test_sigmoid", "Eltwise"},
        };
        for (const auto &t : ok)
            QTest::newRow(t[0]) << t[0] << "" << t[1];
        // Meaningless for the network model: a clear message instead of a bogus network.
        QTest::newRow("test_shape") << "test_shape" << "nothing to compute" << "";
        QTest::newRow("test_slice_start_out_of_bounds") << "test_slice_start_out_of_bounds" << "zero-size" << "";
        QTest::newRow("test_reshape_allowzero_reordered") << "test_reshape_allowzero_reordered" << "zero-size" << "";
        QTest::newRow("test_sequence_map_add_2_sequences") << "test_sequence_map_add_2_sequences" << "is not a tensor (a sequence, map or optional value)" << "";
    }
    void nodeTests()
    {
        QFETCH(QString, dir);
        QFETCH(QString, error);
        QFETCH(QString, kind);
        const std::string base = kData + "/node/" + dir.toStdString();
        auto r = importOnnxFile(base + "/model.onnx");
        if (!error.isEmpty()) {
            QVERIFY(!r.ok());
            QVERIFY2(r.message().find(error.toStdString()) != std::string::npos, r.message().c_str());
            QVERIFY(r.message().find("model.onnx") != std::string::npos);
            return;
        }
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        onnx::TensorProto expected;
        QVERIFY(expected.ParseFromString(slurp(base + "/test_data_set_0/output_0.pb")));
        const std::vector<int64_t> dims(expected.dims().begin(), expected.dims().end());
        QVERIFY(!r->report.outputs.empty());
        QCOMPARE(r->report.outputs.front().dims, dims);
        const Layer &out = layerNamed(r->net, r->report.outputs.front().layer);
        if (!kind.isEmpty())
            QCOMPARE(QString(opKindName(out.op)), kind);
        QCOMPARE(out.out.elements(), [&] { int64_t p = 1; for (auto d : dims) p *= d; return p; }());
        if (kind == "Generic") {
            QCOMPARE(r->report.unknown, 1);
            bool named = false;
            for (const auto &w : r->report.warnings)
                named = named || (w.find("unknown op LRN") != std::string::npos && w.find("node") != std::string::npos);
            QVERIFY(named);
        }
    }
    void convWindowFromAttributes()
    {
        auto r = importOnnxFile(kData + "/node/test_conv_with_strides_and_asymmetric_padding/model.onnx");
        QVERIFY(r.ok());
        const Layer &c = r->net.layer(r->net.computeOrder().front());
        QCOMPARE(c.windows[0].h.kernel, 3);
        QCOMPARE(c.windows[0].h.stride, 2);
        QCOMPARE(c.windows[0].h.padBegin, 1);
        QCOMPARE(c.windows[0].h.padEnd, 1);
        QCOMPARE(c.windows[0].w.padBegin, 0);
        QCOMPARE(c.windows[0].w.padEnd, 0);
        auto same = importOnnxFile(kData + "/node/test_conv_with_autopad_same/model.onnx");
        QVERIFY(same.ok());
        const Layer &s = same->net.layer(same->net.computeOrder().front());
        // 5x5 input, kernel 3, stride 2, SAME_LOWER: total pad 2 -> 1 before, 1 after.
        QCOMPARE(s.windows[0].h.padBegin + s.windows[0].h.padEnd, 2);
    }
    void convTransposeUpsamples()
    {
        auto r = importOnnxFile(kData + "/node/test_convtranspose/model.onnx");
        QVERIFY(r.ok());
        const Layer &c = r->net.layer(r->net.computeOrder().front());
        QCOMPARE(c.op, OpKind::ConvTranspose);
        QCOMPARE(c.windows[0].h.upsample, 1); // stride 1
        auto p = importOnnxFile(kData + "/node/test_convtranspose_pads/model.onnx");
        QVERIFY(p.ok());
        const Layer &cp = p->net.layer(p->net.computeOrder().front());
        QCOMPARE(cp.windows[0].h.upsample, 3); // strides 3x2
        QCOMPARE(cp.windows[0].w.upsample, 2);
        QCOMPARE(cp.windows[0].h.kernel, 1);   // ceil(3 / 3)
        QCOMPARE(cp.windows[0].w.kernel, 2);   // ceil(3 / 2)
    }
    void matmulOfActivationsIsFullEdge()
    {
        OnnxModelBuilder b;
        b.input("x", {1, 16, 32});
        b.initializer("wq", {32, 32});
        b.initializer("wk", {32, 32});
        b.node("MatMul", {"x", "wq"}, {"q"}, "q_proj");
        b.node("MatMul", {"x", "wk"}, {"k"}, "k_proj");
        const int t = b.node("Transpose", {"k"}, {"kt"}, "kt");
        b.attr(t, "perm", std::vector<int64_t>{0, 2, 1});
        b.node("MatMul", {"q", "kt"}, {"s"}, "scores");
        b.output("s");
        auto r = importOnnxBytes(b.bytes(), "qk.onnx");
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        const Layer &s = layerNamed(r->net, "scores");
        QCOMPARE(s.op, OpKind::MatMul);
        QCOMPARE(s.inputs.size(), size_t(2));
        QVERIFY(!s.windows[0].full);
        QVERIFY(s.windows[1].full);
        QCOMPARE(s.macs, int64_t(16 * 16 * 32));
        QCOMPARE(s.params, int64_t(0));
        QCOMPARE(layerNamed(r->net, "q_proj").params, int64_t(32 * 32));
        QCOMPARE(r->report.folded, 1); // the transpose
    }
    void batchNormFoldedAndBiasAddCounted()
    {
        OnnxModelBuilder b;
        b.input("x", {1, 3, 8, 8});
        b.initializer("w", {4, 3, 3, 3});
        for (const char *p : {"s", "bb", "m", "v"})
            b.initializer(p, {4});
        b.initializer("fw", {256, 10});
        b.initializer("fb", {10});
        const int c = b.node("Conv", {"x", "w"}, {"c"}, "conv");
        b.attr(c, "pads", std::vector<int64_t>{1, 1, 1, 1});
        b.node("BatchNormalization", {"c", "s", "bb", "m", "v"}, {"bn"}, "bn");
        b.node("Relu", {"bn"}, {"r"}, "relu");
        b.node("Flatten", {"r"}, {"f"}, "flat");
        b.node("MatMul", {"f", "fw"}, {"mm"}, "fc");
        b.node("Add", {"mm", "fb"}, {"y"}, "bias");
        b.output("y");
        auto r = importOnnxBytes(b.bytes(), "bn.onnx");
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QCOMPARE(r->report.layers, 2);
        QCOMPARE(r->report.folded, 2); // BN, Flatten
        QCOMPARE(r->report.fused, 2);  // Relu, bias Add
        QCOMPARE(layerNamed(r->net, "conv").params, int64_t(4 * 27));
        QCOMPARE(layerNamed(r->net, "fc").params, int64_t(2560 + 10)); // MatMul + Add = Linear
        QCOMPARE(layerNamed(r->net, "fc").macs, int64_t(2560));
        QCOMPARE(r->report.initializers, 7);
    }
    void dynamicInputNeedsOverride()
    {
        OnnxModelBuilder b;
        b.input("images", {-1, 3, -1, -1});
        b.initializer("w", {8, 3, 3, 3});
        b.node("Conv", {"images", "w"}, {"y"}, "conv");
        b.output("y");
        auto r = importOnnxBytes(b.bytes(), "dyn.onnx");
        QVERIFY(!r.ok());
        QVERIFY2(r.message().find("input 'images'") != std::string::npos, r.message().c_str());
        QVERIFY(r.message().find("--input-shape images=") != std::string::npos);
        OnnxImportOptions o;
        o.inputShapes["images"] = {1, 3, 640, 640};
        auto ok = importOnnxBytes(b.bytes(), "dyn.onnx", o);
        QVERIFY2(ok.ok(), ok.ok() ? "" : ok.message().c_str());
        QCOMPARE(layerNamed(ok->net, "conv").out, (Shape{1, 8, 638, 638}));
        o.inputShapes = {{"image", {1, 3, 8, 8}}};
        auto bad = importOnnxBytes(b.bytes(), "dyn.onnx", o);
        QVERIFY(!bad.ok());
        QVERIFY2(bad.message().find("'image'") != std::string::npos && bad.message().find("images") != std::string::npos,
                 bad.message().c_str());
    }
    void layerNamesUnique()
    {
        OnnxModelBuilder b;
        b.input("x", {1, 4});
        b.initializer("w", {4, 4});
        b.node("MatMul", {"x", "w"}, {"a"}, "same");
        b.node("MatMul", {"a", "w"}, {"b"}, "same");
        b.node("MatMul", {"b", "w"}, {"c"}, "");
        b.output("c");
        auto r = importOnnxBytes(b.bytes(), "names.onnx");
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QVERIFY(r->net.find("same") >= 0);
        QVERIFY(r->net.find("same_2") >= 0);
        QVERIFY(r->net.find("c") >= 0); // empty node name: output tensor name
    }
    // Opset 7: Upsample / Pad / Slice take their parameters as attributes.
    void opset7Attributes()
    {
        OnnxModelBuilder b(7);
        b.input("x", {1, 3, 8, 8});
        b.initializer("w", {4, 3, 3, 3});
        int c = b.node("Conv", {"x", "w"}, {"c"}, "conv");
        b.attr(c, "pads", std::vector<int64_t>{1, 1, 1, 1});
        auto *up = b.proto().mutable_graph()->mutable_node(b.node("Upsample", {"c"}, {"u"}, "up"))->add_attribute();
        up->set_name("scales");
        up->set_type(onnx::AttributeProto_AttributeType_FLOATS);
        for (float f : {1.f, 1.f, 2.f, 2.f})
            up->add_floats(f);
        const int p = b.node("Pad", {"u"}, {"p"}, "pad");
        b.attr(p, "pads", std::vector<int64_t>{0, 0, 1, 1, 0, 0, 1, 1});
        const int s = b.node("Slice", {"p"}, {"s"}, "slice");
        b.attr(s, "starts", std::vector<int64_t>{0});
        b.attr(s, "ends", std::vector<int64_t>{2});
        b.attr(s, "axes", std::vector<int64_t>{1});
        b.output("s");
        auto r = importOnnxBytes(b.bytes(), "opset7.onnx");
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QCOMPARE(r->report.opset, int64_t(7));
        QCOMPARE(layerNamed(r->net, "up").out, (Shape{1, 4, 16, 16}));
        QCOMPARE(layerNamed(r->net, "up").windows[0].h.upsample, 2);
        QCOMPARE(layerNamed(r->net, "pad").out, (Shape{1, 4, 18, 18}));
        QCOMPARE(layerNamed(r->net, "pad").windows[0].h.padBegin, 1);
        QCOMPARE(layerNamed(r->net, "slice").out, (Shape{1, 2, 18, 18}));
        QVERIFY(r->report.warnings.empty());
    }
    // Opset 18 (newer than Debian's ONNX 1.12): axes / num_outputs forms that only our rules know.
    void opset18Forms()
    {
        OnnxModelBuilder b(18);
        b.input("x", {1, 8, 8, 8});
        b.intInitializer("axes", {2, 3});
        const int sp = b.node("Split", {"x"}, {"a", "bb"}, "split");
        b.attr(sp, "axis", int64_t(1));
        b.attr(sp, "num_outputs", int64_t(2));
        b.node("ReduceMean", {"a", "axes"}, {"m"}, "mean");
        b.node("Mul", {"bb", "m"}, {"y"}, "scale");
        b.output("y");
        auto r = importOnnxBytes(b.bytes(), "opset18.onnx");
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QCOMPARE(r->report.opset, int64_t(18));
        QCOMPARE(layerNamed(r->net, "split").out, (Shape{1, 4, 8, 8}));
        QCOMPARE(layerNamed(r->net, "split#1").out, (Shape{1, 4, 8, 8}));
        QCOMPARE(layerNamed(r->net, "mean").out, (Shape{1, 4, 1, 1}));
        QCOMPARE(layerNamed(r->net, "mean").op, OpKind::GlobalPool);
        QCOMPARE(layerNamed(r->net, "scale").out, (Shape{1, 4, 8, 8}));
    }
    void threadSafeAndDeterministic()
    {
        const std::string bytes = slurp(kData + "/models/googlenet.onnx");
        auto ref = importOnnxBytes(bytes, "googlenet.onnx");
        QVERIFY(ref.ok());
        std::vector<int> same(4, 0);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                auto r = importOnnxBytes(bytes, "googlenet.onnx");
                same[static_cast<size_t>(t)] = r.ok() && r->net.layers() == ref->net.layers() ? 1 : 0;
            });
        for (auto &th : threads)
            th.join();
        for (int s : same)
            QCOMPARE(s, 1);
    }
};

QTEST_GUILESS_MAIN(TestOnnxModels)
#include "tst_onnx_models.moc"
