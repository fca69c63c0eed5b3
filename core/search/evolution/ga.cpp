// The genetic algorithm of method §6: tournament selection, elitism, subgraph-copying crossover,
// move / split / merge / capacity mutations, window regroups and transplants, repair in place,
// and a local-search climb from the best design when the population stalls.
#include "search/evolution/evolution.h"
#include "search/framework/hashing.h"
#include "search/local/local_search.h"
#include "search/registry.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace cocco {

namespace {

// Share of children made by regrouping a window of a parent (LocalSearch::regroup) of 2..6
// subgraphs. Greedy re-merging reaches the greedy-built designs that the label moves cannot
// assemble when subgraphs sit against the node limit (NASNet cells); a minority of DP re-cuts
// reaches DP's better designs on RandWire-A (DP as the only window method pulled NASNet designs
// towards DP's worse ones). At 0.05 with greedy only, the unseeded GA needed more than 10x DP's
// evaluations to match min(greedy, DP) on NASNet-A Large and RandWire-B (issue 16, docs/results.md
// table (g)).
// Long runs (kGaLongRunSamples) keep 5 %, greedy only: their results at 400k samples were better.
constexpr double kRegroupRate = 0.15, kLongRunRegroupRate = 0.05;
constexpr double kRegroupDpShare = 0.3;
constexpr int kRegroupMinSubgraphs = 2, kRegroupMaxSubgraphs = 6;
// Share of children made by copying the grouping of a run of a parent's subgraphs onto a
// repeated block (Operators::transplant).
constexpr double kTransplantRate = 0.05;
// Share of children whose repair may grow the capacities to fit merged subgraphs: co-exploration
// otherwise rarely finds the larger buffers whose designs need several merges at once.
constexpr double kGrowRate = 0.2;
// Short co-exploration runs without seeds start every kReferenceEvery-th random design of the
// first population at the method's reference capacities S, M, L in turn (method §5; the fixed-*
// algorithms' hardware), its partition random like the others'. At 2k-10k samples the capacities
// drawn at random rarely came near the good ones before the budget ran out: on ResNet-50 with a
// shared buffer fixed-M's design (the optimum) beat the GA's median by 1.3-1.5 % (issue 16,
// docs/results.md table (h)).
constexpr int kReferenceEvery = 4;
const char *const kReferencePoints[] = {"fixed-s", "fixed-m", "fixed-l"};
// Unseeded co-exploration runs below kPressureSamples select harder: the tournament and the elite
// are raised to at least these sizes. With the method's 3 and 2, a 2k-10k run spread its few
// generations over many capacity basins and ended in none of them; at 50k the wider search did
// better. Measured on the 24 cells of docs/results.md table (h) at 2k-10k samples (seeds 1-5, and
// 6-10 as a check): the GA's median was the lowest in 16 (14) cells with 3 and 2, 22 (18) with 5
// and 8, fewer with tournaments of 4, 6 or 7 or elites of 4, 6, 10 or 12 (issue 16).
constexpr int64_t kPressureSamples = 20000;
constexpr int kPressureTournament = 5, kPressureElite = 8;
// Tries to change a child that crossover and mutation left as its parent.
constexpr int kChangeTries = 8;
// Generations without a better best before the local search climbs from it.
constexpr int kStallGenerations = 8;
// Generations that found no new design before the worse half is replaced by random immigrants.
constexpr int kIdleGenerations = 20;
// Samples without a better best before a restart (all but the best design), at least this many
// or this many populations' worth.
constexpr int64_t kRestartMinSamples = 25000;
constexpr int64_t kRestartPopulations = 100;
// Immigrant rounds that found nothing new: the design space is exhausted (tiny networks).
constexpr int kDryRounds = 5;
// Initial subgraph sizes spread from nearly whole chains to nearly singletons: the probability of
// opening a new subgraph is kOpenMin + kOpenSpread * u * v (u, v uniform).
constexpr double kOpenMin = 0.02, kOpenSpread = 0.6;

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
    Ga(RunContext &run, const GaOptions &opt, Rng &rng)
        : m_run(run), m_cfg(run.config()), m_opt(opt), m_rng(rng), m_longRun(opt.budget >= kGaLongRunSamples),
          m_popSize(std::max(2, gaPopulation(run.config().population, opt.budget))),
          m_pressure(!opt.fixedCaps && run.space().coExplore() && opt.seeds.empty() && opt.budget < kPressureSamples),
          m_tournament(std::max(1, m_pressure ? std::max(run.config().tournament, kPressureTournament) : run.config().tournament)),
          m_elite(std::clamp(m_pressure ? std::max(run.config().elite, kPressureElite) : run.config().elite, 0, m_popSize - 1)),
          m_ops(run.space()),
          m_budget(run, opt.budget, m_popSize), m_local(m_budget, m_ops)
    {
        m_ops.setCapacityFree(!opt.fixedCaps);
    }

