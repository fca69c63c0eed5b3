// Versioned JSON model format (docs/model-format.md). Written and read back identically.
#pragma once

#include "network.h"

#include <string>

namespace cocco {

constexpr int kModelSchemaVersion = 1;

// Serialises a finalized network (2-space indented JSON, trailing newline).
std::string networkToJson(const Network &net);
// Parses and finalizes; `source` (a file name) prefixes every error message.
Result<Network> networkFromJson(const std::string &text, const std::string &source);
Result<Network> loadNetworkJsonFile(const std::string &path);

// Reads a whole file; errors name the file.
Result<std::string> readTextFile(const std::string &path);
// Writes via a temporary file in the same folder and rename(), so a failure never leaves a
// half-written file behind.
Status writeFileAtomic(const std::string &path, const std::string &contents);

} // namespace cocco
