// ONNX import (docs/onnx-import.md): reads an ONNX model with the ONNX protobuf library, infers
// shapes (ONNX's own inference completed by our per-op rules) and maps it onto the network model
// of method §1/§2.1: weighted ops become layers, element-wise activations are fused into their
// producer, view ops and shape-only computations are folded, unknown ops become generic
// element-wise layers and are reported. Thread-safe, no global state of our own.
#pragma once

#include "model/network.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cocco {

struct OnnxImportOptions {
    // Full shapes for graph inputs, by input name (e.g. {"images", {1,3,640,640}}). Replaces the
    // shape stored in the file; required for inputs with dynamic dimensions.
    std::map<std::string, std::vector<int64_t>> inputShapes;
    // Values of symbolic dimensions by name (e.g. {"batch_size", 1}, {"sequence_length", 128}):
    // every input dim with that dim_param gets the value (--dim NAME=VALUE).
    std::map<std::string, int64_t> dims;
    // An If whose condition does not fold: which branch is imported (--if-branch then|else); the
    // default is the branch with more nodes.
    enum class IfBranch { Larger, Then, Else };
    IfBranch ifBranch = IfBranch::Larger;
    // Loop / Scan with a constant trip count are unrolled up to this many iterations (--unroll-limit).
    int64_t unrollLimit = 1024;
};

// A graph output as imported: the ONNX tensor, the layer that produces it, its ONNX dims.
struct ImportedTensor {
    std::string tensor;
    std::string layer;
    std::vector<int64_t> dims;
};

struct ImportReport {
    int onnxNodes = 0;   // nodes in the ONNX graph
    int layers = 0;      // compute layers created (Input layers not counted)
    int inputs = 0;      // network Input layers
    int weightInputs = 0; // graph inputs without initializer that were taken as weights
    int initializers = 0;
    int folded = 0;      // view ops, shape-only chains, BatchNormalization, decomposed-LayerNorm parts
    int fused = 0;       // element-wise activations / per-channel constants merged into their producer
    int unknown = 0;     // ops imported as Generic element-wise layers
    int foldedBnBiases = 0; // conv biases an exporter synthesised from a folded BatchNorm (not counted)
    int64_t opset = 0;   // default-domain opset of the model
    int64_t irVersion = 0;
    std::string producer; // producer_name + version
    int onnxInferredTensors = 0; // tensors whose shape ONNX's shape inference gave us
    int ruleInferredTensors = 0; // tensors whose shape came from our own per-op rules
    int64_t params = 0;  // Σ layer params (conv/FC weight + bias elements)
    int64_t macs = 0;    // Σ layer MACs, batch 1 (conv/FC/MatMul)
    std::map<std::string, int> opCounts;  // ONNX op_type -> node count
    std::map<std::string, int> layerKinds; // OpKind name -> layers created
    std::vector<ImportedTensor> outputs;   // graph outputs
    std::vector<std::string> controlFlow;  // every If inlined / Loop or Scan unrolled, with how
    std::vector<std::string> foldedNodes;  // every node evaluated at import time, "'name' (Op)"
    std::vector<std::string> warnings;     // every unknown op with its node name, batch notes, ...
};

struct OnnxImport {
    Network net;
    ImportReport report;
};

// Reads `path`; external-data files are looked up next to it.
Result<OnnxImport> importOnnxFile(const std::string &path, const OnnxImportOptions &opts = {});
// `source` names the model in messages; its folder is where external-data files are looked up.
Result<OnnxImport> importOnnxBytes(const std::string &bytes, const std::string &source,
                                   const OnnxImportOptions &opts = {});

std::string formatImportReport(const ImportReport &r); // multi-line, human readable

// A graph input whose dims are not all known (weights with initializers excluded).
struct OnnxDynamicInput {
    std::string name;
    bool hasShape = true;              // false: the type has no shape at all
    std::vector<int64_t> dims;         // -1 where dynamic
    std::vector<std::string> dimNames; // symbolic name per dim ("" when fixed or unnamed)
};
// The inputs that still have dynamic dims once `opts` (input shapes, dims) apply: what a user must
// give before importOnnxBytes() succeeds. `source` names the model in messages.
Result<std::vector<OnnxDynamicInput>> onnxDynamicInputs(const std::string &bytes, const std::string &source,
                                                        const OnnxImportOptions &opts = {});

} // namespace cocco
