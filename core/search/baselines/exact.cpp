// Exact partition search (method §6): a shortest path over the down-sets of the DAG (the sets of
// layers already executed). From a down-set D, a transition executes one subgraph S such that
// D ∪ S is again a down-set, S is weakly connected, has at most max_subgraph_nodes layers and fits
// (or is a single layer). Such an S is automatically convex: a path leaving S and coming back
// would run through a layer outside S that S needs, which must then be in D, and D is closed under
// predecessors. Every transition adds layers, so states are settled in order of their size.
//
// The better of greedy and DP gives an upper bound U; with an admissible lower bound h on what the
// remaining layers must still cost (their weights must be loaded, their MACs done), states with
// g + h > U are never stored. The search reports GaveUp when it would store more than the state
// limit, and then returns the better heuristic partition.
#include "search/baselines/baselines.h"
#include "search/framework/hashing.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace cocco {

namespace {

uint64_t mix(uint64_t x) { return mix64(x + 0x9e3779b97f4a7c15ULL); }

class Exact {
public:
    // `layers`: a topological order of a convex set of layers to partition (default: every
    // compute layer); the rest of the network is outside the search.
    Exact(SubgraphEvaluator &ctx, int64_t stateLimit, double upperBound, const std::vector<int> *layers = nullptr)
        : m_ctx(ctx), m_net(ctx.net()), m_stateLimit(stateLimit), m_upper(upperBound), m_layers(layers)
    {
    }

    // Returns the optimal group assignment (layer -> subgraph) or an empty vector when stopped;
    // *stop says why. An empty vector with Optimal means nothing beats the upper bound.
    std::vector<int> run(StopReason *stop);
    int64_t states() const { return static_cast<int64_t>(m_g.size()); }

private:
    void setup();
    void expand(int state);
    void enumerate(std::vector<int> &ready);
    void emit();
    int findOrAdd(const uint64_t *bits, bool *added);
    bool test(const uint64_t *bits, int p) const { return (bits[p >> 6] >> (p & 63)) & 1U; }

    SubgraphEvaluator &m_ctx;
    const Network &m_net;
    int64_t m_stateLimit;
    double m_upper;
    const std::vector<int> *m_layers;
    double m_tolerance = 0;
    bool m_abort = false;
    StopReason m_stop = StopReason::Optimal;

    int m_n = 0, m_words = 0;
    std::vector<int> m_layerAt;                   // position (topological) -> layer id
    std::vector<std::vector<int>> m_preds, m_succs; // positions, compute layers only
    std::vector<int64_t> m_weight;
    std::vector<double> m_lower;                  // admissible lower bound per layer
    std::vector<int> m_predCount;

    // States: bits in a flat pool, cost so far, lower bound of the rest, parent, size.
    std::vector<uint64_t> m_bits;
    std::vector<double> m_g, m_h;
    std::vector<int> m_parent, m_size;
    std::vector<std::vector<int>> m_bySize;
    std::vector<int> m_table; // open addressing over state ids, -1 = empty
    std::vector<uint64_t> m_hash;

