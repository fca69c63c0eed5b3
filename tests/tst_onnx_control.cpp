// Issue 13, control flow and recurrences: regression models built with the project's ONNX builder
// for an If on a folded condition, an If on a run-time condition (--if-branch), a Loop with a
// constant trip count (unrolled, loop-carried value and scan output, outer-scope weight), the unroll
// limit, and a 2-layer LSTM. Expected parameter / MAC counts are computed by hand in each test.
#include "onnx/onnx_builder.h"
#include "onnx/onnx_import.h"

#include <QtTest>

#include <algorithm>

using namespace cocco;

namespace {
// A sub-graph: `Conv(in, w)` with 3x3 kernel and pad 1 (or 1x1), output `out`.
onnx::GraphProto convBranch(const std::string &in, const std::string &w, int k, const std::string &out,
                            const std::string &name)
{
    OnnxModelBuilder g(13, name);
    const int c = g.node("Conv", {in, w}, {out}, name + "_conv");
    if (k == 3)
        g.attr(c, "pads", std::vector<int64_t>{1, 1, 1, 1});
    g.output(out);
    return g.proto().graph();
}

// x[1,8,16,16]; If(cond) then Conv 16x8x3x3 else Conv 4x8x1x1; `cond` built by `makeCond`.
OnnxModelBuilder ifModel(bool foldedCond)
{
    OnnxModelBuilder b;
    b.input("x", {1, 8, 16, 16});
    b.initializer("w_then", {16, 8, 3, 3});
    b.initializer("w_else", {4, 8, 1, 1});
    if (foldedCond) {
        b.node("Shape", {"x"}, {"xs"}, "shape");
        b.intConstant("zero", {0}, {});
        b.node("Gather", {"xs", "zero"}, {"batch"}, "gather");
        b.intConstant("one", {1}, {});
        b.node("Equal", {"batch", "one"}, {"cond"}, "batch_is_1");
    } else {
        b.input("cond", {}, true, onnx::TensorProto_DataType_BOOL);
    }
    const int n = b.node("If", {"cond"}, {"y"}, "If_0");
    b.attr(n, "then_branch", convBranch("x", "w_then", 3, "t_out", "then"));
    b.attr(n, "else_branch", convBranch("x", "w_else", 1, "e_out", "else"));
    b.node("Relu", {"y"}, {"z"}, "relu");
    b.output("z");
    return b;
}

bool anyContains(const std::vector<std::string> &v, const std::string &s)
{
    return std::any_of(v.begin(), v.end(), [&](const std::string &x) { return x.find(s) != std::string::npos; });
}

// x[1,8,16,16] -> stem Conv -> Loop(M) { h = Relu(Conv(h, w)) ; scan out h } -> (h_final, stack)
OnnxModelBuilder loopModel(int64_t trips)
{
    OnnxModelBuilder b;
    b.input("x", {1, 8, 16, 16});
    b.initializer("w_stem", {8, 8, 1, 1});
    b.initializer("w", {8, 8, 3, 3});
    b.node("Conv", {"x", "w_stem"}, {"h0"}, "stem");
    b.intConstant("M", {trips}, {});
    OnnxModelBuilder body(13, "body");
    body.input("i", {}, true, onnx::TensorProto_DataType_INT64);
    body.input("cond_in", {}, true, onnx::TensorProto_DataType_BOOL);
    body.input("h_in", {1, 8, 16, 16});
    const int c = body.node("Conv", {"h_in", "w"}, {"c"}, "conv"); // w: outer-scope reference
    body.attr(c, "pads", std::vector<int64_t>{1, 1, 1, 1});
    body.node("Relu", {"c"}, {"h_out"}, "relu");
    body.node("Identity", {"cond_in"}, {"cond_out"}, "keep_going");
    body.node("Identity", {"h_out"}, {"scan"}, "scan_copy");
    body.output("cond_out", onnx::TensorProto_DataType_BOOL);
    body.output("h_out");
    body.output("scan");
    const int n = b.node("Loop", {"M", "", "h0"}, {"h_final", "stack"}, "Loop_0");
    b.attr(n, "body", body.proto().graph());
    b.output("h_final");
    b.output("stack");
    return b;
}
} // namespace

