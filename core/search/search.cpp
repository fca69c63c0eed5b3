// Names, objectives, validation and the runSearch dispatch through the algorithm registry.
#include "search.h"

#include "search/baselines/baselines.h"
#include "search/exact/partition_bound.h"
#include "search/framework/run_context.h"
#include "search/registry.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace cocco {

namespace {

struct ObjName {
    Objective o;
    const char *name;
};
const ObjName kObjectives[] = {
    {Objective::Ema, "ema"}, {Objective::Energy, "energy"}, {Objective::Latency, "latency"}, {Objective::Cost, "cost"}};

} // namespace

const char *algorithmName(const Algorithm &a)
{
    const AlgorithmInfo *info = findAlgorithm(a);
    return info ? info->name.c_str() : "?";
}

bool parseAlgorithm(const std::string &s, Algorithm *out)
{
    if (!findAlgorithm(s))
        return false;
    *out = s;
    return true;
}

std::vector<Algorithm> allAlgorithms()
{
    std::vector<Algorithm> v;
    for (const AlgorithmInfo *a : registeredAlgorithms())
        v.push_back(a->name);
    return v;
}

const char *objectiveName(Objective o)
{
    for (const auto &x : kObjectives)
        if (x.o == o)
            return x.name;
    return "?";
}

bool parseObjective(const std::string &s, Objective *out)
{
    for (const auto &x : kObjectives)
        if (s == x.name) {
            *out = x.o;
            return true;
        }
    return false;
}

const char *stopReasonName(StopReason r)
{
    switch (r) {
    case StopReason::Budget: return "budget";
    case StopReason::TimeLimit: return "time-limit";
    case StopReason::Converged: return "converged";
    case StopReason::Cancelled: return "cancelled";
    case StopReason::Optimal: return "optimal";
    case StopReason::GaveUp: return "gave-up";
    case StopReason::Completed: return "completed";
    }
    return "?";
}

bool parseStopReason(const std::string &s, StopReason *out)
{
    for (StopReason r : {StopReason::Budget, StopReason::TimeLimit, StopReason::Converged, StopReason::Cancelled,
                         StopReason::Optimal, StopReason::GaveUp, StopReason::Completed})
        if (s == stopReasonName(r)) {
            *out = r;
            return true;
        }
    return false;
}

double objectiveValue(const PartitionCost &c, const HardwareConfig &hw, Objective o, double alpha)
{
    switch (o) {
    case Objective::Ema: return c.emaBytes;
    case Objective::Energy: return c.energyPj;
    case Objective::Latency: return c.latencyCycles;
    case Objective::Cost: return static_cast<double>(hw.bufferBytes()) + alpha * c.energyPj;
    }
    return c.emaBytes;
}

double subgraphObjective(const SubgraphCost &c, Objective o, double alpha)
{
    switch (o) {
    case Objective::Ema: return c.emaBytes;
    case Objective::Energy: return c.energyPj;
    case Objective::Latency: return c.latencyCycles;
    case Objective::Cost: return alpha * c.energyPj;
    }
    return c.emaBytes;
}

HardwareConfig fixedReferenceHardware(const HardwareConfig &hw, const Algorithm &fixed)
{
    HardwareConfig h = hw;
    const int i = fixed == "fixed-s" ? 0 : fixed == "fixed-m" ? 1 : 2;
    static const int64_t act[] = {512 * kKiB, 1024 * kKiB, 2048 * kKiB};
    static const int64_t weight[] = {576 * kKiB, 1152 * kKiB, 2304 * kKiB};
    static const int64_t shared[] = {576 * kKiB, 1152 * kKiB, 2304 * kKiB};
    h.actBufferBytes = act[i];
    h.weightBufferBytes = weight[i];
    h.sharedBufferBytes = shared[i];
    return h;
}

int gaPopulation(int population, int64_t budget)
{
    if (population > 0)
        return population;
    return budget >= kGaLongRunSamples ? kGaLongRunPopulation : kGaShortRunPopulation;
}

Status validateSearchConfig(const SearchConfig &cfg)
{
    if (cfg.sampleBudget < 1)
        return makeError("sample budget must be at least 1, got " + std::to_string(cfg.sampleBudget));
    if (!(cfg.timeLimitSeconds >= 0) || !std::isfinite(cfg.timeLimitSeconds))
        return makeError("time limit must be 0 (none) or a positive number of seconds");
    if (!(cfg.alpha >= 0) || !std::isfinite(cfg.alpha))
        return makeError("alpha must be a non-negative number");
    if (cfg.threads < 0 || cfg.threads > 256)
        return makeError("threads must be 0 (all cores) .. 256, got " + std::to_string(cfg.threads));
    if (cfg.population != 0 && cfg.population < 2)
        return makeError("population must be 0 (automatic) or at least 2, got " + std::to_string(cfg.population));
    if (cfg.tournament < 1)
        return makeError("tournament size must be at least 1");
    if (cfg.elite < 0 || cfg.elite >= gaPopulation(cfg.population, std::min(cfg.sampleBudget, cfg.innerBudget)))
        return makeError("elite must be in [0, population)");
    if (!(cfg.crossoverRate >= 0 && cfg.crossoverRate <= 1) || !(cfg.mutationRate >= 0 && cfg.mutationRate <= 1))
        return makeError("crossover and mutation rates must be in [0, 1]");
    if (cfg.innerBudget < 1)
        return makeError("inner budget must be at least 1");
    if (!(cfg.saInitialTemperature >= 0) || !(cfg.saCooling > 0 && cfg.saCooling <= 1))
        return makeError("SA temperature must be >= 0 and cooling in (0, 1]");
    if (cfg.exactStateLimit < 1)
        return makeError("exact state limit must be at least 1");
    if (cfg.convergenceSamples < 0)
        return makeError("convergence samples must be >= 0");
    return okStatus();
}

