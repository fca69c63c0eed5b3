#include "search/exact/branch_bound.h"

#include "search/exact/partition_bound.h"
#include "search/framework/hashing.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <queue>
#include <unordered_set>

namespace cocco {

namespace {

class BestFirst {
public:
    // `deadline`: run seconds after which it stops as at the time limit (0: the run's own limit).
    BestFirst(SubgraphEvaluator &ev, const std::vector<double> &layerBound, double upper, int64_t stateLimit,
              double deadline = 0)
        : m_ev(ev), m_net(ev.net()), m_bound(layerBound), m_upper(upper), m_stateLimit(stateLimit), m_deadline(deadline),
          m_index(1024, Hash{this}, Same{this})
    {
    }

    // The optimal group per layer (execution order, -1 for inputs), or empty: nothing beats the
    // upper bound (stop Optimal) or the search stopped (then *lower is the certified bound on the
    // additive objective).
    std::vector<int> run(StopReason *stop, double *lower);
    int64_t states() const { return static_cast<int64_t>(m_g.size()); }

private:
    struct Hash {
        const BestFirst *self;
        size_t operator()(int id) const { return static_cast<size_t>(self->m_hash[static_cast<size_t>(id)]); }
    };
    struct Same {
        const BestFirst *self;
        bool operator()(int a, int b) const
        {
            return std::memcmp(self->bits(a), self->bits(b), sizeof(uint64_t) * static_cast<size_t>(self->m_words)) == 0;
        }
    };
    struct Open {
        double f;
        int size, id;
        // priority_queue pops the largest: smallest f first, then the deeper state, then the older.
        bool operator<(const Open &o) const
        {
            if (f != o.f)
                return f > o.f;
            if (size != o.size)
                return size < o.size;
            return id > o.id;
        }
    };

    const uint64_t *bits(int id) const { return &m_pool[static_cast<size_t>(id) * static_cast<size_t>(m_words)]; }
    bool has(const uint64_t *b, int p) const { return (b[p >> 6] >> (p & 63)) & 1U; }
    void expand(int id);
    void choose(std::vector<int> &ready);
    void offer();
    // Adds the down-set in m_next (or finds it); returns its id, *fresh when new.
    int intern(bool *fresh);

    SubgraphEvaluator &m_ev;
    const Network &m_net;
    const std::vector<double> &m_bound;
    double m_upper, m_tolerance = 0;
    int64_t m_stateLimit;
    double m_deadline;
    int m_tick = 0;
    int m_n = 0, m_words = 0;
    std::vector<int> m_layerAt;
    std::vector<std::vector<int>> m_pred, m_succ;
    std::vector<int64_t> m_weight;

    std::vector<uint64_t> m_pool, m_hash;
    std::vector<double> m_g, m_h;
    std::vector<int> m_parent, m_size;
    std::vector<char> m_closed;
    std::unordered_set<int, Hash, Same> m_index;
    std::priority_queue<Open> m_open;

