#include "search_cli.h"

#include "search/registry.h"

#include <algorithm>

#include "cost/hardware.h"
#include "io/sample_paths.h"

#include <cstdio>
#include <ostream>

namespace cli {

const char *kSearchOptionsUsage =
    "    --objective O       ema | energy | latency | cost (buffer bytes + alpha * energy pJ); default ema\n"
    "    --buffer M          separate | shared (default: the hardware file's mode, else separate)\n"
    "    --alpha A           pJ-to-byte weight of the cost objective (default 0.002)\n"
    "    --hw HW.json        hardware configuration, or a sample's name (separate_s, ...; cocco samples)\n"
    "                        (default: built-in defaults)\n"
    "    --budget N          sample budget (evaluated designs; default 50000)\n"
    "    --seed S            random seed (default 1); same seed, same result at any thread count\n"
    "    --threads T         evaluation threads (default 0 = all cores)\n"
    "    --time-limit SEC    stop after SEC seconds (default 0 = none)\n"
    "    --co-explore        search capacities too (default when --objective cost)\n"
    "    --partition-only    keep the hardware's capacities (default for ema/energy/latency)\n"
    "    --population N      GA population (default 100)\n"
    "    --inner-budget N    samples per capacity of rs-ga / gs-ga (default 5000)\n"
    "    --seed-heuristics   put greedy and DP results into the GA's first population\n"
    "    --state-limit N     exact: down-sets before giving up (default 2000000)\n"
    "    --input-shape NAME=1,3,224,224  shape of a dynamic ONNX input (repeatable)\n"
    "    --quiet             no progress line on stderr\n";

std::set<std::string> searchValueOptions()
{
    return {"--objective", "--buffer", "--alpha", "--hw", "--budget", "--seed", "--threads", "--time-limit",
            "--population", "--inner-budget", "--state-limit", "--input-shape"};
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
    long long iv = 0;
    double dv = 0;
    if (args.hasValue("--alpha")) {
        if (!parseDouble(args.value("--alpha"), 0, 1e9, &dv, &error))
            return usageError(command, "--alpha: " + error, err);
        cfg.alpha = dv;
    }
    if (args.hasValue("--budget")) {
        if (!parseInt(args.value("--budget"), 1, 1000000000000LL, &iv, &error))
            return usageError(command, "--budget: " + error, err);
        cfg.sampleBudget = iv;
    }
    if (args.hasValue("--seed")) {
        if (!parseInt(args.value("--seed"), 0, 9223372036854775807LL, &iv, &error))
            return usageError(command, "--seed: " + error, err);
        cfg.seed = static_cast<uint64_t>(iv);
    }
    if (args.hasValue("--threads")) {
        if (!parseInt(args.value("--threads"), 0, 256, &iv, &error))
            return usageError(command, "--threads: " + error, err);
        cfg.threads = static_cast<int>(iv);
    }
    if (args.hasValue("--time-limit")) {
        if (!parseDouble(args.value("--time-limit"), 0, 1e7, &dv, &error))
            return usageError(command, "--time-limit: " + error, err);
        cfg.timeLimitSeconds = dv;
    }
    if (args.hasValue("--population")) {
        if (!parseInt(args.value("--population"), 2, 100000, &iv, &error))
            return usageError(command, "--population: " + error, err);
        cfg.population = static_cast<int>(iv);
    }
    if (args.hasValue("--inner-budget")) {
        if (!parseInt(args.value("--inner-budget"), 1, 1000000000000LL, &iv, &error))
            return usageError(command, "--inner-budget: " + error, err);
        cfg.innerBudget = iv;
    }
    if (args.hasValue("--state-limit")) {
        if (!parseInt(args.value("--state-limit"), 1, 1000000000000LL, &iv, &error))
            return usageError(command, "--state-limit: " + error, err);
        cfg.exactStateLimit = iv;
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
        if (kv.first != "--input-shape")
            continue;
        auto s = cocco::parseInputShape(kv.second);
        if (!s.ok())
            return usageError(command, s.message(), err);
        lo.inputShapes[s->first] = s->second;
    }
    if (args.hasValue("--hw")) {
        auto hw = cocco::loadHardwareFile(cocco::resolveHardwareArgument(args.value("--hw")));
        if (!hw.ok()) {
            err << "cocco " << command << ": " << hw.message() << "\n";
            return kExitFailure;
        }
        out->hw = hw.value();
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

void ProgressLine::update(const cocco::SearchProgress &p, const std::string &prefix)
{
    if (m_quiet || p.seconds < 0.5 || (m_last >= 0 && p.seconds - m_last < 0.2))
        return;
    m_last = p.seconds;
    char line[256];
    std::snprintf(line, sizeof line, "\r%s%s%s samples %lld/%lld  best %.6g  %.1f s   ", prefix.c_str(),
                  p.phase.empty() ? "" : p.phase.c_str(), p.phase.empty() ? "" : ":", static_cast<long long>(p.samples),
                  static_cast<long long>(p.budget), p.best, p.seconds);
    m_err << line << std::flush;
    m_shown = true;
}

void ProgressLine::finish()
{
    if (m_shown)
        m_err << "\n";
    m_shown = false;
    m_last = -1;
}

cocco::SearchControl ProgressLine::control(const std::string &prefix)
{
    cocco::SearchControl c;
    c.onProgress = [this, prefix](const cocco::SearchProgress &p) { update(p, prefix); };
    return c;
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
    if (hw.mode == cocco::BufferMode::Shared)
        return "S " + std::to_string(hw.sharedBufferBytes / cocco::kKiB) + " KiB";
    return "A " + std::to_string(hw.actBufferBytes / cocco::kKiB) + " KiB + W "
        + std::to_string(hw.weightBufferBytes / cocco::kKiB) + " KiB";
}

} // namespace cli
