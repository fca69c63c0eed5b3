// Weighted ops of the importer's mappers (onnx_mappers.h): convolutions (also transposed and
// quantized), pools, Gemm / MatMul (also quantized), LSTM / GRU / RNN.
#include "onnx_mappers.h"

#include <algorithm>

namespace cocco {
namespace onnximport {

namespace {

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

Status conv(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &) { return mapConv(ctx, n, false); }
Status convTranspose(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &) { return mapConv(ctx, n, true); }
Status pool(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &) { return mapPool(ctx, n); }
Status matMul(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &) { return mapMatMul(ctx, n); }

Status globalPool(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &)
{
    LayerSpec s = elementwise(ctx, n, OpKind::GlobalPool);
    s.identityInputs = false;
    s.channelsFirst = true;
    s.inputs.resize(1);
    s.inputs[0].second = WindowRelation::fullEdge();
    return addLayer(ctx, n, s);
}

// The quantized and recurrent forms need their data operand (and the quantized ones their
// scale / zero-point operands); otherwise they are unknown ops.
Status qLinearMatMul(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &)
{
    return n.input_size() >= 4 ? mapMatMul(ctx, n, 3) : mapUnknown(ctx, n);
}

Status qLinearConv(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &)
{
    return n.input_size() >= 4 && isDynamic(ctx, n, 0) ? mapConv(ctx, n, false, 3, 8) : mapUnknown(ctx, n);
}

Status convInteger(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &)
{
    return isDynamic(ctx, n, 0) ? mapConv(ctx, n, false, 1, -1) : mapUnknown(ctx, n);
}

Status recurrent(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &)
{
    return isDynamic(ctx, n, 0) ? mapRecurrent(ctx, n) : mapUnknown(ctx, n);
}

} // namespace

void addWeightedMappers(OpMappers &m)
{
    m["Conv"] = conv;
    m["ConvTranspose"] = convTranspose;
    for (const char *op : {"MaxPool", "AveragePool", "LpPool"})
        m[op] = pool;
    for (const char *op : {"GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool"})
        m[op] = globalPool;
    for (const char *op : {"Gemm", "MatMul", "MatMulInteger"})
        m[op] = matMul;
    m["QLinearMatMul"] = qLinearMatMul;
    m["QLinearConv"] = qLinearConv;
    m["ConvInteger"] = convInteger;
    for (const char *op : {"LSTM", "GRU", "RNN"})
        m[op] = recurrent;
}

} // namespace onnximport
} // namespace cocco
