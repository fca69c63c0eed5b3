// cocco compare MODEL [search options] [--algos LIST] [--seeds K] [--json]
#include "search_cli.h"

#include "search/registry.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <cstdio>
#include <ostream>
#include <sstream>

namespace {

std::string usageText()
{
    return std::string("  cocco compare MODEL [options] [--algos LIST] [--seeds K] [--json]\n"
                       "    Runs several algorithms with the same sample budget over K seeds (S, S+1, ...) and prints\n"
                       "    the median, min and max of the best objective, samples and seconds per algorithm.\n"
                       "    Greedy, DP and exact take no seed and run once.\n"
                       "    --algos LIST        comma-separated (default: every algorithm but the slow exact);\n"
                       "                        deterministic ones run once, the others once per seed:\n")
        + cli::algorithmUsage() + std::string(
                       "    --seeds K           seeds per algorithm (default 5)\n")
        + cli::kSearchOptionsUsage
        + "    --json              one entry per algorithm: median, min, max, spread and every run's values\n";
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n == 0 ? 0 : n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

bool deterministic(const cocco::Algorithm &a)
{
    const cocco::AlgorithmInfo *info = cocco::findAlgorithm(a);
    return info && info->traits.deterministic;
}

int runCompare(const std::vector<std::string> &words, std::ostream &out, std::ostream &err)
{
    cli::SearchSetup s;
    const int rc = cli::prepareSearch("compare", words, {"--algos", "--seeds"}, {}, err, &s);
    if (rc != cli::kExitOk)
        return rc;
    std::vector<cocco::Algorithm> algos;
    if (s.args.hasValue("--algos")) {
        std::stringstream ss(s.args.value("--algos"));
        std::string item;
        while (std::getline(ss, item, ',')) {
            cocco::Algorithm a;
            if (!cocco::parseAlgorithm(item, &a))
                return cli::usageError("compare", "unknown algorithm '" + item + "' in --algos (known: "
                                           + cocco::algorithmList(", ") + ")", err);
            algos.push_back(a);
        }
        if (algos.empty())
            return cli::usageError("compare", "--algos is empty", err);
    } else {
        for (const cocco::AlgorithmInfo *a : cocco::registeredAlgorithms())
            if (!a->traits.slow)
                algos.push_back(a->name);
    }
    long long seeds = 5;
    std::string error;
    if (s.args.hasValue("--seeds") && !cli::parseInt(s.args.value("--seeds"), 1, 1000, &seeds, &error))
        return cli::usageError("compare", "--seeds: " + error, err);

    const cocco::CostModel model(s.net, s.hw);
    cli::ProgressLine progress(err, s.args.has("--quiet"));
    struct Row {
        cocco::Algorithm algo;
        std::vector<cocco::SearchResult> runs;
    };
    std::vector<Row> rows;
    for (cocco::Algorithm a : algos) {
        Row row{a, {}};
        const long long k = deterministic(a) ? 1 : seeds;
        for (long long i = 0; i < k; ++i) {
            cocco::SearchConfig cfg = s.cfg;
            cfg.algorithm = a;
            cfg.seed = s.cfg.seed + static_cast<uint64_t>(i);
            auto r = cocco::runSearch(model, cfg,
                                      progress.control(std::string(cocco::algorithmName(a)) + " seed "
                                                       + std::to_string(cfg.seed) + " "));
            progress.finish();
            if (!r.ok()) {
                err << "cocco compare: " << cocco::algorithmName(a) << ": " << r.message() << "\n";
                return cli::kExitFailure;
            }
            row.runs.push_back(std::move(r).value());
        }
        rows.push_back(std::move(row));
    }

    nlohmann::ordered_json j;
    j["model"] = s.net->name;
    j["model_source"] = s.modelSource;
    j["objective"] = cocco::objectiveName(s.cfg.objective);
    j["alpha"] = s.cfg.alpha;
    j["co_explore"] = s.cfg.coExplore;
    j["buffer"] = s.hw.mode == cocco::BufferMode::Shared ? "shared" : "separate";
    j["budget"] = s.cfg.sampleBudget;
    j["seeds"] = seeds;
    j["first_seed"] = s.cfg.seed;
    j["algorithms"] = nlohmann::ordered_json::array();
    char line[512];
    if (!s.args.has("--json")) {
        out << "model " << s.net->name << ", objective " << cocco::objectiveName(s.cfg.objective) << ", budget "
            << s.cfg.sampleBudget << " samples, " << seeds << " seeds from " << s.cfg.seed << "\n";
        std::snprintf(line, sizeof line, "%-9s %16s %16s %16s %8s %10s %9s %16s %9s  %s\n", "algorithm", "median", "min",
                      "max", "spread", "samples", "seconds", "lower bound", "gap", "capacities (median run)");
        out << line;
    }
    for (const Row &row : rows) {
        std::vector<double> values, samples, secs;
        for (const auto &r : row.runs) {
            values.push_back(r.best.objective);
            samples.push_back(double(r.samples));
            secs.push_back(r.seconds);
        }
        const double med = median(values);
        const double lo = *std::min_element(values.begin(), values.end());
        const double hi = *std::max_element(values.begin(), values.end());
        const double spread = med != 0 ? (hi - lo) / med : 0;
        // The run closest to the median (lowest seed on ties) shows the chosen capacities.
        size_t mi = 0;
        for (size_t i = 1; i < values.size(); ++i)
            if (std::abs(values[i] - med) < std::abs(values[mi] - med))
                mi = i;
        const cocco::HardwareConfig &hw = row.runs[mi].best.hw;
        // The strongest certified bound of the row's runs (they search the same space); the gap of
        // the median run to it.
        double bound = std::numeric_limits<double>::quiet_NaN();
        for (const auto &r : row.runs)
            if (std::isfinite(r.lowerBound) && !(r.lowerBound <= bound))
                bound = r.lowerBound;
        const double gap = cocco::relativeGap(med, bound);
        nlohmann::ordered_json e;
        e["algorithm"] = cocco::algorithmName(row.algo);
        e["median"] = med;
        e["min"] = lo;
        e["max"] = hi;
        e["spread"] = spread;
        e["runs"] = values.size();
        e["values"] = values;
        e["samples"] = samples;
        e["seconds"] = secs;
        nlohmann::ordered_json stops = nlohmann::ordered_json::array();
        for (const auto &r : row.runs)
            stops.push_back(cocco::stopReasonName(r.stopReason));
        e["stop_reasons"] = stops;
        if (std::isfinite(bound)) {
            e["lower_bound"] = bound;
            e["gap"] = gap;
        }
        e["median_run_capacities"] = {{"act_bytes", hw.actBufferBytes},
                                      {"weight_bytes", hw.weightBufferBytes},
                                      {"shared_bytes", hw.sharedBufferBytes}};
        j["algorithms"].push_back(e);
        if (!s.args.has("--json")) {
            char gapText[32] = "-";
            if (std::isfinite(gap))
                std::snprintf(gapText, sizeof gapText, "%.3f%%", 100 * gap);
            std::snprintf(line, sizeof line, "%-9s %16.10g %16.10g %16.10g %7.3f%% %10.0f %9.2f %16.10g %9s  %s\n",
                          cocco::algorithmName(row.algo), med, lo, hi, 100 * spread, median(samples), median(secs), bound,
                          gapText, cli::formatCapacities(hw).c_str());
            out << line;
        }
    }
    if (s.args.has("--json"))
        out << j.dump(2) << "\n";
    return cli::kExitOk;
}

const std::string kUsage = usageText();
const bool registered = cli::registerCommand(
    {"compare", "run several search algorithms with equal budgets over seeds and tabulate", kUsage, runCompare});

} // namespace
