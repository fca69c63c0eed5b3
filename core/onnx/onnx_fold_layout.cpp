// Layout kernels of the import-time interpreter (onnx_fold_kernels.h): ops that move, select or
// reshape the elements of operand 0 without computing new values.
#include "onnx_fold_kernels.h"

#include "onnx_context.h"

#include <algorithm>

namespace cocco {
namespace onnximport {

namespace {

// Gathers `src` at the multi-index of each output element: `srcIndex(outIndex)` gives the linear
// source index or -1 (invalid).
bool remap(const FoldValue &src, const Dims &od, const std::function<int64_t(const Dims &)> &srcIndex, FoldValue *out)
{
    size_t n = 0;
    if (!elementCount(od, &n))
        return false;
    out->dims = od;
    out->elemType = src.elemType;
    out->values.resize(n);
    Dims idx(od.size(), 0);
    for (size_t e = 0; e < n; ++e) {
        const int64_t s = srcIndex(idx);
        if (s < 0 || static_cast<size_t>(s) >= src.values.size())
            return false;
        out->values[e] = src.values[static_cast<size_t>(s)];
        for (size_t a = od.size(); a-- > 0;) {
            if (++idx[a] < od[a])
                break;
            idx[a] = 0;
        }
    }
    return true;
}

bool sliceAxis(int64_t dim, int64_t start, int64_t end, int64_t step, int64_t *s, int64_t *len)
{
    if (step == 0)
        return false;
    if (start < 0)
        start += dim;
    if (end < 0)
        end += dim;
    if (step > 0) {
        start = std::max<int64_t>(0, std::min(start, dim));
        end = std::max<int64_t>(0, std::min(end, dim));
        *len = end > start ? (end - start + step - 1) / step : 0;
    } else {
        start = std::max<int64_t>(-1, std::min(start, dim - 1));
        end = std::max<int64_t>(-1, std::min(end, dim - 1));
        *len = start > end ? (start - end + (-step) - 1) / (-step) : 0;
    }
    *s = start;
    return true;
}

// Operand 0's values under new dims od (Squeeze, Unsqueeze, Flatten, Reshape).
bool sameValues(const FoldCall &c, const Dims &od)
{
    const FoldValue &x = c.in[0];
    size_t cnt = 0;
    if (!elementCount(od, &cnt) || cnt != x.values.size())
        return c.fail("the element count changes");
    FoldValue &out = c.out();
    out.dims = od;
    out.elemType = x.elemType;
    out.values = x.values;
    return true;
}

bool gather(const FoldCall &c)
{
    const FoldValue &x = c.in[0];
    Dims idx;
    size_t ax = 0;
    if (!c.has(1) || !ints(c.in[1], &idx) || !normAxis(attrInt(c.n, "axis", 0), x.dims.size(), &ax))
        return c.fail("indices are not constant or the axis is out of range");
    const int64_t dim = x.dims[ax];
    for (int64_t &i : idx) {
        if (i < 0)
            i += dim;
        if (i < 0 || i >= dim)
            return c.fail("an index is out of range");
    }
    const Dims &id = c.in[1].dims;
    Dims od(x.dims.begin(), x.dims.begin() + static_cast<long>(ax));
    od.insert(od.end(), id.begin(), id.end());
    od.insert(od.end(), x.dims.begin() + static_cast<long>(ax) + 1, x.dims.end());
    const Dims xs = stridesOf(x.dims), is = stridesOf(id);
    const size_t ir = id.size();
    return remap(x, od, [&](const Dims &o) {
        int64_t s = 0;
        for (size_t a = 0; a < ax; ++a)
            s += o[a] * xs[a];
        int64_t k = 0;
        for (size_t a = 0; a < ir; ++a)
            k += o[ax + a] * is[a];
        s += idx[static_cast<size_t>(k)] * xs[ax];
        for (size_t a = ax + 1; a < x.dims.size(); ++a)
            s += o[a + ir - 1] * xs[a];
        return s;
    }, &c.out());
}

bool slice(const FoldCall &c)
{
    const FoldValue &x = c.in[0];
    Dims starts, ends, axes, steps;
    if (c.opset < 10) {
        starts = attrInts(c.n, "starts");
        ends = attrInts(c.n, "ends");
        axes = attrInts(c.n, "axes");
    } else {
        if (!c.has(1) || !c.has(2) || !ints(c.in[1], &starts) || !ints(c.in[2], &ends))
            return c.fail("starts / ends are not constant");
        if (c.in.size() > 3 && c.in[3].present && !ints(c.in[3], &axes))
            return c.fail("axes are not constant");
        if (c.in.size() > 4 && c.in[4].present && !ints(c.in[4], &steps))
            return c.fail("steps are not constant");
    }
    if (axes.empty())
        for (size_t i = 0; i < starts.size(); ++i)
            axes.push_back(static_cast<int64_t>(i));
    steps.resize(starts.size(), 1);
    if (starts.size() != ends.size() || axes.size() != starts.size() || steps.size() != starts.size())
        return c.fail("starts, ends, axes and steps differ in length");
    Dims od = x.dims, first(x.dims.size(), 0), step(x.dims.size(), 1);
    std::vector<char> seen(x.dims.size(), 0);
    for (size_t i = 0; i < starts.size(); ++i) {
        size_t a = 0;
        if (!normAxis(axes[i], x.dims.size(), &a) || seen[a])
            return c.fail("an axis is out of range or repeated");
        seen[a] = 1;
        int64_t s = 0, len = 0;
        if (!sliceAxis(x.dims[a], toInt(static_cast<double>(starts[i])), toInt(static_cast<double>(ends[i])), steps[i], &s, &len))
            return c.fail("a step is zero");
        first[a] = s;
        step[a] = steps[i];
        od[a] = len;
    }
    const Dims xs = stridesOf(x.dims);
    return remap(x, od, [&](const Dims &o) {
        int64_t s = 0;
        for (size_t a = 0; a < o.size(); ++a)
            s += (first[a] + o[a] * step[a]) * xs[a];
        return s;
    }, &c.out());
}

bool concat(const FoldCall &c)
{
    const FoldValue &x = c.in[0];
    size_t ax = 0;
    if (!normAxis(attrInt(c.n, "axis", 0), x.dims.size(), &ax))
        return c.fail("the axis is out of range");
    Dims od = x.dims;
    for (size_t i = 1; i < c.in.size(); ++i) {
        if (!c.has(i) || c.in[i].dims.size() != x.dims.size())
            return c.fail("operand " + std::to_string(i) + " is not a constant of the same rank");
        for (size_t a = 0; a < od.size(); ++a)
            if (a != ax && c.in[i].dims[a] != od[a])
                return c.fail("operand dims differ outside the axis");
        od[ax] += c.in[i].dims[ax];
    }
    size_t cnt = 0;
    if (!elementCount(od, &cnt))
        return c.fail("too many elements");
    const int64_t outer = productOr0(od, 0, ax), inner = productOr0(od, ax + 1);
    FoldValue &out = c.out();
    out.dims = od;
    out.elemType = x.elemType;
    for (int64_t o = 0; o < outer; ++o)
        for (const FoldValue &v : c.in) {
            const size_t chunk = static_cast<size_t>(v.dims[ax] * inner);
            const auto *p = v.values.data() + static_cast<size_t>(o) * chunk;
            out.values.insert(out.values.end(), p, p + chunk);
        }
    return true;
}

bool squeeze(const FoldCall &c)
{
    const FoldValue &x = c.in[0];
    Dims axes, od;
    bool given = false;
    if (!axesOf(c.n, c.in, 1, &axes, &given))
        return c.fail("axes are not constant");
    std::vector<char> mark;
    if (c.op() == "Squeeze") {
        if (!normAxes(axes, x.dims.size(), &mark))
            return c.fail("an axis is out of range");
        for (size_t i = 0; i < x.dims.size(); ++i)
            if (!(axes.empty() ? x.dims[i] == 1 : (mark[i] && x.dims[i] == 1)))
                od.push_back(x.dims[i]);
    } else {
        if (!normAxes(axes, x.dims.size() + axes.size(), &mark))
            return c.fail("an axis is out of range");
        size_t j = 0;
        for (char m : mark)
            od.push_back(m ? 1 : x.dims[j++]);
    }
    return sameValues(c, od);
}

bool flatten(const FoldCall &c)
{
    const Dims &d = c.in[0].dims;
    int64_t axis = attrInt(c.n, "axis", 1);
    const int64_t r = static_cast<int64_t>(d.size());
    if (axis < 0)
        axis += r;
    if (axis < 0 || axis > r)
        return c.fail("the axis is out of range");
    return sameValues(c, {productOr0(d, 0, static_cast<size_t>(axis)), productOr0(d, static_cast<size_t>(axis))});
}

bool reshape(const FoldCall &c)
{
    const FoldValue &x = c.in[0];
    Dims shape;
    if (!c.has(1) || !ints(c.in[1], &shape))
        return c.fail("the target shape is not constant");
    int infer = -1;
    int64_t known = 1;
    const bool allowZero = attrInt(c.n, "allowzero", 0) != 0;
    for (size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] == 0 && !allowZero) {
            if (i >= x.dims.size())
                return c.fail("a 0 in the shape has no input dimension");
            shape[i] = x.dims[i];
        }
        if (shape[i] == -1) {
            if (infer >= 0)
                return c.fail("two -1 in the shape");
            infer = static_cast<int>(i);
        } else if (shape[i] < 0) {
            return c.fail("a negative dimension");
        } else {
            known *= shape[i];
            if (known > static_cast<int64_t>(kMaxFoldElements))
                return c.fail("too many elements");
        }
    }
    const int64_t total = static_cast<int64_t>(x.values.size());
    if (infer >= 0) {
        if (known == 0 || total % known != 0)
            return c.fail("-1 cannot be inferred");
        shape[static_cast<size_t>(infer)] = total / known;
    }
    return sameValues(c, shape);
}

bool expand(const FoldCall &c)
{
    const FoldValue &x = c.in[0];
    Dims p, od;
    if (!c.has(1) || !ints(c.in[1], &p))
        return c.fail("the shape / repeats are not constant");
    if (!broadcastDims({x.dims, p}, &od))
        return c.fail("the shapes do not broadcast");
    // x broadcast against a zero tensor of the target dims
    FoldValue target;
    size_t cnt = 0;
    if (!elementCount(od, &cnt))
        return c.fail("too many elements");
    target.dims = od;
    target.values.assign(cnt, 0);
    target.present = target.hasValues = true;
    return broadcastMap({&x, &target}, x.elemType, [](const std::vector<double> &a) { return a[0]; }, &c.out());
}

bool tile(const FoldCall &c)
{
    const FoldValue &x = c.in[0];
    Dims p, od;
    if (!c.has(1) || !ints(c.in[1], &p))
        return c.fail("the shape / repeats are not constant");
    if (p.size() != x.dims.size())
        return c.fail("repeats do not match the rank");
    for (size_t i = 0; i < p.size(); ++i) {
        if (p[i] < 0)
            return c.fail("a negative repeat");
        od.push_back(x.dims[i] * p[i]);
    }
    const Dims xs = stridesOf(x.dims);
    return remap(x, od, [&](const Dims &o) {
        int64_t s = 0;
        for (size_t a = 0; a < o.size(); ++a)
            s += (o[a] % x.dims[a]) * xs[a];
        return s;
    }, &c.out());
}

bool transpose(const FoldCall &c)
{
    const FoldValue &x = c.in[0];
    const int64_t rank = static_cast<int64_t>(x.dims.size());
    Dims perm = attrInts(c.n, "perm");
    if (perm.empty())
        for (int64_t i = rank; i-- > 0;)
            perm.push_back(i);
    std::vector<char> mark;
    if (perm.size() != x.dims.size() || !normAxes(perm, x.dims.size(), &mark))
        return c.fail("perm is not a permutation of the axes");
    for (int64_t &p : perm)
        p = p < 0 ? p + rank : p;
    Dims od;
    for (int64_t p : perm)
        od.push_back(x.dims[static_cast<size_t>(p)]);
    const Dims xs = stridesOf(x.dims);
    return remap(x, od, [&](const Dims &o) {
        int64_t s = 0;
        for (size_t a = 0; a < o.size(); ++a)
            s += o[a] * xs[static_cast<size_t>(perm[a])];
        return s;
    }, &c.out());
}

bool split(const FoldCall &c)
{
    const FoldValue &x = c.in[0];
    size_t ax = 0;
    if (!normAxis(attrInt(c.n, "axis", 0), x.dims.size(), &ax) || c.n.output_size() < 1)
        return c.fail("the axis is out of range");
    Dims parts = attrInts(c.n, "split");
    if (parts.empty() && c.has(1) && !ints(c.in[1], &parts))
        return c.fail("split sizes are not constant");
    const int k = c.n.output_size();
    if (parts.empty()) {
        const int64_t each = (x.dims[ax] + k - 1) / k;
        for (int i = 0; i < k; ++i)
            parts.push_back(std::max<int64_t>(0, std::min(each, x.dims[ax] - each * i)));
    }
    int64_t sum = 0;
    for (int64_t p : parts)
        sum += p < 0 ? -kMaxElements : p;
    if (static_cast<int>(parts.size()) != k || sum != x.dims[ax])
        return c.fail("split sizes do not add up to the axis");
    const Dims xs = stridesOf(x.dims);
    int64_t off = 0;
    for (int i = 0; i < k; ++i) {
        Dims od = x.dims;
        od[ax] = parts[static_cast<size_t>(i)];
        if (!remap(x, od, [&](const Dims &o) {
                int64_t s = 0;
                for (size_t a = 0; a < o.size(); ++a)
                    s += (o[a] + (a == ax ? off : 0)) * xs[a];
                return s;
            }, &c.outs[static_cast<size_t>(i)]))
            return c.fail("too many elements");
        off += parts[static_cast<size_t>(i)];
    }
    return true;
}

} // namespace

void addLayoutKernels(FoldKernels &k)
{
    k["Gather"] = {gather};
    k["Slice"] = {slice};
    k["Concat"] = {concat};
    k["Squeeze"] = k["Unsqueeze"] = {squeeze};
    k["Flatten"] = {flatten};
    k["Reshape"] = {reshape};
    k["Expand"] = {expand};
    k["Tile"] = {tile};
    k["Transpose"] = {transpose};
    k["Split"] = {split};
}

} // namespace onnximport
} // namespace cocco
