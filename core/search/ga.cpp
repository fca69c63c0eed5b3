// The genetic algorithm of method §6: tournament selection, elitism, subgraph-copying crossover,
// move / split / merge / capacity mutations, repair in place, and a local-search polish of the
// best design when the population stalls.
#include "algorithms.h"
#include "baseline_common.h"
#include "dont_look.h"
#include "hashing.h"
#include "window.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace cocco {

Rng makeRng(uint64_t seed, uint64_t stream)
{
    return Rng(mix64(seed * 0x9E3779B97F4A7C15ULL + stream * 0xD1B54A32D192ED03ULL + 0x632BE59BD9B4E019ULL));
}

namespace {

// Share of children made by regrouping a window of a parent (see Ga::regroup).
constexpr double kRegroupRate = 0.05;
// Share of children made by copying the grouping of a run of a parent's subgraphs onto a
// repeated block (Operators::transplant), and the most such neighbours one polish step tries.
constexpr double kTransplantRate = 0.05;
constexpr size_t kTransplantNeighbours = 2000;
// Samples one polish call may spend: this share of the GA's budget, at least the minimum.
constexpr double kPolishShare = 0.05;
constexpr int64_t kPolishMinSamples = 1000;

double uniform01(Rng &rng) { return std::uniform_real_distribution<double>(0.0, 1.0)(rng); }

int tournament(const std::vector<SampleEval> &fit, int size, Rng &rng)
{
    const int n = static_cast<int>(fit.size());
    int best = std::uniform_int_distribution<int>(0, n - 1)(rng);
    for (int i = 1; i < size; ++i) {
        const int c = std::uniform_int_distribution<int>(0, n - 1)(rng);
        if (fit[static_cast<size_t>(c)].objective < fit[static_cast<size_t>(best)].objective)
            best = c;
    }
    return best;
}

class Ga {
public:
    Ga(SearchRun &run, const GaOptions &opt, Rng &rng)
        : m_run(run), m_cfg(run.config()), m_opt(opt), m_rng(rng), m_ops(run.space()), m_start(run.samples()),
          m_dontLook(run.space().order())
    {
        m_ops.setCapacityFree(!opt.fixedCaps);
    }

    void run();

private:
    int64_t left() const { return std::min(m_opt.budget - (m_run.samples() - m_start), m_run.remaining()); }
    // Revisits are free (not samples), so a small design space could keep a GA busy forever:
    // when ten times more revisits than new designs have been evaluated, the space is exhausted.
    bool exhausted() const
    {
        const int64_t fresh = m_run.samples() - m_start;
        return m_evals > 20 * int64_t(m_cfg.population) && m_evals - fresh > 10 * fresh;
    }
    bool done() { return m_run.shouldStop() || left() <= 0 || exhausted(); }
    void fixCaps(Genome &g) const
    {
        if (m_opt.fixedCaps) {
            g.cap0 = m_opt.cap0;
            g.cap1 = m_opt.cap1;
        }
    }
    // Evaluates `batch` (truncated to the budget); false if the run stopped mid-batch.
    bool evaluate(std::vector<Genome> &batch, std::vector<SampleEval> &out)
    {
        const int64_t l = left();
        if (static_cast<int64_t>(batch.size()) > l)
            batch.resize(static_cast<size_t>(std::max<int64_t>(0, l)));
        const size_t got = m_run.evaluate(batch, out);
        m_evals += static_cast<int64_t>(got);
        batch.resize(got);
        out.resize(got);
        return got > 0;
    }
    void makeChild(Genome &child);
    bool polish();
    // Evaluates the neighbours `nb` of `base` (touched: the label pairs each one changes) and
    // picks the best improving one, or the union of the improving ones that touch disjoint
    // subgraphs when that is better still (the objective is a sum over subgraphs). False if none
    // improves on baseObj.
    bool improve(const Genome &base, double baseObj, std::vector<Genome> &nb, const std::vector<std::pair<int, int>> &touched,
                 Genome &pick, SampleEval &pickEval);
    // One hill-climbing step: the best of the small neighbourhood (plus `extra` candidates), else
    // of the deep one. False at a local optimum of both.
    bool descend(const Genome &base, double baseObj, std::vector<Genome> extra, Genome &pick, SampleEval &pickEval);
    // Co-exploration: one capacity candidate up or down on each gene, the partition hill-climbed
    // with those capacities held (no tightening), then evaluated as usual. Reaches designs whose
    // larger buffer only pays once several subgraphs have been re-cut to use it (ResNet-50's
    // whole bottleneck blocks on a shared buffer one step larger). True if it beats bestObj.
    bool capacityStep(const Genome &best, double bestObj, Genome &pick, SampleEval &pickEval);
    // Regroup: re-partitions the subgraphs first..first+count-1 of the canonical genome g by one
    // of the baselines' cores (window.h); their subgraph evaluations are charged as samples, and a
    // window already re-partitioned is not paid for twice. Greedy re-merging reaches the
    // greedy-built designs that the label moves cannot assemble when subgraphs sit against the
    // node limit (NASNet cells); the DP re-cut finds ResNet-152's stage boundaries (polish only:
    // as a mutation it pulled NASNet designs towards DP's worse ones); the exact re-partition of
    // small windows finds exchanges of parallel branches (GoogLeNet's last inception blocks).
    bool regroup(Genome &g, int first, int count, WindowMethod method = WindowMethod::Greedy);
    // Samples regroups may still spend: at most a quarter of those used so far (plus a start).
    bool regroupAffordable() const
    {
        const int64_t used = m_run.samples() - m_start;
        return m_regroupSpent < used / 4 + 2000 && left() > 4 * int64_t(m_run.space().order().size());
    }
    bool stepAffordable() const
    {
        const int64_t used = m_run.samples() - m_start;
        return m_stepSpent < used / 4 + 2000;
    }
    size_t bestIndex() const
    {
        return static_cast<size_t>(std::min_element(m_fit.begin(), m_fit.end(), [](const SampleEval &a, const SampleEval &b) {
                                       return a.objective < b.objective;
                                   }) - m_fit.begin());
    }