    bool m_abort = false;
    StopReason m_stop = StopReason::Optimal;
    // The state being expanded and the subgraph being built from it.
    int m_cur = -1;
    std::vector<int> m_missing, m_chosen, m_layers, m_stack;
    std::vector<char> m_inS;
    int64_t m_chosenWeight = 0;
    std::vector<uint64_t> m_next;
};

int BestFirst::intern(bool *fresh)
{
    uint64_t h = 0x6a09e667f3bcc908ULL;
    for (int w = 0; w < m_words; ++w)
        h = hashCombine(h, m_next[static_cast<size_t>(w)]);
    const int id = static_cast<int>(m_g.size());
    m_pool.insert(m_pool.end(), m_next.begin(), m_next.end());
    m_hash.push_back(h);
    const auto ins = m_index.insert(id);
    *fresh = ins.second;
    if (!ins.second) {
        m_pool.resize(m_pool.size() - static_cast<size_t>(m_words));
        m_hash.pop_back();
        return *ins.first;
    }
    m_g.push_back(std::numeric_limits<double>::infinity());
    m_h.push_back(0);
    m_parent.push_back(-1);
    m_size.push_back(0);
    m_closed.push_back(0);
    return id;
}

std::vector<int> BestFirst::run(StopReason *stop, double *lower)
{
    const SubgraphEvaluator::TransientProfiles transient(m_ev);
    m_layerAt = m_net.computeOrder();
    m_n = static_cast<int>(m_layerAt.size());
    m_words = (m_n + 63) / 64;
    std::vector<int> pos(m_net.size(), -1);
    for (int i = 0; i < m_n; ++i)
        pos[static_cast<size_t>(m_layerAt[static_cast<size_t>(i)])] = i;
    m_pred.assign(static_cast<size_t>(m_n), {});
    m_succ.assign(static_cast<size_t>(m_n), {});
    m_weight.assign(static_cast<size_t>(m_n), 0);
    for (int i = 0; i < m_n; ++i) {
        const int u = m_layerAt[static_cast<size_t>(i)];
        for (int s : m_net.succs(u)) {
            const int ps = pos[static_cast<size_t>(s)];
            if (ps >= 0) {
                m_succ[static_cast<size_t>(i)].push_back(ps);
                m_pred[static_cast<size_t>(ps)].push_back(i);
            }
        }
        m_weight[static_cast<size_t>(i)] = m_ev.layerWeightBytes(u);
    }
    m_missing.assign(static_cast<size_t>(m_n), 0);
    m_inS.assign(static_cast<size_t>(m_n), 0);
    m_next.assign(static_cast<size_t>(m_words), 0);
    m_tolerance = 1e-9 * std::abs(m_upper) + 1e-9;

    bool fresh = false;
    const int start = intern(&fresh);
    m_g[static_cast<size_t>(start)] = 0;
    double rest = 0;
    for (double b : m_bound)
        rest += b;
    m_h[static_cast<size_t>(start)] = rest;
    m_open.push({rest, 0, start});
    double frontier = rest;
    int goal = -1;
    while (!m_open.empty() && !m_abort) {
        const Open top = m_open.top();
        m_open.pop();
        const size_t id = static_cast<size_t>(top.id);
        if (m_closed[id] || top.f != m_g[id] + m_h[id])
            continue; // a stale entry: the state was reached more cheaply since
        frontier = top.f;
        if (m_size[id] == m_n) {
            goal = top.id;
            break;
        }
        m_closed[id] = 1;
        expand(top.id);
        m_ev.reportProgress(m_upper, "bnb: " + std::to_string(m_g.size()) + " states");
    }
    *stop = m_stop;
    if (m_abort) {
        // The state in expansion and every open one bound what is left: the smallest of them
        // (open entries are never below the last one taken, h being consistent; taking the
        // minimum keeps the bound sound even if rounding broke that).
        double low = frontier;
        while (!m_open.empty()) {
            const Open o = m_open.top();
            m_open.pop();
            const size_t id = static_cast<size_t>(o.id);
            if (!m_closed[id] && o.f == m_g[id] + m_h[id]) {
                low = std::min(low, o.f);
                break;
            }
        }
        *lower = std::min(low, m_upper);
        return {};
    }
    *lower = goal >= 0 ? m_g[static_cast<size_t>(goal)] : m_upper;
    if (goal < 0)
        return {};
    std::vector<int> group(m_net.size(), -1);
    int next = 0;
    std::vector<int> chain;
    for (int s = goal; s >= 0; s = m_parent[static_cast<size_t>(s)])
        chain.push_back(s);
    std::reverse(chain.begin(), chain.end());
    for (size_t k = 1; k < chain.size(); ++k, ++next) {
        const uint64_t *cur = bits(chain[k]), *par = bits(chain[k - 1]);
        for (int p = 0; p < m_n; ++p)
            if (has(cur, p) && !has(par, p))
                group[static_cast<size_t>(m_layerAt[static_cast<size_t>(p)])] = next;
    }
    return group;
}

void BestFirst::expand(int id)
{
    m_cur = id;
    const uint64_t *d = bits(id);
    std::vector<int> ready;
    for (int p = 0; p < m_n; ++p) {
        if (has(d, p))
            continue;
        int missing = 0;
        for (int q : m_pred[static_cast<size_t>(p)])
            missing += has(d, q) ? 0 : 1;
        m_missing[static_cast<size_t>(p)] = missing;
        if (missing == 0)
            ready.push_back(p);
    }
    m_chosen.clear();
    m_chosenWeight = 0;
    choose(ready);
}

// Each S with D ∪ S a down-set exactly once: the first ready layer is either taken (its
// successors whose other predecessors are in may become ready) or left out for good.
void BestFirst::choose(std::vector<int> &ready)
{
    while (!ready.empty() && !m_abort) {
        StopReason why;
        if (m_ev.shouldStop(&why)) {
            m_abort = true;
            m_stop = why;
            return;
        }
        if (m_deadline > 0 && (++m_tick & 255) == 0 && m_ev.seconds() > m_deadline) {
            m_abort = true;
            m_stop = StopReason::TimeLimit;
            return;
        }
        const int r = ready.front();
        ready.erase(ready.begin());
        const int64_t w = m_weight[static_cast<size_t>(r)];
        const bool room = m_ev.maxNodes() <= 0 || static_cast<int>(m_chosen.size()) < m_ev.maxNodes();
        if (!room || (!m_chosen.empty() && m_chosenWeight + w > m_ev.weightCapacity()))
            continue;
        m_chosen.push_back(r);
        m_inS[static_cast<size_t>(r)] = 1;
        m_chosenWeight += w;
        std::vector<int> more = ready;
        for (int s : m_succ[static_cast<size_t>(r)])
            if (--m_missing[static_cast<size_t>(s)] == 0)
                more.insert(std::upper_bound(more.begin(), more.end(), s), s);
        offer();
        if (m_chosenWeight <= m_ev.weightCapacity())
            choose(more);
        for (int s : m_succ[static_cast<size_t>(r)])
            ++m_missing[static_cast<size_t>(s)];
        m_chosenWeight -= w;
        m_inS[static_cast<size_t>(r)] = 0;
        m_chosen.pop_back();
    }
}

// The chosen set as a transition: connected, fitting, within the upper bound.
void BestFirst::offer()
{
    if (m_abort)
        return;
    m_stack.assign(1, m_chosen.front());
    m_inS[static_cast<size_t>(m_chosen.front())] = 2;
    size_t reached = 0;
    double boundS = 0;
    while (!m_stack.empty()) {
        const int x = m_stack.back();
        m_stack.pop_back();
        ++reached;
        for (const auto *adj : {&m_pred[static_cast<size_t>(x)], &m_succ[static_cast<size_t>(x)]})
            for (int y : *adj)
                if (m_inS[static_cast<size_t>(y)] == 1) {
                    m_inS[static_cast<size_t>(y)] = 2;
                    m_stack.push_back(y);
                }
    }
    m_layers.clear();
    for (int p : m_chosen) {
        m_inS[static_cast<size_t>(p)] = 1;
        m_layers.push_back(m_layerAt[static_cast<size_t>(p)]);
        boundS += m_bound[static_cast<size_t>(p)];
    }
    if (reached != m_chosen.size())
        return;
    std::sort(m_layers.begin(), m_layers.end());
    const size_t cur = static_cast<size_t>(m_cur);
    const SubgraphEvaluator::Eval e = m_ev.evaluate(m_layers);
    if (!e.ok)
        return;
    const double g = m_g[cur] + e.value;
    const double h = std::max(0.0, m_h[cur] - boundS);
    if (g + h > m_upper + m_tolerance)
        return;
    const uint64_t *d = bits(m_cur);
    std::copy(d, d + m_words, m_next.begin());
    for (int p : m_chosen)
        m_next[static_cast<size_t>(p >> 6)] |= uint64_t(1) << (p & 63);
    const bool full = static_cast<int64_t>(m_g.size()) >= m_stateLimit;
    bool fresh = false;
    const int id = intern(&fresh);
    if (fresh) {
        if (full) {
            m_abort = true;
            m_stop = StopReason::GaveUp;
            return;
        }
        m_size[static_cast<size_t>(id)] = m_size[cur] + static_cast<int>(m_chosen.size());
        m_h[static_cast<size_t>(id)] = h;
    }
    const size_t nid = static_cast<size_t>(id);
    if (!m_closed[nid] && g < m_g[nid]) {
        m_g[nid] = g;
        m_parent[nid] = m_cur;
        m_open.push({g + m_h[nid], m_size[nid], id});
    }
}

} // namespace

Result<BoundedOutcome> branchBoundPartition(SubgraphEvaluator &ev, int64_t stateLimit, int64_t subgraphsPerLayer)
{
    const Network &net = ev.net();
    if (net.computeOrder().empty())
        return makeError("branch and bound: model '" + net.name + "' has no compute layers");
    if (stateLimit < 1)
        return makeError("branch and bound: the state limit must be at least 1, got " + std::to_string(stateLimit));
    const double constant = ev.objective() == Objective::Cost ? static_cast<double>(ev.hw().bufferBytes()) : 0.0;
    BoundedOutcome out;
    PartitionBound bound(ev.model(), ev.hw(), ev.objective(), ev.alpha());
    // The better heuristic bounds the search and is the answer when it stops early.
    BaselineOutcome &best = out.best;
    best = greedyPartition(ev);
    if (best.stop == StopReason::Completed) {
        BaselineOutcome dp = dpPartition(ev);
        const StopReason stop = dp.stop;
        if (dp.objective < best.objective)
            best = dp;
        best.stop = stop;
    }
    auto finishWith = [&](double lower) {
        out.best.evaluations = ev.evaluations();
        out.lowerBound = std::min(lower, best.objective);
        out.exhaustiveLayers = bound.exhaustiveLayers();
        return out;
    };
    if (best.stop != StopReason::Completed)
        return finishWith(bound.objectiveBound());
    const bool tightened = bound.tighten(
        [&ev](const std::vector<int> &layers, double *value) {
            StopReason why;
            if (ev.shouldStop(&why))
                return PartitionBound::Usable::Stop;
            const SubgraphEvaluator::Eval e = ev.evaluate(layers);
            *value = e.value;
            return e.ok ? PartitionBound::Usable::Yes : PartitionBound::Usable::No;
        },
        subgraphsPerLayer);
    // Then the ratios certified by minimum cuts, for the layers the enumeration did not finish
    // (cut_bound.h): a few seconds on the irregular graphs, where they carry most of the bound.
    const bool cut = tightened && bound.tightenByCuts([&ev] {
        StopReason why;
        return ev.shouldStop(&why);
    });
    if (!tightened || !cut) {
        ev.shouldStop(&best.stop);
        return finishWith(bound.objectiveBound());
    }
    // With a time limit: a first best-first search on a slice of it (the regular graphs are proven
    // in about a second); if that does not prove the optimum, split cut ratios in rounds of
    // doubling splits (each round's bounds are kept where its pairs finished) until kSplitEnd of
    // the limit, then best-first again on the tighter bounds for the rest.
    const double limit = ev.run().config().timeLimitSeconds;
    StopReason stop = StopReason::Optimal;
    double lower = 0, sliceLower = 0;
    std::vector<int> group;
    bool searched = false;
    if (limit > 0) {
        BestFirst first(ev, bound.layerBounds(), best.objective - constant, stateLimit, kFirstSlice * limit);
        group = first.run(&stop, &sliceLower);
        out.states = first.states();
        StopReason why;
        searched = stop == StopReason::Optimal || ev.shouldStop(&why);
        if (!searched) {
            sliceLower = std::min(sliceLower, best.objective - constant);
            const double end = kSplitEnd * limit;
            const auto splitsStop = [&ev, end] {
                StopReason w;
                return ev.shouldStop(&w) || ev.seconds() > end;
            };
            double before = bound.objectiveBound();
            for (int splits = kFirstSplits; splits <= kMaxSplits && !splitsStop(); splits *= 2) {
                const bool done = bound.tightenByCuts(splitsStop, 0, splits, true);
                ev.reportProgress(best.objective, "bnb: bound with " + std::to_string(splits) + " splits per pair", true);
                // Stopped, or more splits no longer raise the bound (every minimiser fits).
                if (!done || !(bound.objectiveBound() > before))
                    break;
                before = bound.objectiveBound();
            }
        }
    }
    if (!searched) {
        BestFirst search(ev, bound.layerBounds(), best.objective - constant, stateLimit);
        group = search.run(&stop, &lower);
        out.states = std::max(out.states, search.states());
        lower = std::max(lower, sliceLower);
    } else {
        lower = sliceLower;
    }
    best.stop = stop;
    if (stop == StopReason::Optimal && !group.empty()) {
        Partition p = baseline::labelInExecutionOrder(net, group);
        const double v = ev.partitionObjective(p);
        if (v <= best.objective) {
            best.partition = std::move(p);
            best.objective = v;
        }
    }
    ev.reportProgress(best.objective, "bnb", true);
    // Proven: the bound is the optimum itself.
    return finishWith(stop == StopReason::Optimal ? best.objective : lower + constant);
}

AlgorithmInfo branchBoundAlgorithm()
{
    AlgorithmInfo a = baselineAlgorithm(
        "bnb",
        "best-first branch and bound over down-sets: proves the optimum on fixed capacities or stops with a certified "
        "lower bound",
        10, 0x555555, [](SubgraphEvaluator &ev, const SearchConfig &cfg) -> Result<BaselineOutcome> {
            auto out = branchBoundPartition(ev, cfg.exactStateLimit);
            if (!out.ok())
                return out.error();
            BaselineOutcome best = out->best;
            best.lowerBound = out->lowerBound;
            return best;
        });
    a.traits.slow = true;
    return a;
}

} // namespace cocco
