#include "search/local/local_search.h"

#include "search/framework/hashing.h"

#include <algorithm>

namespace cocco {

LocalSearch::LocalSearch(BudgetScope &budget, const Operators &ops)
    : m_budget(budget), m_ops(ops), m_dontLook(budget.run().space().order())
{
}

bool LocalSearch::windowsAffordable() const
{
    const int64_t layers = static_cast<int64_t>(m_budget.run().space().order().size());
    return kWindowShare.allows(m_budget.scope(), m_windowSpend) && m_budget.left() > kWindowMinLeftPerLayer * layers;
}

bool LocalSearch::regroup(Genome &g, int first, int count, WindowMethod method)
{
    if (g.groups <= 0 || count <= 0)
        return false;
    first = std::clamp(first, 0, g.groups - 1);
    const int last = std::min(g.groups, first + count);
    // A window's re-partition is deterministic: never pay for the same one twice.
    const uint64_t key = hashGenome(g) ^ (uint64_t(uint32_t(first)) * 0x9E3779B97F4A7C15ULL) ^ (uint64_t(uint32_t(last)) << 40)
        ^ (uint64_t(method) << 20);
    if (!m_regrouped.insert(key).second)
        return false;
    // Never past the budget nor the windows' share of it.
    const int64_t grant = std::min(m_budget.left(), kWindowShare.allowance(m_budget.scope(), m_windowSpend));
    RunContext &run = m_budget.run();
    const SampleLedger::Open charging(run.ledger(), m_windowSpend);
    return repartitionWindow(run, g, first, last - first, method, grant, &m_memo);
}

bool LocalSearch::improve(const Genome &base, double baseObj, std::vector<Genome> &nb,
                          const std::vector<std::pair<int, int>> &touched, Genome &pick, SampleEval &pickEval)
{
    // Neighbours known not to improve are not evaluated again.
    std::vector<std::pair<int, int>> touchedLeft = touched;
    std::vector<uint64_t> keys;
    m_dontLook.filter(base, nb, touchedLeft, keys);
    if (nb.empty())
        return false;
    const std::vector<Genome> raw = nb; // before repair renumbers them
    std::vector<SampleEval> ev;
    if (!m_budget.evaluate(nb, ev))
        return false;
    std::vector<size_t> better;
    for (size_t i = 0; i < ev.size(); ++i) {
        if (ev[i].objective < baseObj)
            better.push_back(i);
        else
            m_dontLook.reject(keys[i]);
    }
    if (better.empty())
        return false;
    std::stable_sort(better.begin(), better.end(), [&](size_t x, size_t y) { return ev[x].objective < ev[y].objective; });
    pick = nb[better[0]];
    pickEval = ev[better[0]];
    std::vector<int> used;
    Genome combined = base;
    int parts = 0;
    for (size_t i : better) {
        const auto t = touchedLeft[i];
        if (t.first < 0 || std::find(used.begin(), used.end(), t.first) != used.end()
            || std::find(used.begin(), used.end(), t.second) != used.end())
            continue;
        used.push_back(t.first);
        used.push_back(t.second);
        for (size_t v = 0; v < base.label.size(); ++v)
            if (raw[i].label[v] != base.label[v])
                combined.label[v] = raw[i].label[v];
        ++parts;
    }
    if (parts >= 2 && !done()) {
        std::vector<Genome> one{combined};
        std::vector<SampleEval> oneEval;
        if (m_budget.evaluate(one, oneEval) && oneEval[0].objective < pickEval.objective) {
            pick = one[0];
            pickEval = oneEval[0];
        }
    }
    return true;
}

bool LocalSearch::descend(const Genome &base, double baseObj, std::vector<Genome> extra, Genome &pick, SampleEval &pickEval)
{
    std::vector<Genome> nb;
    std::vector<std::pair<int, int>> touched;
    m_ops.neighbours(base, nb, &touched);
    for (Genome &c : extra) {
        nb.push_back(std::move(c));
        touched.emplace_back(-1, -1);
    }
    if (improve(base, baseObj, nb, touched, pick, pickEval))
        return true;
    if (done())
        return false;
    // A local optimum of the small moves: re-cuts of three subgraphs and phase shifts.
    nb.clear();
    touched.clear();
    m_ops.deepNeighbours(base, nb, &touched);
    return improve(base, baseObj, nb, touched, pick, pickEval);
}

bool LocalSearch::capacityStep(const Genome &best, double bestObj, Genome &pick, SampleEval &pickEval)
{
    const DesignSpace &space = m_budget.run().space();
    bool found = false;
    std::vector<Genome> one;
    std::vector<SampleEval> oneEval;
    // Smaller capacities first, the larger gene first: the buffer bytes a step down saves are
    // part of the cost, and the share often ends before the last step is tried. Up first, a
    // GoogLeNet run (separate, 5k samples) spent its share on A and never tried W 576 -> 504 KiB,
    // the way out of its basin (issue 16, docs/results.md table (h)).
    const int genes = space.shared() ? 1 : 2;
    const int larger = genes == 2 && space.capValues1()[static_cast<size_t>(best.cap1)] > space.capValues0()[static_cast<size_t>(best.cap0)];
    for (int d : {-1, 1})
        for (int k = 0; k < genes; ++k) {
            const int which = (larger + k) % genes;
            if (done() || !kCapacityStepShare.allows(m_budget.scope(), m_stepSpend))
                return found;
            const SampleLedger::Open charging(m_budget.run().ledger(), m_stepSpend);
            Genome c = best;
            int &gene = which == 0 ? c.cap0 : c.cap1;
            gene += d;
            if (gene < 0 || gene >= (which == 0 ? space.capCount0() : space.capCount1()))
                continue;
            c.keepCaps = true;
            one.assign(1, c);
            if (!m_budget.evaluate(one, oneEval))
                return found;
            Genome cur = one[0];
            double curObj = oneEval[0].objective;
            for (int climb = 0; climb < kCapacityStepClimb && !done(); ++climb) {
                Genome next;
                SampleEval nextEval;
                if (!descend(cur, curObj, {}, next, nextEval))
                    break;
                cur = std::move(next);
                curObj = nextEval.objective;
            }
            cur.keepCaps = false; // now at the capacities it needs
            one.assign(1, cur);
            if (!done() && m_budget.evaluate(one, oneEval) && oneEval[0].objective < (found ? pickEval.objective : bestObj)) {
                pick = one[0];
                pickEval = oneEval[0];
                found = true;
            }
        }
    return found;
}

bool LocalSearch::step(const Genome &best, double bestObj, Genome &pick, SampleEval &pickEval)
{
    const DesignSpace &space = m_budget.run().space();
    std::vector<Genome> capacityJumps;
    if (m_ops.capacityFree()) {
        for (int d : kCapacityJumps) {
            Genome c = best;
            c.cap0 += d;
            if (c.cap0 >= 0 && c.cap0 < space.capCount0())
                capacityJumps.push_back(c);
            if (!space.shared()) {
                c = best;
                c.cap1 += d;
                if (c.cap1 >= 0 && c.cap1 < space.capCount1())
                    capacityJumps.push_back(c);
            }
        }
    }
    bool found = descend(best, bestObj, std::move(capacityJumps), pick, pickEval);
    std::vector<Genome> nb;
    std::vector<std::pair<int, int>> touched;
    if (!found && !done()) {
        // A local optimum: copy the grouping of runs of subgraphs onto repeated blocks.
        m_ops.transplantNeighbours(best, nb, kTransplantNeighbours);
        touched.assign(nb.size(), {-1, -1});
        found = improve(best, bestObj, nb, touched, pick, pickEval);
    }
    if (!found && !done()) {
        // Still stuck: regroup overlapping windows of subgraphs, by greedy re-merging, by the
        // DP re-cut and (small windows) by the exact search.
        nb.clear();
        touched.clear();
        for (int first = 0; first < best.groups && windowsAffordable() && !done(); ++first)
            for (WindowMethod method : {WindowMethod::Greedy, WindowMethod::Dp, WindowMethod::Exact}) {
                if (method != WindowMethod::Exact && first % kWideWindowStride != 0)
                    continue;
                Genome c = best;
                if (regroup(c, first, method == WindowMethod::Exact ? kExactWindow : kWideWindow, method)) {
                    nb.push_back(std::move(c));
                    touched.emplace_back(-1, -1);
                }
            }
        found = improve(best, bestObj, nb, touched, pick, pickEval);
    }
    if (!found && m_ops.capacityFree() && !done())
        found = capacityStep(best, bestObj, pick, pickEval);
    return found;
}

bool LocalSearch::climb(Genome base, SampleEval baseEval, const std::function<void(const Genome &, const SampleEval &)> &accept,
                        int64_t minSamples)
{
    const SampleLedger::Scope share = m_budget.run().ledger().scope(
        std::max<int64_t>(minSamples, int64_t(kClimbShare * double(m_budget.budget()))));
    bool improved = false;
    while (!done() && share.used() < share.limit()) {
        if (!m_climbed.insert(baseEval.hash).second)
            break;
        Genome pick;
        SampleEval pickEval;
        if (!step(base, baseEval.objective, pick, pickEval))
            break;
        accept(pick, pickEval);
        base = std::move(pick);
        baseEval = pickEval;
        improved = true;
    }
    return improved;
}

} // namespace cocco