    SearchRun &m_run;
    const SearchConfig &m_cfg;
    const GaOptions &m_opt;
    Rng &m_rng;
    Operators m_ops;
    int64_t m_start;
    int64_t m_evals = 0; // genomes evaluated by this GA, revisits included
    std::vector<Genome> m_pop;
    std::vector<SampleEval> m_fit;
    std::unordered_set<uint64_t> m_polished;
    int64_t m_regroupSpent = 0;
    int64_t m_stepSpent = 0; // samples of capacity steps
    std::unordered_set<uint64_t> m_regrouped;
    baseline::EvalMemo m_memo; // subgraphs the window operators have paid for
    DontLook m_dontLook; // local-search neighbours that did not improve
};

bool Ga::regroup(Genome &g, int first, int count, WindowMethod method)
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
    // Never past the budget nor the regroups' share of it (one exact window can cost ~10^6
    // subgraph evaluations).
    const int64_t used = m_run.samples() - m_start;
    const int64_t allowance = std::min(left(), used / 4 + 2000 - m_regroupSpent);
    int64_t evaluations = 0;
    const bool changed = repartitionWindow(m_run.space(), m_run.control(), g, first, last - first, method, allowance, &evaluations, &m_memo);
    m_run.charge(evaluations);
    m_regroupSpent += evaluations;
    return changed;
}

