// Data-moving ops of the importer's mappers (onnx_mappers.h): Concat, Split, the gathers and
// slices, Resize, Pad, Softmax, the normalisations, reductions and the other element-wise ops that
// read whole tensors; their input windows follow the axes they touch.
#include "onnx_mappers.h"

#include <algorithm>
#include <functional>

namespace cocco {
namespace onnximport {

namespace {

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

// A layer of `kind` over operand 0 alone; the caller sets its window.
LayerSpec overInput0(Context &ctx, const onnx::NodeProto &n, OpKind kind)
{
    LayerSpec s = elementwise(ctx, n, kind);
    s.identityInputs = false;
    s.inputs.resize(1);
    return s;
}

Status concat(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &)
{
    return addLayer(ctx, n, elementwise(ctx, n, OpKind::Concat));
}

Status split(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &)
{
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

Status slice(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &)
{
    LayerSpec s = elementwise(ctx, n, isDynamic(ctx, n, 0) ? OpKind::Slice : OpKind::Eltwise);
    return addLayer(ctx, n, s);
}

// A layer of `kind` over operand 0 whose window maps each of H and W by dim(in, out, window), in
// operand 0's layout; where dim returns false the whole input is needed.
Status spatialMap(Context &ctx, const onnx::NodeProto &n, OpKind kind, const std::function<bool(int64_t, int64_t, Window1D *)> &dim)
{
    const TensorInfo &x = ctx.t(n.input(0));
    const TensorInfo &o = ctx.t(n.output(0));
    LayerSpec s = overInput0(ctx, n, kind);
    const Shape in = toShape(x.dims, x.channelsFirst), out = toShape(o.dims, x.channelsFirst);
    WindowRelation w;
    const bool ok = dim(in.h, out.h, &w.h) && dim(in.w, out.w, &w.w);
    s.inputs[0].second = ok ? w : WindowRelation::fullEdge();
    return addLayer(ctx, n, s);
}

Status resize(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &)
{
    const int k = attrString(n, "mode", "nearest") == "nearest" ? 1 : 2;
    return spatialMap(ctx, n, OpKind::Resize, [k](int64_t i, int64_t oo, Window1D *d) {
        if (oo >= i && oo % i == 0) {
            d->upsample = static_cast<int>(std::min<int64_t>(oo / i, 1 << 20));
            d->kernel = oo == i ? 1 : k;
            return true;
        }
        if (oo < i && i % oo == 0) {
            d->kernel = d->stride = static_cast<int>(std::min<int64_t>(i / oo, 1 << 20));
            return true;
        }
        return false;
    });
}

Status pad(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &)
{
    return spatialMap(ctx, n, OpKind::Pad, [](int64_t i, int64_t oo, Window1D *d) {
        if (oo < i)
            return false;
        d->padBegin = static_cast<int>(std::min<int64_t>((oo - i) / 2, 1 << 20));
        d->padEnd = static_cast<int>(std::min<int64_t>(oo - i - (oo - i) / 2, 1 << 20));
        return true;
    });
}

Status softmax(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &)
{
    const TensorInfo &x = ctx.t(n.input(0));
    const int64_t def = ctx.opset >= 13 ? -1 : 1;
    LayerSpec s = overInput0(ctx, n, OpKind::Softmax);
    const bool rows = touchesRows(axesFrom(attrInt(n, "axis", def), x.dims.size(), ctx.opset < 13), x);
    s.inputs[0].second = rows ? WindowRelation::fullEdge() : identityTo(ctx, n.input(0), toShape(x.dims, x.channelsFirst));
    return addLayer(ctx, n, s);
}

Status normalisation(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &)
{
    const std::string &op = n.op_type();
    const TensorInfo &x = ctx.t(n.input(0));
    LayerSpec s = overInput0(ctx, n, OpKind::LayerNorm);
    bool rows = true;
    if (op == "LayerNormalization")
        rows = touchesRows(axesFrom(attrInt(n, "axis", -1), x.dims.size(), true), x);
    else if (op == "LpNormalization")
        rows = touchesRows(axesFrom(attrInt(n, "axis", -1), x.dims.size(), false), x);
    s.inputs[0].second = rows ? WindowRelation::fullEdge() : WindowRelation::identity();
    return addLayer(ctx, n, s);
}

Status reduction(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &)
{
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

Status perOutput(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &)
{
    const std::string &op = n.op_type();
    LayerSpec s = elementwise(ctx, n, OpKind::Eltwise);
    s.inputs.resize(std::min<size_t>(s.inputs.size(), op == "Einsum" || op == "ScatterND" ? 8 : 1));
    return addPerOutput(ctx, n, s); // TopK: values and indices
}

} // namespace

void addDataMappers(OpMappers &m)
{
    m["Concat"] = concat;
    m["Split"] = split;
    for (const char *op : {"Slice", "Gather", "GatherElements", "GatherND", "Compress"})
        m[op] = slice;
    for (const char *op : {"Resize", "Upsample"})
        m[op] = resize;
    m["Pad"] = pad;
    for (const char *op : {"Softmax", "LogSoftmax", "Hardmax"})
        m[op] = softmax;
    for (const char *op : {"LayerNormalization", "InstanceNormalization", "GroupNormalization", "LpNormalization",
                           "MeanVarianceNormalization"})
        m[op] = normalisation;
    for (const char *op : {"ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceMax", "ReduceMean", "ReduceMin",
                           "ReduceProd", "ReduceSum", "ReduceSumSquare", "ArgMax", "ArgMin"})
        m[op] = reduction;
    for (const char *op : {"Expand", "Tile", "DepthToSpace", "SpaceToDepth", "CumSum", "Einsum", "TopK", "OneHot", "ScatterND",
                           "ScatterElements", "NonZero", "Range", "Trilu"})
        m[op] = perOutput; // TopK: values and indices
}

} // namespace onnximport
} // namespace cocco
