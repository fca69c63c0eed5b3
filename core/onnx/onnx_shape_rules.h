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

// A shape rule: fills the dims of n's outputs (setDims) where it knows them, and says why not in
// ctx.shapeProblem. `x`: the dims of n's first input, when `hx`.
using ShapeRule = void (*)(Context &ctx, const onnx::NodeProto &n, const std::string &op, const std::vector<int64_t> &x,
                           bool hx);
using ShapeRules = std::map<std::string, ShapeRule>;
void addSpatialShapeRules(ShapeRules &m); // onnx_shape_rules_spatial.cpp
void addDataShapeRules(ShapeRules &m);    // onnx_shape_rules_data.cpp
// Reduce* / ArgMax / ArgMin (onnx_shape_rules_data.cpp): also the rule of any op named Reduce*.
void shapeReduce(Context &ctx, const onnx::NodeProto &n, const std::string &op, const std::vector<int64_t> &x,
                 bool hx);

} // namespace onnximport
} // namespace cocco
