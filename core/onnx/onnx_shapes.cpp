// Our per-op shape rules: they fill the dims that ONNX's shape inference left unknown (opsets it
// does not know, failed inference, unknown ops) and evaluate small static tensors of shape chains
// (Shape -> Gather -> Concat -> Reshape) so that Reshape / Slice / Resize / Pad targets are known.
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

std::vector<int64_t> reduceAxes(Context &ctx, const onnx::NodeProto &n, size_t rank, bool *ok)
{
    std::vector<int64_t> axes = attrInts(n, "axes");
    std::vector<double> v;
    if (axes.empty() && inValues(ctx, n, 1, &v))
        axes = asInts(v);
    else if (axes.empty() && n.input_size() > 1 && !n.input(1).empty())
        *ok = false; // axes computed at run time
    std::vector<int64_t> r;
    for (int64_t a : axes) {
        size_t x = 0;
        if (!normAxis(a, rank, &x))
            *ok = false;
        else
            r.push_back(static_cast<int64_t>(x));
    }
    return r;
}

void inferDims(Context &ctx, const onnx::NodeProto &n)
{
    const std::string &op = n.op_type();
    std::vector<int64_t> x, w, out;
    const bool hx = inDims(ctx, n, 0, &x);
    std::vector<double> vals;
    std::string why;
    if ((op == "Conv" || op == "ConvInteger" || op == "ConvTranspose") && hx && inDims(ctx, n, 1, &w)
        && w.size() != x.size()) {
        ctx.shapeProblem = "input " + dimsText(x) + " and weight " + dimsText(w) + " differ in rank";
        return;
    }
    if (op == "Conv" || op == "ConvInteger" || op == "ConvTranspose") {
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
    } else if (op == "MaxPool" || op == "AveragePool" || op == "LpPool") {
        SpatialAttrs a;
        if (hx && !spatialAttrs(n, x, attrInts(n, "kernel_shape"), false, &a, &why))
            ctx.shapeProblem = why;
        else if (hx && convOut(x, x[1], a, attrInt(n, "ceil_mode", 0) != 0, &out))
            setDims(ctx, n, 0, out);
    } else if (op == "GlobalAveragePool" || op == "GlobalMaxPool" || op == "GlobalLpPool") {
        if (hx && x.size() >= 3) {
            out = x;
            std::fill(out.begin() + 2, out.end(), 1);
            setDims(ctx, n, 0, out);
        }
    } else if (op == "Gemm") {
        if (!hx || !inDims(ctx, n, 1, &w) || x.size() != 2 || w.size() != 2)
            return;
        const int64_t m = attrInt(n, "transA", 0) ? x[1] : x[0];
        const int64_t nn = attrInt(n, "transB", 0) ? w[0] : w[1];
        setDims(ctx, n, 0, {m, nn});
    } else if (op == "MatMul" || op == "MatMulInteger") {
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
    } else if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div" || op == "Pow" || op == "Max" || op == "Min"
               || op == "Sum" || op == "Mean" || op == "Where" || op == "PRelu" || op == "Equal" || op == "Less"
               || op == "Greater" || op == "And" || op == "Or" || op == "Xor" || op == "Mod" || op == "BitShift"
               || op == "LessOrEqual" || op == "GreaterOrEqual") {
        std::vector<std::vector<int64_t>> shapes;
        for (int i = 0; i < n.input_size(); ++i) {
            std::vector<int64_t> d;
            if (!inDims(ctx, n, i, &d))
                return;
            shapes.push_back(d);
        }
        if (broadcastDims(shapes, &out))
            setDims(ctx, n, 0, out);
    } else if (op == "Concat") {
        for (int i = 0; i < n.input_size(); ++i) {
            std::vector<int64_t> d;
            if (!inDims(ctx, n, i, &d))
                return;
            size_t ax = 0;
            if (!normAxis(attrInt(n, "axis", 0), d.size(), &ax))
                return;
            if (out.empty())
                out = d;
            else if (out.size() != d.size())
                return;
            else
                out[ax] += d[ax];
        }
        setDims(ctx, n, 0, out);
    } else if (op == "Split") {
        size_t ax = 0;
        if (!hx || !normAxis(attrInt(n, "axis", 0), x.size(), &ax))
            return;
        std::vector<int64_t> parts = attrInts(n, "split");
        if (parts.empty() && inValues(ctx, n, 1, &vals))
            parts = asInts(vals);
        const int k = n.output_size();
        if (parts.empty() && k > 0) {
            const int64_t each = (x[ax] + k - 1) / k;
            for (int i = 0; i < k; ++i)
                parts.push_back(std::min(each, x[ax] - each * i));
        }
        if (static_cast<int>(parts.size()) != k)
            return;
        for (int i = 0; i < k; ++i) {
            out = x;
            out[ax] = parts[static_cast<size_t>(i)];
            setDims(ctx, n, i, out);
        }
    } else if (op == "Slice") {
        if (!hx)
            return;
        std::vector<int64_t> starts = attrInts(n, "starts"), ends = attrInts(n, "ends"), axes = attrInts(n, "axes"),
                             steps;
        if (n.input_size() > 1) {
            if (!inValues(ctx, n, 1, &vals))
                return;
            starts = asInts(vals);
            if (!inValues(ctx, n, 2, &vals))
                return;
            ends = asInts(vals);
            if (inValues(ctx, n, 3, &vals))
                axes = asInts(vals);
            if (inValues(ctx, n, 4, &vals))
                steps = asInts(vals);
        }
        if (starts.size() != ends.size())
            return;
        if (axes.empty())
            for (size_t i = 0; i < starts.size(); ++i)
                axes.push_back(static_cast<int64_t>(i));
        steps.resize(starts.size(), 1);
        if (axes.size() != starts.size())
            return;
        out = x;
        for (size_t i = 0; i < starts.size(); ++i) {
            size_t ax = 0;
            if (!normAxis(axes[i], x.size(), &ax) || steps[i] == 0)
                return;
            const int64_t dim = x[ax];
            auto clampIdx = [&](int64_t v, bool forEnd) {
                if (v < 0)
                    v += dim;
                if (steps[i] > 0)
                    return std::max<int64_t>(0, std::min(v, dim));
                return std::max<int64_t>(forEnd ? -1 : 0, std::min(v, dim - 1));
            };
            const int64_t s = clampIdx(starts[i], false), e = clampIdx(ends[i], true);
            const int64_t len = steps[i] > 0 ? (e - s + steps[i] - 1) / steps[i] : (s - e + (-steps[i]) - 1) / (-steps[i]);
            out[ax] = std::max<int64_t>(0, len);
        }
        setDims(ctx, n, 0, out);
    } else if (op == "Reshape") {
        if (!hx || !inValues(ctx, n, 1, &vals))
            return;
        std::vector<int64_t> shape = asInts(vals);
        int64_t known = 1, total = 0;
        int infer = -1;
        if (!product(x, &total))
            return;
        for (size_t i = 0; i < shape.size(); ++i) {
            if (shape[i] == 0 && !attrInt(n, "allowzero", 0))
                shape[i] = i < x.size() ? x[i] : 1;
            if (shape[i] == -1) {
                if (infer >= 0)
                    return;
                infer = static_cast<int>(i);
            } else if (shape[i] < 0) {
                return;
            } else {
                if (shape[i] > 0 && known > kMaxElements / shape[i])
                    return;
                known *= std::max<int64_t>(shape[i], 1);
            }
        }
        if (infer >= 0)
            shape[static_cast<size_t>(infer)] = known ? total / known : 0;
        setDims(ctx, n, 0, shape);
    } else if (op == "Flatten") {
        size_t ax = 0;
        const int64_t axis = attrInt(n, "axis", 1);
        if (!hx || (!(axis == static_cast<int64_t>(x.size())) && !normAxis(axis, x.size(), &ax)))
            return;
        if (axis == static_cast<int64_t>(x.size()))
            ax = x.size();
        setDims(ctx, n, 0, {productOr0(x, 0, ax), productOr0(x, ax)});
    } else if (op == "Transpose") {
        if (!hx)
            return;
        std::vector<int64_t> perm = attrInts(n, "perm");
        if (perm.empty())
            for (size_t i = x.size(); i-- > 0;)
                perm.push_back(static_cast<int64_t>(i));
        if (perm.size() != x.size())
            return;
        for (int64_t p : perm) {
            size_t a = 0;
            if (!normAxis(p, x.size(), &a))
                return;
            out.push_back(x[a]);
        }
        setDims(ctx, n, 0, out);
    } else if (op == "Squeeze" || op == "Unsqueeze") {
        if (!hx)
            return;
        std::vector<int64_t> axes = attrInts(n, "axes");
        if (axes.empty() && inValues(ctx, n, 1, &vals))
            axes = asInts(vals);
        if (op == "Squeeze") {
            std::vector<char> drop(x.size(), 0);
            for (int64_t a : axes) {
                size_t ax = 0;
                if (!normAxis(a, x.size(), &ax))
                    return;
                drop[ax] = 1;
            }
            for (size_t i = 0; i < x.size(); ++i)
                if (!(axes.empty() ? x[i] == 1 : drop[i] != 0))
                    out.push_back(x[i]);
        } else {
            const size_t r = x.size() + axes.size();
            std::vector<char> ins(r, 0);
            for (int64_t a : axes) {
                size_t ax = 0;
                if (!normAxis(a, r, &ax))
                    return;
                ins[ax] = 1;
            }
            size_t j = 0;
            for (size_t i = 0; i < r; ++i)
                out.push_back(ins[i] ? 1 : (j < x.size() ? x[j++] : 1));
        }
        setDims(ctx, n, 0, out);
    } else if (op == "Resize" || op == "Upsample") {
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
    } else if (op == "Pad") {
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
    } else if (op == "Shape") {
        if (!hx)
            return;
        const int64_t r = static_cast<int64_t>(x.size());
        int64_t s = attrInt(n, "start", 0), e = attrInt(n, "end", r);
        s = std::max<int64_t>(0, std::min(r, s < 0 ? s + r : s));
        e = std::max<int64_t>(0, std::min(r, e < 0 ? e + r : e));
        setDims(ctx, n, 0, {std::max<int64_t>(0, e - s)});
    } else if (op == "Size") {
        setDims(ctx, n, 0, {});
    } else if (op == "Gather") {
        std::vector<int64_t> idx;
        size_t ax = 0;
        if (!hx || !inDims(ctx, n, 1, &idx) || !normAxis(attrInt(n, "axis", 0), x.size(), &ax))
            return;
        out.assign(x.begin(), x.begin() + static_cast<long>(ax));
        out.insert(out.end(), idx.begin(), idx.end());
        out.insert(out.end(), x.begin() + static_cast<long>(ax) + 1, x.end());
        setDims(ctx, n, 0, out);
    } else if (op.rfind("Reduce", 0) == 0 || op == "ArgMax" || op == "ArgMin") {
        if (!hx)
            return;
        bool ok = true;
        std::vector<int64_t> axes;
        if (op == "ArgMax" || op == "ArgMin") {
            size_t a = 0;
            if (!normAxis(attrInt(n, "axis", 0), x.size(), &a))
                return;
            axes.push_back(static_cast<int64_t>(a));
        } else {
            axes = reduceAxes(ctx, n, x.size(), &ok);
        }
        if (!ok)
            return;
        const bool keep = attrInt(n, "keepdims", 1) != 0;
        const bool noop = axes.empty() && attrInt(n, "noop_with_empty_axes", 0) != 0;
        for (size_t i = 0; i < x.size(); ++i) {
            const bool red = !noop && (axes.empty() || std::find(axes.begin(), axes.end(), static_cast<int64_t>(i)) != axes.end());
            if (!red)
                out.push_back(x[i]);
            else if (keep)
                out.push_back(1);
        }
        setDims(ctx, n, 0, out);
    } else if (op == "ConstantOfShape") {
        if (inValues(ctx, n, 0, &vals))
            setDims(ctx, n, 0, asInts(vals));
    } else if (op == "Expand") {
        if (hx && inValues(ctx, n, 1, &vals) && broadcastDims({x, asInts(vals)}, &out))
            setDims(ctx, n, 0, out);
    } else if (op == "Tile") {
        if (!hx || !inValues(ctx, n, 1, &vals) || vals.size() != x.size())
            return;
        const auto rep = asInts(vals);
        for (size_t i = 0; i < x.size(); ++i) {
            if (rep[i] < 0 || (rep[i] > 0 && x[i] > kMaxElements / rep[i]))
                return;
            out.push_back(x[i] * rep[i]);
        }
        setDims(ctx, n, 0, out);
    } else if (op == "DepthToSpace" || op == "SpaceToDepth") {
        const int64_t b = attrInt(n, "blocksize", 1);
        if (!hx || x.size() != 4 || b <= 0 || b > 4096)
            return;
        if (op == "DepthToSpace")
            setDims(ctx, n, 0, {x[0], x[1] / (b * b), x[2] * b, x[3] * b});
        else
            setDims(ctx, n, 0, {x[0], x[1] * b * b, x[2] / b, x[3] / b});
    } else if (op == "Constant") {
        // dims come from the value attribute in evaluateNode()
    } else if (hx) {
        // Element-wise and unknown ops keep the shape of their first input.
        setDims(ctx, n, 0, x);
        if (op == "Dropout" || op == "BatchNormalization")
            return;
    }
}

} // namespace

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
