#include "search/exact/partition_bound.h"

#include "search/exact/cut_bound.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

namespace cocco {

namespace {

// Bounds are lowered by this relative margin so that rounding in sums of many subgraph costs
// (done in another order by the cost model) can never lift a bound above the optimum.
constexpr double kSafety = 1e-9;
// Subgraphs of the enumeration kept as the LP bound's first columns.
constexpr size_t kLpEnumeratedColumns = 200000;

// The grouping-independent part of a single layer's cost (method §3-§4): its weights are loaded,
// its MACs and intra-layer SRAM traffic happen in whatever subgraph it runs; only the tensor
// traffic to DRAM (and the SRAM fills and drains of it) depends on the grouping. Latency: the
// compute cycles (a subgraph's latency is at least the sum of its layers').
double intrinsicPart(const SubgraphCost &c, const HardwareConfig &hw, Objective o, double alpha)
{
    const double io = c.inputBytes + c.outputBytes;
    const double eAct = activationSramPjPerByte(hw);
    const double energy = c.energyPj - (hw.energy.dramPjPerByte + eAct) * io;
    switch (o) {
    case Objective::Ema: return c.weightEmaBytes;
    case Objective::Energy: return energy;
    case Objective::Latency: return c.computeCycles;
    case Objective::Cost: return alpha * energy;
    }
    return 0;
}

} // namespace

PartitionBound::PartitionBound(const CostModel &model, const HardwareConfig &hw, Objective objective, double alpha)
    : m_net(model.network()), m_hw(hw), m_objective(objective)
{
    m_layerAt = m_net.computeOrder();
    const int n = static_cast<int>(m_layerAt.size());
    m_pos.assign(m_net.size(), -1);
    for (int i = 0; i < n; ++i)
        m_pos[static_cast<size_t>(m_layerAt[static_cast<size_t>(i)])] = i;
    m_adj.assign(static_cast<size_t>(n), {});
    m_succ.assign(static_cast<size_t>(n), {});
    m_weight.assign(static_cast<size_t>(n), 0);
    m_fixed.assign(static_cast<size_t>(n), 0);
    m_share.assign(static_cast<size_t>(n), 0);
    m_gamma.assign(static_cast<size_t>(n), 0);
    m_rest.assign(static_cast<size_t>(n), 0);
    for (int i = 0; i < n; ++i) {
        const int u = m_layerAt[static_cast<size_t>(i)];
        for (int s : m_net.succs(u)) {
            const int ps = m_pos[static_cast<size_t>(s)];
            if (ps < 0)
                continue;
            m_succ[static_cast<size_t>(i)].push_back(ps);
            m_adj[static_cast<size_t>(i)].push_back(ps);
            m_adj[static_cast<size_t>(ps)].push_back(i);
        }
        const auto prof = model.profile({u});
        const SubgraphCost c = model.subgraphCost(*prof, hw);
        const double single = subgraphObjective(c, objective, alpha);
        const double fixed = intrinsicPart(c, hw, objective, alpha);
        // Per core (method §8): a layer's weights split over the cores, and a subgraph's per-core
        // weights are the sum of its layers' (what the enumeration below prunes on).
        m_weight[static_cast<size_t>(i)] = c.weightBytes;
        m_gamma[static_cast<size_t>(i)] = CutRatioBound::gamma(c, hw, objective);
        // A part above the layer's own cost means the cost model counts differently than assumed
        // here: no bound rather than a wrong one.
        if (!(fixed >= 0) || fixed > single * (1 + 1e-12) + 1e-12)
            m_sound = false;
        m_fixed[static_cast<size_t>(i)] = fixed;
        // The share weight must be positive; a layer whose rest is zero alone still gets a tiny one.
        m_share[static_cast<size_t>(i)] = std::max(single - fixed, 1e-6 * std::abs(single) + 1e-12);
        m_rest[static_cast<size_t>(i)] = std::max(single - fixed, 0.0);
    }
    for (auto &a : m_adj) {
        std::sort(a.begin(), a.end());
        a.erase(std::unique(a.begin(), a.end()), a.end());
    }
    if (!m_sound)
        std::fill(m_fixed.begin(), m_fixed.end(), 0.0);
    m_cut = std::make_unique<CutRatioBound>(m_net, hw, objective, alpha, m_layerAt, m_share, m_weight, m_gamma);
    m_cutSound = m_cut->available();
    // The cut form must bound every single layer's rest from below, or it is not this cost model's.
    for (int i = 0; i < n && m_cutSound; ++i)
        checkCutForm({i}, m_rest[static_cast<size_t>(i)]);
    m_bound = m_fixed;
    for (double &b : m_bound)
        b *= 1 - kSafety;
    m_mark.assign(static_cast<size_t>(n), 0);
}

PartitionBound::~PartitionBound() = default;

void PartitionBound::updateLpChoice()
{
    double share = 0, lp = 0;
    for (double b : m_bound)
        share += b;
    for (double b : m_lpBound)
        lp += b;
    m_useLp = !m_lpBound.empty() && lp > share;
}

void PartitionBound::checkCutForm(const std::vector<int> &positions, double rest)
{
    if (m_cutSound && m_cut->lowerModel(positions) > rest + 1e-9 * (std::abs(rest) + 1))
        m_cutSound = false;
}

int64_t PartitionBound::cutPairs() const { return m_cutSound ? m_cut->pairs() : 0; }

bool PartitionBound::tightenByCuts(const std::function<bool()> &stop, int64_t cutLimit, int splits, bool keepDone)
{
    if (!m_sound || !m_cutSound)
        return true;
    std::vector<double> ratio;
    const bool done = m_cut->ratios(
        &ratio, [&] { return (cutLimit > 0 && m_cut->cuts() >= cutLimit) || (stop && stop()); }, splits, keepDone);
    m_cuts = m_cut->cuts();
    if (!done && !keepDone)
        return false;
    // The layer alone is one of its subgraphs: its ratio is rest / share, below 1 where the rest is
    // zero (the share weight is then a tiny positive stand-in).
    for (size_t p = 0; p < ratio.size(); ++p) {
        const double r = std::min(ratio[p], m_rest[p] / m_share[p]);
        m_bound[p] = std::max(m_bound[p], (m_fixed[p] + m_share[p] * r) * (1 - kSafety));
    }
    updateLpChoice();
    return done;
}

double PartitionBound::additive() const
{
    double s = 0;
    for (double b : m_bound)
        s += b;
    if (!m_lpBound.empty()) {
        double lp = 0;
        for (double b : m_lpBound)
            lp += b;
        s = std::max(s, lp);
    }
    return s;
}

double PartitionBound::objectiveBound() const
{
    return additive() + (m_objective == Objective::Cost ? static_cast<double>(m_hw.bufferBytes()) : 0.0);
}

bool PartitionBound::tighten(const Evaluate &eval, int64_t subgraphsPerLayer, bool keepColumns)
{
    m_keepColumns = keepColumns;
    if (!m_sound || subgraphsPerLayer <= 0)
        return true;
    bool stopped = false;
    for (int p = 0; p < static_cast<int>(m_layerAt.size()) && !stopped && m_sound; ++p)
        if (tightenLayer(p, eval, subgraphsPerLayer, &stopped))
            ++m_exhaustive;
    updateLpChoice();
    return !stopped;
}

// A set is convex when no path leaves it and comes back: search forward from the layers just
// outside it (only up to its last position: nothing later leads back).
bool PartitionBound::convex(const std::vector<int> &set) const
{
    int last = 0;
    for (int p : set)
        last = std::max(last, p);
    std::vector<int> stack;
    std::vector<char> reached(m_layerAt.size(), 0);
    for (int p : set)
        for (int s : m_succ[static_cast<size_t>(p)])
            if (m_mark[static_cast<size_t>(s)] != 1 && s < last && !reached[static_cast<size_t>(s)]) {
                reached[static_cast<size_t>(s)] = 1;
                stack.push_back(s);
            }
    while (!stack.empty()) {
        const int x = stack.back();
        stack.pop_back();
        for (int s : m_succ[static_cast<size_t>(x)]) {
            if (m_mark[static_cast<size_t>(s)] == 1)
                return false;
            if (s < last && !reached[static_cast<size_t>(s)]) {
                reached[static_cast<size_t>(s)] = 1;
                stack.push_back(s);
            }
        }
    }
    return true;
}

// Enumerates every weakly connected set containing `anchor` exactly once (each set grows from its
// frontier; a frontier layer not taken is barred from the sets grown after it), cut off where the
// weights already exceed the buffer (weights only grow with the set) or the node limit is reached.
// Marks: 1 in the set, 2 on the frontier or barred.
bool PartitionBound::tightenLayer(int anchor, const Evaluate &eval, int64_t limit, bool *stopped)
{
    const int64_t weightCap = m_hw.mode == BufferMode::Separate ? m_hw.weightBufferBytes : m_hw.sharedBufferBytes;
    const int maxNodes = m_hw.maxSubgraphNodes > 0 ? m_hw.maxSubgraphNodes : static_cast<int>(m_layerAt.size());
    double bestRatio = std::numeric_limits<double>::infinity();
    int64_t visits = 0;
    bool complete = true;
    std::vector<int> set{anchor}, layers;
    int64_t weights = m_weight[static_cast<size_t>(anchor)];
    double shares = m_share[static_cast<size_t>(anchor)], fixedSum = m_fixed[static_cast<size_t>(anchor)];
    std::vector<int> touched{anchor};
    m_mark[static_cast<size_t>(anchor)] = 1;

    auto visit = [&]() {
        if (++visits > limit) {
            complete = false;
            return false;
        }
        ++m_enumerated;
        if (set.size() > 1 && !convex(set))
            return true;
        layers.clear();
        for (int p : set)
            layers.push_back(m_layerAt[static_cast<size_t>(p)]);
        std::sort(layers.begin(), layers.end());
        double value = 0;
        const Usable u = eval(layers, &value);
        if (u == Usable::Stop) {
            *stopped = true;
            complete = false;
            return false;
        }
        if (u == Usable::Yes) {
            // The rest of a usable subgraph is never negative (bar rounding); a clearly negative one
            // means the decomposition does not hold for this cost model: give up the bound.
            const double rest = value - fixedSum;
            checkCutForm(set, rest);
            if (rest < -1e-9 * (std::abs(value) + 1)) {
                m_sound = false;
                complete = false;
                return false;
            }
            bestRatio = std::min(bestRatio, std::max(rest, 0.0) / shares);
            if (m_keepColumns && set.size() > 1 && m_columns.size() < kLpEnumeratedColumns) {
                std::vector<int> sorted = set;
                std::sort(sorted.begin(), sorted.end());
                m_columns.emplace_back(std::move(sorted), value);
            }
        }
        return true;
    };

    // grow(frontier): the current set is visited, then each frontier layer in turn is added.
    std::function<bool(std::vector<int>)> grow = [&](std::vector<int> frontier) {
        if (!visit())
            return false;
        for (size_t i = 0; i < frontier.size(); ++i) {
            const int w = frontier[i];
            const int64_t wWeight = m_weight[static_cast<size_t>(w)];
            if (static_cast<int>(set.size()) >= maxNodes || weights + wWeight > weightCap)
                continue; // barred from here on (mark stays 2)
            set.push_back(w);
            m_mark[static_cast<size_t>(w)] = 1;
            weights += wWeight;
            shares += m_share[static_cast<size_t>(w)];
            fixedSum += m_fixed[static_cast<size_t>(w)];
            std::vector<int> next(frontier.begin() + static_cast<std::ptrdiff_t>(i) + 1, frontier.end());
            const size_t added = next.size();
            for (int x : m_adj[static_cast<size_t>(w)])
                if (m_mark[static_cast<size_t>(x)] == 0) {
                    m_mark[static_cast<size_t>(x)] = 2;
                    next.push_back(x);
                }
            const bool go = grow(next);
            for (size_t k = added; k < next.size(); ++k)
                m_mark[static_cast<size_t>(next[k])] = 0;
            fixedSum -= m_fixed[static_cast<size_t>(w)];
            shares -= m_share[static_cast<size_t>(w)];
            weights -= wWeight;
            m_mark[static_cast<size_t>(w)] = 2;
            set.pop_back();
            if (!go)
                return false;
        }
        return true;
    };

    std::vector<int> frontier;
    for (int x : m_adj[static_cast<size_t>(anchor)]) {
        m_mark[static_cast<size_t>(x)] = 2;
        frontier.push_back(x);
    }
    const bool single = weights > weightCap; // a lone layer heavier than the buffer cannot grow
    if (single) {
        complete = visit();
    } else {
        grow(frontier);
    }
    for (int x : frontier)
        m_mark[static_cast<size_t>(x)] = 0;
    for (int x : touched)
        m_mark[static_cast<size_t>(x)] = 0;
    if (!complete || !m_sound) {
        if (!m_sound) {
            std::fill(m_fixed.begin(), m_fixed.end(), 0.0);
            std::fill(m_bound.begin(), m_bound.end(), 0.0);
            m_lpBound.clear();
            m_useLp = false;
        }
        return false;
    }
    if (std::isfinite(bestRatio))
        m_bound[static_cast<size_t>(anchor)] = (m_fixed[static_cast<size_t>(anchor)]
                                                + m_share[static_cast<size_t>(anchor)] * bestRatio) * (1 - kSafety);
    return true;
}

PartitionBound::Evaluate modelEvaluator(const CostModel &model, const HardwareConfig &hw, Objective objective,
                                        double alpha)
{
    return [&model, hw, objective, alpha](const std::vector<int> &layers, double *value) {
        const SubgraphCost c = model.subgraphCost(*model.profile(layers), hw);
        *value = subgraphObjective(c, objective, alpha);
        return c.fits || layers.size() == 1 ? PartitionBound::Usable::Yes : PartitionBound::Usable::No;
    };
}

double searchLowerBound(const CostModel &model, const HardwareConfig &hw, Objective objective, double alpha,
                        bool coExplore, int64_t subgraphsPerLayer, int64_t cutLimit, const std::function<bool()> &stop)
{
    if (!coExplore) {
        PartitionBound b(model, hw, objective, alpha);
        b.tighten(modelEvaluator(model, hw, objective, alpha), subgraphsPerLayer, cutLimit > 0);
        const bool cuts = cutLimit > 0 && b.cutPairs() * kCutsPerPairEstimate <= cutLimit && b.tightenByCuts(stop, cutLimit);
        if (cuts && b.cutFormHolds()) {
            // The LP bound where the cut ratios fit and finished, on its own allowance of cuts and
            // subgraph evaluations.
            const int64_t allowance = static_cast<int64_t>(kResultBoundLpShare * static_cast<double>(cutLimit));
            int64_t evaluations = 0;
            const PartitionBound::Evaluate inner = modelEvaluator(model, hw, objective, alpha);
            const PartitionBound::Evaluate counted = [&](const std::vector<int> &layers, double *value) {
                if (++evaluations > allowance)
                    return PartitionBound::Usable::Stop;
                return inner(layers, value);
            };
            LpOptions options;
            options.cutLimit = allowance;
            b.tightenByLp(counted, {}, stop, options);
        }
        return b.objectiveBound();
    }
    // Every capacity the search may pick: the intrinsic bound depends on them only through the
    // SRAM energy per byte (and Cost's buffer bytes), so each candidate is a few sums.
    auto grid = [](const CapacityGrid &g, int64_t current) {
        std::vector<int64_t> v = g.values();
        return v.empty() ? std::vector<int64_t>{current} : v;
    };
    std::vector<HardwareConfig> points;
    if (hw.mode == BufferMode::Shared) {
        for (int64_t s : grid(hw.sharedGrid, hw.sharedBufferBytes)) {
            HardwareConfig h = hw;
            h.sharedBufferBytes = s;
            points.push_back(h);
        }
    } else {
        for (int64_t a : grid(hw.actGrid, hw.actBufferBytes))
            for (int64_t w : grid(hw.weightGrid, hw.weightBufferBytes)) {
                HardwareConfig h = hw;
                h.actBufferBytes = a;
                h.weightBufferBytes = w;
                points.push_back(h);
            }
    }
    std::vector<std::shared_ptr<const SubgraphProfile>> singles;
    for (int u : model.network().computeOrder())
        singles.push_back(model.profile({u}));
    double best = std::numeric_limits<double>::infinity();
    SubgraphCost c;
    for (const HardwareConfig &h : points) {
        double sum = 0;
        for (const auto &p : singles) {
            computeSubgraphCost(*p, h, c);
            const double fixed = intrinsicPart(c, h, objective, alpha);
            if (!(fixed >= 0) || fixed > subgraphObjective(c, objective, alpha) * (1 + 1e-12) + 1e-12) {
                sum = 0; // the decomposition does not hold: nothing from the layers (as PartitionBound)
                break;
            }
            sum += fixed;
        }
        const double constant = objective == Objective::Cost ? static_cast<double>(h.bufferBytes()) : 0.0;
        best = std::min(best, sum * (1 - kSafety) + constant);
    }
    return best;
}

double relativeGap(double best, double bound)
{
    if (!std::isfinite(best) || !std::isfinite(bound) || bound <= 0)
        return std::numeric_limits<double>::quiet_NaN();
    return std::max(0.0, (best - bound) / bound);
}

bool provenOptimal(const SearchResult &r)
{
    return r.stopReason == StopReason::Optimal || (std::isfinite(r.gap) && r.gap <= kProvenGap);
}

} // namespace cocco
