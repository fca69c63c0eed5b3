// The per-op shape rules of the importer (inferDims, onnx_context.h): a registry of rule functions
// by op type. Internal to core/onnx. The rules of the spatial and linear ops (conv, pools, gemm,
// matmul, broadcasting element-wise ops, resize, pad, depth/space) are in
// onnx_shape_rules_spatial.cpp, those of the data-moving and view ops (concat, split, slice,
// reshape, transpose, squeeze, gather, reductions, shape chains, tile) in onnx_shape_rules_data.cpp;
// the registry and the dispatch in onnx_shape_rules.cpp.
#pragma once

#include "onnx_context.h"

#include <map>
#include <string>
#include <vector>

namespace cocco {
namespace onnximport {

// One call of a shape rule: the node, its first input's dims (x, when hx) and scratch the rules share.
struct ShapeCall {
    ShapeCall(Context &c, const onnx::NodeProto &node) : ctx(c), n(node), op(node.op_type()) {}
    Context &ctx;
    const onnx::NodeProto &n;
    const std::string &op;
    std::vector<int64_t> x, w, out;
    bool hx = false;
    std::vector<double> vals;
    std::string why;
};
using ShapeRule = void (*)(ShapeCall &c);
using ShapeRules = std::map<std::string, ShapeRule>;
void addSpatialShapeRules(ShapeRules &m); // onnx_shape_rules_spatial.cpp
void addDataShapeRules(ShapeRules &m);    // onnx_shape_rules_data.cpp
// Reduce* / ArgMax / ArgMin (onnx_shape_rules_data.cpp): also the rule of any op named Reduce*.
void shapeReduce(ShapeCall &c);

} // namespace onnximport
} // namespace cocco
