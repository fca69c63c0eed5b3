// Our per-op shape rules (inferDims, onnx_context.h): the registry of onnx_shape_rules.h and the
// dispatch. They fill the dims ONNX's shape inference left unknown (opsets it does not know,
// failed inference, unknown ops); the helpers they share are in onnx_shapes.cpp.
#include "onnx_shape_rules.h"

namespace cocco {
namespace onnximport {

namespace {

// Element-wise and unknown ops: the shape of their first input.
void shapeSameAsInput(ShapeCall &c)
{
    Context &ctx = c.ctx;
    const onnx::NodeProto &n = c.n;
    const std::string &op = c.op;
    const std::vector<int64_t> &x = c.x;
    // Element-wise and unknown ops keep the shape of their first input.
    setDims(ctx, n, 0, x);
    if (op == "Dropout" || op == "BatchNormalization")
        return;
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
    ShapeCall c(ctx, n);
    c.hx = inDims(ctx, n, 0, &c.x);
    const std::string &op = c.op;
    if ((op == "Conv" || op == "ConvInteger" || op == "ConvTranspose") && c.hx && inDims(ctx, n, 1, &c.w)
        && c.w.size() != c.x.size()) {
        ctx.shapeProblem = "input " + dimsText(c.x) + " and weight " + dimsText(c.w) + " differ in rank";
        return;
    }
    const auto &rules = shapeRules();
    if (auto it = rules.find(op); it != rules.end())
        it->second(c);
    else if (op.rfind("Reduce", 0) == 0)
        shapeReduce(c);
    else if (c.hx)
        shapeSameAsInput(c);
}

} // namespace onnximport
} // namespace cocco
