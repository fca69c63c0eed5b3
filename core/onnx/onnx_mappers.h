// The node mappers of the importer (mapNode, onnx_context.h): a registry of mapper functions by op
// type, and the layer-building helpers they share. Internal to core/onnx. The structural ops
// (views, per-value ops, broadcasting element-wise ops) and the registry are in onnx_ops.cpp, the
// weighted ops (conv, pool, matmul, recurrent) in onnx_ops_weighted.cpp, the data-moving ops
// (concat, split, gathers, resize, pad, softmax, normalisations, reductions) in onnx_ops_data.cpp.
#pragma once

#include "onnx_context.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace cocco {
namespace onnximport {

constexpr int64_t kMaxCount = int64_t(1) << 52; // params or MACs of one layer
constexpr int64_t kMaxTotal = int64_t(1) << 60;

struct LayerSpec {
    OpKind kind = OpKind::Generic;
    int output = 0;
    bool channelsFirst = false;
    std::vector<std::pair<std::string, WindowRelation>> inputs; // natural windows (before edgeWindow)
    bool identityInputs = false; // natural windows: identityTo(output)
    int64_t params = 0, macs = 0, inChannels = 0;
    int groups = 1;
    bool hasBias = false;
};

// a * b, or -1 when it exceeds kMaxCount (addLayer turns that into an error).
int64_t mulCapped(int64_t a, int64_t b);
// Input i of n exists and is computed data (not a constant).
bool isDynamic(Context &ctx, const onnx::NodeProto &n, int i);
// The indices of n's dynamic inputs.
std::vector<int> dynamicInputs(Context &ctx, const onnx::NodeProto &n);
// Identity window when the tensor and the output have the same rows and columns, else full.
WindowRelation identityTo(Context &ctx, const std::string &tensor, const Shape &out);
Status addLayer(Context &ctx, const onnx::NodeProto &n, LayerSpec spec);
// One layer per output with a known shape (multi-output ops we do not model in detail).
Status addPerOutput(Context &ctx, const onnx::NodeProto &n, LayerSpec s);
// An element-wise layer over n's dynamic inputs, with the output's channels.
LayerSpec elementwise(Context &ctx, const onnx::NodeProto &n, OpKind kind);
// Output aliases the data of input `in` (fold / fuse). A graph output that would alias a network
// Input becomes an element-wise layer so that the network still computes it.
Status alias(Context &ctx, const onnx::NodeProto &n, int in, bool fused);
// An op without a mapper, or whose mapper does not apply to this node: an element-wise layer over
// its activation inputs, reported, never dropped.
Status mapUnknown(Context &ctx, const onnx::NodeProto &n);

// Maps a node of the default domain with at least one dynamic input (`dyn`: their indices).
using OpMapper = Status (*)(Context &ctx, const onnx::NodeProto &n, const std::vector<int> &dyn);
using OpMappers = std::map<std::string, OpMapper>;
void addStructuralMappers(OpMappers &m); // onnx_ops.cpp
void addWeightedMappers(OpMappers &m);   // onnx_ops_weighted.cpp
void addDataMappers(OpMappers &m);       // onnx_ops_data.cpp

} // namespace onnximport
} // namespace cocco