class TestOnnxControl : public QObject {
    Q_OBJECT
private slots:
    void ifOnFoldedCondition()
    {
        auto r = importOnnxBytes(ifModel(true).bytes(), "if_folded.onnx");
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        // then branch: Conv 16x8x3x3 (1,152 params), 16x16x16 outputs x 72 MACs.
        QCOMPARE(r->report.params, int64_t(16 * 8 * 9));
        QCOMPARE(r->report.macs, int64_t(16 * 16 * 16 * 72));
        QCOMPARE(r->report.unknown, 0);
        QVERIFY(anyContains(r->report.controlFlow, "'If_0' (If): condition folded to true, then branch inlined"));
        QVERIFY(r->report.warnings.empty());
        QVERIFY(r->net.find("If_0/then/then_conv") >= 0);
        QCOMPARE(r->report.outputs.at(0).dims, (std::vector<int64_t>{1, 16, 16, 16}));
    }
    void ifOnRunTimeCondition_data()
    {
        QTest::addColumn<int>("choice");
        QTest::addColumn<qlonglong>("params");
        QTest::addColumn<QString>("warning");
        using B = OnnxImportOptions::IfBranch;
        // Both branches have one node: the default takes then (ties go to then).
        QTest::newRow("default") << int(B::Larger) << 1152LL << "imported the then branch (1 nodes, the larger one)";
        QTest::newRow("then") << int(B::Then) << 1152LL << "--if-branch else imports the other";
        QTest::newRow("else") << int(B::Else) << 32LL << "--if-branch then imports the other";
    }
    void ifOnRunTimeCondition()
    {
        QFETCH(int, choice);
        QFETCH(qlonglong, params);
        QFETCH(QString, warning);
        OnnxImportOptions o;
        o.ifBranch = static_cast<OnnxImportOptions::IfBranch>(choice);
        auto r = importOnnxBytes(ifModel(false).bytes(), "if_runtime.onnx", o);
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QCOMPARE(qlonglong(r->report.params), params);
        QVERIFY(anyContains(r->report.warnings, "node 'If_0' (If): the condition is computed at run time"));
        QVERIFY2(anyContains(r->report.warnings, warning.toStdString()), r->report.warnings.at(0).c_str());
        QCOMPARE(r->net.inputLayers().size(), size_t(2)); // x and the condition
    }
    void loopWithConstantTripCount()
    {
        auto r = importOnnxBytes(loopModel(3).bytes(), "loop3.onnx");
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        // stem 8x8x1x1 (64 params, 2,048 x 8 MACs) + 3 iterations of Conv 8x8x3x3 (576 params each,
        // 2,048 outputs x 72 MACs each): an unrolled body loads its weights once per iteration.
        QCOMPARE(r->report.params, int64_t(64 + 3 * 576));
        QCOMPARE(r->report.macs, int64_t(2048 * 8 + 3 * 2048 * 72));
        QCOMPARE(r->report.layerKinds.at("Conv"), 4);
        QVERIFY(anyContains(r->report.controlFlow, "'Loop_0' (Loop): unrolled 3 iterations"));
        QCOMPARE(r->report.outputs.size(), size_t(2));
        QCOMPARE(r->report.outputs.at(0).dims, (std::vector<int64_t>{1, 8, 16, 16}));
        QCOMPARE(r->report.outputs.at(1).dims, (std::vector<int64_t>{3, 1, 8, 16, 16})); // scan output stacked
        // Iteration 2 reads iteration 1's result.
        const Layer &c2 = r->net.layer(r->net.find("Loop_0/2/conv"));
        QCOMPARE(r->net.layer(c2.inputs.at(0)).name, std::string("Loop_0/1/conv"));
    }
    void unrollLimit()
    {
        OnnxImportOptions o;
        o.unrollLimit = 2;
        auto r = importOnnxBytes(loopModel(3).bytes(), "loop3.onnx", o);
        QVERIFY(!r.ok());
        QVERIFY2(r.message().find("node 'Loop_0' (Loop) runs 3 iterations, more than the unroll limit of 2; raise it "
                                  "with --unroll-limit 3")
                     != std::string::npos,
                 r.message().c_str());
        auto big = importOnnxBytes(loopModel(5000).bytes(), "loop5000.onnx");
        QVERIFY(!big.ok());
        QVERIFY(big.message().find("more than the unroll limit of 1024") != std::string::npos);
    }
    // A Loop whose body holds an If on `i == 0`: the condition folds per unrolled iteration, so
    // only iteration 0 takes the conv branch; the others take Relu.
    void ifInsideLoopFoldsPerIteration()
    {
        OnnxModelBuilder b;
        b.input("x", {1, 8, 16, 16});
        b.initializer("w", {8, 8, 3, 3});
        b.intConstant("M", {4}, {});
        OnnxModelBuilder body(13, "body");
        body.input("i", {}, true, onnx::TensorProto_DataType_INT64);
        body.input("cond_in", {}, true, onnx::TensorProto_DataType_BOOL);
        body.input("h_in", {1, 8, 16, 16});
        body.intConstant("zero", {0}, {});
        body.node("Equal", {"i", "zero"}, {"first"}, "is_first");
        OnnxModelBuilder relu(13, "relu");
        relu.node("Relu", {"h_in"}, {"r"}, "relu");
        relu.output("r");
        const int n = body.node("If", {"first"}, {"h_out"}, "If_first");
        body.attr(n, "then_branch", convBranch("h_in", "w", 3, "t_out", "then"));
        body.attr(n, "else_branch", relu.proto().graph());
        body.node("Identity", {"cond_in"}, {"cond_out"}, "keep_going");
        body.output("cond_out", onnx::TensorProto_DataType_BOOL);
        body.output("h_out");
        const int loop = b.node("Loop", {"M", "", "x"}, {"y"}, "Loop_0");
        b.attr(loop, "body", body.proto().graph());
        b.node("Relu", {"y"}, {"z"}, "out_relu");
        b.output("z");
        auto r = importOnnxBytes(b.bytes(), "loop_if.onnx");
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QCOMPARE(r->report.params, int64_t(8 * 8 * 9));
        QCOMPARE(r->report.macs, int64_t(8 * 256 * 72));
        QCOMPARE(r->report.controlFlow.size(), size_t(5)); // the Loop and 4 Ifs
        QVERIFY(anyContains(r->report.controlFlow, "'Loop_0/0/If_first' (If): condition folded to true"));
        QVERIFY(anyContains(r->report.controlFlow, "'Loop_0/3/If_first' (If): condition folded to false"));
        QVERIFY(r->report.warnings.empty());
    }
    // nn.LSTM(32, 32, num_layers=2) over 10 time steps, exported as two LSTM nodes.
    void twoLayerLstm()
    {
        OnnxModelBuilder b(13, "lstm");
        b.input("x", {10, 1, 32});
        for (const char *l : {"1", "2"}) {
            b.initializer(std::string("W") + l, {1, 128, 32});
            b.initializer(std::string("R") + l, {1, 128, 32});
            b.initializer(std::string("B") + l, {1, 256});
        }
        const int l1 = b.node("LSTM", {"x", "W1", "R1", "B1"}, {"y1"}, "lstm_1");
        b.attr(l1, "hidden_size", int64_t(32));
        b.intConstant("ax", {1}, {1});
        b.node("Squeeze", {"y1", "ax"}, {"y1s"}, "squeeze");
        const int l2 = b.node("LSTM", {"y1s", "W2", "R2", "B2"}, {"", "h2"}, "lstm_2");
        b.attr(l2, "hidden_size", int64_t(32));
        b.output("h2");
        auto r = importOnnxBytes(b.bytes(), "lstm2.onnx");
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        // PyTorch: per layer 4x32x32 (ih) + 4x32x32 (hh) + 2x128 biases = 8,448. MACs per layer: 10
        // steps x 128 gate rows x (32 + 32).
        QCOMPARE(r->report.params, int64_t(2 * 8448));
        QCOMPARE(r->report.macs, int64_t(2 * 10 * 128 * 64));
        QCOMPARE(r->report.unknown, 0);
        const Layer &a = r->net.layer(r->net.find("lstm_1"));
        QCOMPARE(a.opType, std::string("LSTM"));
        QVERIFY(a.windows.at(0).full); // full relation along time
        QCOMPARE(r->report.outputs.at(0).dims, (std::vector<int64_t>{1, 1, 32}));
    }
};

QTEST_GUILESS_MAIN(TestOnnxControl)
#include "tst_onnx_control.moc"
