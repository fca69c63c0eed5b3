// Maps one ONNX node with at least one dynamic input onto the network model (method §1, §2.1):
// weighted ops and data-moving ops become layers, per-value ops are fused into their producer,
// view ops are folded, unknown ops become Generic element-wise layers with a warning.
#include "onnx_context.h"

#include <algorithm>
#include <set>

namespace cocco {
namespace onnximport {

namespace {

// Per-value ops (method §1: "fused into their producer and cost nothing").
const std::set<std::string> kFused = {
    "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Celu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh",
    "Softplus", "Softsign", "Gelu", "Erf", "Mish", "Clip", "ThresholdedRelu", "Exp", "Log", "Sqrt",
    "Reciprocal", "Neg", "Abs", "Sign", "Ceil", "Floor", "Round", "Not", "IsNaN", "IsInf", "QuantizeLinear",
    "DequantizeLinear", "Cast", "CastLike", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh",
    "Asinh", "Acosh", "Atanh", "Shrink", "Pow", "Bernoulli"};
// Pure view ops folded away (the data that must be held is the same).
const std::set<std::string> kViews = {"Reshape", "Flatten", "Transpose", "Squeeze", "Unsqueeze", "Identity",
                                      "Dropout"};
// Broadcasting element-wise ops with several operands.
const std::set<std::string> kBinary = {"Add", "Sub", "Mul", "Div", "Max", "Min", "Sum", "Mean", "Where",
                                       "Equal", "Less", "Greater", "And", "Or", "Xor", "Mod", "BitShift",
                                       "LessOrEqual", "GreaterOrEqual"};

constexpr int64_t kMaxCount = int64_t(1) << 52; // params or MACs of one layer
constexpr int64_t kMaxTotal = int64_t(1) << 60;

// a * b, or -1 when it exceeds kMaxCount (addLayer turns that into an error).
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

// Identity window when the tensor and the output have the same rows and columns, else full.
WindowRelation identityTo(Context &ctx, const std::string &tensor, const Shape &out)
{
    const TensorInfo &t = ctx.t(tensor);
    const Shape s = toShape(t.dims, t.channelsFirst);
    if (s.h != out.h || s.w != out.w)
        return WindowRelation::fullEdge();
    return WindowRelation::identity();
}

struct LayerSpec {
    OpKind kind = OpKind::Generic;
    int output = 0;
    bool channelsFirst = false;
    std::vector<std::pair<std::string, WindowRelation>> inputs; // natural windows (before edgeWindow)
    bool identityInputs = false; // natural windows: identityTo(output)
    int64_t params = 0, macs = 0, inChannels = 0;
    int groups = 1;
    bool hasBias = false;
};

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

// One layer per output with a known shape (multi-output ops we do not model in detail).
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

// Output aliases the data of input `in` (fold / fuse). A graph output that would alias a network
// Input becomes an element-wise layer so that the network still computes it.
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

const std::string &op(const onnx::NodeProto &n) { return n.op_type(); }

Window1D window1D(const SpatialAttrs &a, size_t i)
{
    Window1D w;
    w.kernel = static_cast<int>(a.kernel[i]);
    w.stride = static_cast<int>(a.stride[i]);
    w.dilation = static_cast<int>(a.dilation[i]);
    w.padBegin = static_cast<int>(a.padBegin[i]);
    w.padEnd = static_cast<int>(a.padEnd[i]);
    return w;
}

// Window of a conv / pool over its input's last two spatial dimensions (H, W of toShape).
WindowRelation spatialWindow(const SpatialAttrs &a)
{
    WindowRelation r;
    const size_t ns = a.kernel.size();
    if (ns == 1) {
        r.h = window1D(a, 0);
    } else if (ns >= 2) {
        r.h = window1D(a, ns - 2);
        r.w = window1D(a, ns - 1);
    }
    return r;
}

// Conv / ConvTranspose, and the quantized forms with the weight operand `wi` and the bias `bi`
// (QLinearConv: 3 and 8, ConvInteger: 1 and none).
Status mapConv(Context &ctx, const onnx::NodeProto &n, bool transposed, int wi = 1, int bi = 2)
{
    const TensorInfo &x = ctx.t(n.input(0));
    const TensorInfo *w = n.input_size() > wi ? ctx.find(n.input(wi)) : nullptr;
    if (x.dims.size() < 3)
        return makeError(nodeLabel(n) + ": input " + dimsText(x.dims) + " needs N, C and at least one spatial dimension");
    if (!w || !w->known || !w->isStatic || w->dims.size() != x.dims.size())
        return makeError(nodeLabel(n) + ": the weight operand must be a constant of the input's rank ("
                         + (w && w->known ? dimsText(w->dims) : std::string("unknown shape")) + " for input "
                         + dimsText(x.dims) + ")");
    std::vector<int64_t> k = attrInts(n, "kernel_shape");
    if (k.empty())
        k.assign(w->dims.begin() + 2, w->dims.end());
    SpatialAttrs a;
    std::string why;
    if (!spatialAttrs(n, x.dims, k, transposed, &a, &why))
        return makeError(nodeLabel(n) + ": " + why);
    const int64_t group = attrInt(n, "group", 1);
    if (group <= 0 || group > 1000000 || x.dims[1] % group != 0)
        return makeError(nodeLabel(n) + ": group " + std::to_string(group) + " does not divide the "
                         + std::to_string(x.dims[1]) + " input channels");
    const TensorInfo &o = ctx.t(n.output(0));
    LayerSpec s;
    s.kind = transposed ? OpKind::ConvTranspose : OpKind::Conv;
    s.channelsFirst = true;
    s.groups = static_cast<int>(group);
    s.inChannels = x.dims[1];
    const int64_t wElems = productOr0(w->dims);
    const int64_t cout = transposed ? mulCapped(w->dims[1], group) : w->dims[0];
    if (cout < 0)
        return makeError(nodeLabel(n) + ": too many output channels");
    const bool bias = bi > 0 && n.input_size() > bi && !n.input(bi).empty();
    s.hasBias = bias;
    // PyTorch's exporter folds BatchNormalization into the preceding conv and names the weight and
    // bias it synthesises "onnx::Conv_N" (module parameters keep their path, e.g. "conv1.bias").
    // Such a bias belongs to a Conv2d(bias=False) + BN pair: folded BN adds no params (method §1).
    const bool synthesised = bias && n.input(wi).rfind("onnx::", 0) == 0 && n.input(bi).rfind("onnx::", 0) == 0;
    if (synthesised)
        ++ctx.report.foldedBnBiases;
    s.params = wElems + (bias && !synthesised ? cout : 0); // both below 2^52: no overflow
    // PyTorch's count: every output (conv) / input (transposed) element takes one MAC per weight of
    // its group's slice.
    const int64_t perOut = productOr0(w->dims, 1);
    s.macs = transposed ? mulCapped(productOr0(x.dims), productOr0(w->dims, 1)) : mulCapped(productOr0(o.dims), perOut);
    WindowRelation win = spatialWindow(a);
    if (transposed) {
        // One input row feeds `stride` output rows; an output row needs ceil(effK / stride) inputs.
        for (Window1D *d : {&win.h, &win.w}) {
            const int eff = d->effectiveKernel();
            d->upsample = d->stride;
            d->kernel = (eff + d->stride - 1) / d->stride;
            d->stride = 1;
            d->dilation = 1;
            d->padBegin = d->padEnd = 0;
        }
    }
    s.inputs.push_back({n.input(0), win});
    for (int i = 1; i < n.input_size(); ++i)
        if (isDynamic(ctx, n, i) && (i == wi || i == bi || op(n) == "Conv" || op(n) == "ConvTranspose"))
            s.inputs.push_back({n.input(i), WindowRelation::fullEdge()});
    return addLayer(ctx, n, s);
}

Status mapPool(Context &ctx, const onnx::NodeProto &n)
{
    const TensorInfo &x = ctx.t(n.input(0));
    SpatialAttrs a;
    std::string why;
    if (!spatialAttrs(n, x.dims, attrInts(n, "kernel_shape"), false, &a, &why))
        return makeError(nodeLabel(n) + ": " + why);
    LayerSpec s;
    s.kind = OpKind::Pool;
    s.channelsFirst = true;
    s.inChannels = x.dims[1];
    s.groups = static_cast<int>(std::min<int64_t>(x.dims[1], 1 << 30));
    s.inputs.push_back({n.input(0), spatialWindow(a)});
    return addLayer(ctx, n, s);
}

// Gemm / MatMul. With a constant operand it is an FC layer; with two activations a MatMul whose
// right-hand operand is a full edge (method §2.1).
// QLinearMatMul reads its right-hand operand at `bi` = 3, MatMulInteger at 1.
Status mapMatMul(Context &ctx, const onnx::NodeProto &n, int bi = 1)
{
    const TensorInfo &o = ctx.t(n.output(0));
    const bool gemm = n.op_type() == "Gemm";
    const bool dynA = isDynamic(ctx, n, 0), dynB = isDynamic(ctx, n, bi);
    const TensorInfo *a = ctx.find(n.input(0));
    const TensorInfo *b = n.input_size() > bi ? ctx.find(n.input(bi)) : nullptr;
    if (!a || !b || !a->known || !b->known || a->dims.empty() || b->dims.empty())
        return makeError(nodeLabel(n) + ": operand shapes are unknown");
    int64_t k = 0;
    if (gemm) {
        if (a->dims.size() != 2 || b->dims.size() != 2)
            return makeError(nodeLabel(n) + ": Gemm operands must be 2-D, got " + dimsText(a->dims) + " and "
                             + dimsText(b->dims));
        k = attrInt(n, "transA", 0) ? a->dims[0] : a->dims[1];
    } else {
        k = a->dims.back();
    }
    LayerSpec s;
    s.inChannels = k;
    s.macs = mulCapped(productOr0(o.dims), k);
    s.channelsFirst = false;
    if (dynA && dynB) {
        s.kind = OpKind::MatMul;
        s.inputs.push_back({n.input(0), {}});
        s.inputs.push_back({n.input(bi), WindowRelation::fullEdge()});
    } else {
        s.kind = OpKind::Fc;
        const int data = dynA ? 0 : bi;
        const TensorInfo *weight = dynA ? b : a;
        s.params = productOr0(weight->dims);
        s.inputs.push_back({n.input(data), identityTo(ctx, n.input(data), toShape(o.dims, false))});
    }
    if (gemm && n.input_size() > 2 && !n.input(2).empty()) {
        if (isDynamic(ctx, n, 2)) {
            s.inputs.push_back({n.input(2), identityTo(ctx, n.input(2), toShape(o.dims, false))});
        } else if (const TensorInfo *c = ctx.find(n.input(2)); c && c->known) {
            s.params += productOr0(c->dims);
            s.hasBias = true;
        }
    }
    return addLayer(ctx, n, s);
}

// Does the reduction / normalisation over `axes` of a tensor need whole rows (H)?
bool touchesRows(const std::vector<size_t> &axes, const TensorInfo &t)
{
    for (size_t a : axes)
        if (axisRole(a, t.dims, t.channelsFirst) == 'H')
            return true;
    return false;
}

std::vector<size_t> axesFrom(int64_t axis, size_t rank, bool toEnd)
{
    std::vector<size_t> r;
    size_t a = 0;
    if (!normAxis(axis, rank, &a))
        return r;
    for (size_t i = a; i < (toEnd ? rank : a + 1); ++i)
        r.push_back(i);
    return r;
}

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

// LSTM / GRU / RNN (docs/onnx-import.md, "Recurrent ops"): one weighted layer over the whole
// sequence. params = W + R + B (+ peepholes P) elements, as PyTorch counts weight_ih, weight_hh,
// bias_ih, bias_hh; MACs = T x B x directions x gates*H x (I + H). The input is a full edge (every
// time step depends on all earlier ones); the hidden (and cell) state stays in the layer, on chip,
// from one time step to the next. Y_h / Y_c, when read, are Slice layers of it.
Status mapRecurrent(Context &ctx, const onnx::NodeProto &n)
{
    const std::string &op = n.op_type();
    const int64_t gates = op == "LSTM" ? 4 : op == "GRU" ? 3 : 1;
    const TensorInfo &x = ctx.t(n.input(0));
    const TensorInfo *w = input(ctx, n, 1), *r = input(ctx, n, 2);
    if (x.dims.size() != 3 || !w || !w->known || w->dims.size() != 3 || !r || !r->known || r->dims.size() != 3)
        return makeError(nodeLabel(n) + ": X must be [T, B, I] and W, R rank-3 constants (got X " + dimsText(x.dims) + ")");
    const bool batchFirst = attrInt(n, "layout", 0) != 0;
    const int64_t steps = batchFirst ? x.dims[1] : x.dims[0], batch = batchFirst ? x.dims[0] : x.dims[1];
    const int64_t in = x.dims[2], dirs = w->dims[0], hidden = r->dims[2];
    if (w->dims[1] != gates * hidden || w->dims[2] != in || r->dims[1] != gates * hidden || r->dims[0] != dirs)
        return makeError(nodeLabel(n) + ": W " + dimsText(w->dims) + " / R " + dimsText(r->dims) + " do not fit "
                         + std::to_string(gates) + " gates of hidden size " + std::to_string(hidden) + " and input size "
                         + std::to_string(in));
    LayerSpec s;
    s.kind = OpKind::Fc;
    s.inChannels = in;
    s.params = productOr0(w->dims) + productOr0(r->dims);
    for (int i : {3, 7})
        if (const TensorInfo *b = input(ctx, n, i); b && b->known && (i == 3 || op == "LSTM"))
            s.params += productOr0(b->dims);
    s.hasBias = n.input_size() > 3 && !n.input(3).empty();
    s.macs = mulCapped(mulCapped(mulCapped(steps, batch), mulCapped(dirs, gates * hidden)), in + hidden);
    s.inputs.push_back({n.input(0), WindowRelation::fullEdge()});
    for (int i : {5, 6}) // initial state given as data (streaming models)
        if (isDynamic(ctx, n, i))
            s.inputs.push_back({n.input(i), WindowRelation::fullEdge()});
    int main = -1;
    for (int k = 0; k < n.output_size() && main < 0; ++k)
        if (!n.output(k).empty() && ctx.t(n.output(k)).known)
            main = k;
    if (main < 0)
        return makeError(nodeLabel(n) + " has no output of known shape");
    s.output = main;
    if (Status st = addLayer(ctx, n, s); !st.ok())
        return st;
    for (int k = main + 1; k < n.output_size(); ++k) {
        if (n.output(k).empty() || !ctx.t(n.output(k)).known)
            continue;
        LayerSpec st;
        st.kind = OpKind::Slice;
        st.output = k;
        st.inChannels = hidden;
        st.inputs.push_back({n.output(main), WindowRelation::fullEdge()});
        if (Status e = addLayer(ctx, n, st); !e.ok())
            return e;
    }
    return okStatus();
}

} // namespace

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
        if (op == "Conv")
            return mapConv(ctx, n, false);
        if (op == "ConvTranspose")
            return mapConv(ctx, n, true);
        if (op == "MaxPool" || op == "AveragePool" || op == "LpPool")
            return mapPool(ctx, n);
        if (op == "GlobalAveragePool" || op == "GlobalMaxPool" || op == "GlobalLpPool") {
            LayerSpec s = elementwise(ctx, n, OpKind::GlobalPool);
            s.identityInputs = false;
            s.channelsFirst = true;
            s.inputs.resize(1);
            s.inputs[0].second = WindowRelation::fullEdge();
            return addLayer(ctx, n, s);
        }
        if (op == "Gemm" || op == "MatMul" || op == "MatMulInteger")
            return mapMatMul(ctx, n);
        if (op == "QLinearMatMul" && n.input_size() >= 4)
            return mapMatMul(ctx, n, 3);
        if (op == "QLinearConv" && n.input_size() >= 4 && isDynamic(ctx, n, 0))
            return mapConv(ctx, n, false, 3, 8);
        if (op == "ConvInteger" && isDynamic(ctx, n, 0))
            return mapConv(ctx, n, false, 1, -1);
        if ((op == "LSTM" || op == "GRU" || op == "RNN") && isDynamic(ctx, n, 0))
            return mapRecurrent(ctx, n);
        if (op == "BatchNormalization")
            return alias(ctx, n, dyn.front(), false);
        if (kViews.count(op))
            return alias(ctx, n, dyn.front(), false);
        if (kBinary.count(op))
            return mapBinary(ctx, n, dyn);
        if (kFused.count(op))
            return alias(ctx, n, dyn.front(), true);
        if (op == "Concat")
            return addLayer(ctx, n, elementwise(ctx, n, OpKind::Concat));
        if (op == "Split") {
            for (int k = 0; k < n.output_size(); ++k) {
                if (n.output(k).empty())
                    continue;
                LayerSpec s = elementwise(ctx, n, OpKind::Slice);
                s.inputs.resize(1);
                s.output = k;
                if (Status st = addLayer(ctx, n, s); !st.ok())
                    return st;
            }
            return okStatus();
        }
        if (op == "Slice" || op == "Gather" || op == "GatherElements" || op == "GatherND" || op == "Compress") {
            LayerSpec s = elementwise(ctx, n, isDynamic(ctx, n, 0) ? OpKind::Slice : OpKind::Eltwise);
            return addLayer(ctx, n, s);
        }
        if (op == "Resize" || op == "Upsample") {
            const TensorInfo &x = ctx.t(n.input(0));
            const TensorInfo &o = ctx.t(n.output(0));
            LayerSpec s = elementwise(ctx, n, OpKind::Resize);
            s.identityInputs = false;
            s.inputs.resize(1);
            const Shape in = toShape(x.dims, x.channelsFirst), out = toShape(o.dims, x.channelsFirst);
            const int k = attrString(n, "mode", "nearest") == "nearest" ? 1 : 2;
            WindowRelation w;
            bool ok = true;
            auto dim = [&](int64_t i, int64_t oo, Window1D *d) {
                if (oo >= i && oo % i == 0) {
                    d->upsample = static_cast<int>(std::min<int64_t>(oo / i, 1 << 20));
                    d->kernel = oo == i ? 1 : k;
                } else if (oo < i && i % oo == 0) {
                    d->kernel = d->stride = static_cast<int>(std::min<int64_t>(i / oo, 1 << 20));
                } else {
                    ok = false;
                }
            };
            dim(in.h, out.h, &w.h);
            dim(in.w, out.w, &w.w);
            s.inputs[0].second = ok ? w : WindowRelation::fullEdge();
            return addLayer(ctx, n, s);
        }
        if (op == "Pad") {
            const TensorInfo &x = ctx.t(n.input(0));
            const TensorInfo &o = ctx.t(n.output(0));
            LayerSpec s = elementwise(ctx, n, OpKind::Pad);
            s.identityInputs = false;
            s.inputs.resize(1);
            const Shape in = toShape(x.dims, x.channelsFirst), out = toShape(o.dims, x.channelsFirst);
            WindowRelation w;
            auto dim = [](int64_t i, int64_t oo, Window1D *d) {
                if (oo < i)
                    return false;
                d->padBegin = static_cast<int>(std::min<int64_t>((oo - i) / 2, 1 << 20));
                d->padEnd = static_cast<int>(std::min<int64_t>(oo - i - (oo - i) / 2, 1 << 20));
                return true;
            };
            const bool ok = dim(in.h, out.h, &w.h) && dim(in.w, out.w, &w.w);
            s.inputs[0].second = ok ? w : WindowRelation::fullEdge();
            return addLayer(ctx, n, s);
        }
        if (op == "Softmax" || op == "LogSoftmax" || op == "Hardmax") {
            const TensorInfo &x = ctx.t(n.input(0));
            const int64_t def = ctx.opset >= 13 ? -1 : 1;
            LayerSpec s = elementwise(ctx, n, OpKind::Softmax);
            s.identityInputs = false;
            s.inputs.resize(1);
            const bool rows = touchesRows(axesFrom(attrInt(n, "axis", def), x.dims.size(), ctx.opset < 13), x);
            s.inputs[0].second = rows ? WindowRelation::fullEdge() : identityTo(ctx, n.input(0), toShape(x.dims, x.channelsFirst));
            return addLayer(ctx, n, s);
        }
        if (op == "LayerNormalization" || op == "InstanceNormalization" || op == "GroupNormalization"
            || op == "LpNormalization" || op == "MeanVarianceNormalization") {
            const TensorInfo &x = ctx.t(n.input(0));
            LayerSpec s = elementwise(ctx, n, OpKind::LayerNorm);
            s.identityInputs = false;
            s.inputs.resize(1);
            bool rows = true;
            if (op == "LayerNormalization")
                rows = touchesRows(axesFrom(attrInt(n, "axis", -1), x.dims.size(), true), x);
            else if (op == "LpNormalization")
                rows = touchesRows(axesFrom(attrInt(n, "axis", -1), x.dims.size(), false), x);
            s.inputs[0].second = rows ? WindowRelation::fullEdge() : WindowRelation::identity();
            return addLayer(ctx, n, s);
        }
        if (op.rfind("Reduce", 0) == 0 || op == "ArgMax" || op == "ArgMin") {
            const TensorInfo &x = ctx.t(n.input(0));
            const TensorInfo &o = ctx.t(n.output(0));
            const Shape in = toShape(x.dims, x.channelsFirst);
            const Shape out = toShape(o.dims, x.channelsFirst);
            const bool spatial = productOr0(o.dims) < productOr0(x.dims) && (in.h != out.h || in.w != out.w);
            LayerSpec s = elementwise(ctx, n, spatial ? OpKind::GlobalPool : OpKind::Eltwise);
            if (spatial) {
                s.identityInputs = false;
                s.inputs.resize(1);
                s.inputs[0].second = WindowRelation::fullEdge();
            }
            return addLayer(ctx, n, s);
        }
        if (op == "Expand" || op == "Tile" || op == "DepthToSpace" || op == "SpaceToDepth" || op == "CumSum"
            || op == "Einsum" || op == "TopK" || op == "OneHot" || op == "ScatterND" || op == "ScatterElements"
            || op == "NonZero" || op == "Range" || op == "Trilu") {
            LayerSpec s = elementwise(ctx, n, OpKind::Eltwise);
            s.inputs.resize(std::min<size_t>(s.inputs.size(), op == "Einsum" || op == "ScatterND" ? 8 : 1));
            return addPerOutput(ctx, n, s); // TopK: values and indices
        }
    }
    // Unknown: an element-wise layer over its activation inputs, reported, never dropped.
    ++ctx.report.unknown;
    ctx.report.warnings.push_back("unknown op " + (stdDomain ? op : n.domain() + "." + op) + " in node "
                                  + nodeLabel(n) + ": imported as a generic element-wise layer");
    return addPerOutput(ctx, n, elementwise(ctx, n, OpKind::Generic));
}

} // namespace onnximport
} // namespace cocco
