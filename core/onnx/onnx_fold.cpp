// The import-time tensor interpreter of onnx_fold.h. Values are kept as doubles (exact for the
// integers of shape computations, |x| < 2^53); integer results are truncated like ONNX Runtime's.
#include "onnx_fold.h"

#include "onnx_context.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

namespace cocco {
namespace onnximport {

namespace {

using Dims = std::vector<int64_t>;

const std::set<std::string> kUnary = {"Neg", "Abs", "Not", "Identity", "Floor", "Ceil", "Sqrt", "Reciprocal", "Relu",
                                      "Sign", "Round", "Cast", "CastLike"};
const std::set<std::string> kBinary = {"Add", "Sub", "Mul", "Div", "Mod", "Pow", "Equal", "Less", "Greater",
                                       "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor", "BitShift"};
const std::set<std::string> kVariadic = {"Min", "Max", "Sum", "Mean"};
const std::set<std::string> kShapeOps = {"Shape", "Size", "Gather", "Slice", "Concat", "Squeeze", "Unsqueeze",
                                         "Range", "ConstantOfShape", "Expand", "Reshape", "Flatten", "Tile",
                                         "Where", "Transpose", "Split", "ReduceProd", "ReduceSum", "ReduceMin",
                                         "ReduceMax", "ReduceMean", "Constant"};

bool count(const Dims &d, size_t *n)
{
    int64_t p = 0;
    if (d.size() > static_cast<size_t>(kMaxRank) || !product(d, &p) || static_cast<uint64_t>(p) > kMaxFoldElements)
        return false;
    *n = static_cast<size_t>(p);
    return true;
}

Dims stridesOf(const Dims &d)
{
    Dims s(d.size(), 1);
    for (size_t i = d.size(); i-- > 1;)
        s[i - 1] = s[i] * d[i];
    return s;
}

bool isBoolOrInt(int32_t t) { return isIntType(t); }

double cast(double x, int32_t to)
{
    if (to == onnx::TensorProto_DataType_BOOL)
        return x != 0 ? 1 : 0;
    if (isIntType(to))
        return std::isfinite(x) ? static_cast<double>(toInt(x)) : 0;
    if (to == onnx::TensorProto_DataType_FLOAT || to == onnx::TensorProto_DataType_FLOAT16
        || to == onnx::TensorProto_DataType_BFLOAT16)
        return static_cast<double>(static_cast<float>(x));
    return x;
}

// Element-wise map of several broadcast operands.
bool broadcastMap(const std::vector<const FoldValue *> &ops, int32_t type,
                  const std::function<double(const std::vector<double> &)> &f, FoldValue *out)
{
    std::vector<Dims> shapes;
    for (const FoldValue *o : ops)
        shapes.push_back(o->dims);
    Dims od;
    size_t n = 0;
    if (!broadcastDims(shapes, &od) || !count(od, &n))
        return false;
    const Dims os = stridesOf(od);
    std::vector<Dims> is;
    for (const FoldValue *o : ops) {
        Dims s = stridesOf(o->dims);
        Dims b(od.size(), 0);
        const size_t off = od.size() - o->dims.size();
        for (size_t i = 0; i < o->dims.size(); ++i)
            b[off + i] = o->dims[i] == 1 ? 0 : s[i];
        is.push_back(b);
    }
    out->dims = od;
    out->elemType = type;
    out->values.resize(n);
    std::vector<double> args(ops.size());
    for (size_t e = 0; e < n; ++e) {
        for (size_t k = 0; k < ops.size(); ++k) {
            int64_t idx = 0, rem = static_cast<int64_t>(e);
            for (size_t a = 0; a < od.size(); ++a) {
                idx += (rem / os[a]) * is[k][a];
                rem %= os[a];
            }
            args[k] = ops[k]->values[static_cast<size_t>(idx)];
        }
        out->values[e] = cast(f(args), type);
    }
    return true;
}

double binary(const std::string &op, double x, double y, bool isInt, bool fmod, bool left)
{
    if (op == "Add") return x + y;
    if (op == "Sub") return x - y;
    if (op == "Mul") return x * y;
    if (op == "Div") {
        if (y == 0)
            return isInt ? 0 : (x == 0 ? NAN : (x > 0) == !std::signbit(y) ? INFINITY : -INFINITY);
        return isInt ? std::trunc(x / y) : x / y;
    }
    if (op == "Mod") {
        if (y == 0)
            return isInt ? 0 : NAN;
        if (fmod || !isInt)
            return std::fmod(x, y);
        const double r = std::fmod(x, y);
        return r != 0 && ((r < 0) != (y < 0)) ? r + y : r; // sign of the divisor, like Python
    }
    if (op == "Pow") return std::pow(x, y);
    if (op == "Equal") return x == y;
    if (op == "Less") return x < y;
    if (op == "Greater") return x > y;
    if (op == "LessOrEqual") return x <= y;
    if (op == "GreaterOrEqual") return x >= y;
    if (op == "And") return (x != 0) && (y != 0);
    if (op == "Or") return (x != 0) || (y != 0);
    if (op == "Xor") return (x != 0) != (y != 0);
    if (op == "BitShift") {
        // ONNX's BitShift is for unsigned types: shift the two's-complement bits (found by fuzzing:
        // a left shift of a negative int64 is undefined behaviour).
        const uint64_t a = static_cast<uint64_t>(toInt(x));
        const int64_t s = toInt(y);
        if (s < 0 || s > 63)
            return 0;
        return static_cast<double>(left ? (a << s) : (a >> s));
    }
    return NAN;
}

double unary(const std::string &op, double x)
{
    if (op == "Neg") return -x;
    if (op == "Abs") return std::fabs(x);
    if (op == "Not") return x == 0;
    if (op == "Floor") return std::floor(x);
    if (op == "Ceil") return std::ceil(x);
    if (op == "Sqrt") return std::sqrt(x);
    if (op == "Reciprocal") return 1 / x;
    if (op == "Relu") return std::max(0.0, x);
    if (op == "Sign") return x > 0 ? 1 : x < 0 ? -1 : 0;
    if (op == "Round") return std::nearbyint(x);
    return x; // Identity, Cast
}

bool ints(const FoldValue &v, Dims *out)
{
    if (!v.present || !v.hasValues)
        return false;
    *out = asInts(v.values);
    return true;
}

// Axes from the attribute (older opsets) or operand `k`.
bool axesOf(const onnx::NodeProto &n, const std::vector<FoldValue> &in, size_t k, Dims *axes, bool *given)
{
    *given = false;
    if (attribute(n, "axes")) {
        *axes = attrInts(n, "axes");
        *given = true;
        return true;
    }
    if (k < in.size() && in[k].present) {
        *given = true;
        return ints(in[k], axes);
    }
    axes->clear();
    return true;
}

bool normAxes(const Dims &axes, size_t rank, std::vector<char> *mark)
{
    mark->assign(rank, 0);
    for (int64_t a : axes) {
        size_t x = 0;
        if (!normAxis(a, rank, &x) || (*mark)[x])
            return false;
        (*mark)[x] = 1;
    }
    return true;
}

// Gathers `src` at the multi-index of each output element: `srcIndex(outIndex)` gives the linear
// source index or -1 (invalid).
bool remap(const FoldValue &src, const Dims &od, const std::function<int64_t(const Dims &)> &srcIndex, FoldValue *out)
{
    size_t n = 0;
    if (!count(od, &n))
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

bool reduce(const onnx::NodeProto &n, const std::vector<FoldValue> &in, FoldValue *out)
{
    const FoldValue &x = in[0];
    Dims axes;
    bool given = false;
    if (!axesOf(n, in, 1, &axes, &given))
        return false;
    std::vector<char> mark;
    if (!normAxes(axes, x.dims.size(), &mark))
        return false;
    if (axes.empty()) {
        if (attrInt(n, "noop_with_empty_axes", 0) != 0) {
            *out = x;
            return true;
        }
        mark.assign(x.dims.size(), 1);
    }
    const bool keep = attrInt(n, "keepdims", 1) != 0;
    Dims od, kd;
    for (size_t i = 0; i < x.dims.size(); ++i) {
        kd.push_back(mark[i] ? 1 : x.dims[i]);
        if (!mark[i])
            od.push_back(x.dims[i]);
        else if (keep)
            od.push_back(1);
    }
    size_t on = 0;
    if (!count(kd, &on))
        return false;
    const std::string &op = n.op_type();
    const double init = op == "ReduceProd" ? 1 : op == "ReduceMin" ? INFINITY : op == "ReduceMax" ? -INFINITY : 0;
    std::vector<double> acc(on, init);
    std::vector<int64_t> cnt(on, 0);
    const Dims ks = stridesOf(kd);
    Dims idx(x.dims.size(), 0);
    for (size_t e = 0; e < x.values.size(); ++e) {
        int64_t o = 0;
        for (size_t a = 0; a < idx.size(); ++a)
            o += (mark[a] ? 0 : idx[a]) * ks[a];
        double &r = acc[static_cast<size_t>(o)];
        const double v = x.values[e];
        r = op == "ReduceProd" ? r * v : op == "ReduceMin" ? std::min(r, v) : op == "ReduceMax" ? std::max(r, v) : r + v;
        ++cnt[static_cast<size_t>(o)];
        for (size_t a = idx.size(); a-- > 0;) {
            if (++idx[a] < x.dims[a])
                break;
            idx[a] = 0;
        }
    }
    if (op == "ReduceMean")
        for (size_t i = 0; i < on; ++i)
            acc[i] = cnt[i] ? acc[i] / static_cast<double>(cnt[i]) : NAN;
    out->dims = od;
    out->elemType = x.elemType;
    out->values.clear();
    for (double v : acc)
        out->values.push_back(cast(v, x.elemType));
    return true;
}

bool fold(const onnx::NodeProto &n, int64_t opset, const std::vector<FoldValue> &in, std::vector<FoldValue> *outs,
          std::string *why)
{
    const std::string &op = n.op_type();
    outs->assign(static_cast<size_t>(std::max(1, n.output_size())), FoldValue{});
    FoldValue &out = (*outs)[0];
    auto has = [&](size_t i) { return i < in.size() && in[i].present && in[i].hasValues; };
    auto fail = [&](const std::string &w) {
        if (why)
            *why = w;
        return false;
    };
    if (op == "Shape" || op == "Size") {
        if (in.empty() || !in[0].present)
            return fail("the input's dims are unknown");
        const Dims &d = in[0].dims;
        out.elemType = onnx::TensorProto_DataType_INT64;
        if (op == "Size") {
            out.values = {static_cast<double>(productOr0(d))};
            return true;
        }
        const int64_t r = static_cast<int64_t>(d.size());
        int64_t s = attrInt(n, "start", 0), e = attrInt(n, "end", r);
        s = std::max<int64_t>(0, std::min(r, s < 0 ? s + r : s));
        e = std::max<int64_t>(0, std::min(r, e < 0 ? e + r : e));
        for (int64_t i = s; i < e; ++i)
            out.values.push_back(static_cast<double>(d[static_cast<size_t>(i)]));
        out.dims = {static_cast<int64_t>(out.values.size())};
        return true;
    }
    if (op == "ConstantOfShape") {
        Dims d;
        size_t cnt = 0;
        if (!has(0) || !ints(in[0], &d) || !count(d, &cnt) || std::any_of(d.begin(), d.end(), [](int64_t x) { return x < 0; }))
            return fail("the shape is not a small constant");
        double fill = 0;
        out.elemType = onnx::TensorProto_DataType_FLOAT;
        if (const auto *v = attribute(n, "value")) {
            std::vector<double> fv;
            if (!readValues(v->t(), &fv) || fv.size() != 1)
                return fail("the fill value is not one element");
            fill = fv[0];
            out.elemType = v->t().data_type();
        }
        out.dims = d;
        out.values.assign(cnt, fill);
        return true;
    }
    if (op == "Range") {
        if (!has(0) || !has(1) || !has(2) || in[0].values.size() != 1 || in[1].values.size() != 1
            || in[2].values.size() != 1)
            return fail("start, limit and delta must be constant scalars");
        const double s = in[0].values[0], l = in[1].values[0], d = in[2].values[0];
        if (d == 0 || !std::isfinite(s) || !std::isfinite(l) || !std::isfinite(d))
            return fail("delta is zero");
        const double len = std::max(0.0, std::ceil((l - s) / d));
        if (len > static_cast<double>(kMaxFoldElements))
            return fail("more than " + std::to_string(kMaxFoldElements) + " elements");
        out.elemType = in[0].elemType;
        for (int64_t i = 0; i < static_cast<int64_t>(len); ++i)
            out.values.push_back(cast(s + static_cast<double>(i) * d, in[0].elemType));
        out.dims = {static_cast<int64_t>(out.values.size())};
        return true;
    }
    // Everything else needs the values of operand 0 (and of the parameter operands).
    if (!has(0))
        return fail("operand 0 is not a constant");
    const FoldValue &x = in[0];
    const int32_t xt = x.elemType;
    if (kUnary.count(op)) {
        int32_t to = xt;
        if (op == "Cast")
            to = static_cast<int32_t>(attrInt(n, "to", 0));
        else if (op == "CastLike")
            to = in.size() > 1 && in[1].present ? in[1].elemType : 0;
        else if (op == "Not")
            to = onnx::TensorProto_DataType_BOOL;
        out.dims = x.dims;
        out.elemType = to;
        for (double v : x.values)
            out.values.push_back(cast(unary(op, v), to));
        return true;
    }
    if (kBinary.count(op) || kVariadic.count(op) || op == "Where") {
        std::vector<const FoldValue *> ops;
        for (size_t i = 0; i < in.size(); ++i) {
            if (!has(i))
                return fail("operand " + std::to_string(i) + " is not a constant");
            ops.push_back(&in[i]);
        }
        const bool cmp = op == "Equal" || op == "Less" || op == "Greater" || op == "LessOrEqual"
                         || op == "GreaterOrEqual" || op == "And" || op == "Or" || op == "Xor";
        if (op == "Where") {
            if (ops.size() != 3)
                return fail("Where needs 3 operands");
            return broadcastMap(ops, in[1].elemType, [](const std::vector<double> &a) { return a[0] != 0 ? a[1] : a[2]; },
                                &out);
        }
        if (kVariadic.count(op)) {
            return broadcastMap(ops, xt, [&](const std::vector<double> &a) {
                double r = a[0];
                for (size_t i = 1; i < a.size(); ++i)
                    r = op == "Min" ? std::min(r, a[i]) : op == "Max" ? std::max(r, a[i]) : r + a[i];
                return op == "Mean" ? r / static_cast<double>(a.size()) : r;
            }, &out);
        }
        if (ops.size() != 2)
            return fail(op + " needs 2 operands");
        const bool isInt = isBoolOrInt(xt);
        const bool fm = attrInt(n, "fmod", 0) != 0;
        const bool left = attrString(n, "direction", "LEFT") == "LEFT";
        return broadcastMap(ops, cmp ? onnx::TensorProto_DataType_BOOL : xt,
                            [&](const std::vector<double> &a) { return binary(op, a[0], a[1], isInt, fm, left); }, &out);
    }
    if (op == "Gather") {
        Dims idx;
        size_t ax = 0;
        if (!has(1) || !ints(in[1], &idx) || !normAxis(attrInt(n, "axis", 0), x.dims.size(), &ax))
            return fail("indices are not constant or the axis is out of range");
        const int64_t dim = x.dims[ax];
        for (int64_t &i : idx) {
            if (i < 0)
                i += dim;
            if (i < 0 || i >= dim)
                return fail("an index is out of range");
        }
        Dims od(x.dims.begin(), x.dims.begin() + static_cast<long>(ax));
        od.insert(od.end(), in[1].dims.begin(), in[1].dims.end());
        od.insert(od.end(), x.dims.begin() + static_cast<long>(ax) + 1, x.dims.end());
        const Dims xs = stridesOf(x.dims), is = stridesOf(in[1].dims);
        const size_t ir = in[1].dims.size();
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
        }, &out);
    }
    if (op == "Slice") {
        Dims starts, ends, axes, steps;
        if (opset < 10) {
            starts = attrInts(n, "starts");
            ends = attrInts(n, "ends");
            axes = attrInts(n, "axes");
        } else {
            if (!has(1) || !has(2) || !ints(in[1], &starts) || !ints(in[2], &ends))
                return fail("starts / ends are not constant");
            if (in.size() > 3 && in[3].present && !ints(in[3], &axes))
                return fail("axes are not constant");
            if (in.size() > 4 && in[4].present && !ints(in[4], &steps))
                return fail("steps are not constant");
        }
        if (axes.empty())
            for (size_t i = 0; i < starts.size(); ++i)
                axes.push_back(static_cast<int64_t>(i));
        steps.resize(starts.size(), 1);
        if (starts.size() != ends.size() || axes.size() != starts.size() || steps.size() != starts.size())
            return fail("starts, ends, axes and steps differ in length");
        Dims od = x.dims, first(x.dims.size(), 0), step(x.dims.size(), 1);
        std::vector<char> seen(x.dims.size(), 0);
        for (size_t i = 0; i < starts.size(); ++i) {
            size_t a = 0;
            if (!normAxis(axes[i], x.dims.size(), &a) || seen[a])
                return fail("an axis is out of range or repeated");
            seen[a] = 1;
            int64_t s = 0, len = 0;
            if (!sliceAxis(x.dims[a], toInt(static_cast<double>(starts[i])), toInt(static_cast<double>(ends[i])), steps[i], &s,
                           &len))
                return fail("a step is zero");
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
        }, &out);
    }
    if (op == "Concat") {
        size_t ax = 0;
        if (!normAxis(attrInt(n, "axis", 0), x.dims.size(), &ax))
            return fail("the axis is out of range");
        Dims od = x.dims;
        for (size_t i = 1; i < in.size(); ++i) {
            if (!has(i) || in[i].dims.size() != x.dims.size())
                return fail("operand " + std::to_string(i) + " is not a constant of the same rank");
            for (size_t a = 0; a < od.size(); ++a)
                if (a != ax && in[i].dims[a] != od[a])
                    return fail("operand dims differ outside the axis");
            od[ax] += in[i].dims[ax];
        }
        size_t cnt = 0;
        if (!count(od, &cnt))
            return fail("too many elements");
        const int64_t outer = productOr0(od, 0, ax), inner = productOr0(od, ax + 1);
        out.dims = od;
        out.elemType = xt;
        for (int64_t o = 0; o < outer; ++o)
            for (const FoldValue &v : in) {
                const size_t chunk = static_cast<size_t>(v.dims[ax] * inner);
                const auto *p = v.values.data() + static_cast<size_t>(o) * chunk;
                out.values.insert(out.values.end(), p, p + chunk);
            }
        return true;
    }
    if (op == "Squeeze" || op == "Unsqueeze" || op == "Reshape" || op == "Flatten" || op == "Expand" || op == "Tile") {
        Dims od;
        if (op == "Squeeze" || op == "Unsqueeze") {
            Dims axes;
            bool given = false;
            if (!axesOf(n, in, 1, &axes, &given))
                return fail("axes are not constant");
            std::vector<char> mark;
            if (op == "Squeeze") {
                if (!normAxes(axes, x.dims.size(), &mark))
                    return fail("an axis is out of range");
                for (size_t i = 0; i < x.dims.size(); ++i)
                    if (!(axes.empty() ? x.dims[i] == 1 : (mark[i] && x.dims[i] == 1)))
                        od.push_back(x.dims[i]);
            } else {
                if (!normAxes(axes, x.dims.size() + axes.size(), &mark))
                    return fail("an axis is out of range");
                size_t j = 0;
                for (char m : mark)
                    od.push_back(m ? 1 : x.dims[j++]);
            }
        } else if (op == "Flatten") {
            int64_t axis = attrInt(n, "axis", 1);
            const int64_t r = static_cast<int64_t>(x.dims.size());
            if (axis < 0)
                axis += r;
            if (axis < 0 || axis > r)
                return fail("the axis is out of range");
            od = {productOr0(x.dims, 0, static_cast<size_t>(axis)), productOr0(x.dims, static_cast<size_t>(axis))};
        } else if (op == "Reshape") {
            Dims shape;
            if (!has(1) || !ints(in[1], &shape))
                return fail("the target shape is not constant");
            int infer = -1;
            int64_t known = 1;
            const bool allowZero = attrInt(n, "allowzero", 0) != 0;
            for (size_t i = 0; i < shape.size(); ++i) {
                if (shape[i] == 0 && !allowZero) {
                    if (i >= x.dims.size())
                        return fail("a 0 in the shape has no input dimension");
                    shape[i] = x.dims[i];
                }
                if (shape[i] == -1) {
                    if (infer >= 0)
                        return fail("two -1 in the shape");
                    infer = static_cast<int>(i);
                } else if (shape[i] < 0) {
                    return fail("a negative dimension");
                } else {
                    known *= shape[i];
                    if (known > static_cast<int64_t>(kMaxFoldElements))
                        return fail("too many elements");
                }
            }
            const int64_t total = static_cast<int64_t>(x.values.size());
            if (infer >= 0) {
                if (known == 0 || total % known != 0)
                    return fail("-1 cannot be inferred");
                shape[static_cast<size_t>(infer)] = total / known;
            }
            od = shape;
        } else { // Expand, Tile
            Dims p;
            if (!has(1) || !ints(in[1], &p))
                return fail("the shape / repeats are not constant");
            if (op == "Expand") {
                if (!broadcastDims({x.dims, p}, &od))
                    return fail("the shapes do not broadcast");
                // x broadcast against a zero tensor of the target dims
                FoldValue target;
                size_t cnt = 0;
                if (!count(od, &cnt))
                    return fail("too many elements");
                target.dims = od;
                target.values.assign(cnt, 0);
                target.present = target.hasValues = true;
                return broadcastMap({&x, &target}, xt, [](const std::vector<double> &a) { return a[0]; }, &out);
            }
            if (p.size() != x.dims.size())
                return fail("repeats do not match the rank");
            for (size_t i = 0; i < p.size(); ++i) {
                if (p[i] < 0)
                    return fail("a negative repeat");
                od.push_back(x.dims[i] * p[i]);
            }
            const Dims xs = stridesOf(x.dims);
            return remap(x, od, [&](const Dims &o) {
                int64_t s = 0;
                for (size_t a = 0; a < o.size(); ++a)
                    s += (o[a] % x.dims[a]) * xs[a];
                return s;
            }, &out);
        }
        size_t cnt = 0;
        if (!count(od, &cnt) || cnt != x.values.size())
            return fail("the element count changes");
        out.dims = od;
        out.elemType = xt;
        out.values = x.values;
        return true;
    }
    if (op == "Transpose") {
        Dims perm = attrInts(n, "perm");
        if (perm.empty())
            for (size_t i = x.dims.size(); i-- > 0;)
                perm.push_back(static_cast<int64_t>(i));
        std::vector<char> mark;
        if (perm.size() != x.dims.size() || !normAxes(perm, x.dims.size(), &mark))
            return fail("perm is not a permutation of the axes");
        Dims od;
        for (int64_t p : perm)
            od.push_back(x.dims[static_cast<size_t>(p < 0 ? p + static_cast<int64_t>(x.dims.size()) : p)]);
        const Dims xs = stridesOf(x.dims);
        return remap(x, od, [&](const Dims &o) {
            int64_t s = 0;
            for (size_t a = 0; a < o.size(); ++a)
                s += o[a] * xs[static_cast<size_t>(perm[a] < 0 ? perm[a] + static_cast<int64_t>(x.dims.size()) : perm[a])];
            return s;
        }, &out);
    }
    if (op == "Split") {
        size_t ax = 0;
        if (!normAxis(attrInt(n, "axis", 0), x.dims.size(), &ax) || n.output_size() < 1)
            return fail("the axis is out of range");
        Dims parts = attrInts(n, "split");
        if (parts.empty() && has(1) && !ints(in[1], &parts))
            return fail("split sizes are not constant");
        const int k = n.output_size();
        if (parts.empty()) {
            const int64_t each = (x.dims[ax] + k - 1) / k;
            for (int i = 0; i < k; ++i)
                parts.push_back(std::max<int64_t>(0, std::min(each, x.dims[ax] - each * i)));
        }
        int64_t sum = 0;
        for (int64_t p : parts)
            sum += p < 0 ? -kMaxElements : p;
        if (static_cast<int>(parts.size()) != k || sum != x.dims[ax])
            return fail("split sizes do not add up to the axis");
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
                }, &(*outs)[static_cast<size_t>(i)]))
                return fail("too many elements");
            off += parts[static_cast<size_t>(i)];
        }
        return true;
    }
    if (op.rfind("Reduce", 0) == 0)
        return reduce(n, in, &out) || fail("the axes are not constant or out of range");
    return fail("op " + op + " is not evaluated at import time");
}

} // namespace

bool isFoldable(const std::string &op)
{
    return kUnary.count(op) || kBinary.count(op) || kVariadic.count(op) || kShapeOps.count(op);
}

bool foldNode(const onnx::NodeProto &n, int64_t opset, const std::vector<FoldValue> &in, std::vector<FoldValue> *out,
              std::string *why)
{
    if (!(n.domain().empty() || n.domain() == "ai.onnx") || !isFoldable(n.op_type()) || n.op_type() == "Constant")
        return false;
    for (const FoldValue &v : in) {
        size_t c = 0;
        if (v.present && v.hasValues && (!count(v.dims, &c) || v.values.size() != c))
            return false;
        if (v.present && !sane(v.dims))
            return false;
    }
    if (!fold(n, opset, in, out, why))
        return false;
    for (FoldValue &o : *out) {
        o.present = o.hasValues = true;
        size_t c = 0;
        if (!count(o.dims, &c) || c != o.values.size())
            return false;
    }
    return true;
}

} // namespace onnximport
} // namespace cocco
