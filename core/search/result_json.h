// Search result files (docs/search.md, "Result JSON"): the best design's totals, partition (layer
// names per subgraph) and hardware, the convergence history, the Pareto archive, samples, seconds,
// stop reason, seed and the full configuration. Doubles are written so they read back exactly.
#pragma once

#include "search.h"

#include <string>

namespace cocco {

constexpr int kSearchResultSchemaVersion = 1;

std::string searchConfigToJson(const SearchConfig &cfg);
// Missing fields keep their defaults; unknown fields and bad values are errors naming the field.
Result<SearchConfig> searchConfigFromJson(const std::string &text, const std::string &source);

// `modelSource` (e.g. "zoo:resnet50" or a path) is recorded so the run can be repeated.
std::string searchResultToJson(const Network &net, const SearchResult &r, const std::string &modelSource);
// Reads a result written by searchResultToJson for the same network (layer names must match).
Result<SearchResult> searchResultFromJson(const Network &net, const std::string &text, const std::string &source);


// The partition file and hardware file that `cocco evaluate` reads, for a result path:
// "r.json" -> "r.partition.json" and "r.hw.json" (".json" appended parts when the path has no
// ".json" suffix).
std::string partitionPathFor(const std::string &resultPath);
std::string hardwarePathFor(const std::string &resultPath);
// Writes the result and, next to it, the best design's partition and hardware files (atomically).
Status writeSearchResultFiles(const std::string &path, const Network &net, const SearchResult &r,
                              const std::string &modelSource);

} // namespace cocco
