// Values of small static tensors (shape chains: Shape -> Gather -> Concat -> Reshape, scales,
// pads, axes) so that our shape rules can use them.
#include "onnx_context.h"

#include <algorithm>
#include <cmath>

namespace cocco {
namespace onnximport {

void evaluateNode(Context &ctx, const onnx::NodeProto &n)
{
    const std::string &op = n.op_type();
    std::vector<double> a, b;
    const TensorInfo *t0 = input(ctx, n, 0);
    const bool isInt = t0 && isIntType(t0->elemType);
    if (op == "Constant") {
        if (const auto *v = attribute(n, "value")) {
            std::vector<int64_t> d(v->t().dims().begin(), v->t().dims().end());
            setDims(ctx, n, 0, d);
            if (n.output_size() > 0 && !n.output(0).empty())
                ctx.t(n.output(0)).elemType = v->t().data_type();
            if (readValues(v->t(), &a))
                setValues(ctx, n, 0, a, false);
        } else if (const auto *vi = attribute(n, "value_int")) {
            setDims(ctx, n, 0, {});
            setValues(ctx, n, 0, {static_cast<double>(vi->i())}, true);
        } else if (const auto *vis = attribute(n, "value_ints")) {
            setDims(ctx, n, 0, {static_cast<int64_t>(vis->ints_size())});
            std::vector<double> v(vis->ints().begin(), vis->ints().end());
            setValues(ctx, n, 0, v, true);
        } else if (const auto *vf = attribute(n, "value_float")) {
            setDims(ctx, n, 0, {});
            setValues(ctx, n, 0, {vf->f()}, false);
        } else if (const auto *vfs = attribute(n, "value_floats")) {
            setDims(ctx, n, 0, {static_cast<int64_t>(vfs->floats_size())});
            std::vector<double> v(vfs->floats().begin(), vfs->floats().end());
            setValues(ctx, n, 0, v, false);
        }
        return;
    }
    if (op == "Shape") {
        if (!t0 || !t0->known)
            return;
        const int64_t r = static_cast<int64_t>(t0->dims.size());
        int64_t s = attrInt(n, "start", 0), e = attrInt(n, "end", r);
        s = std::max<int64_t>(0, std::min(r, s < 0 ? s + r : s));
        e = std::max<int64_t>(0, std::min(r, e < 0 ? e + r : e));
        for (int64_t i = s; i < e; ++i)
            a.push_back(static_cast<double>(t0->dims[static_cast<size_t>(i)]));
        setValues(ctx, n, 0, a, true);
        return;
    }
    if (op == "Size") {
        if (t0 && t0->known)
            setValues(ctx, n, 0, {static_cast<double>(productOr0(t0->dims))}, true);
        return;
    }
    if (!inValues(ctx, n, 0, &a))
        return;
    if (op == "Identity" || op == "Unsqueeze" || op == "Squeeze" || op == "Reshape" || op == "Flatten") {
        setValues(ctx, n, 0, a, isInt);
    } else if (op == "Cast") {
        setValues(ctx, n, 0, a, isIntType(static_cast<int32_t>(attrInt(n, "to", 0))));
    } else if (op == "Gather") {
        if (!inValues(ctx, n, 1, &b) || (t0 && t0->dims.size() > 1))
            return;
        std::vector<double> r;
        for (double i : b) {
            int64_t k = toInt(i);
            if (k < 0)
                k += static_cast<int64_t>(a.size());
            if (k < 0 || k >= static_cast<int64_t>(a.size()))
                return;
            r.push_back(a[static_cast<size_t>(k)]);
        }
        setValues(ctx, n, 0, r, isInt);
    } else if (op == "Concat") {
        for (int i = 1; i < n.input_size(); ++i) {
            if (!inValues(ctx, n, i, &b))
                return;
            a.insert(a.end(), b.begin(), b.end());
        }
        setValues(ctx, n, 0, a, isInt);
    } else if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div") {
        if (!inValues(ctx, n, 1, &b) || a.empty() || b.empty())
            return;
        if (a.size() != b.size() && a.size() != 1 && b.size() != 1)
            return;
        const size_t len = std::max(a.size(), b.size());
        std::vector<double> r(len);
        for (size_t i = 0; i < len; ++i) {
            const double x = a[a.size() == 1 ? 0 : i], y = b[b.size() == 1 ? 0 : i];
            r[i] = op == "Add" ? x + y : op == "Sub" ? x - y : op == "Mul" ? x * y : (y != 0 ? x / y : 0);
            if (isInt && op == "Div")
                r[i] = std::floor(r[i]);
        }
        setValues(ctx, n, 0, r, isInt);
    } else if (op == "ConstantOfShape") {
        int64_t count = 0;
        const auto dims = asInts(a);
        if (!product(dims, &count) || static_cast<size_t>(count) > kMaxValues)
            return;
        double fill = 0;
        if (const auto *v = attribute(n, "value")) {
            std::vector<double> fv;
            if (readValues(v->t(), &fv) && !fv.empty())
                fill = fv[0];
        }
        setValues(ctx, n, 0, std::vector<double>(static_cast<size_t>(count), fill), false);
    } else if (op == "Slice" && t0 && t0->dims.size() == 1 && n.input_size() >= 3) {
        std::vector<double> s, e, st;
        if (!inValues(ctx, n, 1, &s) || !inValues(ctx, n, 2, &e) || s.size() != 1 || e.size() != 1)
            return;
        int64_t step = 1;
        if (inValues(ctx, n, 4, &st) && st.size() == 1)
            step = toInt(st[0]);
        const int64_t len = static_cast<int64_t>(a.size());
        int64_t from = toInt(s[0]);
        int64_t to = toInt(e[0]);
        if (from < 0)
            from += len;
        if (to < 0)
            to += len;
        if (step <= 0)
            return;
        from = std::max<int64_t>(0, std::min(from, len));
        to = std::max<int64_t>(0, std::min(to, len));
        std::vector<double> r;
        for (int64_t i = from; i < to; i += step)
            r.push_back(a[static_cast<size_t>(i)]);
        setValues(ctx, n, 0, r, isInt);
    }
}


} // namespace onnximport
} // namespace cocco
