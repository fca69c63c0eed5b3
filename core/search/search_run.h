// The evaluation context of one search run: counts samples, evaluates batches of genomes in
// parallel (repair + cost, deterministic), keeps the best, the convergence history and the Pareto
// archive, reports progress and decides when to stop (budget, time limit, cancel, convergence).
// Algorithms (ga.cpp, sa.cpp, two_step.cpp) propose genomes and read back objective values.
#pragma once

#include "design_space.h"
#include "pareto.h"
#include "thread_pool.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <random>
#include <unordered_set>

namespace cocco {

class SearchRun {
public:
    SearchRun(const DesignSpace &space, const SearchConfig &cfg, const SearchControl &ctl);

    const DesignSpace &space() const { return m_space; }
    const SearchConfig &config() const { return m_cfg; }
    int threads() const { return m_pool.threads(); }

    // Repairs and evaluates every genome of `batch` in place (in parallel), then accounts for them
    // in index order. A genome seen before in this run is not a new sample (its evaluation is
    // identical). Returns how many genomes were processed: fewer than the batch only when the run
    // was cancelled or ran out of time mid-batch; the caller must then stop.
    size_t evaluate(std::vector<Genome> &batch, std::vector<SampleEval> &out);
    // One genome on the calling thread (SA).
    bool evaluateOne(Genome &g, SampleEval &out);

    // Counts `n` evaluations made outside evaluate() (subgraph costs a heuristic operator computed
    // on the search's own thread) as samples, so budgets stay comparable with the baselines.
    void charge(int64_t n) { m_samples += std::max<int64_t>(0, n); }
    const SearchControl &control() const { return m_ctl; }

    int64_t samples() const { return m_samples; }
    int64_t budget() const { return m_cfg.sampleBudget; }
    int64_t remaining() const { return std::max<int64_t>(0, m_cfg.sampleBudget - m_samples); }
    // True when the run must end; stopReason() says why. Checks budget, cancel, time, convergence.
    bool shouldStop();
    StopReason stopReason() const { return m_stop; }
    void setStopReason(StopReason r) { m_stop = r; m_stopped = true; }
    double seconds() const;

    bool hasBest() const { return m_hasBest; }
    const Genome &bestGenome() const { return m_best; }
    const SampleEval &bestEval() const { return m_bestEval; }

    // Reports progress (rate limited to ~20 Hz unless `force`).
    void report(const GenerationStats *gen, const std::string &phase, bool force = false);

    // Fills history, pareto, best design (re-evaluated with CostModel::totals), samples, seconds.
    SearchResult finish(std::vector<std::string> warnings = {});
    // Design of a genome with its totals from the cost model.
    Design designOf(const Genome &g) const;

private:
    void account(const Genome &g, const SampleEval &e);
    bool cancelled() const { return m_ctl.cancel && m_ctl.cancel->load(std::memory_order_relaxed); }
    bool outOfTime() const { return m_cfg.timeLimitSeconds > 0 && seconds() >= m_cfg.timeLimitSeconds; }

    const DesignSpace &m_space;
    SearchConfig m_cfg;
    const SearchControl &m_ctl;
    ThreadPool m_pool;
    std::vector<RepairScratch> m_scratch;
    std::chrono::steady_clock::time_point m_start;
    int64_t m_samples = 0;
    int64_t m_lastImprovement = 0;
    bool m_hasBest = false;
    Genome m_best;
    SampleEval m_bestEval;
    std::vector<HistoryPoint> m_history;
    ParetoArchive m_archive;
    std::unordered_set<uint64_t> m_seen;
    bool m_stopped = false;
    StopReason m_stop = StopReason::Budget;
    double m_lastReport = -1;
    GenerationStats m_lastGen;
};

} // namespace cocco
