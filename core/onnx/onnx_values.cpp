// Values of small static tensors (shape chains: Shape -> Gather -> Concat -> Reshape, scales,
// pads, axes) so that our shape rules can use them: Constant here, everything else by the
// interpreter of onnx_fold.h.
#include "onnx_context.h"
#include "onnx_fold.h"

#include <algorithm>
#include <cmath>

namespace cocco {
namespace onnximport {

void evaluateNode(Context &ctx, const onnx::NodeProto &n)
{
    const std::string &op = n.op_type();
    std::vector<double> a;
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
    std::vector<FoldValue> in(static_cast<size_t>(n.input_size()));
    for (int i = 0; i < n.input_size(); ++i) {
        const TensorInfo *t = input(ctx, n, i);
        if (!t || !t->known)
            continue;
        FoldValue &v = in[static_cast<size_t>(i)];
        v.present = true;
        v.dims = t->dims;
        v.elemType = t->elemType;
        v.hasValues = t->hasValues;
        if (t->hasValues)
            v.values = t->values;
    }
    std::vector<FoldValue> out;
    if (!foldNode(n, ctx.opset, in, &out))
        return;
    for (int k = 0; k < n.output_size() && static_cast<size_t>(k) < out.size(); ++k) {
        if (n.output(k).empty())
            continue;
        setDims(ctx, n, k, out[static_cast<size_t>(k)].dims);
        TensorInfo &t = ctx.t(n.output(k));
        if (t.elemType == 0)
            t.elemType = out[static_cast<size_t>(k)].elemType;
        if (t.dims == out[static_cast<size_t>(k)].dims)
            setValues(ctx, n, k, std::move(out[static_cast<size_t>(k)].values), isIntType(t.elemType));
    }
    ctx.report.foldedNodes.push_back(nodeLabel(n));
}

} // namespace onnximport
} // namespace cocco
