#include "search_cli.h"

#include "cost/hardware.h"
#include "io/sample_paths.h"
#include "io/search_settings.h"
#include "search/registry.h"
#include "search/result_json.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <ostream>

#include <unistd.h>

namespace cli {

const char *kSearchOptionsUsage =
    "    --objective O       ema | energy | latency | cost (buffer bytes + alpha * energy pJ); default ema\n"
    "    --buffer M          separate | shared (default: the hardware file's mode, else separate)\n"
    "    --alpha A           pJ-to-byte weight of the cost objective (default 0.002)\n"
    "    --hw HW.json        hardware configuration, or a sample's name (separate_s, ...; cocco samples)\n"
    "                        (default: built-in defaults)\n"
    "    --cores K           cores of the accelerator, 1..64 (overrides the hardware's `cores`)\n"
    "    --budget N          sample budget (evaluated designs; default 50000)\n"
    "    --seed S            random seed (default 1); same seed, same result at any thread count\n"
    "    --threads T         evaluation threads (default 0 = all cores)\n"
    "    --time-limit SEC    stop after SEC seconds (default 0 = none)\n"
    "    --co-explore        search capacities too (default when --objective cost)\n"
    "    --partition-only    keep the hardware's capacities (default for ema/energy/latency)\n"
    "    --population N      GA population (default 0 = automatic: 50, 100 from 200k samples)\n"
    "    --inner-budget N    samples per capacity of rs-ga / gs-ga (default 5000)\n"
    "    --seed-heuristics   put greedy and DP results into the GA's first population\n"
    "    --state-limit N     exact, bnb, coopt: down-sets kept before giving up (default 16000000)\n"
    "    --input-shape NAME=1,3,224,224  shape of a dynamic ONNX input (repeatable)\n"
    "    --dim NAME=VALUE    value of a symbolic ONNX dimension (repeatable)\n"
    "    --if-branch then|else  ONNX If on a run-time condition (default: the larger branch)\n"
    "    --unroll-limit N    ONNX Loop / Scan iterations unrolled at most (default 1024)\n"
    "    --quiet             no progress line on stderr\n";

std::set<std::string> searchValueOptions()
{
    std::set<std::string> options{"--objective", "--buffer", "--hw", "--cores"};
    for (const std::string &o : cocco::loadOptionNames())
        options.insert(o);
    for (const cocco::SearchSettingInfo &setting : cocco::searchSettings())
        options.insert(setting.option);
    return options;
}

std::set<std::string> searchFlagOptions() { return {"--co-explore", "--partition-only", "--seed-heuristics", "--quiet", "--json"}; }

int prepareSearch(const std::string &command, const std::vector<std::string> &words, const std::set<std::string> &extraValues,
                  const std::set<std::string> &extraFlags, std::ostream &err, SearchSetup *out)
{
    std::set<std::string> values = searchValueOptions(), flags = searchFlagOptions();
    values.insert(extraValues.begin(), extraValues.end());
    flags.insert(extraFlags.begin(), extraFlags.end());
    std::string error;
    Args &args = out->args;
    if (!parseArgs(words, values, flags, &args, &error))
        return usageError(command, error, err);
    if (args.positional.size() != 1)
        return usageError(command, "expected exactly one MODEL", err);
    cocco::SearchConfig &cfg = out->cfg;
    if (args.hasValue("--objective") && !cocco::parseObjective(args.value("--objective"), &cfg.objective))
        return usageError(command, "unknown objective '" + args.value("--objective") + "'", err);
    for (const cocco::SearchSettingInfo &setting : cocco::searchSettings()) {
        if (!args.hasValue(setting.option))
            continue;
        cocco::Status st = cocco::applySearchSetting(&cfg, setting.id, args.value(setting.option));
        if (!st.ok())
            return usageError(command, st.message(), err);
    }
    if (args.has("--co-explore") && args.has("--partition-only"))
        return usageError(command, "--co-explore and --partition-only exclude each other", err);
    cfg.coExplore = args.has("--co-explore") || (cfg.objective == cocco::Objective::Cost && !args.has("--partition-only"));
    cfg.seedWithHeuristics = args.has("--seed-heuristics");
    std::string buffer = args.value("--buffer");
    if (!buffer.empty() && buffer != "separate" && buffer != "shared")
        return usageError(command, "--buffer must be separate or shared, got '" + buffer + "'", err);

    cocco::LoadOptions lo;
    for (const auto &kv : args.repeated) {
        const auto &names = cocco::loadOptionNames();
        if (std::find(names.begin(), names.end(), kv.first) == names.end())
            continue;
        if (cocco::Status st = cocco::applyLoadOption(kv.first, kv.second, &lo); !st.ok())
            return usageError(command, st.message(), err);
    }
    if (args.hasValue("--hw")) {
        auto hw = cocco::loadHardwareFile(cocco::resolveHardwareArgument(args.value("--hw")));
        if (!hw.ok()) {
            err << "cocco " << command << ": " << hw.message() << "\n";
            return kExitFailure;
        }
        out->hw = hw.value();
    }
    if (args.hasValue("--cores")) {
        long long iv = 0;
        std::string error;
        if (!parseInt(args.value("--cores"), 1, cocco::kMaxCores, &iv, &error))
            return usageError(command, "--cores: " + error, err);
        out->hw.cores = static_cast<int>(iv);
    }
    if (!buffer.empty())
        out->hw.mode = buffer == "shared" ? cocco::BufferMode::Shared : cocco::BufferMode::Separate;
    auto loaded = cocco::loadModel(args.positional[0], lo);
    if (!loaded.ok()) {
        err << "cocco " << command << ": " << loaded.message() << "\n";
        return kExitFailure;
    }
    out->modelSource = loaded->source;
    out->net = std::make_shared<cocco::Network>(std::move(loaded.value().net));
    cocco::Status ok = cocco::validateSearchConfig(cfg);
    if (!ok.ok())
        return usageError(command, ok.message(), err);
    return kExitOk;
}

namespace {
constexpr double kQuietStartSeconds = 0.5;  // short runs print nothing
constexpr double kTerminalRefreshSeconds = 0.2;
constexpr double kLogLineSeconds = 60;      // Log mode: a line at least this often
} // namespace

ProgressLine::ProgressLine(std::ostream &err, bool quiet, Mode mode) : m_err(err), m_quiet(quiet)
{
    m_terminal = mode == Mode::Terminal || (mode == Mode::Auto && &err == &std::cerr && isatty(STDERR_FILENO) == 1);
}

void ProgressLine::update(const cocco::SearchProgress &p, const std::string &prefix)
{
    if (m_quiet || p.seconds < kQuietStartSeconds)
        return;
    if (prefix != m_prefix) { // a new run of a compare / sweep: its own 10 % steps
        m_prefix = prefix;
        m_lastTenth = 0;
    }
    const int tenth = p.budget > 0 ? static_cast<int>(10 * std::min(p.samples, p.budget) / p.budget) : 0;
    if (m_terminal) {
        if (m_last >= 0 && p.seconds - m_last < kTerminalRefreshSeconds)
            return;
    } else {
        const double since = m_last < 0 ? p.seconds : p.seconds - m_last;
        if (tenth <= m_lastTenth && since < kLogLineSeconds)
            return;
    }
    m_last = p.seconds;
    m_lastTenth = std::max(m_lastTenth, tenth);
    char line[256];
    std::snprintf(line, sizeof line, "%s%s%s%s samples %lld/%lld  best %.6g  %.1f s%s", m_terminal ? "\r" : "",
                  prefix.c_str(), p.phase.empty() ? "" : p.phase.c_str(), p.phase.empty() ? "" : ":",
                  static_cast<long long>(p.samples), static_cast<long long>(p.budget), p.best, p.seconds,
                  m_terminal ? "   " : "\n");
    m_err << line << std::flush;
    m_shown = m_terminal;
}

void ProgressLine::finish()
{
    if (m_shown)
        m_err << "\n";
    m_shown = false;
    m_last = -1;
    m_lastTenth = 0;
}

cocco::SearchControl ProgressLine::control(const std::string &prefix)
{
    cocco::SearchControl c;
    c.onProgress = [this, prefix](const cocco::SearchProgress &p) { update(p, prefix); };
    return c;
}

// After a single search: -o writes the result files, --json prints the result JSON, else a summary.
int reportSearch(const std::string &command, const Args &args, const cocco::Network &net, const std::string &modelSource,
                 const cocco::HardwareConfig &hw, const cocco::SearchConfig &cfg,
                 const cocco::Result<cocco::SearchResult> &result, std::ostream &out, std::ostream &err)
{
    if (!result.ok()) {
        err << "cocco " << command << ": " << result.message() << "\n";
        return kExitFailure;
    }
    if (args.hasValue("-o")) {
        cocco::Status st = cocco::writeSearchResultFiles(args.value("-o"), net, result.value(), modelSource);
        if (!st.ok()) {
            err << "cocco " << command << ": " << st.message() << "\n";
            return kExitFailure;
        }
    }
    if (args.has("--json")) {
        out << cocco::searchResultToJson(net, result.value(), modelSource);
        return kExitOk;
    }
    const cocco::SearchResult &res = result.value();
    const cocco::PartitionCost &c = res.best.cost;
    char line[512];
    out << "model        " << net.name << " (" << modelSource << "), " << net.computeOrder().size() << " layers\n";
    std::snprintf(line, sizeof line, "search       %s, objective %s%s, %s, %s buffers\n", cocco::algorithmName(cfg.algorithm),
                  cocco::objectiveName(cfg.objective),
                  cfg.objective == cocco::Objective::Cost ? (" (alpha " + std::to_string(cfg.alpha) + ")").c_str() : "",
                  cfg.coExplore ? "co-exploration" : "partition only",
                  hw.mode == cocco::BufferMode::Shared ? "shared" : "separate");
    out << line;
    std::snprintf(line, sizeof line, "best         %.10g (%s)\n", res.best.objective, cocco::objectiveName(cfg.objective));
    out << line;
    if (std::isfinite(res.lowerBound)) {
        std::snprintf(line, sizeof line, "bound        %.10g (certified lower bound; gap %+.3f%%%s)\n", res.lowerBound,
                      100 * res.gap,
                      res.stopReason == cocco::StopReason::Optimal ? ", optimal"
                      : cocco::provenOptimal(res)                  ? ", optimal: the bound proves it"
                                                                   : "");
        out << line;
    }
    out << "capacities   " << cli::formatCapacities(res.best.hw) << " (buffer " << c.bufferBytes << " bytes)\n";
    std::snprintf(line, sizeof line,
                  "totals       EMA %.0f bytes, energy %.6g pJ, latency %.0f cycles, cost %.10g\n"
                  "bandwidth    avg %.3f GB/s, peak %.3f GB/s\n"
                  "subgraphs    %d (%d spilling)%s\n",
                  c.emaBytes, c.energyPj, c.latencyCycles,
                  cocco::objectiveValue(c, res.best.hw, cocco::Objective::Cost, cfg.alpha), c.bwAvgGBps, c.bwPeakGBps,
                  c.subgraphCount, c.spillingCount, c.valid ? "" : (", NOT VALID: " + c.reason).c_str());
    out << line;
    std::snprintf(line, sizeof line, "run          %lld samples in %.2f s, stop: %s, seed %llu, %zu Pareto points\n",
                  static_cast<long long>(res.samples), res.seconds, cocco::stopReasonName(res.stopReason),
                  static_cast<unsigned long long>(cfg.seed), res.pareto.size());
    out << line;
    for (const auto &w : res.warnings)
        out << "note         " << w << "\n";
    if (args.hasValue("-o"))
        out << "wrote        " << args.value("-o") << ", " << cocco::partitionPathFor(args.value("-o")) << ", "
            << cocco::hardwarePathFor(args.value("-o")) << "\n";
    return kExitOk;
}

std::string algorithmUsage()
{
    std::string out;
    for (const cocco::AlgorithmInfo *a : cocco::registeredAlgorithms()) {
        std::string name = a->name;
        name.resize(std::max<size_t>(name.size() + 1, 10), ' ');
        out += "                          " + name + a->summary + "\n";
    }
    return out;
}

std::string formatCapacities(const cocco::HardwareConfig &hw)
{
    const std::string caps = hw.mode == cocco::BufferMode::Shared
        ? "S " + std::to_string(hw.sharedBufferBytes / cocco::kKiB) + " KiB"
        : "A " + std::to_string(hw.actBufferBytes / cocco::kKiB) + " KiB + W " + std::to_string(hw.weightBufferBytes / cocco::kKiB)
            + " KiB";
    // With several cores the capacities are each core's (method §8).
    return hw.cores > 1 ? caps + " per core x " + std::to_string(hw.cores) + " cores" : caps;
}

} // namespace cli
