#include "search/framework/subgraph_eval.h"

#include "search/framework/hashing.h"

#include <algorithm>

namespace cocco {

SubgraphEvaluator::SubgraphEvaluator(RunContext &run, const HardwareConfig &hw) : SubgraphEvaluator(run, hw, Options{}) {}

SubgraphEvaluator::SubgraphEvaluator(RunContext &run, const HardwareConfig &hw, const Options &opt)
    : m_run(run), m_hw(hw), m_opt(opt)
{
    if (m_opt.grant < 0)
        m_opt.grant = 0;
    uint64_t k = 0x2545F4914F6CDD1DULL;
    for (int64_t x : {int64_t(m_hw.mode), m_hw.actBufferBytes, m_hw.weightBufferBytes, m_hw.sharedBufferBytes})
        k = (k ^ static_cast<uint64_t>(x)) * 0x94d049bb133111ebULL + 0x632BE59BD9B4E019ULL;
    m_hwKey = k;
}

SubgraphEvaluator::Eval SubgraphEvaluator::evaluate(const std::vector<int> &sortedLayers)
{
    Eval e;
    if (atLimit()) {
        // Past the grant: not evaluated, and the evaluation stops (its callers then discard the
        // result).
        m_stopped = true;
        m_stopReason = StopReason::Budget;
        return e;
    }
    const bool charged = m_opt.charging == Charging::Samples;
    if (m_hw.maxSubgraphNodes > 0 && sortedLayers.size() > static_cast<size_t>(m_hw.maxSubgraphNodes)) {
        ++m_evaluations;
        if (charged)
            m_run.ledger().spend(1);
        return e;
    }
    uint64_t key = 0;
    EvalMemo *memo = m_opt.memo;
    if (memo) {
        key = m_hwKey;
        for (int v : sortedLayers)
            key = hashCombine(key, static_cast<uint64_t>(v));
        const auto it = memo->known.find(key);
        if (it != memo->known.end())
            return it->second;
    }
    ++m_evaluations;
    if (charged)
        m_run.ledger().spend(1);
    const auto prof = m_keepProfiles ? model().profile(sortedLayers) : model().transientProfile(sortedLayers);
    const SubgraphCost c = model().subgraphCost(*prof, m_hw);
    e.ok = c.fits || sortedLayers.size() == 1;
    e.value = subgraphObjective(c, objective(), alpha());
    if (memo) {
        if (memo->known.size() >= memo->limit)
            memo->known.clear();
        memo->known.emplace(key, e);
    }
    return e;
}

int64_t SubgraphEvaluator::weightCapacity() const
{
    return m_hw.mode == BufferMode::Separate ? m_hw.weightBufferBytes : m_hw.sharedBufferBytes;
}

int64_t SubgraphEvaluator::layerWeightBytes(int layer) const
{
    return coreShare(*model().profile({layer}), m_hw).weightBytes; // one core's share (method §8)
}

bool SubgraphEvaluator::shouldStop(StopReason *why)
{
    if (m_stopped) {
        *why = m_stopReason;
        return true;
    }
    if (m_run.cancelled()) {
        m_stopped = true;
        m_stopReason = StopReason::Cancelled;
    } else if (atLimit()) {
        m_stopped = true;
        m_stopReason = StopReason::Budget;
    } else if ((++m_stopCheck & 7) == 0 && m_run.outOfTime()) {
        m_stopped = true;
        m_stopReason = StopReason::TimeLimit;
    }
    *why = m_stopReason;
    return m_stopped;
}

void SubgraphEvaluator::reportProgress(double best, const std::string &phase, bool force)
{
    if (m_opt.reportsProgress)
        m_run.report(phase, nullptr, force, best);
}

double SubgraphEvaluator::partitionObjective(const Partition &p) const
{
    return objectiveValue(model().totals(p, m_hw), m_hw, objective(), alpha());
}

} // namespace cocco
