// cocco search MODEL --algo A [options] [-o result.json] [--json]
#include "search_cli.h"

#include "search/registry.h"

#include <ostream>

namespace {

std::string usageText()
{
    return std::string("  cocco search MODEL [--algo A] [options] [-o RESULT.json] [--json]\n"
                       "    Searches a partition (and with --co-explore the buffer capacities) of MODEL.\n"
                       "    --algo A            ")
        + cocco::algorithmList(" | ") + " (default ga):\n" + cli::algorithmUsage()
        + cli::kSearchOptionsUsage
        + "    -o RESULT.json      write the result (docs/search.md) and, next to it, RESULT.partition.json\n"
          "                        and RESULT.hw.json, which `cocco evaluate MODEL --partition ... --hw ...`\n"
          "                        reproduces exactly\n"
          "    --json              print the result JSON instead of the summary\n";
}

int runSearchCommand(const std::vector<std::string> &words, std::ostream &out, std::ostream &err)
{
    cli::SearchSetup s;
    const int rc = cli::prepareSearch("search", words, {"--algo", "-o"}, {}, err, &s);
    if (rc != cli::kExitOk)
        return rc;
    if (s.args.hasValue("--algo") && !cocco::parseAlgorithm(s.args.value("--algo"), &s.cfg.algorithm))
        return cli::usageError("search", "unknown algorithm '" + s.args.value("--algo") + "' (known: "
                                   + cocco::algorithmList(", ") + ")", err);
    const cocco::CostModel model(s.net, s.hw);
    cli::ProgressLine progress(err, s.args.has("--quiet"));
    auto r = cocco::runSearch(model, s.cfg, progress.control(""));
    progress.finish();
    return cli::reportSearch("search", s.args, *s.net, s.modelSource, s.hw, s.cfg, r, out, err);
}

const std::string kUsage = usageText();
const bool registered = cli::registerCommand(
    {"search", "search a partition / co-explore buffer sizes (GA, SA, greedy, DP, exact, two-step)", kUsage, runSearchCommand});

} // namespace