namespace {

// Greedy and DP designs for the first population of a seedable algorithm; their subgraph
// evaluations are free (not samples), and said in the warnings.
std::vector<Genome> heuristicSeeds(RunContext &run, std::vector<std::string> &warnings)
{
    std::vector<Genome> seeds;
    const HardwareConfig &hw = run.space().baseHardware();
    SubgraphEvaluator::Options free;
    free.charging = SubgraphEvaluator::Charging::Free;
    free.reportsProgress = false;
    for (int which = 0; which < 2; ++which) {
        SubgraphEvaluator ev(run, hw, free);
        const BaselineOutcome out = which == 0 ? greedyPartition(ev) : dpPartition(ev);
        seeds.push_back(run.space().fromPartition(out.partition, hw));
        warnings.push_back(std::string("seeded with ") + (which == 0 ? "greedy" : "dp") + " ("
                           + std::to_string(out.evaluations) + " subgraph evaluations, not counted as samples)");
    }
    return seeds;
}

} // namespace

Result<SearchResult> runSearch(const CostModel &model, const SearchConfig &cfg, const SearchControl &ctl)
{
    Status ok = validateSearchConfig(cfg);
    if (!ok.ok())
        return ok.error();
    const AlgorithmInfo *info = findAlgorithm(cfg.algorithm);
    if (!info)
        return makeError("unknown algorithm '" + cfg.algorithm + "' (known: " + algorithmList(", ") + ")");
    Status hwOk = validateHardware(model.hardware());
    if (!hwOk.ok())
        return makeError("hardware: " + hwOk.message());
    if (model.network().computeOrder().empty())
        return makeError("the network '" + model.network().name + "' has no compute layers");

    const HardwareConfig hw = info->hardware ? info->hardware(model.hardware()) : model.hardware();
    const bool coExplore = info->capacities == CapacityGenes::Chosen
        || (info->capacities == CapacityGenes::FromConfig && cfg.coExplore);
    DesignSpace space(model, hw, cfg.objective, cfg.alpha, coExplore);
    // Algorithms that choose capacities keep each one they chose.
    space.setTightenCapacities(cfg.tightenCapacities && info->capacities != CapacityGenes::Chosen
                               && (cfg.objective == Objective::Cost || cfg.objective == Objective::Energy));
    RunContext run(space, cfg, ctl, info->traits.budgeted ? cfg.sampleBudget : SampleLedger::kUnlimited);
    Rng rng = makeRng(cfg.seed, algorithmRngStream(*info));
    std::vector<std::string> warnings;
    if (info->traits.baseline && cfg.coExplore)
        warnings.push_back(info->name + " searches the partition only; the hardware's capacities were kept");
    const std::vector<Genome> seeds
        = cfg.seedWithHeuristics && info->traits.seedable ? heuristicSeeds(run, warnings) : std::vector<Genome>{};

    AlgorithmJob job{run, rng, seeds, warnings};
    Status ran = info->run(job);
    if (!ran.ok())
        return ran.error();
    if (info->traits.budgeted && !run.shouldStop())
        run.setStopReason(StopReason::Converged); // the search ran out of new designs
    SearchResult result = run.finish(std::move(warnings));
    if (run.lowerBound())
        result.lowerBound = *run.lowerBound();
    else if (result.stopReason == StopReason::Optimal)
        result.lowerBound = result.best.objective; // proven by the search itself (exact)
    else if (!run.cancelled()) {
        // The cut ratios' share is of the work the run was given (a search that ran out of new
        // designs early was still given its budget), so the bound does not depend on timing.
        const int64_t work = std::max<int64_t>(result.samples, info->traits.budgeted ? cfg.sampleBudget : 0);
        // Cancelling, or the time limit, stops the cut ratios too (the bound is then the share bound).
        result.lowerBound = searchLowerBound(model, hw, cfg.objective, cfg.alpha, space.coExplore(), kResultBoundSubgraphsPerLayer,
                                             static_cast<int64_t>(kResultBoundCutsPerSample * double(work)),
                                             [&run] { return run.cancelled() || run.outOfTime(); });
    }
    result.gap = relativeGap(result.best.objective, result.lowerBound);
    return result;
}

} // namespace cocco
