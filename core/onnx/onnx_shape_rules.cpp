// Our per-op shape rules (inferDims, onnx_context.h): the registry of onnx_shape_rules.h and the
// dispatch. They fill the dims ONNX's shape inference left unknown (opsets it does not know,
// failed inference, unknown ops); the helpers they share are in onnx_shapes.cpp.
#include "onnx_shape_rules.h"

namespace cocco {
namespace onnximport {

namespace {

// Element-wise and unknown ops keep the shape of their first input.
void shapeSameAsInput(Context &ctx, const onnx::NodeProto &n, const std::vector<int64_t> &x)
{
    setDims(ctx, n, 0, x);
}

const ShapeRules &shapeRules()
{
    static const ShapeRules rules = [] {
        ShapeRules m;
        addSpatialShapeRules(m);
        addDataShapeRules(m);
        return m;
    }();
    return rules;
}

} // namespace

void inferDims(Context &ctx, const onnx::NodeProto &n)
{
    const std::string &op = n.op_type();
    std::vector<int64_t> x, w;
    const bool hx = inDims(ctx, n, 0, &x);
    if ((op == "Conv" || op == "ConvInteger" || op == "ConvTranspose") && hx && inDims(ctx, n, 1, &w)
        && w.size() != x.size()) {
        ctx.shapeProblem = "input " + dimsText(x) + " and weight " + dimsText(w) + " differ in rank";
        return;
    }
    const ShapeRules &rules = shapeRules();
    if (auto it = rules.find(op); it != rules.end())
        it->second(ctx, n, op, x, hx);
    else if (op.rfind("Reduce", 0) == 0)
        shapeReduce(ctx, n, op, x, hx);
    else if (hx)
        shapeSameAsInput(ctx, n, x);
}

} // namespace onnximport
} // namespace cocco