    void run();

private:
    bool done() { return m_budget.done(); }
    void fixCaps(Genome &g) const
    {
        if (m_opt.fixedCaps) {
            g.cap0 = m_opt.cap0;
            g.cap1 = m_opt.cap1;
        }
    }
    bool evaluate(std::vector<Genome> &batch, std::vector<SampleEval> &out) { return m_budget.evaluate(batch, out); }
    void makeChild(Genome &child);
    void randomGenome(Genome &g, bool grow);
    bool startsAtReference(int index) const
    {
        return !m_longRun && m_ops.capacityFree() && m_opt.seeds.empty() && index % kReferenceEvery == 0;
    }
    // Climbs from the best individual; each improving step replaces the worst one. True if it
    // improved the population.
    bool polish(int64_t minSamples = kClimbMinSamples);
    size_t bestIndex() const
    {
        return static_cast<size_t>(std::min_element(m_fit.begin(), m_fit.end(), [](const SampleEval &a, const SampleEval &b) {
                                       return a.objective < b.objective;
                                   }) - m_fit.begin());
    }

    RunContext &m_run;
    const SearchConfig &m_cfg;
    const GaOptions &m_opt;
    Rng &m_rng;
    const bool m_longRun;  // the method's original settings (search.h, kGaLongRunSamples)
    const int m_popSize;
    const bool m_pressure; // a short unseeded co-exploration run: kPressureTournament, kPressureElite
    const int m_tournament, m_elite;
    Operators m_ops;
    BudgetScope m_budget;
    LocalSearch m_local;
    std::vector<Genome> m_pop;
    std::vector<SampleEval> m_fit;
};

