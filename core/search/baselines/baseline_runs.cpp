// The baselines as registered algorithms (one run context, the partition as the run's design) and
// on their own (tests, benchmarks: each call a run of its own, with no sample budget).
#include "search/baselines/baselines.h"

#include <cmath>
#include <functional>

namespace cocco {

namespace {

Result<BaselineOutcome> standalone(const CostModel &m, const HardwareConfig &hw, Objective o, double alpha,
                                   const SearchControl &ctl, double timeLimitSeconds,
                                   const std::function<Result<BaselineOutcome>(SubgraphEvaluator &)> &core)
{
    if (m.network().computeOrder().empty())
        return makeError("model '" + m.network().name + "' has no compute layers");
    SearchConfig cfg;
    cfg.objective = o;
    cfg.alpha = alpha;
    cfg.timeLimitSeconds = timeLimitSeconds;
    cfg.threads = 1; // the baselines evaluate on the calling thread
    const DesignSpace space(m, hw, o, alpha, false);
    RunContext run(space, cfg, ctl, SampleLedger::kUnlimited);
    SubgraphEvaluator ev(run, hw);
    return core(ev);
}

} // namespace

AlgorithmInfo baselineAlgorithm(std::string name, std::string summary, uint64_t rngStream, uint32_t color, BaselineCore core)
{
    AlgorithmInfo a = describeAlgorithm(std::move(name), std::move(summary), rngStream, color);
    a.traits.baseline = true;
    a.traits.deterministic = true;
    a.traits.budgeted = false;
    a.capacities = CapacityGenes::PartitionOnly;
    a.run = [core](AlgorithmJob &job) -> Status {
        SubgraphEvaluator ev(job.run, job.run.space().baseHardware());
        auto out = core(ev, job.run.config());
        if (!out.ok())
            return out.error();
        job.run.setFinalPartition(out->partition);
        job.run.setStopReason(out->stop);
        if (std::isfinite(out->lowerBound))
            job.run.setLowerBound(out->lowerBound);
        return okStatus();
    };
    return a;
}

Result<BaselineOutcome> greedySearch(const CostModel &m, const HardwareConfig &hw, Objective o, double alpha,
                                     const SearchControl &ctl, double timeLimitSeconds)
{
    return standalone(m, hw, o, alpha, ctl, timeLimitSeconds, [](SubgraphEvaluator &ev) { return greedyPartition(ev); });
}

Result<BaselineOutcome> dpSearch(const CostModel &m, const HardwareConfig &hw, Objective o, double alpha,
                                 const SearchControl &ctl, double timeLimitSeconds)
{
    return standalone(m, hw, o, alpha, ctl, timeLimitSeconds, [](SubgraphEvaluator &ev) { return dpPartition(ev); });
}

Result<BaselineOutcome> exactSearch(const CostModel &m, const HardwareConfig &hw, Objective o, double alpha,
                                    const SearchControl &ctl, double timeLimitSeconds, int64_t stateLimit)
{
    if (stateLimit < 1)
        return makeError("exact search: the state limit must be at least 1, got " + std::to_string(stateLimit));
    return standalone(m, hw, o, alpha, ctl, timeLimitSeconds,
                      [stateLimit](SubgraphEvaluator &ev) { return exactPartition(ev, stateLimit); });
}

} // namespace cocco
