// Structure-aware libFuzzer harness for the import-time interpreter and the control-flow lowering
// (issue 13). The first byte picks a mode:
//   even: one node of a foldable op with 1-3 operands of fuzzed dims / values and attributes, given
//         straight to foldNode(); a success must describe every output consistently;
//   odd:  a small graph (Shape / Gather / Concat / Where ... chains feeding Reshape / Expand, an If
//         on a folded or run-time condition, a Loop with a fuzzed trip count) through the importer.
// Any crash, sanitizer report or broken invariant (abort) is a bug.
#include "onnx/onnx_builder.h"
#include "onnx/onnx_fold.h"
#include "onnx/onnx_import.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdlib>
#include <string>
#include <vector>

using namespace cocco;
using namespace cocco::onnximport;

namespace {

const char *const kFoldOps[] = {"Shape", "Size", "Gather", "Slice", "Concat", "Squeeze", "Unsqueeze", "Range",
                                "ConstantOfShape", "Expand", "Reshape", "Flatten", "Tile", "Where", "Transpose",
                                "Split", "ReduceProd", "ReduceSum", "ReduceMin", "ReduceMax", "ReduceMean", "Equal",
                                "Less", "Greater", "Not", "And", "Or", "Add", "Sub", "Mul", "Div", "Mod", "Min",
                                "Max", "Neg", "Abs", "Cast", "Pow", "BitShift", "Sum", "Mean", "Sign", "Round"};
const char *const kIntAttrs[] = {"axis", "keepdims", "to", "allowzero", "fmod", "start", "end",
                                 "noop_with_empty_axes"};
const char *const kListAttrs[] = {"axes", "perm", "starts", "ends", "split"};
const int64_t kOpsets[] = {7, 9, 11, 13, 17};

FoldValue value(FuzzedDataProvider &fdp)
{
    FoldValue v;
    v.present = fdp.ConsumeIntegralInRange<int>(0, 9) != 0;
    v.hasValues = fdp.ConsumeIntegralInRange<int>(0, 7) != 0;
    v.elemType = fdp.ConsumeBool() ? onnx::TensorProto_DataType_INT64 : onnx::TensorProto_DataType_FLOAT;
    const size_t rank = fdp.ConsumeIntegralInRange<size_t>(0, 4);
    int64_t n = 1;
    for (size_t i = 0; i < rank; ++i) {
        v.dims.push_back(fdp.ConsumeIntegralInRange<int64_t>(fdp.ConsumeIntegralInRange<int>(0, 15) ? 0 : -3, 5));
        n *= std::max<int64_t>(0, v.dims.back());
    }
    if (v.hasValues) {
        // Mostly the right count; sometimes not (foldNode must refuse inconsistent operands).
        if (!fdp.ConsumeIntegralInRange<int>(0, 15))
            n = fdp.ConsumeIntegralInRange<int64_t>(0, 8);
        for (int64_t i = 0; i < n; ++i)
            v.values.push_back(fdp.ConsumeBool() ? fdp.ConsumeIntegralInRange<int>(-6, 6)
                                                 : fdp.ConsumeFloatingPointInRange<double>(-1e3, 1e3));
    }
    return v;
}

void foldMode(FuzzedDataProvider &fdp)
{
    onnx::NodeProto n;
    n.set_op_type(fdp.PickValueInArray(kFoldOps));
    const int nin = fdp.ConsumeIntegralInRange<int>(0, 5);
    std::vector<FoldValue> in;
    for (int i = 0; i < nin; ++i) {
        n.add_input("i" + std::to_string(i));
        in.push_back(value(fdp));
    }
    const int nout = fdp.ConsumeIntegralInRange<int>(1, 3);
    for (int i = 0; i < nout; ++i)
        n.add_output("o" + std::to_string(i));
    const int nattr = fdp.ConsumeIntegralInRange<int>(0, 3);
    for (int i = 0; i < nattr; ++i) {
        auto *a = n.add_attribute();
        if (fdp.ConsumeBool()) {
            a->set_name(fdp.PickValueInArray(kIntAttrs));
            a->set_type(onnx::AttributeProto_AttributeType_INT);
            a->set_i(fdp.ConsumeIntegralInRange<int64_t>(-6, 12));
        } else {
            a->set_name(fdp.PickValueInArray(kListAttrs));
            a->set_type(onnx::AttributeProto_AttributeType_INTS);
            const int k = fdp.ConsumeIntegralInRange<int>(0, 5);
            for (int j = 0; j < k; ++j)
                a->add_ints(fdp.ConsumeIntegralInRange<int64_t>(-6, 6));
        }
    }
    std::vector<FoldValue> out;
    std::string why;
    if (!foldNode(n, fdp.PickValueInArray(kOpsets), in, &out, &why))
        return;
    if (out.size() < static_cast<size_t>(nout))
        std::abort();
    for (const FoldValue &o : out) {
        int64_t c = 1;
        for (int64_t d : o.dims) {
            if (d < 0)
                std::abort();
            c *= d;
        }
        if (!o.present || !o.hasValues || static_cast<int64_t>(o.values.size()) != c
            || o.values.size() > kMaxFoldElements)
            std::abort();
    }
}

void graphMode(FuzzedDataProvider &fdp)
{
    OnnxModelBuilder b(fdp.PickValueInArray(kOpsets), "fuzz_fold");
    const int64_t c = fdp.ConsumeIntegralInRange<int64_t>(1, 4), hw = fdp.ConsumeIntegralInRange<int64_t>(1, 6);
    b.input("x", {fdp.ConsumeIntegralInRange<int64_t>(-1, 2), c, hw, hw});
    b.initializer("w", {c, c, 1, 1});
    b.node("Conv", {"x", "w"}, {"a"}, "conv");
    std::vector<std::string> ints{"s"};
    b.node("Shape", {"a"}, {"s"}, "shape");
    b.intConstant("k0", {fdp.ConsumeIntegralInRange<int64_t>(-5, 5)}, {});
    b.intConstant("v1", {fdp.ConsumeIntegralInRange<int64_t>(-2, 8)}, {1});
    ints.push_back("v1");
    const int steps = fdp.ConsumeIntegralInRange<int>(1, 8);
    for (int i = 0; i < steps; ++i) {
        const std::string out = "t" + std::to_string(i);
        const std::string a = ints[fdp.ConsumeIntegralInRange<size_t>(0, ints.size() - 1)];
        const std::string bb = ints[fdp.ConsumeIntegralInRange<size_t>(0, ints.size() - 1)];
        switch (fdp.ConsumeIntegralInRange<int>(0, 6)) {
        case 0: b.node("Gather", {a, "k0"}, {out}); break;
        case 1: b.attr(b.node("Concat", {a, bb}, {out}), "axis", int64_t(0)); break;
        case 2: b.node("Mul", {a, bb}, {out}); break;
        case 3: b.node("Where", {"cond_" + std::to_string(i), a, bb}, {out}); b.node("Equal", {a, bb}, {"cond_" + std::to_string(i)}); break;
        case 4: b.attr(b.node("ReduceProd", {a}, {out}), "keepdims", int64_t(fdp.ConsumeBool())); break;
        case 5: b.node("Slice", {a, "v1", "k0"}, {out}); break;
        default: b.node("Unsqueeze", {a, "v1"}, {out}); break;
        }
        ints.push_back(out);
    }
    const std::string target = ints.back();
    switch (fdp.ConsumeIntegralInRange<int>(0, 3)) {
    case 0: b.node("Reshape", {"a", target}, {"y"}, "reshape"); break;
    case 1: b.node("Expand", {"a", target}, {"y"}, "expand"); break;
    case 2: { // If on a condition from the chain (folded) or a graph input (run-time)
        OnnxModelBuilder t, e;
        t.node("Relu", {"a"}, {"ty"}, "then_relu");
        t.output("ty");
        e.node("Reshape", {"a", target}, {"ey"}, "else_reshape");
        e.output("ey");
        b.node("Cast", {target}, {"cb"}, "cast");
        if (fdp.ConsumeBool())
            b.attr(b.proto().graph().node_size() - 1, "to", int64_t(onnx::TensorProto_DataType_BOOL));
        const int n = b.node("If", {"cb"}, {"y"}, "if");
        b.attr(n, "then_branch", t.proto().graph());
        b.attr(n, "else_branch", e.proto().graph());
        break;
    }
    default: { // Loop with a fuzzed trip count
        b.intConstant("M", {fdp.ConsumeIntegralInRange<int64_t>(-2, 40)}, {});
        OnnxModelBuilder body;
        body.input("i", {}, true, onnx::TensorProto_DataType_INT64);
        body.input("cin", {}, true, onnx::TensorProto_DataType_BOOL);
        body.input("h", {});
        body.node("Conv", {"h", "w"}, {"h2"}, "body_conv");
        body.node("Identity", {"cin"}, {"cout"}, "cond");
        body.output("cout", onnx::TensorProto_DataType_BOOL);
        body.output("h2");
        if (fdp.ConsumeBool()) {
            body.node("Identity", {"h2"}, {"sc"}, "scan");
            body.output("sc");
        }
        const int n = b.node("Loop", {"M", "", "a"}, {"y"}, "loop");
        b.attr(n, "body", body.proto().graph());
        break;
    }
    }
    b.output("y");
    OnnxImportOptions o;
    o.unrollLimit = fdp.ConsumeIntegralInRange<int64_t>(1, 64);
    o.ifBranch = static_cast<OnnxImportOptions::IfBranch>(fdp.ConsumeIntegralInRange<int>(0, 2));
    if (fdp.ConsumeBool())
        o.dims["N"] = fdp.ConsumeIntegralInRange<int64_t>(-1, 3);
    auto r = importOnnxBytes(b.bytes(), "fuzz_fold.onnx", o);
    if (!r.ok() && r.message().rfind("fuzz_fold.onnx: ", 0) != 0)
        std::abort(); // every message names the model
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider fdp(data, size);
    if (fdp.ConsumeIntegral<uint8_t>() % 2 == 0)
        foldMode(fdp);
    else
        graphMode(fdp);
    return 0;
}