void Ga::makeChild(Genome &child)
{
    const int t = m_tournament;
    const Genome &a = m_pop[static_cast<size_t>(tournament(m_fit, t, m_rng))];
    if (uniform01(m_rng) < (m_longRun ? kLongRunRegroupRate : kRegroupRate) && m_local.windowsAffordable()) {
        child = a;
        const int count = std::uniform_int_distribution<int>(kRegroupMinSubgraphs, kRegroupMaxSubgraphs)(m_rng);
        const int first = std::uniform_int_distribution<int>(0, std::max(0, a.groups - 1))(m_rng);
        const WindowMethod method = !m_longRun && uniform01(m_rng) < kRegroupDpShare ? WindowMethod::Dp : WindowMethod::Greedy;
        if (m_local.regroup(child, first, count, method)) {
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
    child.grow = m_ops.capacityFree() && uniform01(m_rng) < kGrowRate;
    for (int tries = 0; !changed && tries < kChangeTries; ++tries) {
        static const M kinds[] = {M::MoveNode, M::Split, M::Merge, M::Merge, M::Capacity};
        const int k = std::uniform_int_distribution<int>(0, m_ops.capacityFree() ? 4 : 3)(m_rng);
        changed = m_ops.mutate(child, kinds[k], m_rng);
    }
    fixCaps(child);
}

void Ga::randomGenome(Genome &g, bool grow)
{
    m_ops.randomGenome(g, kOpenMin + kOpenSpread * uniform01(m_rng) * uniform01(m_rng), m_rng);
    g.grow = m_ops.capacityFree() && grow;
    fixCaps(g);
}

bool Ga::polish(int64_t minSamples)
{
    const size_t bi = bestIndex();
    return m_local.climb(m_pop[bi], m_fit[bi], [this](const Genome &pick, const SampleEval &pickEval) {
        size_t worst = 0;
        for (size_t i = 1; i < m_fit.size(); ++i)
            if (m_fit[i].objective > m_fit[worst].objective)
                worst = i;
        m_pop[worst] = pick;
        m_fit[worst] = pickEval;
    }, minSamples);
}

void Ga::run()
{
    const int popSize = m_popSize;
    const int elite = m_elite;
    for (const Genome &s : m_opt.seeds) {
        if (static_cast<int>(m_pop.size()) >= popSize)
            break;
        m_pop.push_back(s);
        fixCaps(m_pop.back());
    }
    while (static_cast<int>(m_pop.size()) < popSize) {
        Genome g;
        randomGenome(g, m_pop.size() & 1);
        const int k = static_cast<int>(m_pop.size());
        if (startsAtReference(k)) {
            const char *point = kReferencePoints[(k / kReferenceEvery) % 3];
            m_run.space().setCapacities(g, fixedReferenceHardware(m_run.space().baseHardware(), point));
        }
        m_pop.push_back(std::move(g));
    }
    if (done() || !evaluate(m_pop, m_fit))
        return;
    // Short runs climb from the best first design at once instead of after the first stall: its
    // merged disjoint moves fix many subgraphs per step, which on chains (GPT-1, Transformer)
    // reaches DP's design in about 1.5x DP's evaluations, where waiting took over 10x (issue 16).
    // Short unseeded co-exploration runs give it a larger share (kPressureClimbSamples, evolution.h).
    if (!m_longRun) {
        int64_t share = kClimbMinSamples;
        if (m_pressure) {
            share = kPressureClimbSamples;
            if (m_budget.left() - share < kPressureEvolutionSamples)
                share = m_budget.left();
        }
        polish(share);
    }
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
        if (stalled >= kStallGenerations && polish()) {
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
        const bool restart = m_run.samples() - improvedAt > std::max<int64_t>(kRestartMinSamples, kRestartPopulations * int64_t(popSize));
        if (idle >= kIdleGenerations || restart) {
            std::vector<size_t> order(m_pop.size());
            for (size_t i = 0; i < order.size(); ++i)
                order[i] = i;
            std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return m_fit[x].objective < m_fit[y].objective; });
            const size_t keep = restart ? 1 : order.size() / 2;
            std::vector<Genome> fresh;
            for (size_t k = keep; k < order.size(); ++k) {
                Genome g;
                randomGenome(g, k & 1);
                fresh.push_back(std::move(g));
            }
            std::vector<SampleEval> ff;
            const int64_t beforeFresh = m_run.samples();
            if (!evaluate(fresh, ff))
                break;
            // Nothing new even from random designs: the space is exhausted (tiny networks).
            dry = m_run.samples() == beforeFresh ? dry + 1 : 0;
            if (dry >= kDryRounds)
                break;
            for (size_t k = 0; k < fresh.size(); ++k) {
                m_pop[order[keep + k]] = std::move(fresh[k]);
                m_fit[order[keep + k]] = ff[k];
            }
            idle = 0;
            if (restart) {
                improvedAt = m_run.samples();
                m_local.forgetClimbed();
            }
        }
        st.samples = m_run.samples();
        st.seconds = m_run.seconds();
        m_run.report(m_opt.phase, &st);
    }
}

} // namespace

void runGa(RunContext &run, const GaOptions &opt, Rng &rng)
{
    Ga ga(run, opt, rng);
    ga.run();
}

Status runGaJob(AlgorithmJob &job, const std::string &phase)
{
    GaOptions opt;
    opt.budget = job.run.config().sampleBudget;
    opt.seeds = job.seeds;
    opt.phase = phase;
    runGa(job.run, opt, job.rng);
    return okStatus();
}

AlgorithmInfo gaAlgorithm()
{
    AlgorithmInfo a = describeAlgorithm("ga", "the genetic algorithm of the method (partition, and capacities with co-exploration)", 4,
                                        0xd62728);
    a.traits.seedable = true;
    a.run = [](AlgorithmJob &job) { return runGaJob(job, "ga"); };
    return a;
}

} // namespace cocco
