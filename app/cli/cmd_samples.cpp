// cocco samples [--dir]: where the sample hardware configs and models are, and what they hold.
#include "cli.h"

#include "io/sample_paths.h"

#include <ostream>

namespace {

const char *kUsage = "  cocco samples [--dir]\n"
                     "    Lists the sample hardware configs and models (one path per line, relative to the\n"
                     "    samples directory, which is printed first). A hardware sample is also accepted by\n"
                     "    name: --hw separate_s. --dir prints only the directory. The directory is\n"
                     "    $COCCO_SAMPLES_DIR, else ../share/cocco/samples next to the executable, else the\n"
                     "    source tree's samples/; exit 1 when none exists.\n";

int runSamples(const std::vector<std::string> &words, std::ostream &out, std::ostream &err)
{
    cli::Args args;
    std::string error;
    if (!cli::parseArgs(words, {}, {"--dir"}, &args, &error))
        return cli::usageError("samples", error, err);
    if (!args.positional.empty())
        return cli::usageError("samples", "takes no arguments", err);
    const std::string dir = cocco::samplesDirectory();
    if (dir.empty()) {
        err << "cocco samples: no samples directory found (set COCCO_SAMPLES_DIR, or install the package)\n";
        return cli::kExitFailure;
    }
    out << dir << "\n";
    if (!args.has("--dir"))
        for (const std::string &f : cocco::sampleFiles())
            out << "  " << f << "\n";
    return cli::kExitOk;
}

const bool registered =
    cli::registerCommand({"samples", "where the sample hardware configs and models are", kUsage, runSamples});

} // namespace
