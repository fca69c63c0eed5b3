// The program's version (one number, from project() in the top-level CMakeLists.txt) and the git
// commit it was built from. Every file the program writes records them.
#pragma once

#include <string>

namespace cocco {

// "0.1.0"
const char *programVersion();
// `git describe --always --dirty` of the source tree at build time ("" outside a checkout).
const char *programCommit();
// "0.1.0" or "0.1.0 (commit 5ecd0e3a1b)" — what --version prints and files record.
std::string versionString();

} // namespace cocco
