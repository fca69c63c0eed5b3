#include "model/version.h"

#include "cocco_version_generated.h"

namespace cocco {

const char *programVersion() { return COCCO_VERSION; }

const char *programCommit() { return COCCO_GIT_COMMIT; }

std::string versionString()
{
    const std::string commit = programCommit();
    return commit.empty() ? std::string(programVersion()) : std::string(programVersion()) + " (commit " + commit + ")";
}

} // namespace cocco
