// Constant and shape folding (docs/onnx-import.md, "Folding"): a small tensor interpreter that
// evaluates, at import time, ONNX nodes whose operands are constants, initializers or shape values.
// Pure functions over value tensors: no protobuf state beyond the node, no global state.
#pragma once

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <string>
#include <vector>

namespace cocco {
namespace onnximport {

// Folded tensors hold at most this many elements (bigger results are left to shape inference).
constexpr size_t kMaxFoldElements = 4096;

struct FoldValue {
    bool present = false;   // the operand exists and its dims are known
    bool hasValues = false; // `values` holds every element (row-major)
    int32_t elemType = 0;   // onnx::TensorProto_DataType, 0 when unknown
    std::vector<int64_t> dims;
    std::vector<double> values;
};

// True for the ops foldNode() can evaluate.
bool isFoldable(const std::string &opType);
// Evaluates `n` (default domain) on `in` (one entry per node input). On success every output of
// the node has its dims, type and values in `out` and true is returned; false when an operand is
// missing or not constant, the attributes do not fit, or a result would exceed kMaxFoldElements.
// `why` (optional) says why, for messages.
bool foldNode(const onnx::NodeProto &n, int64_t opset, const std::vector<FoldValue> &in, std::vector<FoldValue> *out,
              std::string *why = nullptr);

} // namespace onnximport
} // namespace cocco