    // Enumeration scratch for the state being expanded.
    int m_state = -1;
    std::vector<int> m_remaining; // compute preds not yet in D ∪ S
    std::vector<int> m_subgraph;  // positions of S
    std::vector<char> m_inS;
    int64_t m_subgraphWeight = 0;
    std::vector<uint64_t> m_target;
    std::vector<int> m_sorted, m_stack;
};

void Exact::setup()
{
    const auto &order = m_layers ? *m_layers : m_net.computeOrder();
    m_n = static_cast<int>(order.size());
    m_words = (m_n + 63) / 64;
    m_layerAt = order;
    std::vector<int> pos(m_net.size(), -1);
    for (int i = 0; i < m_n; ++i)
        pos[static_cast<size_t>(order[static_cast<size_t>(i)])] = i;
    m_preds.assign(static_cast<size_t>(m_n), {});
    m_succs.assign(static_cast<size_t>(m_n), {});
    m_weight.assign(static_cast<size_t>(m_n), 0);
    m_lower.assign(static_cast<size_t>(m_n), 0);
    const HardwareConfig &hw = m_ctx.hw();
    bool lowerSound = true;
    for (int i = 0; i < m_n; ++i) {
        const int u = order[static_cast<size_t>(i)];
        for (int p : m_net.preds(u))
            if (pos[static_cast<size_t>(p)] >= 0)
                m_preds[static_cast<size_t>(i)].push_back(pos[static_cast<size_t>(p)]);
        for (int s : m_net.succs(u))
            if (pos[static_cast<size_t>(s)] >= 0)
                m_succs[static_cast<size_t>(i)].push_back(pos[static_cast<size_t>(s)]);
        const auto prof = m_ctx.model().profile({u});
        const SubgraphCost c = m_ctx.model().subgraphCost(*prof, hw);
        m_weight[static_cast<size_t>(i)] = c.weightBytes; // one core's share (method §8)
        // Whatever subgraph a layer joins, its weights are loaded and its MACs and intra-layer
        // SRAM traffic happen; only the DRAM tensor traffic (and its SRAM fills and drains)
        // depends on the grouping. So a layer costs at least its single-layer cost without that
        // traffic (EMA: its weights; latency: its compute cycles).
        const double ioBytes = c.emaBytes - c.weightEmaBytes;
        const double eAct = hw.energy.sramPjPerByte1MiB
            * std::sqrt(static_cast<double>(hw.mode == BufferMode::Separate ? hw.actBufferBytes : hw.sharedBufferBytes)
                        / static_cast<double>(kMiB));
        // Crossbar gathers (method §8) also depend on the grouping: left out of the bound too.
        const double energyLower = std::max(
            0.0, c.energyPj - (hw.energy.dramPjPerByte + eAct) * ioBytes - (hw.nocPjPerByte + eAct) * c.nocBytes);
        double lb = 0;
        switch (m_ctx.objective()) {
        case Objective::Ema: lb = c.weightEmaBytes; break;
        case Objective::Energy: lb = energyLower; break;
        case Objective::Latency: lb = c.computeCycles; break;
        case Objective::Cost: lb = m_ctx.alpha() * energyLower; break;
        }
        // A bound above the layer's own cost means the cost model counts differently than
        // assumed: search without bounds rather than risk a wrong "optimal".
        if (!(lb >= 0) || lb > subgraphObjective(c, m_ctx.objective(), m_ctx.alpha()) * (1 + 1e-9) + 1e-9)
            lowerSound = false;
        m_lower[static_cast<size_t>(i)] = lb;
    }
    if (!lowerSound)
        std::fill(m_lower.begin(), m_lower.end(), 0.0);
    m_tolerance = 1e-9 * std::abs(m_upper) + 1e-9;
    m_remaining.assign(static_cast<size_t>(m_n), 0);
    m_inS.assign(static_cast<size_t>(m_n), 0);
    m_target.assign(static_cast<size_t>(m_words), 0);
    m_bySize.assign(static_cast<size_t>(m_n + 1), {});
    m_table.assign(1024, -1);
}

int Exact::findOrAdd(const uint64_t *bits, bool *added)
{
    uint64_t h = 0x243f6a8885a308d3ULL;
    for (int w = 0; w < m_words; ++w)
        h = mix(h ^ bits[w]);
    const size_t mask = m_table.size() - 1;
    for (size_t slot = h & mask;; slot = (slot + 1) & mask) {
        const int id = m_table[slot];
        if (id < 0) {
            *added = true;
            const int nid = static_cast<int>(m_g.size());
            m_table[slot] = nid;
            m_hash.push_back(h);
            m_bits.insert(m_bits.end(), bits, bits + m_words);
            m_g.push_back(std::numeric_limits<double>::infinity());
            m_h.push_back(0);
            m_parent.push_back(-1);
            if (m_g.size() * 2 > m_table.size()) {
                std::vector<int> bigger(m_table.size() * 2, -1);
                const size_t bmask = bigger.size() - 1;
                for (size_t k = 0; k < m_g.size(); ++k) {
                    size_t s = m_hash[k] & bmask;
                    while (bigger[s] >= 0)
                        s = (s + 1) & bmask;
                    bigger[s] = static_cast<int>(k);
                }
                m_table.swap(bigger);
            }
            return nid;
        }
        if (m_hash[static_cast<size_t>(id)] == h
            && std::memcmp(&m_bits[static_cast<size_t>(id) * static_cast<size_t>(m_words)], bits,
                           sizeof(uint64_t) * static_cast<size_t>(m_words)) == 0) {
            *added = false;
            return id;
        }
    }
}

std::vector<int> Exact::run(StopReason *stop)
{
    setup();
    std::vector<uint64_t> empty(static_cast<size_t>(m_words), 0);
    bool added = false;
    const int start = findOrAdd(empty.data(), &added);
    m_g[static_cast<size_t>(start)] = 0;
    double totalLower = 0;
    for (double l : m_lower)
        totalLower += l;
    m_h[static_cast<size_t>(start)] = totalLower;
    m_size.push_back(0);
    m_bySize[0].push_back(start);
    for (int size = 0; size < m_n && !m_abort; ++size) {
        for (size_t k = 0; k < m_bySize[static_cast<size_t>(size)].size() && !m_abort; ++k) {
            expand(m_bySize[static_cast<size_t>(size)][k]);
            m_ctx.reportProgress(m_upper, "exact: " + std::to_string(m_g.size()) + " states");
        }
    }
    *stop = m_stop;
    if (m_abort || m_bySize[static_cast<size_t>(m_n)].empty())
        return {};
    // Walk back from the full down-set; each step's new layers form one subgraph.
    std::vector<int> group(m_net.size(), -1);
    int next = 0;
    for (int s = m_bySize[static_cast<size_t>(m_n)].front(); m_parent[static_cast<size_t>(s)] >= 0;
         s = m_parent[static_cast<size_t>(s)], ++next) {
        const uint64_t *cur = &m_bits[static_cast<size_t>(s) * static_cast<size_t>(m_words)];
        const uint64_t *par = &m_bits[static_cast<size_t>(m_parent[static_cast<size_t>(s)]) * static_cast<size_t>(m_words)];
        for (int p = 0; p < m_n; ++p)
            if (test(cur, p) && !test(par, p))
                group[static_cast<size_t>(m_layerAt[static_cast<size_t>(p)])] = next;
    }
    return group;
}

void Exact::expand(int state)
{
    m_state = state;
    const uint64_t *d = &m_bits[static_cast<size_t>(state) * static_cast<size_t>(m_words)];
    std::vector<int> ready;
    for (int p = 0; p < m_n; ++p) {
        if (test(d, p))
            continue;
        int missing = 0;
        for (int q : m_preds[static_cast<size_t>(p)])
            if (!test(d, q))
                ++missing;
        m_remaining[static_cast<size_t>(p)] = missing;
        if (missing == 0)
            ready.push_back(p);
    }
    m_subgraph.clear();
    m_subgraphWeight = 0;
    enumerate(ready);
}

// Every S with D ∪ S a down-set, exactly once: take the first ready layer r and either put it in
// S (its successors may become ready) or leave it out for good (then nothing after it is ever
// ready through it). `ready` is sorted by position.
void Exact::enumerate(std::vector<int> &ready)
{
    if (ready.empty() || m_abort)
        return;
    StopReason why;
    if (m_ctx.shouldStop(&why)) {
        m_abort = true;
        m_stop = why;
        return;
    }
    const int r = ready.front();
    std::vector<int> rest(ready.begin() + 1, ready.end());
    const int64_t w = m_weight[static_cast<size_t>(r)];
    const bool roomLeft = m_ctx.maxNodes() <= 0 || static_cast<int>(m_subgraph.size()) < m_ctx.maxNodes();
    if (roomLeft && (m_subgraph.empty() || m_subgraphWeight + w <= m_ctx.weightCapacity())) {
        m_subgraph.push_back(r);
        m_inS[static_cast<size_t>(r)] = 1;
        m_subgraphWeight += w;
        std::vector<int> next = rest;
        for (int s : m_succs[static_cast<size_t>(r)])
            if (--m_remaining[static_cast<size_t>(s)] == 0)
                next.insert(std::lower_bound(next.begin(), next.end(), s), s);
        emit();
        // A lone layer heavier than the weight buffer runs by streaming and cannot grow.
        if (m_subgraphWeight <= m_ctx.weightCapacity())
            enumerate(next);
        for (int s : m_succs[static_cast<size_t>(r)])
            ++m_remaining[static_cast<size_t>(s)];
        m_subgraphWeight -= w;
        m_inS[static_cast<size_t>(r)] = 0;
        m_subgraph.pop_back();
    }
    enumerate(rest);
}

void Exact::emit()
{
    if (m_abort)
        return;
    // Weak connectivity of S.
    m_stack.assign(1, m_subgraph.front());
    size_t seen = 0;
    m_inS[static_cast<size_t>(m_subgraph.front())] = 2;
    while (!m_stack.empty()) {
        const int x = m_stack.back();
        m_stack.pop_back();
        ++seen;
        auto visit = [&](int y) {
            if (m_inS[static_cast<size_t>(y)] == 1) {
                m_inS[static_cast<size_t>(y)] = 2;
                m_stack.push_back(y);
            }
        };
        for (int y : m_preds[static_cast<size_t>(x)])
            visit(y);
        for (int y : m_succs[static_cast<size_t>(x)])
            visit(y);
    }
    for (int p : m_subgraph)
        m_inS[static_cast<size_t>(p)] = 1;
    if (seen != m_subgraph.size())
        return;

    m_sorted.clear();
    double lowerS = 0;
    for (int p : m_subgraph) {
        m_sorted.push_back(m_layerAt[static_cast<size_t>(p)]);
        lowerS += m_lower[static_cast<size_t>(p)];
    }
    std::sort(m_sorted.begin(), m_sorted.end());
    const double g0 = m_g[static_cast<size_t>(m_state)];
    const double h = m_h[static_cast<size_t>(m_state)] - lowerS;
    // Cheap bound before the cost: S costs at least its layers' lower bounds.
    if (g0 + lowerS + std::max(h, 0.0) > m_upper + m_tolerance)
        return;
    const SubgraphEvaluator::Eval e = m_ctx.evaluate(m_sorted);
    if (!e.ok)
        return;
    const double g = g0 + e.value;
    if (g + std::max(h, 0.0) > m_upper + m_tolerance)
        return;
    const uint64_t *d = &m_bits[static_cast<size_t>(m_state) * static_cast<size_t>(m_words)];
    std::copy(d, d + m_words, m_target.begin());
    for (int p : m_subgraph)
        m_target[static_cast<size_t>(p >> 6)] |= uint64_t(1) << (p & 63);
    // Only a new state counts against the limit; a known one may still improve.
    const bool full = static_cast<int64_t>(m_g.size()) >= m_stateLimit;
    bool added = false;
    const int id = findOrAdd(m_target.data(), &added);
    if (added) {
        if (full) {
            m_abort = true;
            m_stop = StopReason::GaveUp;
            return;
        }
        const int size = m_size[static_cast<size_t>(m_state)] + static_cast<int>(m_subgraph.size());
        m_size.push_back(size);
        m_h[static_cast<size_t>(id)] = h;
        m_bySize[static_cast<size_t>(size)].push_back(id);
    }
    if (g < m_g[static_cast<size_t>(id)]) {
        m_g[static_cast<size_t>(id)] = g;
        m_parent[static_cast<size_t>(id)] = m_state;
    }
}

} // namespace