void Ga::makeChild(Genome &child)
{
    const int t = std::max(1, m_cfg.tournament);
    const Genome &a = m_pop[static_cast<size_t>(tournament(m_fit, t, m_rng))];
    if (uniform01(m_rng) < kRegroupRate && regroupAffordable()) {
        child = a;
        const int count = std::uniform_int_distribution<int>(2, 6)(m_rng);
        const int first = std::uniform_int_distribution<int>(0, std::max(0, a.groups - 1))(m_rng);
        if (regroup(child, first, count)) {
            fixCaps(child);
            return;
        }
    }
    if (uniform01(m_rng) < kTransplantRate) {
        child = a;
        if (m_ops.transplant(child, m_rng)) {
            fixCaps(child);
            return;
        }
    }
    bool changed = false;
    if (uniform01(m_rng) < m_cfg.crossoverRate) {
        const Genome &b = m_pop[static_cast<size_t>(tournament(m_fit, t, m_rng))];
        m_ops.crossover(a, b, child, m_rng);
        changed = !(a == b);
    } else {
        child = a;
    }
    using M = Operators::Mutation;
    for (M kind : {M::MoveNode, M::Split, M::Merge, M::Capacity})
        if (uniform01(m_rng) < m_cfg.mutationRate)
            changed = m_ops.mutate(child, kind, m_rng) || changed;
    // Sometimes let repair grow the capacities to fit merged subgraphs: co-exploration otherwise
    // rarely finds the larger buffers whose designs need several merges at once.
    child.grow = m_ops.capacityFree() && uniform01(m_rng) < 0.2;
    for (int tries = 0; !changed && tries < 8; ++tries) {
        static const M kinds[] = {M::MoveNode, M::Split, M::Merge, M::Merge, M::Capacity};
        const int k = std::uniform_int_distribution<int>(0, m_ops.capacityFree() ? 4 : 3)(m_rng);
        changed = m_ops.mutate(child, kinds[k], m_rng);
    }
    fixCaps(child);
}

bool Ga::improve(const Genome &base, double baseObj, std::vector<Genome> &nb, const std::vector<std::pair<int, int>> &touched,
                 Genome &pick, SampleEval &pickEval)
{
    // Neighbours known not to improve are not evaluated again.
    std::vector<std::pair<int, int>> touchedLeft = touched;
    std::vector<uint64_t> keys;
    m_dontLook.filter(base, nb, touchedLeft, keys);
    if (nb.empty())
        return false;
    const std::vector<Genome> raw = nb; // before repair renumbers them
    std::vector<SampleEval> ev;
    if (!evaluate(nb, ev))
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
        if (evaluate(one, oneEval) && oneEval[0].objective < pickEval.objective) {
            pick = one[0];
            pickEval = oneEval[0];
        }
    }
    return true;
}

bool Ga::descend(const Genome &base, double baseObj, std::vector<Genome> extra, Genome &pick, SampleEval &pickEval)
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

bool Ga::capacityStep(const Genome &best, double bestObj, Genome &pick, SampleEval &pickEval)
{
    const DesignSpace &space = m_run.space();
    bool found = false;
    std::vector<Genome> one;
    std::vector<SampleEval> oneEval;
    for (int which = 0; which < (space.shared() ? 1 : 2); ++which)
        for (int d : {1, -1}) {
            if (done() || !stepAffordable())
                return found;
            const int64_t before = m_run.samples();
            Genome c = best;
            int &gene = which == 0 ? c.cap0 : c.cap1;
            gene += d;
            if (gene < 0 || gene >= (which == 0 ? space.capCount0() : space.capCount1()))
                continue;
            c.keepCaps = true;
            one.assign(1, c);
            if (!evaluate(one, oneEval)) {
                m_stepSpent += m_run.samples() - before;
                return found;
            }
            Genome cur = one[0];
            double curObj = oneEval[0].objective;
            for (int step = 0; step < 40 && !done(); ++step) {
                Genome next;
                SampleEval nextEval;
                if (!descend(cur, curObj, {}, next, nextEval))
                    break;
                cur = std::move(next);
                curObj = nextEval.objective;
            }
            cur.keepCaps = false; // now at the capacities it needs
            one.assign(1, cur);
            if (!done() && evaluate(one, oneEval) && oneEval[0].objective < (found ? pickEval.objective : bestObj)) {
                pick = one[0];
                pickEval = oneEval[0];
                found = true;
            }
            m_stepSpent += m_run.samples() - before;
        }
    return found;
}

