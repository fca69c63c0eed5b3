// The helpers of our per-op shape rules (onnx_shape_rules.cpp) and of value evaluation
// (onnx_values.cpp), and inferNode: the rules fill the dims that ONNX's shape inference left
// unknown (opsets it does not know, failed inference, unknown ops); evaluation gives small static
// tensors of shape chains (Shape -> Gather -> Concat -> Reshape) so that Reshape / Slice / Resize /
// Pad targets are known.
#include "onnx_context.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace cocco {
namespace onnximport {

bool broadcastDims(const std::vector<std::vector<int64_t>> &shapes, std::vector<int64_t> *out)
{
    size_t rank = 0;
    for (const auto &s : shapes)
        rank = std::max(rank, s.size());
    std::vector<int64_t> r(rank, 1);
    for (const auto &s : shapes) {
        const size_t off = rank - s.size();
        for (size_t i = 0; i < s.size(); ++i) {
            int64_t &d = r[off + i];
            if (s[i] == d || s[i] == 1)
                continue;
            if (d == 1)
                d = s[i];
            else
                return false;
        }
    }
    *out = r;
    return true;
}

bool spatialAttrs(const onnx::NodeProto &n, const std::vector<int64_t> &x, const std::vector<int64_t> &kernel,
                  bool transposed, SpatialAttrs *out, std::string *why)
{
    if (x.size() < 3) {
        *why = "input has rank " + std::to_string(x.size()) + ", needs N, C and at least one spatial dimension";
        return false;
    }
    const size_t ns = x.size() - 2;
    if (kernel.size() != ns) {
        *why = "kernel has " + std::to_string(kernel.size()) + " dimensions for " + std::to_string(ns) + " spatial ones";
        return false;
    }
    SpatialAttrs a;
    a.kernel = kernel;
    a.stride = attrInts(n, "strides");
    a.dilation = attrInts(n, "dilations");
    std::vector<int64_t> pads = attrInts(n, "pads");
    if (a.stride.empty())
        a.stride.assign(ns, 1);
    if (a.dilation.empty())
        a.dilation.assign(ns, 1);
    if (pads.empty())
        pads.assign(2 * ns, 0);
    if (a.stride.size() != ns || a.dilation.size() != ns || pads.size() != 2 * ns) {
        *why = "strides / dilations / pads do not match " + std::to_string(ns) + " spatial dimensions";
        return false;
    }
    // Bounds keep every window quantity (effective kernel, padded extent) well inside int.
    for (size_t i = 0; i < ns; ++i)
        if (kernel[i] <= 0 || kernel[i] > kMaxWindow || a.stride[i] <= 0 || a.stride[i] > kMaxWindow || a.dilation[i] <= 0
            || a.dilation[i] > kMaxWindow || pads[i] < 0 || pads[i + ns] < 0 || pads[i] > kMaxWindow
            || pads[i + ns] > kMaxWindow) {
            *why = "kernel, strides and dilations must be in 1.." + std::to_string(kMaxWindow) + " and pads in 0.."
                 + std::to_string(kMaxWindow);
            return false;
        }
    const std::string autoPad = attrString(n, "auto_pad", "NOTSET");
    a.padBegin.assign(pads.begin(), pads.begin() + static_cast<long>(ns));
    a.padEnd.assign(pads.begin() + static_cast<long>(ns), pads.end());
    if (autoPad == "VALID" || transposed) {
        if (autoPad == "VALID" || autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
            a.padBegin.assign(ns, 0);
            a.padEnd.assign(ns, 0);
        }
    } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
        for (size_t i = 0; i < ns; ++i) {
            const int64_t in = x[2 + i];
            const int64_t o = (in + a.stride[i] - 1) / a.stride[i];
            const int64_t effK = a.dilation[i] * (kernel[i] - 1) + 1;
            const int64_t total = std::max<int64_t>(0, (o - 1) * a.stride[i] + effK - in);
            const int64_t small = total / 2;
            a.padBegin[i] = autoPad == "SAME_UPPER" ? small : total - small;
            a.padEnd[i] = total - a.padBegin[i];
        }
    }
    *out = a;
    return true;
}

const TensorInfo *input(Context &ctx, const onnx::NodeProto &n, int i)
{
    if (i >= n.input_size() || n.input(i).empty())
        return nullptr;
    return ctx.find(n.input(i));
}

bool inDims(Context &ctx, const onnx::NodeProto &n, int i, std::vector<int64_t> *d)
{
    const TensorInfo *t = input(ctx, n, i);
    if (!t || !t->known)
        return false;
    *d = t->dims;
    return true;
}

bool inValues(Context &ctx, const onnx::NodeProto &n, int i, std::vector<double> *v)
{
    const TensorInfo *t = input(ctx, n, i);
    if (!t || !t->hasValues)
        return false;
    *v = t->values;
    return true;
}

// Values are clamped to +-2^50 so that sums and products of a few of them cannot overflow; a
// dimension that large is rejected later anyway.
int64_t toInt(double x)
{
    if (!std::isfinite(x))
        return 0;
    return static_cast<int64_t>(std::max(-1125899906842624.0, std::min(1125899906842624.0, x)));
}

std::vector<int64_t> asInts(const std::vector<double> &v)
{
    std::vector<int64_t> r;
    r.reserve(v.size());
    for (double x : v)
        r.push_back(toInt(x));
    return r;
}

bool sane(const std::vector<int64_t> &d)
{
    if (d.size() > static_cast<size_t>(kMaxRank))
        return false;
    int64_t p = 0;
    return product(d, &p);
}

void setDims(Context &ctx, const onnx::NodeProto &n, int k, const std::vector<int64_t> &d)
{
    if (k >= n.output_size() || n.output(k).empty() || !sane(d))
        return;
    TensorInfo &t = ctx.t(n.output(k));
    if (t.known)
        return;
    t.known = true;
    t.dims = d;
    ++ctx.report.ruleInferredTensors;
}

void setValues(Context &ctx, const onnx::NodeProto &n, int k, std::vector<double> v, bool isInt)
{
    if (k >= n.output_size() || n.output(k).empty() || v.size() > kMaxValues)
        return;
    TensorInfo &t = ctx.t(n.output(k));
    if (isInt)
        for (double &x : v)
            x = std::trunc(x);
    t.values = std::move(v);
    t.hasValues = true;
}

void inferNode(Context &ctx, const onnx::NodeProto &n, bool allStatic)
{
    const bool need = n.output_size() > 0 && !n.output(0).empty() && !ctx.t(n.output(0)).known;
    bool needAny = need;
    for (int k = 1; k < n.output_size(); ++k)
        if (!n.output(k).empty() && !ctx.t(n.output(k)).known)
            needAny = true;
    ctx.shapeProblem.clear();
    if (needAny)
        inferDims(ctx, n);
    if (allStatic || n.op_type() == "Shape" || n.op_type() == "Size")
        evaluateNode(ctx, n);
}

} // namespace onnximport
} // namespace cocco
