// Names, objectives and the runSearch dispatch.
#include "search.h"

#include "algorithms.h"
#ifdef COCCO_HAVE_BASELINES
#include "baselines.h"
#endif

#include <algorithm>
#include <chrono>
#include <cmath>

namespace cocco {

namespace {

struct AlgoName {
    Algorithm a;
    const char *name;
};
const AlgoName kAlgos[] = {{Algorithm::Greedy, "greedy"}, {Algorithm::Dp, "dp"},         {Algorithm::Exact, "exact"},
                           {Algorithm::Sa, "sa"},         {Algorithm::Ga, "ga"},         {Algorithm::RsGa, "rs-ga"},
                           {Algorithm::GsGa, "gs-ga"},    {Algorithm::FixedS, "fixed-s"}, {Algorithm::FixedM, "fixed-m"},
                           {Algorithm::FixedL, "fixed-l"}};

struct ObjName {
    Objective o;
    const char *name;
};
const ObjName kObjectives[] = {
    {Objective::Ema, "ema"}, {Objective::Energy, "energy"}, {Objective::Latency, "latency"}, {Objective::Cost, "cost"}};

} // namespace

const char *algorithmName(Algorithm a)
{
    for (const auto &x : kAlgos)
        if (x.a == a)
            return x.name;
    return "?";
}

bool parseAlgorithm(const std::string &s, Algorithm *out)
{
    for (const auto &x : kAlgos)
        if (s == x.name) {
            *out = x.a;
            return true;
        }
    return false;
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

std::vector<Algorithm> allAlgorithms()
{
    std::vector<Algorithm> v;
    for (const auto &x : kAlgos)
        v.push_back(x.a);
    return v;
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

HardwareConfig fixedReferenceHardware(const HardwareConfig &hw, Algorithm fixed)
{
    HardwareConfig h = hw;
    const int i = fixed == Algorithm::FixedS ? 0 : fixed == Algorithm::FixedM ? 1 : 2;
    static const int64_t act[] = {512 * kKiB, 1024 * kKiB, 2048 * kKiB};
    static const int64_t weight[] = {576 * kKiB, 1152 * kKiB, 2304 * kKiB};
    static const int64_t shared[] = {576 * kKiB, 1152 * kKiB, 2304 * kKiB};
    h.actBufferBytes = act[i];
    h.weightBufferBytes = weight[i];
    h.sharedBufferBytes = shared[i];
    return h;
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
    if (cfg.population < 2)
        return makeError("population must be at least 2, got " + std::to_string(cfg.population));
    if (cfg.tournament < 1)
        return makeError("tournament size must be at least 1");
    if (cfg.elite < 0 || cfg.elite >= cfg.population)
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

#ifdef COCCO_HAVE_BASELINES
Result<BaselineOutcome> runBaseline(const CostModel &model, const HardwareConfig &hw, const SearchConfig &cfg,
                                    Algorithm a, const SearchControl &ctl)
{
    switch (a) {
    case Algorithm::Greedy: return greedySearch(model, hw, cfg.objective, cfg.alpha, ctl, cfg.timeLimitSeconds);
    case Algorithm::Dp: return dpSearch(model, hw, cfg.objective, cfg.alpha, ctl, cfg.timeLimitSeconds);
    default:
        return exactSearch(model, hw, cfg.objective, cfg.alpha, ctl, cfg.timeLimitSeconds, cfg.exactStateLimit);
    }
}
#endif

// Greedy / DP / exact: one design; history and archive hold just that design.
Result<SearchResult> wrapBaseline(const CostModel &model, const SearchConfig &cfg, const SearchControl &ctl)
{
#ifdef COCCO_HAVE_BASELINES
    const HardwareConfig hw = model.hardware();
    auto t0 = std::chrono::steady_clock::now();
    auto out = runBaseline(model, hw, cfg, cfg.algorithm, ctl);
    if (!out.ok())
        return out.error();
    SearchResult r;
    r.config = cfg;
    r.best.partition = out->partition;
    r.best.hw = hw;
    r.best.cost = model.totals(out->partition, hw);
    r.best.objective = objectiveValue(r.best.cost, hw, cfg.objective, cfg.alpha);
    r.samples = out->evaluations;
    r.stopReason = out->stop;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.history.push_back({r.samples, r.best.objective, r.seconds});
    r.pareto.push_back(ParetoPoint::of(r.best));
    if (cfg.coExplore)
        r.warnings.push_back(std::string(algorithmName(cfg.algorithm))
                             + " searches the partition only; the hardware's capacities were kept");
    return r;
#else
    (void)model;
    (void)ctl;
    return makeError(std::string(algorithmName(cfg.algorithm)) + " is not available in this build");
#endif
}

} // namespace

Result<SearchResult> runSearch(const CostModel &model, const SearchConfig &cfg, const SearchControl &ctl)
{
    Status ok = validateSearchConfig(cfg);
    if (!ok.ok())
        return ok.error();
    Status hwOk = validateHardware(model.hardware());
    if (!hwOk.ok())
        return makeError("hardware: " + hwOk.message());
    if (model.network().computeOrder().empty())
        return makeError("the network '" + model.network().name + "' has no compute layers");
    switch (cfg.algorithm) {
    case Algorithm::Greedy:
    case Algorithm::Dp:
    case Algorithm::Exact: return wrapBaseline(model, cfg, ctl);
    default: break;
    }

    const bool fixed = cfg.algorithm == Algorithm::FixedS || cfg.algorithm == Algorithm::FixedM
        || cfg.algorithm == Algorithm::FixedL;
    const bool twoStep = cfg.algorithm == Algorithm::RsGa || cfg.algorithm == Algorithm::GsGa;
    const HardwareConfig hw = fixed ? fixedReferenceHardware(model.hardware(), cfg.algorithm) : model.hardware();
    const bool coExplore = twoStep || (!fixed && cfg.coExplore);
    DesignSpace space(model, hw, cfg.objective, cfg.alpha, coExplore);
    // Two-step baselines keep each capacity they chose (their partition-only GAs do not move it).
    space.setTightenCapacities(cfg.tightenCapacities && !twoStep
                               && (cfg.objective == Objective::Cost || cfg.objective == Objective::Energy));
    SearchRun run(space, cfg, ctl);
    Rng rng = makeRng(cfg.seed, static_cast<uint64_t>(cfg.algorithm));
    std::vector<std::string> warnings;

    std::vector<Genome> seeds;
    if (cfg.seedWithHeuristics && (cfg.algorithm == Algorithm::Ga || cfg.algorithm == Algorithm::Sa || fixed)) {
#ifdef COCCO_HAVE_BASELINES
        for (Algorithm a : {Algorithm::Greedy, Algorithm::Dp}) {
            auto out = runBaseline(model, hw, cfg, a, ctl);
            if (out.ok()) {
                seeds.push_back(space.fromPartition(out->partition, hw));
                warnings.push_back(std::string("seeded with ") + algorithmName(a) + " (" + std::to_string(out->evaluations)
                                   + " subgraph evaluations, not counted as samples)");
            }
        }
#else
        warnings.push_back("heuristic seeding is not available in this build");
#endif
    }

    switch (cfg.algorithm) {
    case Algorithm::Sa: runSa(run, seeds, rng); break;
    case Algorithm::RsGa: runTwoStep(run, true, rng); break;
    case Algorithm::GsGa: runTwoStep(run, false, rng); break;
    default: {
        GaOptions opt;
        opt.budget = cfg.sampleBudget;
        opt.seeds = seeds;
        opt.phase = algorithmName(cfg.algorithm);
        runGa(run, opt, rng);
        break;
    }
    }
    if (!run.shouldStop())
        run.setStopReason(StopReason::Converged); // the search ran out of new designs
    return run.finish(std::move(warnings));
}

} // namespace cocco
