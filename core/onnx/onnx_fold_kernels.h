// The op kernels of the import-time interpreter (onnx_fold.h), registered by op type, and the
// helpers they share. Internal to core/onnx: value kernels (shape queries, generators,
// element-wise maps, reductions) in onnx_fold.cpp, layout kernels (gathers, slices, joins, shape
// changes, transposes, splits) in onnx_fold_layout.cpp.
#pragma once

#include "onnx_fold.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace cocco {
namespace onnximport {

using Dims = std::vector<int64_t>;

// One node's evaluation: its operands, its outputs (one per node output, the first is out()), and
// where the reason goes when it cannot be folded.
struct FoldCall {
    const onnx::NodeProto &n;
    int64_t opset;
    const std::vector<FoldValue> &in;
    std::vector<FoldValue> &outs;
    std::string *why;

    const std::string &op() const { return n.op_type(); }
    FoldValue &out() const { return outs[0]; }
    // Operand i exists and every element of it is known.
    bool has(size_t i) const { return i < in.size() && in[i].present && in[i].hasValues; }
    bool fail(const std::string &reason) const
    {
        if (why)
            *why = reason;
        return false;
    }
};

struct FoldKernel {
    bool (*run)(const FoldCall &);
    // The kernel reads the values of operand 0 (checked before it runs).
    bool needsValues = true;
};
// Op type -> kernel; one kernel may serve several op types (it reads FoldCall::op()).
using FoldKernels = std::map<std::string, FoldKernel>;

void addValueKernels(FoldKernels &k);  // onnx_fold.cpp
void addLayoutKernels(FoldKernels &k); // onnx_fold_layout.cpp

// The element count of dims, false beyond kMaxRank or kMaxFoldElements.
bool elementCount(const Dims &d, size_t *n);
// Row-major strides.
Dims stridesOf(const Dims &d);
// x as a value of ONNX type `to` (bool, truncated integer, float rounding).
double castTo(double x, int32_t to);
// Element-wise map of several broadcast operands into `out` of type `type`.
bool broadcastMap(const std::vector<const FoldValue *> &ops, int32_t type,
                  const std::function<double(const std::vector<double> &)> &f, FoldValue *out);
// The values of v as integers; false when they are not all known.
bool ints(const FoldValue &v, Dims *out);
// Axes from the attribute (older opsets) or operand `k`; *given: either was there.
bool axesOf(const onnx::NodeProto &n, const std::vector<FoldValue> &in, size_t k, Dims *axes, bool *given);
// Marks the axes (negative ones counted from the end) of a rank; false if one is out of range or
// repeated.
bool normAxes(const Dims &axes, size_t rank, std::vector<char> *mark);

} // namespace onnximport
} // namespace cocco
