// The one context of a search run, for every algorithm: the sample ledger (one budget), genome
// evaluation (repair + cost, batches in parallel, deterministic), the best design, the
// convergence history and the Pareto archive, one stop path (budget, cancel, time limit,
// convergence) and one progress path with one throttle. Subgraph evaluations (baselines, window
// operators) go through a SubgraphEvaluator on this context (subgraph_eval.h). Algorithms
// propose genomes or partitions and read back objective values; they never reach into the
// cost model themselves.
#pragma once

#include "search/framework/design_space.h"
#include "search/framework/pareto.h"
#include "search/framework/sample_ledger.h"
#include "search/framework/thread_pool.h"

#include <chrono>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

namespace cocco {

// Progress callbacks run at most once per this interval unless forced (they may repaint a chart).
constexpr double kProgressIntervalSeconds = 0.05;

class RunContext {
public:
    // `budget`: samples the run may spend (SampleLedger::kUnlimited for algorithms that run to
    // completion). `ctl` is kept by reference: a temporary would dangle.
    RunContext(const DesignSpace &space, const SearchConfig &cfg, const SearchControl &ctl, int64_t budget);
    RunContext(const DesignSpace &space, const SearchConfig &cfg, SearchControl &&ctl, int64_t budget) = delete;

    const DesignSpace &space() const { return m_space; }
    const CostModel &model() const { return m_space.model(); }
    const SearchConfig &config() const { return m_cfg; }
    const SearchControl &control() const { return m_ctl; }

    SampleLedger &ledger() { return m_ledger; }
    const SampleLedger &ledger() const { return m_ledger; }
    int64_t samples() const { return m_ledger.used(); }
    int64_t budget() const { return m_ledger.budget(); }
    int64_t remaining() const { return m_ledger.remaining(); }

    // Repairs and evaluates every genome of `batch` in place (in parallel), then accounts for them
    // in index order. A genome seen before in this run is not a new sample (its evaluation is
    // identical). Returns how many genomes were processed: fewer than the batch only when the run
    // was cancelled or ran out of time mid-batch; the caller must then stop.
    size_t evaluate(std::vector<Genome> &batch, std::vector<SampleEval> &out);
    // One genome on the calling thread (SA).
    bool evaluateOne(Genome &g, SampleEval &out);

    // True when the run must end; stopReason() says why. Checks cancel, budget, time, convergence.
    bool shouldStop();
    // Cancel flag or time limit (cheap; what every evaluation path checks).
    bool cancelled() const { return m_ctl.cancel && m_ctl.cancel->load(std::memory_order_relaxed); }
    bool outOfTime() const { return m_cfg.timeLimitSeconds > 0 && seconds() >= m_cfg.timeLimitSeconds; }
    StopReason stopReason() const { return m_stop; }
    bool stopped() const { return m_stopped; }
    void setStopReason(StopReason r)
    {
        m_stop = r;
        m_stopped = true;
    }
    double seconds() const;

    bool hasBest() const { return m_hasBest; }
    const Genome &bestGenome() const { return m_best; }
    const SampleEval &bestEval() const { return m_bestEval; }

    // Reports progress (at most once per kProgressIntervalSeconds unless `force`): the best
    // objective of the genomes evaluated so far, or `best` when given (baselines, which build a
    // partition rather than evaluate genomes).
    void report(const std::string &phase, const GenerationStats *gen = nullptr, bool force = false,
                std::optional<double> best = std::nullopt);

    // Algorithms that build one partition (the baselines) hand it in as the run's design.
    void setFinalPartition(const Partition &p);
    // A certified lower bound on the objective that the algorithm proved (branch and bound);
    // finish() reports it instead of the cheap bound runSearch computes otherwise.
    void setLowerBound(double bound) { m_lowerBound = bound; }
    std::optional<double> lowerBound() const { return m_lowerBound; }

    // Fills history, pareto, best design (re-evaluated with CostModel::totals), samples, seconds.
    SearchResult finish(std::vector<std::string> warnings = {});
    // Design of a genome with its totals from the cost model.
    Design designOf(const Genome &g) const;

private:
    void account(const Genome &g, const SampleEval &e);

    const DesignSpace &m_space;
    SearchConfig m_cfg;
    const SearchControl &m_ctl;
    SampleLedger m_ledger;
    // Started by the first batch: baselines and SA never evaluate batches, so they start no
    // threads (a study runs thousands of them).
    std::unique_ptr<ThreadPool> m_pool;
    std::vector<RepairScratch> m_scratch; // one per pool thread (at least one, for evaluateOne)
    std::chrono::steady_clock::time_point m_start;
    int64_t m_lastImprovement = 0;
    bool m_hasBest = false;
    Genome m_best;
    SampleEval m_bestEval;
    std::optional<Partition> m_finalPartition;
    std::optional<double> m_lowerBound;
    std::vector<HistoryPoint> m_history;
    ParetoArchive m_archive;
    std::unordered_set<uint64_t> m_seen;
    bool m_stopped = false;
    StopReason m_stop = StopReason::Budget;
    double m_lastReport = -1;
    GenerationStats m_lastGen;
};

} // namespace cocco
