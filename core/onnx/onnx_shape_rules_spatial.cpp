// The shape rules of the spatial and linear ops (onnx_shape_rules.h).
#include "onnx_shape_rules.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace cocco {
namespace onnximport {

namespace {

// Output dims of a Conv / pool.
bool convOut(const std::vector<int64_t> &x, int64_t cout, const SpatialAttrs &a, bool ceilMode,
             std::vector<int64_t> *out)
{
    std::vector<int64_t> d{x[0], cout};
    for (size_t i = 0; i + 2 < x.size(); ++i) {
        const int64_t effK = a.dilation[i] * (a.kernel[i] - 1) + 1;
        const int64_t span = x[2 + i] + a.padBegin[i] + a.padEnd[i] - effK;
        if (span < 0)
            return false;
        d.push_back((ceilMode ? (span + a.stride[i] - 1) / a.stride[i] : span / a.stride[i]) + 1);
    }
    *out = d;
    return true;
}

// Conv / ConvInteger / ConvTranspose.
void shapeConv(Context &ctx, const onnx::NodeProto &n, const std::string &op, const std::vector<int64_t> &x, bool hx)
{
    std::vector<int64_t> w, out;
    std::string why;
    if (!hx || !inDims(ctx, n, 1, &w) || w.size() != x.size() || x.size() < 3) {
        if (hx && x.size() < 3)
            ctx.shapeProblem = "input " + dimsText(x) + " needs N, C and at least one spatial dimension";
        return;
    }
    const bool transposed = op == "ConvTranspose";
    std::vector<int64_t> k = attrInts(n, "kernel_shape");
    if (k.empty())
        k.assign(w.begin() + 2, w.end());
    SpatialAttrs a;
    if (!spatialAttrs(n, x, k, transposed, &a, &why)) {
        ctx.shapeProblem = why;
        return;
    }
    if (!transposed) {
        if (convOut(x, w[0], a, false, &out))
            setDims(ctx, n, 0, out);
        else
            ctx.shapeProblem = "the kernel is larger than the padded input " + dimsText(x);
        return;
    }
    const std::vector<int64_t> outShape = attrInts(n, "output_shape");
    std::vector<int64_t> opad = attrInts(n, "output_padding");
    const size_t ns = x.size() - 2;
    opad.resize(ns, 0);
    const int64_t group = attrInt(n, "group", 1);
    if (group <= 0 || group > kMaxElements || (w[1] > 0 && group > kMaxElements / w[1]))
        return;
    out = {x[0], w[1] * group};
    const std::string autoPad = attrString(n, "auto_pad", "NOTSET");
    for (size_t i = 0; i < ns; ++i) {
        if (outShape.size() >= ns)
            out.push_back(outShape[outShape.size() - ns + i]);
        else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER")
            out.push_back(x[2 + i] * a.stride[i]);
        else
            out.push_back(a.stride[i] * (x[2 + i] - 1) + opad[i] + a.dilation[i] * (k[i] - 1) + 1 - a.padBegin[i]
                          - a.padEnd[i]);
    }
    setDims(ctx, n, 0, out);
}

// MaxPool / AveragePool / LpPool.
void shapePool(Context &ctx, const onnx::NodeProto &n, const std::string &/*op*/,
               const std::vector<int64_t> &x, bool hx)
{
    std::vector<int64_t> out;
    std::string why;
    SpatialAttrs a;
    if (hx && !spatialAttrs(n, x, attrInts(n, "kernel_shape"), false, &a, &why))
        ctx.shapeProblem = why;
    else if (hx && convOut(x, x[1], a, attrInt(n, "ceil_mode", 0) != 0, &out))
        setDims(ctx, n, 0, out);
}

// GlobalAveragePool / GlobalMaxPool / GlobalLpPool.
void shapeGlobalPool(Context &ctx, const onnx::NodeProto &n, const std::string &/*op*/,
                     const std::vector<int64_t> &x, bool hx)
{
    std::vector<int64_t> out;
    if (hx && x.size() >= 3) {
        out = x;
        std::fill(out.begin() + 2, out.end(), 1);
        setDims(ctx, n, 0, out);
    }
}

// Gemm.
void shapeGemm(Context &ctx, const onnx::NodeProto &n, const std::string &/*op*/,
               const std::vector<int64_t> &x, bool hx)
{
    std::vector<int64_t> w;
    if (!hx || !inDims(ctx, n, 1, &w) || x.size() != 2 || w.size() != 2)
        return;
    const int64_t m = attrInt(n, "transA", 0) ? x[1] : x[0];
    const int64_t nn = attrInt(n, "transB", 0) ? w[0] : w[1];
    setDims(ctx, n, 0, {m, nn});
}

// MatMul / MatMulInteger.
void shapeMatMul(Context &ctx, const onnx::NodeProto &n, const std::string &/*op*/,
                 const std::vector<int64_t> &x, bool hx)
{
    std::vector<int64_t> w, out;
    if (!hx || !inDims(ctx, n, 1, &w) || x.empty() || w.empty())
        return;
    std::vector<int64_t> a = x, b = w;
    const bool va = a.size() == 1, vb = b.size() == 1;
    if (va)
        a.insert(a.begin(), 1);
    if (vb)
        b.push_back(1);
    if (a.back() != b[b.size() - 2])
        return;
    std::vector<int64_t> batch;
    if (!broadcastDims({std::vector<int64_t>(a.begin(), a.end() - 2), std::vector<int64_t>(b.begin(), b.end() - 2)},
                       &batch))
        return;
    out = batch;
    if (!va)
        out.push_back(a[a.size() - 2]);
    if (!vb)
        out.push_back(b.back());
    setDims(ctx, n, 0, out);
}

// Add / Sub / Mul / Div / Pow / Max / Min / Sum / Mean / Where / PRelu / Equal / Less / Greater / And / Or / Xor / Mod / BitShift / LessOrEqual / GreaterOrEqual.
void shapeBroadcast(Context &ctx, const onnx::NodeProto &n, const std::string &/*op*/,
                    const std::vector<int64_t> &/*x*/, bool /*hx*/)
{
    std::vector<int64_t> out;
    std::vector<std::vector<int64_t>> shapes;
    for (int i = 0; i < n.input_size(); ++i) {
        std::vector<int64_t> d;
        if (!inDims(ctx, n, i, &d))
            return;
        shapes.push_back(d);
    }
    if (broadcastDims(shapes, &out))
        setDims(ctx, n, 0, out);
}

// Resize / Upsample.
void shapeResize(Context &ctx, const onnx::NodeProto &n, const std::string &op, const std::vector<int64_t> &x, bool hx)
{
    std::vector<int64_t> out;
    if (!hx)
        return;
    std::vector<double> scales;
    if (const auto *a = attribute(n, "scales"))
        scales.assign(a->floats().begin(), a->floats().end());
    const int scaleInput = op == "Upsample" ? 1 : (ctx.opset >= 11 ? 2 : 1);
    if (scales.empty())
        inValues(ctx, n, scaleInput, &scales);
    std::vector<double> sizes;
    if (op == "Resize" && ctx.opset >= 11 && inValues(ctx, n, 3, &sizes) && sizes.size() == x.size()) {
        setDims(ctx, n, 0, asInts(sizes));
    } else if (scales.size() == x.size()) {
        for (size_t i = 0; i < x.size(); ++i)
            out.push_back(toInt(std::floor(static_cast<double>(x[i]) * scales[i])));
        setDims(ctx, n, 0, out);
    }
}

// Pad.
void shapePad(Context &ctx, const onnx::NodeProto &n, const std::string &/*op*/, const std::vector<int64_t> &x, bool hx)
{
    std::vector<int64_t> out;
    std::vector<double> vals;
    if (!hx)
        return;
    std::vector<int64_t> pads = attrInts(n, "pads");
    if (pads.empty() && inValues(ctx, n, 1, &vals))
        pads = asInts(vals);
    if (pads.size() != 2 * x.size())
        return;
    out = x;
    for (size_t i = 0; i < x.size(); ++i) {
        if (std::llabs(pads[i]) > kMaxElements || std::llabs(pads[i + x.size()]) > kMaxElements)
            return;
        out[i] += pads[i] + pads[i + x.size()];
    }
    setDims(ctx, n, 0, out);
}

// DepthToSpace / SpaceToDepth.
void shapeDepthSpace(Context &ctx, const onnx::NodeProto &n, const std::string &op,
                     const std::vector<int64_t> &x, bool hx)
{
    const int64_t b = attrInt(n, "blocksize", 1);
    if (!hx || x.size() != 4 || b <= 0 || b > 4096)
        return;
    if (op == "DepthToSpace")
        setDims(ctx, n, 0, {x[0], x[1] / (b * b), x[2] * b, x[3] * b});
    else
        setDims(ctx, n, 0, {x[0], x[1] * b * b, x[2] / b, x[3] / b});
}

} // namespace

void addSpatialShapeRules(ShapeRules &m)
{
    for (const char *op : {"Conv", "ConvInteger", "ConvTranspose"})
        m[op] = shapeConv;
    for (const char *op : {"MaxPool", "AveragePool", "LpPool"})
        m[op] = shapePool;
    for (const char *op : {"GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool"})
        m[op] = shapeGlobalPool;
    m["Gemm"] = shapeGemm;
    for (const char *op : {"MatMul", "MatMulInteger"})
        m[op] = shapeMatMul;
    for (const char *op : {"Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "Where", "PRelu", "Equal",
                            "Less", "Greater", "And", "Or", "Xor", "Mod", "BitShift", "LessOrEqual", "GreaterOrEqual"})
        m[op] = shapeBroadcast;
    for (const char *op : {"Resize", "Upsample"})
        m[op] = shapeResize;
    m["Pad"] = shapePad;
    for (const char *op : {"DepthToSpace", "SpaceToDepth"})
        m[op] = shapeDepthSpace;
}

} // namespace onnximport
} // namespace cocco
