// Internal state of one ONNX import (not a public header: only core/onnx includes it).
#pragma once

#include "onnx_import.h"

#include <onnx/onnx_pb.h> // defines ONNX_API before including onnx-ml.pb.h

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace cocco {
namespace onnximport {

// Limits that keep a hostile file from exhausting memory or time (see docs/fuzzing.md).
constexpr int kMaxNodes = 2000000;
constexpr int kMaxRank = 16;
constexpr int64_t kMaxElements = int64_t(1) << 48; // elements of one tensor
constexpr size_t kMaxValues = 4096;                // values kept for a static tensor
constexpr int64_t kMaxWindow = 4096;               // kernel, stride, dilation, padding of one dimension

struct TensorInfo {
    bool known = false;          // dims are known
    std::vector<int64_t> dims;
    int32_t elemType = 0;        // onnx::TensorProto_DataType, 0 when unknown
    bool isStatic = false;       // constant, weight or computed from shapes only
    bool hasValues = false;      // `values` holds every element (small static tensors)
    std::vector<double> values;
    int layer = -1;              // network layer holding the data (dynamic tensors)
    bool channelsFirst = false;  // rank-3 tensors: [N, C, L] (conv family) rather than [B, T, D]
};

struct Use {
    int node;
    int position;
    // A reference from inside a sub-graph of `node` (If / Loop / Scan): the inner node that reads
    // the tensor, `position` its operand there.
    const onnx::NodeProto *inner = nullptr;
};

struct Context {
    const onnx::GraphProto *graph = nullptr;
    std::string source;
    int64_t opset = 0;
    std::unordered_map<std::string, TensorInfo> tensors;
    std::unordered_map<std::string, std::vector<Use>> uses; // tensor -> consuming nodes
    std::unordered_set<std::string> graphOutputs;
    std::unordered_set<std::string> layerNames;
    std::vector<char> layerHasBias;
    // Decomposed LayerNorm: node index of the final Div -> the normalised input tensor; the other
    // nodes of the pattern are absorbed.
    std::unordered_map<int, std::string> layerNormHeads;
    std::vector<char> absorbed;
    std::string shapeProblem; // why our rule could not infer the last node's shape (for the error)
    Network net;
    ImportReport report;

    TensorInfo &t(const std::string &name) { return tensors[name]; }
    const TensorInfo *find(const std::string &name) const
    {
        auto it = tensors.find(name);
        return it == tensors.end() ? nullptr : &it->second;
    }
};

// --- helpers (onnx_tensors.cpp) ---
const onnx::AttributeProto *attribute(const onnx::NodeProto &n, const char *name);
int64_t attrInt(const onnx::NodeProto &n, const char *name, int64_t def);
float attrFloat(const onnx::NodeProto &n, const char *name, float def);
std::string attrString(const onnx::NodeProto &n, const char *name, const std::string &def = {});
std::vector<int64_t> attrInts(const onnx::NodeProto &n, const char *name);
std::string nodeLabel(const onnx::NodeProto &n); // "'name' (Op)"

// Product of dims; false on a negative dim or when it exceeds kMaxElements.
bool product(const std::vector<int64_t> &dims, int64_t *out, size_t from = 0, size_t to = SIZE_MAX);
int64_t productOr0(const std::vector<int64_t> &dims, size_t from = 0, size_t to = SIZE_MAX);
std::string dimsText(const std::vector<int64_t> &dims); // "1x3x224x224"
// Normalises a possibly negative axis; false when out of range.
bool normAxis(int64_t axis, size_t rank, size_t *out);

// Maps ONNX dims onto the network's (N=1, C, H, W) keeping the element count (docs/onnx-import.md).
Shape toShape(const std::vector<int64_t> &dims, bool channelsFirst);
// Which of C/H/W an ONNX axis lands on under toShape: 'C', 'H' or 'W'.
char axisRole(size_t axis, const std::vector<int64_t> &dims, bool channelsFirst);

// Elements stored in an initializer / Constant tensor, or -1 when the data type is unknown.
int64_t storedElements(const onnx::TensorProto &t);
bool isExternal(const onnx::TensorProto &t);
std::string externalLocation(const onnx::TensorProto &t);
// Reads up to kMaxValues values of a tensor with its data inline; false when not possible.
bool readValues(const onnx::TensorProto &t, std::vector<double> *out);
bool isIntType(int32_t elemType);

// --- shape rules (onnx_shapes.cpp) ---
// Per spatial dimension of a Conv / ConvTranspose / pool node: kernel, stride, dilation and the
// actual begin/end padding (auto_pad resolved). `x` is the input's dims (N, C, spatial...).
struct SpatialAttrs {
    std::vector<int64_t> kernel, stride, dilation, padBegin, padEnd;
};
// False when the attributes do not fit the input rank (the message says why).
bool spatialAttrs(const onnx::NodeProto &n, const std::vector<int64_t> &x, const std::vector<int64_t> &kernel,
                  bool transposed, SpatialAttrs *out, std::string *why);
// Numpy-style broadcast of several shapes; false when they do not broadcast.
bool broadcastDims(const std::vector<std::vector<int64_t>> &shapes, std::vector<int64_t> *out);

// Fills dims of outputs that ONNX's shape inference left unknown, from our per-op rules, and
// the values of small static outputs (shape chains). Returns false only on malformed attributes.
void inferNode(Context &ctx, const onnx::NodeProto &n, bool allStatic);
// The per-op rules alone (onnx_shape_rules.cpp): dims of n's outputs where a rule knows them; why
// not in ctx.shapeProblem.
void inferDims(Context &ctx, const onnx::NodeProto &n);

// Node operand / result access shared by the shape rules and value evaluation (onnx_shapes.cpp).
const TensorInfo *input(Context &ctx, const onnx::NodeProto &n, int i); // null: absent or unknown
bool inDims(Context &ctx, const onnx::NodeProto &n, int i, std::vector<int64_t> *d);
bool inValues(Context &ctx, const onnx::NodeProto &n, int i, std::vector<double> *v);
int64_t toInt(double x); // clamped to +-2^50, 0 for NaN
std::vector<int64_t> asInts(const std::vector<double> &v);
// Sets dims of output k unless already known (and only when sane).
void setDims(Context &ctx, const onnx::NodeProto &n, int k, const std::vector<int64_t> &d);
void setValues(Context &ctx, const onnx::NodeProto &n, int k, std::vector<double> v, bool isInt);
bool sane(const std::vector<int64_t> &d);
// Values of the node's outputs when its inputs have values (onnx_values.cpp).
void evaluateNode(Context &ctx, const onnx::NodeProto &n);

// --- guarding ONNX's shape inference (onnx_guard.cpp) ---
// Nodes (indices) that ONNX 1.12's shape inference must not see: a dry run of our rules found
// inputs or attributes that its inference functions do not check before indexing.
std::vector<int> nodesUnsafeForOnnx(const Context &ctx, const std::vector<int> &order);

// Tensors of the enclosing scope read inside the sub-graphs of `n` (recursively), with the inner
// node and operand that read each (onnx_control.cpp).
std::vector<Use> outerScopeUses(const onnx::NodeProto &n, int nodeIndex, std::vector<std::string> *names);

// --- mapping onto layers (onnx_ops.cpp) ---
Status mapNode(Context &ctx, const onnx::NodeProto &n, int nodeIndex);

} // namespace onnximport
} // namespace cocco
