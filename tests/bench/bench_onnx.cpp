// ONNX import speed (issue: a 1,000-node model imports in <= 0.5 s). Generates residual-block
// models in memory with the protobuf API (weights as initializers with data, and as shaped graph
// inputs like tests/data/onnx/models), then times importOnnxBytes. Prints figures, never fails.
#include "onnx/onnx_builder.h"
#include "onnx/onnx_import.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace cocco;

namespace {

// `blocks` residual blocks of 5 nodes: Conv, Relu, Conv, Add, Relu (+ a Flatten/Gemm head).
std::string residualModel(int blocks, int channels, bool initializers)
{
    OnnxModelBuilder b(13, "bench");
    b.input("x", {1, channels, 56, 56});
    std::string cur = "x";
    auto weight = [&](const std::string &name, const std::vector<int64_t> &dims) {
        if (initializers)
            b.initializer(name, dims);
        else
            b.input(name, dims);
    };
    for (int i = 0; i < blocks; ++i) {
        const std::string p = "b" + std::to_string(i) + "_";
        weight(p + "w1", {channels, channels, 3, 3});
        weight(p + "w2", {channels, channels, 3, 3});
        int c = b.node("Conv", {cur, p + "w1"}, {p + "c1"}, p + "conv1");
        b.attr(c, "pads", std::vector<int64_t>{1, 1, 1, 1});
        b.node("Relu", {p + "c1"}, {p + "r1"}, p + "relu1");
        c = b.node("Conv", {p + "r1", p + "w2"}, {p + "c2"}, p + "conv2");
        b.attr(c, "pads", std::vector<int64_t>{1, 1, 1, 1});
        b.node("Add", {p + "c2", cur}, {p + "a"}, p + "add");
        b.node("Relu", {p + "a"}, {p + "out"}, p + "relu2");
        cur = p + "out";
    }
    weight("fc_w", {10, channels * 56 * 56});
    b.node("Flatten", {cur}, {"flat"}, "flatten");
    const int g = b.node("Gemm", {"flat", "fc_w"}, {"logits"}, "fc");
    b.attr(g, "transB", int64_t(1));
    b.output("logits");
    return b.bytes();
}

// `blocks` blocks of 10 nodes, 6 of them evaluated at import time: Conv, then a Reshape to
// (n, -1) with n = Shape(c)[0] (Shape, Gather, Unsqueeze, Concat), and back to c's shape through
// Shape, Where(Equal(shape, -1), 1, shape) (the exporter's expand pattern), Reshape, Relu.
std::string shapeChainModel(int blocks, int channels)
{
    OnnxModelBuilder b(13, "bench_fold");
    b.input("x", {1, channels, 28, 28});
    b.intConstant("zero", {0}, {});
    b.intConstant("axes0", {0}, {1});
    b.intConstant("minus1", {-1}, {1});
    b.intConstant("m1", {-1}, {});
    b.intConstant("ones", {1, 1, 1, 1}, {4});
    std::string cur = "x";
    for (int i = 0; i < blocks; ++i) {
        const std::string p = "b" + std::to_string(i) + "_";
        b.initializer(p + "w", {channels, channels, 3, 3});
        const int c = b.node("Conv", {cur, p + "w"}, {p + "c"}, p + "conv");
        b.attr(c, "pads", std::vector<int64_t>{1, 1, 1, 1});
        b.node("Shape", {p + "c"}, {p + "s"}, p + "shape");
        b.node("Gather", {p + "s", "zero"}, {p + "n"}, p + "gather");
        b.node("Unsqueeze", {p + "n", "axes0"}, {p + "n1"}, p + "unsqueeze");
        const int cc = b.node("Concat", {p + "n1", "minus1"}, {p + "t"}, p + "concat");
        b.attr(cc, "axis", int64_t(0));
        b.node("Reshape", {p + "c", p + "t"}, {p + "flat"}, p + "reshape");
        b.node("Equal", {p + "s", "m1"}, {p + "neg"}, p + "equal");
        b.node("Where", {p + "neg", "ones", p + "s"}, {p + "back"}, p + "where");
        b.node("Reshape", {p + "flat", p + "back"}, {p + "r"}, p + "reshape_back");
        b.node("Relu", {p + "r"}, {p + "out"}, p + "relu");
        cur = p + "out";
    }
    b.output(cur);
    return b.bytes();
}

// `blocks` blocks: Conv, then If(Shape(c)[0] == 1) { Relu } else { Sigmoid }: each If folds and is
// inlined, one import round per If (docs/onnx-import.md, "Control flow").
std::string ifChainModel(int blocks, int channels)
{
    OnnxModelBuilder b(13, "bench_if");
    b.input("x", {1, channels, 28, 28});
    b.intConstant("zero", {0}, {});
    b.intConstant("one", {1}, {});
    std::string cur = "x";
    for (int i = 0; i < blocks; ++i) {
        const std::string p = "b" + std::to_string(i) + "_";
        b.initializer(p + "w", {channels, channels, 3, 3});
        const int c = b.node("Conv", {cur, p + "w"}, {p + "c"}, p + "conv");
        b.attr(c, "pads", std::vector<int64_t>{1, 1, 1, 1});
        b.node("Shape", {p + "c"}, {p + "s"}, p + "shape");
        b.node("Gather", {p + "s", "zero"}, {p + "n"}, p + "gather");
        b.node("Equal", {p + "n", "one"}, {p + "cond"}, p + "equal");
        OnnxModelBuilder t, e;
        t.node("Relu", {p + "c"}, {p + "t"}, p + "relu");
        t.output(p + "t");
        e.node("Sigmoid", {p + "c"}, {p + "e"}, p + "sigmoid");
        e.output(p + "e");
        const int n = b.node("If", {p + "cond"}, {p + "out"}, p + "if");
        b.attr(n, "then_branch", t.proto().graph());
        b.attr(n, "else_branch", e.proto().graph());
        cur = p + "out";
    }
    b.output(cur);
    return b.bytes();
}

double medianSeconds(const std::string &bytes, int runs, ImportReport *report)
{
    std::vector<double> t;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        auto r = importOnnxBytes(bytes, "bench.onnx");
        const auto t1 = std::chrono::steady_clock::now();
        if (!r.ok()) {
            std::printf("import failed: %s\n", r.message().c_str());
            return -1;
        }
        *report = r->report;
        t.push_back(std::chrono::duration<double>(t1 - t0).count());
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    std::printf("bench_onnx: median of %d imports\n", runs);
    for (bool init : {false, true}) {
        for (int blocks : {40, 200, 400}) {
            const std::string bytes = residualModel(blocks, 16, init);
            ImportReport rep;
            const double s = medianSeconds(bytes, runs, &rep);
            std::printf("  %-22s %5d ONNX nodes, %4d layers, %8.1f KiB: %.4f s (%.1f us/node)\n",
                        init ? "initializers (data)" : "weights as inputs", rep.onnxNodes, rep.layers,
                        double(bytes.size()) / 1024.0, s, 1e6 * s / std::max(1, rep.onnxNodes));
        }
    }
    for (int blocks : {100, 200}) {
        const std::string bytes = shapeChainModel(blocks, 16);
        ImportReport rep;
        const double s = medianSeconds(bytes, runs, &rep);
        std::printf("  %-22s %5d ONNX nodes, %4d layers, %4zu folded: %.4f s (%.1f us/node)\n", "shape chains (folding)",
                    rep.onnxNodes, rep.layers, rep.foldedNodes.size(), s, 1e6 * s / std::max(1, rep.onnxNodes));
    }
    for (int blocks : {10, 50}) {
        const std::string bytes = ifChainModel(blocks, 16);
        ImportReport rep;
        const double s = medianSeconds(bytes, runs, &rep);
        std::printf("  %-22s %5d ONNX nodes, %4d layers, %4zu Ifs inlined: %.4f s\n", "If chain (control flow)",
                    rep.onnxNodes, rep.layers, rep.controlFlow.size(), s);
    }
    for (int i = 2; i < argc; ++i) { // optional: real model files
        std::ifstream f(argv[i], std::ios::binary);
        std::ostringstream ss;
        ss << f.rdbuf();
        ImportReport rep;
        const double s = medianSeconds(ss.str(), runs, &rep);
        std::printf("  %-40s %5d ONNX nodes: %.4f s\n", argv[i], rep.onnxNodes, s);
    }
    return 0;
}
