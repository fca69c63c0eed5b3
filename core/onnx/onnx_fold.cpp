// The import-time tensor interpreter of onnx_fold.h: the kernel registry, the helpers the kernels
// share, and the value kernels (shape queries, generators, element-wise maps, reductions); the
// layout kernels are in onnx_fold_layout.cpp. Values are kept as doubles (exact for the integers of
// shape computations, |x| < 2^53); integer results are truncated like ONNX Runtime's.
#include "onnx_fold_kernels.h"

#include "onnx_context.h"

#include <algorithm>
#include <cmath>

namespace cocco {
namespace onnximport {

bool elementCount(const Dims &d, size_t *n)
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

double castTo(double x, int32_t to)
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

bool broadcastMap(const std::vector<const FoldValue *> &ops, int32_t type,
                  const std::function<double(const std::vector<double> &)> &f, FoldValue *out)
{
    std::vector<Dims> shapes;
    for (const FoldValue *o : ops)
        shapes.push_back(o->dims);
    Dims od;
    size_t n = 0;
    if (!broadcastDims(shapes, &od) || !elementCount(od, &n))
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
        out->values[e] = castTo(f(args), type);
    }
    return true;
}

bool ints(const FoldValue &v, Dims *out)
{
    if (!v.present || !v.hasValues)
        return false;
    *out = asInts(v.values);
    return true;
}

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

namespace {

bool isBoolOrInt(int32_t t) { return isIntType(t); }

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
    if (!elementCount(kd, &on))
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
        out->values.push_back(castTo(v, x.elemType));
    return true;
}

bool shapeOf(const FoldCall &c)
{
    if (c.in.empty() || !c.in[0].present)
        return c.fail("the input's dims are unknown");
    const Dims &d = c.in[0].dims;
    FoldValue &out = c.out();
    out.elemType = onnx::TensorProto_DataType_INT64;
    if (c.op() == "Size") {
        out.values = {static_cast<double>(productOr0(d))};
        return true;
    }
    const int64_t r = static_cast<int64_t>(d.size());
    int64_t s = attrInt(c.n, "start", 0), e = attrInt(c.n, "end", r);
    s = std::max<int64_t>(0, std::min(r, s < 0 ? s + r : s));
    e = std::max<int64_t>(0, std::min(r, e < 0 ? e + r : e));
    for (int64_t i = s; i < e; ++i)
        out.values.push_back(static_cast<double>(d[static_cast<size_t>(i)]));
    out.dims = {static_cast<int64_t>(out.values.size())};
    return true;
}

bool constantOfShape(const FoldCall &c)
{
    Dims d;
    size_t cnt = 0;
    if (!c.has(0) || !ints(c.in[0], &d) || !elementCount(d, &cnt) || std::any_of(d.begin(), d.end(), [](int64_t x) { return x < 0; }))
        return c.fail("the shape is not a small constant");
    double fill = 0;
    FoldValue &out = c.out();
    out.elemType = onnx::TensorProto_DataType_FLOAT;
    if (const auto *v = attribute(c.n, "value")) {
        std::vector<double> fv;
        if (!readValues(v->t(), &fv) || fv.size() != 1)
            return c.fail("the fill value is not one element");
        fill = fv[0];
        out.elemType = v->t().data_type();
    }
    out.dims = d;
    out.values.assign(cnt, fill);
    return true;
}

bool range(const FoldCall &c)
{
    const std::vector<FoldValue> &in = c.in;
    if (!c.has(0) || !c.has(1) || !c.has(2) || in[0].values.size() != 1 || in[1].values.size() != 1 || in[2].values.size() != 1)
        return c.fail("start, limit and delta must be constant scalars");
    const double s = in[0].values[0], l = in[1].values[0], d = in[2].values[0];
    if (d == 0 || !std::isfinite(s) || !std::isfinite(l) || !std::isfinite(d))
        return c.fail("delta is zero");
    const double len = std::max(0.0, std::ceil((l - s) / d));
    if (len > static_cast<double>(kMaxFoldElements))
        return c.fail("more than " + std::to_string(kMaxFoldElements) + " elements");
    FoldValue &out = c.out();
    out.elemType = in[0].elemType;
    for (int64_t i = 0; i < static_cast<int64_t>(len); ++i)
        out.values.push_back(castTo(s + static_cast<double>(i) * d, in[0].elemType));
    out.dims = {static_cast<int64_t>(out.values.size())};
    return true;
}

bool unaryMap(const FoldCall &c)
{
    const FoldValue &x = c.in[0];
    const std::string &op = c.op();
    int32_t to = x.elemType;
    if (op == "Cast")
        to = static_cast<int32_t>(attrInt(c.n, "to", 0));
    else if (op == "CastLike")
        to = c.in.size() > 1 && c.in[1].present ? c.in[1].elemType : 0;
    else if (op == "Not")
        to = onnx::TensorProto_DataType_BOOL;
    FoldValue &out = c.out();
    out.dims = x.dims;
    out.elemType = to;
    for (double v : x.values)
        out.values.push_back(castTo(unary(op, v), to));
    return true;
}

// Every operand, all constant.
bool operands(const FoldCall &c, std::vector<const FoldValue *> *ops)
{
    for (size_t i = 0; i < c.in.size(); ++i) {
        if (!c.has(i))
            return c.fail("operand " + std::to_string(i) + " is not a constant");
        ops->push_back(&c.in[i]);
    }
    return true;
}

bool binaryMap(const FoldCall &c)
{
    std::vector<const FoldValue *> ops;
    if (!operands(c, &ops))
        return false;
    const std::string &op = c.op();
    if (ops.size() != 2)
        return c.fail(op + " needs 2 operands");
    const bool cmp = op == "Equal" || op == "Less" || op == "Greater" || op == "LessOrEqual" || op == "GreaterOrEqual"
                     || op == "And" || op == "Or" || op == "Xor";
    const int32_t xt = c.in[0].elemType;
    const bool isInt = isBoolOrInt(xt);
    const bool fm = attrInt(c.n, "fmod", 0) != 0;
    const bool left = attrString(c.n, "direction", "LEFT") == "LEFT";
    return broadcastMap(ops, cmp ? onnx::TensorProto_DataType_BOOL : xt,
                        [&](const std::vector<double> &a) { return binary(op, a[0], a[1], isInt, fm, left); }, &c.out());
}

bool variadicMap(const FoldCall &c)
{
    std::vector<const FoldValue *> ops;
    if (!operands(c, &ops))
        return false;
    const std::string &op = c.op();
    return broadcastMap(ops, c.in[0].elemType, [&](const std::vector<double> &a) {
        double r = a[0];
        for (size_t i = 1; i < a.size(); ++i)
            r = op == "Min" ? std::min(r, a[i]) : op == "Max" ? std::max(r, a[i]) : r + a[i];
        return op == "Mean" ? r / static_cast<double>(a.size()) : r;
    }, &c.out());
}

bool where(const FoldCall &c)
{
    std::vector<const FoldValue *> ops;
    if (!operands(c, &ops))
        return false;
    if (ops.size() != 3)
        return c.fail("Where needs 3 operands");
    return broadcastMap(ops, c.in[1].elemType, [](const std::vector<double> &a) { return a[0] != 0 ? a[1] : a[2]; }, &c.out());
}

bool reduction(const FoldCall &c)
{
    return reduce(c.n, c.in, &c.out()) || c.fail("the axes are not constant or out of range");
}

const FoldKernels &kernels()
{
    static const FoldKernels k = [] {
        FoldKernels r;
        addValueKernels(r);
        addLayoutKernels(r);
        return r;
    }();
    return k;
}

} // namespace

