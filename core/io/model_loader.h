// One entry point for every model source: a JSON model file, an ONNX file, or "zoo:NAME".
#pragma once

#include "model/network.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cocco {

struct LoadOptions {
    // ONNX inputs with dynamic dimensions: input name -> full shape (e.g. {1,3,640,640}).
    std::map<std::string, std::vector<int64_t>> inputShapes;
    // ONNX symbolic dimensions by name (--dim batch_size=1).
    std::map<std::string, int64_t> dims;
    // ONNX If on a run-time condition: "" (the larger branch), "then" or "else" (--if-branch).
    std::string ifBranch;
    // ONNX Loop / Scan: most iterations unrolled (--unroll-limit).
    int64_t unrollLimit = 1024;
};

// The model-loading options of the command line, each taking a value: --input-shape, --dim,
// --if-branch, --unroll-limit.
const std::vector<std::string> &loadOptionNames();
// Applies one of them (`flag` as in loadOptionNames()); an error says what is wrong with `value`.
Status applyLoadOption(const std::string &flag, const std::string &value, LoadOptions *options);

// An ONNX graph input with dynamic dimensions under the given options (what the GUI asks for).
struct DynamicInput {
    std::string name;
    std::vector<int64_t> dims;          // -1 where dynamic
    std::vector<std::string> dimNames;  // the symbolic name of each dim ("" when unnamed or fixed)
};
// ONNX inputs (not weights with initializers) that still have dynamic dims once `options` apply;
// empty for other model kinds. An error when the file cannot be read.
Result<std::vector<DynamicInput>> dynamicInputs(const std::string &spec, const LoadOptions &options = {});

struct LoadedModel {
    Network net;
    std::string source;                // what was loaded (path or zoo:NAME)
    std::string kind;                  // "json", "onnx" or "zoo"
    std::vector<std::string> warnings; // importer warnings (unknown ops, ...)
    std::string report;                // human-readable import report (ONNX), empty otherwise
};

Result<LoadedModel> loadModel(const std::string &spec, const LoadOptions &options = {});

// Parses "NAME=1,3,224,224" (for --input-shape).
Result<std::pair<std::string, std::vector<int64_t>>> parseInputShape(const std::string &text);

} // namespace cocco
