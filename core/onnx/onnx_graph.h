// The stages of an ONNX import before the node walk (onnx_import.cpp drives them): initializers,
// graph inputs and the user's shapes, producers and the topological order, ONNX's own shape
// inference, and the graph inputs classified into weights and network inputs. Internal to
// core/onnx. Each stage's error names the tensor, node or input; the driver prefixes the file.
#pragma once

#include "onnx_context.h"

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace cocco {
namespace onnximport {

// The graph's inputs that are not initializers, and the names of all of them.
struct GraphInputs {
    std::vector<const onnx::ValueInfoProto *> inputs;
    std::set<std::string> names;
};

// Initializers: constants with their dims; sizes checked, external files (next to `source`)
// looked up.
Status readInitializers(Context &ctx, const std::string &source);
// The graph inputs, the user's --input-shape names checked against them, the graph outputs.
Status collectGraphInputs(Context &ctx, const OnnxImportOptions &opts, GraphInputs *out);
// Producers, consumers (ctx.uses) and a topological order of the nodes (sub-graphs' outer-scope
// references included); errors for a tensor written twice, one nobody provides, a cycle.
Status orderNodes(Context &ctx, const GraphInputs &inputs, std::unordered_map<std::string, int> *producer,
                  std::vector<int> *order);
// ONNX's shape inference on a copy of the model that carries the user's input shapes; its dims
// become known tensor dims (a failure of it is a warning: our rules infer the rest).
void inferOnnxShapes(Context &ctx, const onnx::ModelProto &model, const OnnxImportOptions &opts,
                     const GraphInputs &inputs, const std::vector<int> &order);
// Graph inputs: weights (every use a weight operand) or network inputs (Input layers).
Status addNetworkInputs(Context &ctx, const OnnxImportOptions &opts, const GraphInputs &inputs);

} // namespace onnximport
} // namespace cocco
