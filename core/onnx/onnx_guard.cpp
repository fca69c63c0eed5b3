// Guards ONNX's shape inference. Debian's ONNX 1.12 crashes (reads past a dims array) on some
// inconsistent nodes, e.g. a ConvTranspose whose input has fewer dimensions than its weight (found
// by fuzzing, tests/data/fuzz-regressions). A dry run of our own rules computes input ranks first;
// nodes of the affected families whose inputs or attributes do not fit are hidden from ONNX's
// inference, and our rules report them properly in the real pass.
#include "onnx_context.h"

#include <onnx/defs/schema.h>

#include <algorithm>
#include <set>

namespace cocco {
namespace onnximport {

namespace {

const std::set<std::string> kWeighted = {"Conv", "ConvInteger", "ConvTranspose", "DeformConv"};
const std::set<std::string> kPools = {"MaxPool", "AveragePool", "LpPool", "MaxUnpool", "MaxRoiPool"};
const std::set<std::string> kGlobal = {"GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool", "QLinearConv",
                                       "InstanceNormalization", "BatchNormalization", "LRN"};

// Ops with a data-propagation function in ONNX 1.12 (run with enable_data_propagation).
const std::set<std::string> kDataPropagation = {"Shape", "Size", "Gather", "Concat", "Unsqueeze", "Squeeze", "Slice",
                                                "Add", "Sub", "Mul", "Div", "Cast", "Identity", "Reshape"};

bool knownDims(const Context &ctx, const onnx::NodeProto &n, int i, std::vector<int64_t> *d)
{
    if (i >= n.input_size() || n.input(i).empty())
        return false;
    const TensorInfo *t = ctx.find(n.input(i));
    if (!t || !t->known)
        return false;
    *d = t->dims;
    return true;
}

bool safe(const Context &ctx, const onnx::NodeProto &n)
{
    const std::string &op = n.op_type();
    // Input / output counts, required attributes and attribute types: inference functions assume
    // them (a LayerNormalization without its scale operand dereferences null in ONNX 1.12).
    if (n.domain().empty() || n.domain() == "ai.onnx") {
        const onnx::OpSchema *schema = onnx::OpSchemaRegistry::Schema(op, static_cast<int>(std::min<int64_t>(ctx.opset, 1000)), "");
        if (schema) {
            try {
                schema->Verify(n);
            } catch (...) {
                return false;
            }
        }
    }
    if (op == "LayerNormalization") {
        // ONNX 1.12 indexes the mean / inv-std-dev outputs' dims from `axis` without a range check.
        std::vector<int64_t> x;
        size_t axis = 0;
        return knownDims(ctx, n, 0, &x) && !x.empty() && normAxis(attrInt(n, "axis", -1), x.size(), &axis);
    }
    const bool weighted = kWeighted.count(op) > 0, pool = kPools.count(op) > 0;
    if (!weighted && !pool && !kGlobal.count(op))
        return true;
    std::vector<int64_t> x, w;
    if (!knownDims(ctx, n, 0, &x) || x.size() < 3)
        return false;
    if (!weighted && !pool)
        return true;
    std::vector<int64_t> kernel = attrInts(n, "kernel_shape");
    if (weighted) {
        if (!knownDims(ctx, n, 1, &w) || w.size() != x.size())
            return false;
        if (kernel.empty())
            kernel.assign(w.begin() + 2, w.end());
    }
    SpatialAttrs a;
    std::string why;
    if (!spatialAttrs(n, x, kernel, op == "ConvTranspose", &a, &why))
        return false;
    const size_t ns = x.size() - 2;
    const size_t outShape = attrInts(n, "output_shape").size(), outPad = attrInts(n, "output_padding").size();
    if ((outShape != 0 && outShape != ns && outShape != ns + 2) || (outPad != 0 && outPad != ns))
        return false;
    const int64_t group = attrInt(n, "group", 1);
    return group > 0 && group <= x[1];
}

} // namespace

std::vector<int> nodesUnsafeForOnnx(const Context &ctx, const std::vector<int> &order)
{
    Context dry = ctx; // before any layer exists: only the tensor table matters
    std::vector<int> unsafe;
    // Tensors ONNX will have no type for: outputs of hidden nodes and of ops it has no schema for,
    // graph inputs without a tensor type. ONNX 1.12's data propagation (Shape, Gather, Concat, ...)
    // dereferences its inputs' types without a check, so such nodes are hidden as well.
    std::set<std::string> untyped;
    for (const auto &in : ctx.graph->input())
        if (!in.type().has_tensor_type())
            untyped.insert(in.name());
    for (int idx : order) {
        const onnx::NodeProto &n = ctx.graph->node(idx);
        bool allStatic = true;
        for (const auto &in : n.input())
            if (!in.empty() && !dry.t(in).isStatic)
                allStatic = false;
        bool hide = !safe(dry, n);
        if (!hide && kDataPropagation.count(n.op_type()))
            for (const auto &in : n.input())
                if (!in.empty() && untyped.count(in))
                    hide = true;
        const bool std = n.domain().empty() || n.domain() == "ai.onnx";
        if (hide || !std
            || !onnx::OpSchemaRegistry::Schema(n.op_type(), static_cast<int>(std::min<int64_t>(ctx.opset, 1000)), ""))
            for (const auto &o : n.output())
                untyped.insert(o);
        if (hide)
            unsafe.push_back(idx);
        inferNode(dry, n, allStatic);
        if (allStatic || n.op_type() == "Shape" || n.op_type() == "Size")
            for (const auto &o : n.output())
                if (!o.empty())
                    dry.t(o).isStatic = true;
    }
    return unsafe;
}

} // namespace onnximport
} // namespace cocco
