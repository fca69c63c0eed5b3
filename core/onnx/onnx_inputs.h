// Graph inputs of an ONNX import (onnx_inputs.cpp): parsing, dynamic inputs, --input-shape / --dim.
#pragma once

#include "onnx_import.h"

#include <onnx/onnx_pb.h>

#include <string>
#include <vector>

namespace cocco {
namespace onnximport {

// Nesting depth of protobuf messages a parse accepts (deeper files are rejected, not overflowed).
constexpr int kProtobufRecursionLimit = 64;

// Parses the whole of `bytes` into *model; false when malformed or truncated.
bool parseModel(const std::string &bytes, onnx::ModelProto *model);
bool isInitializer(const onnx::GraphProto &g, const std::string &name);
// Graph inputs with a tensor type whose dims are not all known (initializer-backed inputs excluded).
std::vector<OnnxDynamicInput> dynamicOf(const onnx::GraphProto &g);
// "input 'x' has dynamic dimensions ...; set them with --dim ... or --input-shape ..."
std::string dynamicInputMessage(const onnx::GraphProto &g, const onnx::ValueInfoProto &in);
// Applies --input-shape and --dim to the graph inputs; an error for a --dim no input has.
Status applyInputOptions(onnx::GraphProto *g, const OnnxImportOptions &opts);

} // namespace onnximport
} // namespace cocco
