// The shape rules of the data-moving and view ops (onnx_shape_rules.h).
#include "onnx_shape_rules.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace cocco {
namespace onnximport {

namespace {

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

// Concat.
void shapeConcat(Context &ctx, const onnx::NodeProto &n, const std::string &/*op*/,
                 const std::vector<int64_t> &/*x*/, bool /*hx*/)
{
    std::vector<int64_t> out;
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
}

// Split.
void shapeSplit(Context &ctx, const onnx::NodeProto &n, const std::string &/*op*/,
                const std::vector<int64_t> &x, bool hx)
{
    std::vector<int64_t> out;
    std::vector<double> vals;
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
}

// Slice.
void shapeSlice(Context &ctx, const onnx::NodeProto &n, const std::string &/*op*/,
                const std::vector<int64_t> &x, bool hx)
{
    std::vector<int64_t> out;
    std::vector<double> vals;
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
}

// Reshape.
void shapeReshape(Context &ctx, const onnx::NodeProto &n, const std::string &/*op*/,
                  const std::vector<int64_t> &x, bool hx)
{
    std::vector<double> vals;
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
}

// Flatten.
void shapeFlatten(Context &ctx, const onnx::NodeProto &n, const std::string &/*op*/,
                  const std::vector<int64_t> &x, bool hx)
{
    size_t ax = 0;
    const int64_t axis = attrInt(n, "axis", 1);
    if (!hx || (!(axis == static_cast<int64_t>(x.size())) && !normAxis(axis, x.size(), &ax)))
        return;
    if (axis == static_cast<int64_t>(x.size()))
        ax = x.size();
    setDims(ctx, n, 0, {productOr0(x, 0, ax), productOr0(x, ax)});
}

// Transpose.
void shapeTranspose(Context &ctx, const onnx::NodeProto &n, const std::string &/*op*/,
                    const std::vector<int64_t> &x, bool hx)
{
    std::vector<int64_t> out;
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
}

// Squeeze / Unsqueeze.
void shapeSqueeze(Context &ctx, const onnx::NodeProto &n, const std::string &op, const std::vector<int64_t> &x, bool hx)
{
    std::vector<int64_t> out;
    std::vector<double> vals;
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
}

// Shape.
void shapeShape(Context &ctx, const onnx::NodeProto &n, const std::string &/*op*/,
                const std::vector<int64_t> &x, bool hx)
{
    if (!hx)
        return;
    const int64_t r = static_cast<int64_t>(x.size());
    int64_t s = attrInt(n, "start", 0), e = attrInt(n, "end", r);
    s = std::max<int64_t>(0, std::min(r, s < 0 ? s + r : s));
    e = std::max<int64_t>(0, std::min(r, e < 0 ? e + r : e));
    setDims(ctx, n, 0, {std::max<int64_t>(0, e - s)});
}

// Size.
void shapeSize(Context &ctx, const onnx::NodeProto &n, const std::string &/*op*/,
               const std::vector<int64_t> &/*x*/, bool /*hx*/)
{
    setDims(ctx, n, 0, {});
}

// Gather.
void shapeGather(Context &ctx, const onnx::NodeProto &n, const std::string &/*op*/,
                 const std::vector<int64_t> &x, bool hx)
{
    std::vector<int64_t> out;
    std::vector<int64_t> idx;
    size_t ax = 0;
    if (!hx || !inDims(ctx, n, 1, &idx) || !normAxis(attrInt(n, "axis", 0), x.size(), &ax))
        return;
    out.assign(x.begin(), x.begin() + static_cast<long>(ax));
    out.insert(out.end(), idx.begin(), idx.end());
    out.insert(out.end(), x.begin() + static_cast<long>(ax) + 1, x.end());
    setDims(ctx, n, 0, out);
}

// ConstantOfShape.
void shapeConstantOfShape(Context &ctx, const onnx::NodeProto &n, const std::string &/*op*/,
                          const std::vector<int64_t> &/*x*/, bool /*hx*/)
{
    std::vector<double> vals;
    if (inValues(ctx, n, 0, &vals))
        setDims(ctx, n, 0, asInts(vals));
}

// Expand.
void shapeExpand(Context &ctx, const onnx::NodeProto &n, const std::string &/*op*/,
                 const std::vector<int64_t> &x, bool hx)
{
    std::vector<int64_t> out;
    std::vector<double> vals;
    if (hx && inValues(ctx, n, 1, &vals) && broadcastDims({x, asInts(vals)}, &out))
        setDims(ctx, n, 0, out);
}

// Tile.
void shapeTile(Context &ctx, const onnx::NodeProto &n, const std::string &/*op*/,
               const std::vector<int64_t> &x, bool hx)
{
    std::vector<int64_t> out;
    std::vector<double> vals;
    if (!hx || !inValues(ctx, n, 1, &vals) || vals.size() != x.size())
        return;
    const auto rep = asInts(vals);
    for (size_t i = 0; i < x.size(); ++i) {
        if (rep[i] < 0 || (rep[i] > 0 && x[i] > kMaxElements / rep[i]))
            return;
        out.push_back(x[i] * rep[i]);
    }
    setDims(ctx, n, 0, out);
}

// Constant.
void shapeConstant(Context &/*ctx*/, const onnx::NodeProto &/*n*/, const std::string &/*op*/,
                   const std::vector<int64_t> &/*x*/, bool /*hx*/)
{
    // dims come from the value attribute in evaluateNode()
}

} // namespace

// Reduce* / ArgMax / ArgMin.
void shapeReduce(Context &ctx, const onnx::NodeProto &n, const std::string &op, const std::vector<int64_t> &x, bool hx)
{
    std::vector<int64_t> out;
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
}

void addDataShapeRules(ShapeRules &m)
{
    m["Concat"] = shapeConcat;
    m["Split"] = shapeSplit;
    m["Slice"] = shapeSlice;
    m["Reshape"] = shapeReshape;
    m["Flatten"] = shapeFlatten;
    m["Transpose"] = shapeTranspose;
    for (const char *op : {"Squeeze", "Unsqueeze"})
        m[op] = shapeSqueeze;
    m["Shape"] = shapeShape;
    m["Size"] = shapeSize;
    m["Gather"] = shapeGather;
    for (const char *op : {"ArgMax", "ArgMin"})
        m[op] = shapeReduce;
    m["ConstantOfShape"] = shapeConstantOfShape;
    m["Expand"] = shapeExpand;
    m["Tile"] = shapeTile;
    m["Constant"] = shapeConstant;
}

} // namespace onnximport
} // namespace cocco
