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
};

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
