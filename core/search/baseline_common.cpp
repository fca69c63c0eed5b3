#include "search/baseline_common.h"
#include "search/hashing.h"

#include <algorithm>
#include <queue>
#include <tuple>

namespace cocco {
namespace baseline {

Context::Context(const CostModel &m, const HardwareConfig &hw, Objective o, double alpha, const SearchControl &ctl,
                 double timeLimitSeconds)
    : m_model(m), m_hw(hw), m_objective(o), m_alpha(alpha), m_ctl(ctl), m_timeLimit(timeLimitSeconds),
      m_start(std::chrono::steady_clock::now())
{
}

Context::Eval Context::evaluate(const std::vector<int> &sortedLayers)
{
    Eval e;
    if (atLimit()) {
        // Over the limit: not evaluated, and the run stops (its callers then discard the result).
        m_stopped = true;
        m_stopReason = StopReason::Budget;
        return e;
    }
    if (m_hw.maxSubgraphNodes > 0 && sortedLayers.size() > static_cast<size_t>(m_hw.maxSubgraphNodes)) {
        ++m_evaluations;
        return e;
    }
    uint64_t key = 0;
    if (m_memo) {
        key = m_hwKey;
        for (int v : sortedLayers)
            key = hashCombine(key, static_cast<uint64_t>(v));
        const auto it = m_memo->known.find(key);
        if (it != m_memo->known.end())
            return it->second;
    }
    ++m_evaluations;
    const auto prof = m_model.profile(sortedLayers);
    const SubgraphCost c = m_model.subgraphCost(*prof, m_hw);
    e.ok = c.fits || sortedLayers.size() == 1;
    e.value = subgraphObjective(c, m_objective, m_alpha);
    if (m_memo) {
        if (m_memo->known.size() >= m_memo->limit)
            m_memo->known.clear();
        m_memo->known.emplace(key, e);
    }
    return e;
}

void Context::setMemo(EvalMemo *memo)
{
    m_memo = memo;
    uint64_t k = 0x2545F4914F6CDD1DULL;
    for (int64_t x : {int64_t(m_hw.mode), m_hw.actBufferBytes, m_hw.weightBufferBytes, m_hw.sharedBufferBytes})
        k = (k ^ static_cast<uint64_t>(x)) * 0x94d049bb133111ebULL + 0x632BE59BD9B4E019ULL;
    m_hwKey = k;
}

int64_t Context::weightCapacity() const
{
    return m_hw.mode == BufferMode::Separate ? m_hw.weightBufferBytes : m_hw.sharedBufferBytes;
}

int64_t Context::layerWeightBytes(int layer) const
{
    return coreShare(*m_model.profile({layer}), m_hw).weightBytes; // one core's share (method §8)
}

double Context::seconds() const
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
}

bool Context::shouldStop(StopReason *why)
{
    if (m_stopped) {
        *why = m_stopReason;
        return true;
    }
    if (m_ctl.cancel && m_ctl.cancel->load(std::memory_order_relaxed)) {
        m_stopped = true;
        m_stopReason = StopReason::Cancelled;
    } else if (atLimit()) {
        m_stopped = true;
        m_stopReason = StopReason::Budget;
    } else if (m_timeLimit > 0 && (++m_stopCheck & 7) == 0 && seconds() > m_timeLimit) {
        m_stopped = true;
        m_stopReason = StopReason::TimeLimit;
    }
    *why = m_stopReason;
    return m_stopped;
}

void Context::reportProgress(double best, const std::string &phase, bool force)
{
    if (!m_ctl.onProgress)
        return;
    const double now = seconds();
    if (!force && now - m_lastReport < 0.1)
        return;
    m_lastReport = now;
    SearchProgress p;
    p.samples = m_evaluations;
    p.budget = 0;
    p.best = best;
    p.seconds = now;
    p.phase = phase;
    m_ctl.onProgress(p);
}

double Context::partitionObjective(const Partition &p) const
{
    return objectiveValue(m_model.totals(p, m_hw), m_hw, m_objective, m_alpha);
}

Partition labelInExecutionOrder(const Network &net, const std::vector<int> &group)
{
    // Compact the group ids and find each group's smallest topological index.
    int maxGroup = -1;
    for (int g : group)
        maxGroup = std::max(maxGroup, g);
    const size_t ng = static_cast<size_t>(maxGroup + 1);
    std::vector<int> firstTopo(ng, -1);
    for (int u : net.computeOrder()) {
        const int g = group[static_cast<size_t>(u)];
        if (g >= 0 && firstTopo[static_cast<size_t>(g)] < 0)
            firstTopo[static_cast<size_t>(g)] = net.topoIndex(u);
    }
    // Quotient edges as in-degrees and adjacency lists (duplicates are harmless: counted both ways).
    std::vector<int> indeg(ng, 0);
    std::vector<std::vector<int>> succ(ng);
    for (int v : net.computeOrder())
        for (int u : net.preds(v)) {
            const int gu = group[static_cast<size_t>(u)], gv = group[static_cast<size_t>(v)];
            if (gu >= 0 && gv >= 0 && gu != gv) {
                succ[static_cast<size_t>(gu)].push_back(gv);
                ++indeg[static_cast<size_t>(gv)];
            }
        }
    using Item = std::pair<int, int>; // (first topological index, group)
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> ready;
    for (size_t g = 0; g < ng; ++g)
        if (firstTopo[g] >= 0 && indeg[g] == 0)
            ready.emplace(firstTopo[g], static_cast<int>(g));
    std::vector<int> newLabel(ng, -1);
    int next = 0;
    while (!ready.empty()) {
        const int g = ready.top().second;
        ready.pop();
        newLabel[static_cast<size_t>(g)] = next++;
        for (int h : succ[static_cast<size_t>(g)])
            if (--indeg[static_cast<size_t>(h)] == 0)
                ready.emplace(firstTopo[static_cast<size_t>(h)], h);
    }
    Partition p;
    p.label.assign(net.size(), -1);
    for (int u : net.computeOrder()) {
        const int g = group[static_cast<size_t>(u)];
        // A cyclic quotient (a caller bug) leaves groups unlabelled; checkPartition reports it.
        p.label[static_cast<size_t>(u)] = g >= 0 ? newLabel[static_cast<size_t>(g)] : -1;
    }
    return p;
}

Partition singletonPartition(const Network &net)
{
    std::vector<int> group(net.size(), -1);
    int k = 0;
    for (int u : net.computeOrder())
        group[static_cast<size_t>(u)] = k++;
    return labelInExecutionOrder(net, group);
}

} // namespace baseline
} // namespace cocco
