// cocco search MODEL --algo A [options] [-o result.json] [--json]
#include "search_cli.h"

#include "search/registry.h"
#include "search/result_json.h"

#include <cmath>
#include <cstdio>
#include <ostream>

namespace {

std::string usageText()
{
    return std::string("  cocco search MODEL [--algo A] [options] [-o RESULT.json] [--json]\n"
                       "    Searches a partition (and with --co-explore the buffer capacities) of MODEL.\n"
                       "    --algo A            one of (default ga):\n")
        + cli::algorithmUsage()
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
    if (!r.ok()) {
        err << "cocco search: " << r.message() << "\n";
        return cli::kExitFailure;
    }
    if (s.args.hasValue("-o")) {
        cocco::Status st = cocco::writeSearchResultFiles(s.args.value("-o"), *s.net, r.value(), s.modelSource);
        if (!st.ok()) {
            err << "cocco search: " << st.message() << "\n";
            return cli::kExitFailure;
        }
    }
    if (s.args.has("--json")) {
        out << cocco::searchResultToJson(*s.net, r.value(), s.modelSource);
        return cli::kExitOk;
    }
    const cocco::SearchResult &res = r.value();
    const cocco::PartitionCost &c = res.best.cost;
    char line[512];
    out << "model        " << s.net->name << " (" << s.modelSource << "), " << s.net->computeOrder().size() << " layers\n";
    std::snprintf(line, sizeof line, "search       %s, objective %s%s, %s, %s buffers\n", cocco::algorithmName(s.cfg.algorithm),
                  cocco::objectiveName(s.cfg.objective),
                  s.cfg.objective == cocco::Objective::Cost ? (" (alpha " + std::to_string(s.cfg.alpha) + ")").c_str() : "",
                  s.cfg.coExplore ? "co-exploration" : "partition only",
                  s.hw.mode == cocco::BufferMode::Shared ? "shared" : "separate");
    out << line;
    std::snprintf(line, sizeof line, "best         %.10g (%s)\n", res.best.objective, cocco::objectiveName(s.cfg.objective));
    out << line;
    if (std::isfinite(res.lowerBound)) {
        std::snprintf(line, sizeof line, "bound        %.10g (certified lower bound; gap %+.3f%%%s)\n", res.lowerBound,
                      100 * res.gap, res.stopReason == cocco::StopReason::Optimal ? ", optimal" : "");
        out << line;
    }
    out << "capacities   " << cli::formatCapacities(res.best.hw) << " (buffer " << c.bufferBytes << " bytes)\n";
    std::snprintf(line, sizeof line,
                  "totals       EMA %.0f bytes, energy %.6g pJ, latency %.0f cycles, cost %.10g\n"
                  "bandwidth    avg %.3f GB/s, peak %.3f GB/s\n"
                  "subgraphs    %d (%d spilling)%s\n",
                  c.emaBytes, c.energyPj, c.latencyCycles,
                  cocco::objectiveValue(c, res.best.hw, cocco::Objective::Cost, s.cfg.alpha), c.bwAvgGBps, c.bwPeakGBps,
                  c.subgraphCount, c.spillingCount, c.valid ? "" : (", NOT VALID: " + c.reason).c_str());
    out << line;
    std::snprintf(line, sizeof line, "run          %lld samples in %.2f s, stop: %s, seed %llu, %zu Pareto points\n",
                  static_cast<long long>(res.samples), res.seconds, cocco::stopReasonName(res.stopReason),
                  static_cast<unsigned long long>(s.cfg.seed), res.pareto.size());
    out << line;
    for (const auto &w : res.warnings)
        out << "note         " << w << "\n";
    if (s.args.hasValue("-o"))
        out << "wrote        " << s.args.value("-o") << ", " << cocco::partitionPathFor(s.args.value("-o")) << ", "
            << cocco::hardwarePathFor(s.args.value("-o")) << "\n";
    return cli::kExitOk;
}

const std::string kUsage = usageText();
const bool registered = cli::registerCommand(
    {"search", "search a partition / co-explore buffer sizes (GA, SA, greedy, DP, exact, two-step)", kUsage, runSearchCommand});

} // namespace
