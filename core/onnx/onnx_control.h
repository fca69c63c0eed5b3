// Control flow at import time (docs/onnx-import.md, "Control flow"): an If is replaced by the nodes
// of one branch, a Loop / Scan with a constant trip count by its body repeated. Outer-scope
// references of the sub-graphs resolve to the enclosing graph's tensors once inlined. The import
// walk plans each If / Loop / Scan with what it knows when it gets there (folded condition, trip
// count, sequence length), appends the replacing nodes to the graph and walks them next.
#pragma once

#include "onnx_context.h"

namespace cocco {
namespace onnximport {

// Sub-graph nodes inlined or unrolled in one import, at most.
constexpr int64_t kMaxLoweredNodes = 200000;

struct ControlPlan {
    int node = -1; // graph index of the node to lower; -1: none
    enum Kind { Then, Else, Unroll, Keep } kind = Then; // Keep: imported as one generic layer
    int64_t trips = 0;   // Unroll: iterations
    std::string note;    // for the import report
    std::string warning; // non-empty: the choice is a guess (also a warning)
};

bool isControlFlow(const onnx::NodeProto &n);
// Decides how node `idx` is lowered; an error names the node and, where one helps, the option.
Status planControlFlow(Context &ctx, const onnx::NodeProto &n, int idx, const OnnxImportOptions &opts, ControlPlan *plan);
// Appends to `g` the nodes that replace node plan.node (the taken branch / the unrolled body),
// sorted so that each follows its producers among them (opset: of the model's default domain).
Status lowerControlFlow(onnx::GraphProto *g, const ControlPlan &plan, int64_t opset);

} // namespace onnximport
} // namespace cocco