// Hill climbing from the best individual over merge / move / re-cut (and capacity steps of 1, 2, 4 candidates)
// neighbours; when those are exhausted, re-cuts of three subgraphs, then regrouped windows, then
// (co-exploration) capacity steps with the partition re-optimised on the stepped capacities. The
// improved design replaces the worst individual. Returns true if it improved the population.
bool Ga::polish()
{
    bool improved = false;
    std::vector<Genome> nb;
    std::vector<std::pair<int, int>> touched;
    // One call spends a bounded share of the budget, then the population takes over again
    // (with the polished design in it) until the next stall. Unbounded, the first polish of a
    // large network took the rest of a 50k co-exploration budget at whatever capacity the
    // population had settled on by then.
    const int64_t polishEnd = m_run.samples() + std::max<int64_t>(kPolishMinSamples, int64_t(kPolishShare * double(m_opt.budget)));
    while (!done() && m_run.samples() < polishEnd) {
        const size_t bi = bestIndex();
        const Genome best = m_pop[bi];
        const double bestObj = m_fit[bi].objective;
        if (!m_polished.insert(m_fit[bi].hash).second)
            break;
        std::vector<Genome> capacitySteps;
        if (m_ops.capacityFree()) {
            for (int d : {-4, -2, -1, 1, 2, 4}) {
                Genome c = best;
                c.cap0 += d;
                if (c.cap0 >= 0 && c.cap0 < m_run.space().capCount0())
                    capacitySteps.push_back(c);
                if (!m_run.space().shared()) {
                    c = best;
                    c.cap1 += d;
                    if (c.cap1 >= 0 && c.cap1 < m_run.space().capCount1())
                        capacitySteps.push_back(c);
                }
            }
        }
        Genome pick;
        SampleEval pickEval;
        bool found = descend(best, bestObj, std::move(capacitySteps), pick, pickEval);
        if (!found && !done()) {
            // A local optimum: copy the grouping of runs of subgraphs onto repeated blocks.
            nb.clear();
            m_ops.transplantNeighbours(best, nb, kTransplantNeighbours);
            touched.assign(nb.size(), {-1, -1});
            found = improve(best, bestObj, nb, touched, pick, pickEval);
        }
        if (!found && !done()) {
            // Still stuck: regroup overlapping windows of subgraphs, by greedy re-merging, by the
            // DP re-cut and (small windows) by the exact search.
            nb.clear();
            touched.clear();
            for (int first = 0; first < best.groups && regroupAffordable() && !done(); ++first)
                for (WindowMethod method : {WindowMethod::Greedy, WindowMethod::Dp, WindowMethod::Exact}) {
                    if (method != WindowMethod::Exact && first % 3 != 0)
                        continue; // greedy and DP windows of six overlap by three, exact ones of two by one
                    Genome c = best;
                    if (regroup(c, first, method == WindowMethod::Exact ? 2 : 6, method)) {
                        nb.push_back(std::move(c));
                        touched.emplace_back(-1, -1);
                    }
                }
            found = improve(best, bestObj, nb, touched, pick, pickEval);
        }
        if (!found && m_ops.capacityFree() && !done())
            found = capacityStep(best, bestObj, pick, pickEval);
        if (!found)
            break;
        size_t worst = 0;
        for (size_t i = 1; i < m_fit.size(); ++i)
            if (m_fit[i].objective > m_fit[worst].objective)
                worst = i;
        m_pop[worst] = pick;
        m_fit[worst] = pickEval;
        improved = true;
    }
    return improved;
}

