// Maps one ONNX node with at least one dynamic input onto the network model (method §1, §2.1):
// weighted ops and data-moving ops become layers, per-value ops are fused into their producer,
// view ops are folded, unknown ops become Generic element-wise layers with a warning. The mappers
// are registered by op type (onnx_mappers.h); this file holds the shared layer-building helpers,
// the structural ops and the dispatch.
#include "onnx_mappers.h"

#include <algorithm>

namespace cocco {
namespace onnximport {

namespace {

std::string uniqueName(Context &ctx, const std::string &base)
{
    std::string name = base.empty() ? "layer" : base;
    for (int k = 2; ctx.layerNames.count(name); ++k)
        name = base + "_" + std::to_string(k);
    ctx.layerNames.insert(name);
    return name;
}

// A window that is only valid while the consumer reads the tensor in its producer's layout: after
// a folded reshape / transpose that moved data between rows, the consumer needs all of it.
WindowRelation edgeWindow(Context &ctx, const std::string &tensor, const WindowRelation &natural)
{
    const TensorInfo &t = ctx.t(tensor);
    const Shape s = toShape(t.dims, t.channelsFirst);
    const Shape &p = ctx.net.layer(t.layer).out;
    if (s.h != p.h || s.w != p.w)
        return WindowRelation::fullEdge();
    return natural;
}

} // namespace

int64_t mulCapped(int64_t a, int64_t b)
{
    int64_t r = 0;
    if (a < 0 || b < 0 || __builtin_mul_overflow(a, b, &r) || r > kMaxCount)
        return -1;
    return r;
}

bool isDynamic(Context &ctx, const onnx::NodeProto &n, int i)
{
    if (i >= n.input_size() || n.input(i).empty())
        return false;
    const TensorInfo *t = ctx.find(n.input(i));
    return t && !t->isStatic && t->layer >= 0;
}

std::vector<int> dynamicInputs(Context &ctx, const onnx::NodeProto &n)
{
    std::vector<int> r;
    for (int i = 0; i < n.input_size(); ++i)
        if (isDynamic(ctx, n, i))
            r.push_back(i);
    return r;
}

WindowRelation identityTo(Context &ctx, const std::string &tensor, const Shape &out)
{
    const TensorInfo &t = ctx.t(tensor);
    const Shape s = toShape(t.dims, t.channelsFirst);
    if (s.h != out.h || s.w != out.w)
        return WindowRelation::fullEdge();
    return WindowRelation::identity();
}

Status addLayer(Context &ctx, const onnx::NodeProto &n, LayerSpec spec)
{
    if (spec.output >= n.output_size() || n.output(spec.output).empty())
        return makeError(nodeLabel(n) + " has no output #" + std::to_string(spec.output));
    const std::string &outName = n.output(spec.output);
    TensorInfo &ot = ctx.t(outName);
    Layer l;
    std::string base = n.name().empty() ? outName : n.name();
    if (n.output_size() > 1 && spec.output > 0)
        base += "#" + std::to_string(spec.output);
    l.name = uniqueName(ctx, base);
    l.op = spec.kind;
    l.opType = n.op_type();
    l.out = toShape(ot.dims, spec.channelsFirst);
    // Per-layer and running totals stay far below int64 so that every later sum is safe.
    if (spec.params < 0 || spec.macs < 0 || spec.params > kMaxCount || spec.macs > kMaxCount
        || ctx.report.params > kMaxTotal - spec.params || ctx.report.macs > kMaxTotal - spec.macs)
        return makeError("node " + nodeLabel(n) + ": parameter or MAC count too large");
    ctx.report.params += spec.params;
    ctx.report.macs += spec.macs;
    l.params = spec.params;
    l.macs = spec.macs;
    l.inChannels = spec.inChannels;
    l.groups = spec.groups;
    for (auto &in : spec.inputs) {
        const TensorInfo &it = ctx.t(in.first);
        if (it.layer < 0 || it.isStatic)
            return makeError(nodeLabel(n) + ": operand '" + in.first
                             + "' is a constant where this importer expects computed data");
        WindowRelation w = spec.identityInputs ? identityTo(ctx, in.first, l.out) : in.second;
        l.inputs.push_back(it.layer);
        l.windows.push_back(edgeWindow(ctx, in.first, w));
    }
    if (ctx.graphOutputs.count(outName))
        l.markedOutput = true;
    ot.layer = ctx.net.addLayer(std::move(l));
    ot.channelsFirst = spec.channelsFirst;
    ctx.layerHasBias.push_back(spec.hasBias ? 1 : 0);
    ++ctx.report.layers;
    ++ctx.report.layerKinds[opKindName(spec.kind)];
    return okStatus();
}

Status addPerOutput(Context &ctx, const onnx::NodeProto &n, LayerSpec s)
{
    for (int k = 0; k < n.output_size(); ++k) {
        if (n.output(k).empty() || !ctx.t(n.output(k)).known)
            continue;
        s.output = k;
        if (Status st = addLayer(ctx, n, s); !st.ok())
            return st;
    }
    return okStatus();
}

LayerSpec elementwise(Context &ctx, const onnx::NodeProto &n, OpKind kind)
{
    LayerSpec s;
    s.kind = kind;
    s.identityInputs = true;
    for (int i : dynamicInputs(ctx, n))
        s.inputs.push_back({n.input(i), {}});
    s.channelsFirst = s.inputs.empty() ? false : ctx.t(s.inputs.front().first).channelsFirst;
    const TensorInfo &o = ctx.t(n.output(0));
    s.inChannels = toShape(o.dims, s.channelsFirst).c;
    return s;
}

Status alias(Context &ctx, const onnx::NodeProto &n, int in, bool fused)
{
    const TensorInfo &src = ctx.t(n.input(in));
    for (int k = 0; k < n.output_size(); ++k) {
        if (n.output(k).empty())
            continue;
        if (k > 0 && n.op_type() != "Dropout" && n.op_type() != "BatchNormalization")
            continue;
        if (k > 0) { // Dropout mask / BN running statistics: nothing to hold for inference
            ctx.t(n.output(k)).isStatic = true;
            continue;
        }
        if (ctx.net.layer(src.layer).op == OpKind::Input && ctx.graphOutputs.count(n.output(0))) {
            LayerSpec s;
            s.kind = OpKind::Eltwise;
            s.identityInputs = true;
            s.channelsFirst = src.channelsFirst;
            s.inputs.push_back({n.input(in), {}});
            return addLayer(ctx, n, s);
        }
        TensorInfo &o = ctx.t(n.output(0));
        o.layer = src.layer;
        o.channelsFirst = src.channelsFirst && o.dims.size() == src.dims.size();
        if (ctx.graphOutputs.count(n.output(0)))
            ctx.net.mutableLayer(src.layer).markedOutput = true;
    }
    if (fused)
        ++ctx.report.fused;
    else
        ++ctx.report.folded;
    return okStatus();
}

Status mapUnknown(Context &ctx, const onnx::NodeProto &n)
{
    const bool stdDomain = n.domain().empty() || n.domain() == "ai.onnx";
    ++ctx.report.unknown;
    ctx.report.warnings.push_back("unknown op " + (stdDomain ? n.op_type() : n.domain() + "." + n.op_type()) + " in node "
                                  + nodeLabel(n) + ": imported as a generic element-wise layer");
    return addPerOutput(ctx, n, elementwise(ctx, n, OpKind::Generic));
}

namespace {

Status mapBinary(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &dyn)
{
    if (dyn.size() == 1 && n.op_type() != "Where") {
        // One activation and constants: a bias / scale per channel or per value, fused.
        const int d = dyn.front();
        const TensorInfo &src = ctx.t(n.input(d));
        if (n.op_type() == "Add" && src.layer >= 0 && n.input_size() == 2) {
            const TensorInfo &c = ctx.t(n.input(1 - d));
            Layer &p = ctx.net.mutableLayer(src.layer);
            const int64_t elems = productOr0(c.dims);
            // A bias added after a bias-free FC / conv (MatMul + Add): PyTorch counts it as params.
            if ((p.op == OpKind::Fc || p.op == OpKind::Conv) && !ctx.layerHasBias[static_cast<size_t>(src.layer)]
                && elems > 1 && elems == (src.dims.empty() ? 0 : (p.op == OpKind::Fc ? src.dims.back() : p.out.c))
                && elems <= kMaxCount && ctx.report.params <= kMaxTotal - elems) {
                p.params += elems;
                ctx.report.params += elems;
                ctx.layerHasBias[static_cast<size_t>(src.layer)] = 1;
            }
        }
        return alias(ctx, n, d, true);
    }
    if (dyn.empty())
        return okStatus();
    LayerSpec s = elementwise(ctx, n, OpKind::Eltwise);
    return addLayer(ctx, n, s);
}

Status fold(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &dyn) { return alias(ctx, n, dyn.front(), false); }
Status fuse(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &dyn) { return alias(ctx, n, dyn.front(), true); }

const OpMappers &mappers()
{
    static const OpMappers m = [] {
        OpMappers r;
        addStructuralMappers(r);
        addWeightedMappers(r);
        addDataMappers(r);
        return r;
    }();
    return m;
}

} // namespace

void addStructuralMappers(OpMappers &m)
{
    // Per-value ops (method §1: "fused into their producer and cost nothing").
    for (const char *op : {"Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Celu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh",
                           "Softplus", "Softsign", "Gelu", "Erf", "Mish", "Clip", "ThresholdedRelu", "Exp", "Log", "Sqrt",
                           "Reciprocal", "Neg", "Abs", "Sign", "Ceil", "Floor", "Round", "Not", "IsNaN", "IsInf", "QuantizeLinear",
                           "DequantizeLinear", "Cast", "CastLike", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh",
                           "Asinh", "Acosh", "Atanh", "Shrink", "Pow", "Bernoulli"})
        m[op] = fuse;
    // Pure view ops folded away (the data that must be held is the same), and
    // BatchNormalization, aliased to its input like them.
    for (const char *op : {"Reshape", "Flatten", "Transpose", "Squeeze", "Unsqueeze", "Identity", "Dropout", "BatchNormalization"})
        m[op] = fold;
    // Broadcasting element-wise ops with several operands.
    for (const char *op : {"Add", "Sub", "Mul", "Div", "Max", "Min", "Sum", "Mean", "Where", "Equal", "Less", "Greater", "And", "Or",
                           "Xor", "Mod", "BitShift", "LessOrEqual", "GreaterOrEqual"})
        m[op] = mapBinary;
}

Status mapNode(Context &ctx, const onnx::NodeProto &n, int nodeIndex)
{
    const std::string &op = n.op_type();
    const std::vector<int> dyn = dynamicInputs(ctx, n);
    const bool stdDomain = n.domain().empty() || n.domain() == "ai.onnx";
    auto head = ctx.layerNormHeads.find(nodeIndex);
    if (head != ctx.layerNormHeads.end() && ctx.t(head->second).layer >= 0) {
        {
            LayerSpec s;
            s.kind = OpKind::LayerNorm;
            const TensorInfo &x = ctx.t(head->second);
            s.channelsFirst = x.channelsFirst;
            s.inChannels = toShape(x.dims, x.channelsFirst).c;
            s.inputs.push_back({head->second, WindowRelation::identity()});
            return addLayer(ctx, n, s);
        }
    }
    if (dyn.empty())
        return okStatus();
    if (stdDomain) {
        const auto it = mappers().find(op);
        if (it != mappers().end())
            return it->second(ctx, n, dyn);
    }
    return mapUnknown(ctx, n);
}

} // namespace onnximport
} // namespace cocco