namespace baseline {

std::vector<int> exactCut(SubgraphEvaluator &ctx, const std::vector<int> &order, double upperBound, int64_t stateLimit, StopReason &stop)
{
    Exact exact(ctx, stateLimit, upperBound, &order);
    stop = StopReason::Optimal;
    std::vector<int> group = exact.run(&stop);
    // run() numbers the subgraphs backwards from the last one executed.
    int count = 0;
    for (int l : group)
        count = std::max(count, l + 1);
    for (int &l : group)
        if (l >= 0)
            l = count - 1 - l;
    return group;
}

} // namespace baseline

Result<BaselineOutcome> exactPartition(SubgraphEvaluator &ctx, int64_t stateLimit)
{
    const Network &net = ctx.net();
    if (net.computeOrder().empty())
        return makeError("exact search: model '" + net.name + "' has no compute layers");
    if (stateLimit < 1)
        return makeError("exact search: the state limit must be at least 1, got " + std::to_string(stateLimit));
    // The heuristics bound the search and are the answer when it stops early.
    BaselineOutcome best = greedyPartition(ctx);
    if (best.stop == StopReason::Completed) {
        BaselineOutcome dp = dpPartition(ctx);
        if (dp.objective < best.objective || dp.stop != StopReason::Completed) {
            const StopReason stop = dp.stop;
            if (dp.objective < best.objective)
                best = dp;
            best.stop = stop;
        }
    }
    best.evaluations = ctx.evaluations();
    if (best.stop != StopReason::Completed)
        return best;
    const double constant = ctx.objective() == Objective::Cost ? static_cast<double>(ctx.hw().bufferBytes()) : 0.0;
    Exact exact(ctx, stateLimit, best.objective - constant);
    StopReason stop = StopReason::Optimal;
    std::vector<int> group;
    {
        const SubgraphEvaluator::TransientProfiles transient(ctx);
        group = exact.run(&stop);
    }
    best.evaluations = ctx.evaluations();
    best.stop = stop;
    if (stop == StopReason::Optimal && !group.empty()) {
        Partition p = baseline::labelInExecutionOrder(net, group);
        const double v = ctx.partitionObjective(p);
        // Equal up to rounding: keep the exact path's partition only when it is not worse.
        if (v <= best.objective) {
            best.partition = std::move(p);
            best.objective = v;
        }
    }
    ctx.reportProgress(best.objective, "exact", true);
    return best;
}

AlgorithmInfo exactAlgorithm()
{
    AlgorithmInfo a = baselineAlgorithm("exact", "shortest path over the down-sets of the graph (optimal, or gives up) on fixed capacities", 2, 0x000000,
                                        [](SubgraphEvaluator &ev, const SearchConfig &cfg) { return exactPartition(ev, cfg.exactStateLimit); });
    a.traits.slow = true;
    return a;
}

} // namespace cocco
