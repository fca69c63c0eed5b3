// Structure-aware libFuzzer harness: the input bytes drive the construction of a small ONNX graph
// (ops, operands, dims, attributes, opsets) with the protobuf API, so the fuzzer reaches the
// importer's shape rules and mapping (and ONNX's own shape inference) instead of spending its time
// on protobuf framing. Any crash or sanitizer report is a bug.
#include "onnx/onnx_builder.h"
#include "onnx/onnx_import.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

const char *const kOps[] = {
    "Conv", "ConvTranspose", "MaxPool", "AveragePool", "GlobalAveragePool", "Gemm", "MatMul", "Add", "Mul", "Sub",
    "Div", "Pow", "Concat", "Split", "Slice", "Resize", "Upsample", "Pad", "BatchNormalization", "Relu", "Clip",
    "Softmax", "LayerNormalization", "Reshape", "Flatten", "Transpose", "Squeeze", "Unsqueeze", "Identity",
    "Dropout", "ReduceMean", "ReduceSum", "Shape", "Gather", "Cast", "Sqrt", "Expand", "Tile", "DepthToSpace",
    "Where", "ConstantOfShape", "Constant", "Erf", "Sigmoid", "FancyUnknownOp", "Einsum", "TopK"};
const char *const kIntAttrs[] = {"group", "axis", "keepdims", "transA", "transB", "blocksize", "ceil_mode",
                                 "allowzero", "num_outputs", "to", "count_include_pad"};
const char *const kListAttrs[] = {"kernel_shape", "strides", "pads", "dilations", "perm", "axes", "split",
                                  "output_padding", "output_shape", "starts", "ends", "shape"};
const char *const kStrAttrs[][2] = {{"auto_pad", "SAME_UPPER"}, {"auto_pad", "SAME_LOWER"}, {"auto_pad", "VALID"},
                                    {"mode", "linear"}, {"mode", "nearest"}};
const int64_t kOpsets[] = {7, 9, 10, 11, 13, 17, 18};

std::vector<int64_t> dims(FuzzedDataProvider &fdp, int maxRank, int64_t lo, int64_t hi)
{
    std::vector<int64_t> d(fdp.ConsumeIntegralInRange<size_t>(0, static_cast<size_t>(maxRank)));
    for (auto &x : d)
        x = fdp.ConsumeIntegralInRange<int64_t>(lo, hi);
    return d;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider fdp(data, size);
    cocco::OnnxModelBuilder b(fdp.PickValueInArray(kOpsets), "fuzz");
    std::vector<std::string> tensors{"x"};
    b.input("x", dims(fdp, 5, -1, 12), fdp.ConsumeIntegralInRange<int>(0, 15) != 0);
    if (fdp.ConsumeBool()) {
        b.input("x2", dims(fdp, 4, 1, 12));
        tensors.push_back("x2");
    }
    const int nodes = fdp.ConsumeIntegralInRange<int>(1, 10);
    int fresh = 0;
    for (int i = 0; i < nodes && fdp.remaining_bytes() > 0; ++i) {
        const std::string op = fdp.PickValueInArray(kOps);
        std::vector<std::string> ins;
        const int nin = fdp.ConsumeIntegralInRange<int>(0, 4);
        for (int k = 0; k < nin; ++k) {
            const int kind = fdp.ConsumeIntegralInRange<int>(0, 3);
            const std::string name = "t" + std::to_string(fresh++);
            if (kind <= 1) {
                ins.push_back(tensors[fdp.ConsumeIntegralInRange<size_t>(0, tensors.size() - 1)]);
            } else if (kind == 2) {
                b.initializer(name, dims(fdp, 4, 0, 9));
                ins.push_back(name);
            } else {
                b.intInitializer(name, dims(fdp, 5, -4, 12));
                ins.push_back(name);
            }
        }
        std::vector<std::string> outs;
        const int nout = fdp.ConsumeIntegralInRange<int>(1, 3);
        for (int k = 0; k < nout; ++k)
            outs.push_back("n" + std::to_string(i) + "_" + std::to_string(k));
        const int n = b.node(op, ins, outs, fdp.ConsumeBool() ? "node" + std::to_string(i) : std::string());
        const int nattr = fdp.ConsumeIntegralInRange<int>(0, 4);
        for (int k = 0; k < nattr; ++k) {
            switch (fdp.ConsumeIntegralInRange<int>(0, 3)) {
            case 0: b.attr(n, fdp.PickValueInArray(kIntAttrs), fdp.ConsumeIntegralInRange<int64_t>(-3, 20)); break;
            case 1: b.attr(n, fdp.PickValueInArray(kListAttrs), dims(fdp, 6, -3, 20)); break;
            case 2: {
                const auto &s = kStrAttrs[fdp.ConsumeIntegralInRange<size_t>(0, std::size(kStrAttrs) - 1)];
                b.attr(n, s[0], std::string(s[1]));
                break;
            }
            default: b.attr(n, "epsilon", fdp.ConsumeFloatingPoint<float>()); break;
            }
        }
        for (const auto &o : outs)
            tensors.push_back(o);
    }
    b.output(tensors.back());
    if (fdp.ConsumeBool())
        b.output(tensors[fdp.ConsumeIntegralInRange<size_t>(0, tensors.size() - 1)]);
    cocco::OnnxImportOptions opts;
    if (fdp.ConsumeBool())
        opts.inputShapes["x"] = dims(fdp, 4, 1, 16);
    // COCCO_FUZZ_DUMP=FILE writes the generated model, to keep a crashing input as a plain .onnx
    // regression file (tests/data/fuzz-regressions/onnx-*). Overrides are not part of that file.
    if (const char *dump = std::getenv("COCCO_FUZZ_DUMP")) {
        std::ofstream f(dump, std::ios::binary);
        f << b.bytes();
    }
    auto r = cocco::importOnnxBytes(b.bytes(), "fuzz-graph.onnx", opts);
    if (r.ok())
        (void)cocco::formatImportReport(r->report);
    return 0;
}
