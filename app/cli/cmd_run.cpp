// cocco run CONFIG.json [-o RESULT.json] [--json] [--quiet]: runs an experiment config exactly as
// the workbench exported it (model, input shapes, hardware, search settings and seed), so the
// result is the workbench's, bit for bit (docs/experiment-format.md).
#include "search_cli.h"

#include "io/experiment.h"

#include <memory>
#include <ostream>

namespace {

const char *kUsage =
    "  cocco run CONFIG.json [-o RESULT.json] [--json] [--quiet]\n"
    "    Runs the search an experiment config describes (File > Export Config in the workbench, or the\n"
    "    config.json of --export-figures): the same seed gives the workbench's result exactly.\n"
    "    -o RESULT.json      write the result and, next to it, RESULT.partition.json and RESULT.hw.json\n"
    "    --json              print the result JSON instead of the summary\n"
    "    --quiet             no progress line on stderr\n";

int runRunCommand(const std::vector<std::string> &words, std::ostream &out, std::ostream &err)
{
    cli::Args args;
    std::string error;
    if (!cli::parseArgs(words, {"-o"}, {"--json", "--quiet"}, &args, &error))
        return cli::usageError("run", error, err);
    if (args.positional.size() != 1)
        return cli::usageError("run", "expected exactly one CONFIG.json", err);
    auto config = cocco::loadExperimentConfigFile(args.positional[0]);
    if (!config.ok()) {
        err << "cocco run: " << config.message() << "\n";
        return cli::kExitFailure;
    }
    auto loaded = cocco::loadModel(config->modelSpec, cocco::loadOptionsOf(*config));
    if (!loaded.ok()) {
        err << "cocco run: " << args.positional[0] << ": model: " << loaded.message() << "\n";
        return cli::kExitFailure;
    }
    const std::string modelSource = loaded->source;
    auto net = std::make_shared<const cocco::Network>(std::move(loaded.value().net));
    const cocco::CostModel model(net, config->hardware);
    cli::ProgressLine progress(err, args.has("--quiet"));
    auto r = cocco::runSearch(model, config->search, progress.control(""));
    progress.finish();
    return cli::reportSearch("run", args, *net, modelSource, config->hardware, config->search, r, out, err);
}

const bool registered =
    cli::registerCommand({"run", "run an experiment config exported by the workbench (same seed, same result)", kUsage, runRunCommand});

} // namespace