void addValueKernels(FoldKernels &k)
{
    k["Shape"] = k["Size"] = {shapeOf, false};
    k["ConstantOfShape"] = {constantOfShape, false};
    k["Range"] = {range, false};
    for (const char *op : {"Neg", "Abs", "Not", "Identity", "Floor", "Ceil", "Sqrt", "Reciprocal", "Relu", "Sign", "Round", "Cast", "CastLike"})
        k[op] = {unaryMap};
    for (const char *op : {"Add", "Sub", "Mul", "Div", "Mod", "Pow", "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual",
                           "And", "Or", "Xor", "BitShift"})
        k[op] = {binaryMap};
    for (const char *op : {"Min", "Max", "Sum", "Mean"})
        k[op] = {variadicMap};
    k["Where"] = {where};
    for (const char *op : {"ReduceProd", "ReduceSum", "ReduceMin", "ReduceMax", "ReduceMean"})
        k[op] = {reduction};
}

bool isFoldable(const std::string &op) { return kernels().count(op) != 0; }

bool foldNode(const onnx::NodeProto &n, int64_t opset, const std::vector<FoldValue> &in, std::vector<FoldValue> *out,
              std::string *why)
{
    if (!(n.domain().empty() || n.domain() == "ai.onnx"))
        return false;
    const auto kernel = kernels().find(n.op_type());
    if (kernel == kernels().end())
        return false;
    for (const FoldValue &v : in) {
        size_t c = 0;
        if (v.present && v.hasValues && (!elementCount(v.dims, &c) || v.values.size() != c))
            return false;
        if (v.present && !sane(v.dims))
            return false;
    }
    out->assign(static_cast<size_t>(std::max(1, n.output_size())), FoldValue{});
    const FoldCall call{n, opset, in, *out, why};
    if (kernel->second.needsValues && !call.has(0))
        return call.fail("operand 0 is not a constant");
    if (!kernel->second.run(call))
        return false;
    for (FoldValue &o : *out) {
        o.present = o.hasValues = true;
        size_t c = 0;
        if (!elementCount(o.dims, &c) || c != o.values.size())
            return false;
    }
    return true;
}

} // namespace onnximport
} // namespace cocco
