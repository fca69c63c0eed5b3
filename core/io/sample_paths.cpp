#include "io/sample_paths.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace cocco {

namespace {
// The install rules (cmake/install.cmake) put the samples here, relative to the executables in bin/.
constexpr const char *kInstalledFromBin = "../share/cocco/samples";

bool isDirectory(const fs::path &p)
{
    std::error_code ec;
    return !p.empty() && fs::is_directory(p, ec);
}

fs::path executableDirectory()
{
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}
} // namespace

std::string samplesDirectory()
{
    if (const char *env = std::getenv("COCCO_SAMPLES_DIR"); env && isDirectory(env))
        return fs::path(env).lexically_normal().string();
    if (const fs::path bin = executableDirectory(); !bin.empty()) {
        const fs::path installed = (bin / kInstalledFromBin).lexically_normal();
        if (isDirectory(installed))
            return installed.string();
    }
#ifdef COCCO_SOURCE_SAMPLES_DIR
    if (isDirectory(COCCO_SOURCE_SAMPLES_DIR))
        return COCCO_SOURCE_SAMPLES_DIR;
#endif
    return {};
}

std::vector<std::string> sampleFiles()
{
    std::vector<std::string> out;
    const std::string dir = samplesDirectory();
    if (dir.empty())
        return out;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
        if (it->is_regular_file(ec))
            out.push_back(it->path().lexically_relative(dir).generic_string());
    std::sort(out.begin(), out.end());
    return out;
}

std::string resolveHardwareArgument(const std::string &arg)
{
    std::error_code ec;
    if (arg.empty() || fs::exists(arg, ec) || arg.find('/') != std::string::npos)
        return arg;
    const std::string dir = samplesDirectory();
    if (dir.empty())
        return arg;
    fs::path candidate = fs::path(dir) / "hw" / arg;
    if (candidate.extension() != ".json")
        candidate += ".json";
    return fs::is_regular_file(candidate, ec) ? candidate.string() : arg;
}

} // namespace cocco