void Ga::run()
{
    const int popSize = std::max(2, m_cfg.population);
    const int elite = std::clamp(m_cfg.elite, 0, popSize - 1);
    for (const Genome &s : m_opt.seeds) {
        if (static_cast<int>(m_pop.size()) >= popSize)
            break;
        m_pop.push_back(s);
        fixCaps(m_pop.back());
    }
    while (static_cast<int>(m_pop.size()) < popSize) {
        Genome g;
        // Spread the initial subgraph sizes: from nearly whole chains to nearly singletons.
        const double open = 0.02 + 0.6 * uniform01(m_rng) * uniform01(m_rng);
        m_ops.randomGenome(g, open, m_rng);
        g.grow = m_ops.capacityFree() && (m_pop.size() & 1);
        fixCaps(g);
        m_pop.push_back(std::move(g));
    }
    if (done() || !evaluate(m_pop, m_fit))
        return;
    std::vector<Genome> children;
    std::vector<SampleEval> childFit;
    std::vector<size_t> rank;
    int generation = 0;
    int stalled = 0, idle = 0, dry = 0;
    double lastBest = m_fit[bestIndex()].objective;
    double bestEver = lastBest;
    int64_t improvedAt = m_run.samples();
    while (!done()) {
        ++generation;
        children.resize(static_cast<size_t>(popSize - elite));
        for (Genome &c : children)
            makeChild(c);
        const int64_t before = m_run.samples();
        if (!evaluate(children, childFit))
            break;
        // Next population: the elite of the current one, then the children.
        rank.resize(m_pop.size());
        for (size_t i = 0; i < rank.size(); ++i)
            rank[i] = i;
        std::stable_sort(rank.begin(), rank.end(), [&](size_t x, size_t y) { return m_fit[x].objective < m_fit[y].objective; });
        std::vector<Genome> nextPop;
        std::vector<SampleEval> nextFit;
        nextPop.reserve(static_cast<size_t>(popSize));
        std::vector<size_t> keep;
        for (int i = 0; i < elite && i < static_cast<int>(rank.size()); ++i)
            keep.push_back(rank[static_cast<size_t>(i)]);
        for (size_t i : keep) {
            nextPop.push_back(std::move(m_pop[i]));
            nextFit.push_back(m_fit[i]);
        }
        GenerationStats st;
        st.generation = generation;
        st.best = childFit.empty() ? 0 : childFit[0].objective;
        st.worst = st.best;
        int valid = 0;
        for (size_t i = 0; i < children.size(); ++i) {
            st.best = std::min(st.best, childFit[i].objective);
            st.worst = std::max(st.worst, childFit[i].objective);
            st.mean += childFit[i].objective;
            valid += childFit[i].repaired ? 0 : 1;
            nextPop.push_back(std::move(children[i]));
            nextFit.push_back(childFit[i]);
        }
        st.mean = children.empty() ? 0 : st.mean / double(children.size());
        st.validFraction = children.empty() ? 1 : double(valid) / double(children.size());
        m_pop = std::move(nextPop);
        m_fit = std::move(nextFit);
        const double best = m_fit[bestIndex()].objective;
        stalled = best < lastBest ? 0 : stalled + 1;
        lastBest = std::min(lastBest, best);
        idle = m_run.samples() == before ? idle + 1 : 0;
        if (stalled >= 8 && polish()) {
            stalled = 0;
            lastBest = m_fit[bestIndex()].objective;
        }
        if (best < bestEver) {
            bestEver = best;
            improvedAt = m_run.samples();
        }
        // The population has collapsed onto known designs: replace the worse half with random
        // immigrants. Long without progress: restart everything but the best design (a new
        // population finds other basins; the polish then refines them).
        const bool restart = m_run.samples() - improvedAt > std::max<int64_t>(25000, 100 * int64_t(popSize));
        if (idle >= 20 || restart) {
            std::vector<size_t> order(m_pop.size());
            for (size_t i = 0; i < order.size(); ++i)
                order[i] = i;
            std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return m_fit[x].objective < m_fit[y].objective; });
            const size_t keep = restart ? 1 : order.size() / 2;
            std::vector<Genome> fresh;
            for (size_t k = keep; k < order.size(); ++k) {
                Genome g;
                m_ops.randomGenome(g, 0.02 + 0.6 * uniform01(m_rng) * uniform01(m_rng), m_rng);
                g.grow = m_ops.capacityFree() && (k & 1);
                fixCaps(g);
                fresh.push_back(std::move(g));
            }
            std::vector<SampleEval> ff;
            const int64_t beforeFresh = m_run.samples();
            if (!evaluate(fresh, ff))
                break;
            // Nothing new even from random designs: the space is exhausted (tiny networks).
            dry = m_run.samples() == beforeFresh ? dry + 1 : 0;
            if (dry >= 5)
                break;
            for (size_t k = 0; k < fresh.size(); ++k) {
                m_pop[order[keep + k]] = std::move(fresh[k]);
                m_fit[order[keep + k]] = ff[k];
            }
            idle = 0;
            if (restart) {
                improvedAt = m_run.samples();
                m_polished.clear();
            }
        }
        st.samples = m_run.samples();
        st.seconds = m_run.seconds();
        m_run.report(&st, m_opt.phase);
    }
}

} // namespace

void runGa(SearchRun &run, const GaOptions &opt, Rng &rng)
{
    Ga ga(run, opt, rng);
    ga.run();
}

} // namespace cocco
