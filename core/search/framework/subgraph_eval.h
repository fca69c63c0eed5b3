// Subgraph evaluation on one hardware point, through the run context: what the baselines
// (greedy, DP, exact) and the window operators of the local search evaluate. Every subgraph cost
// computed is a sample on the run's one ledger (heuristic seeds are evaluated free of charge), the
// evaluator stops with the run (cancel flag, time limit) or when its grant of samples is spent,
// and progress goes through the run's one progress path.
#pragma once

#include "search/framework/run_context.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace cocco {

struct EvalMemo;

class SubgraphEvaluator {
public:
    // How the evaluator pays for a subgraph: as a sample of the run's ledger, or not at all
    // (heuristic seeding, reported apart).
    enum class Charging { Samples, Free };
    struct Options {
        // Subgraph evaluations this evaluator may make before it stops the run's part it serves
        // (StopReason::Budget); SampleLedger::kUnlimited for the whole run.
        int64_t grant = SampleLedger::kUnlimited;
        Charging charging = Charging::Samples;
        bool reportsProgress = true; // false inside operators: only the algorithm reports
        // Subgraphs in the memo (evaluated before on the same capacities) are answered from it
        // and not counted; new ones are added. Null: every evaluation counts.
        EvalMemo *memo = nullptr;
    };

    SubgraphEvaluator(RunContext &run, const HardwareConfig &hw);
    SubgraphEvaluator(RunContext &run, const HardwareConfig &hw, const Options &opt);

    RunContext &run() { return m_run; }
    const Network &net() const { return m_run.model().network(); }
    const CostModel &model() const { return m_run.model(); }
    const HardwareConfig &hw() const { return m_hw; }
    Objective objective() const { return m_run.space().objective(); }
    double alpha() const { return m_run.space().alpha(); }

    struct Eval {
        bool ok = false;   // fits, or a single layer (executed by streaming if it spills)
        double value = 0;  // subgraphObjective of the subgraph (additive part)
    };
    // `sortedLayers` must be sorted by layer id. Counts one evaluation; past the grant it
    // evaluates nothing, returns not ok and stops.
    Eval evaluate(const std::vector<int> &sortedLayers);

    // Bytes of weights the buffer can hold: W (separate) or S (shared). A subgraph of two or more
    // layers with more weights than this can never fit (weights are monotone in the layer set).
    int64_t weightCapacity() const;
    int maxNodes() const { return m_hw.maxSubgraphNodes; }
    // Weight bytes of one layer (from its single-layer profile, not counted as an evaluation).
    int64_t layerWeightBytes(int layer) const;

    // While one is alive, the profiles of subgraphs not cached before are computed and dropped
    // (CostModel::transientProfile): for the searches over down-sets (exact, bnb's best-first),
    // whose millions of subgraphs are mostly seen once. Cached, they took about 2.7 KB each,
    // twenty times a search state (RandWire-A: 800 MB at 300,000 states, 66 MB without).
    class TransientProfiles {
    public:
        explicit TransientProfiles(SubgraphEvaluator &ev) : m_ev(ev), m_was(ev.m_keepProfiles) { ev.m_keepProfiles = false; }
        ~TransientProfiles() { m_ev.m_keepProfiles = m_was; }
        TransientProfiles(const TransientProfiles &) = delete;
        TransientProfiles &operator=(const TransientProfiles &) = delete;

    private:
        SubgraphEvaluator &m_ev;
        bool m_was;
    };

    // True when the evaluation must stop; *why is Cancelled, TimeLimit or Budget (grant spent).
    // Cheap enough to call per evaluation (reads the clock every 8 calls).
    bool shouldStop(StopReason *why);
    void reportProgress(double best, const std::string &phase, bool force = false);

    // Subgraph costs computed by this evaluator (memo hits excluded).
    int64_t evaluations() const { return m_evaluations; }
    double seconds() const { return m_run.seconds(); }

    // Objective of a whole partition (objectiveValue of the model's totals).
    double partitionObjective(const Partition &p) const;

private:
    bool atLimit() const { return m_evaluations >= m_opt.grant; }

    RunContext &m_run;
    HardwareConfig m_hw;
    Options m_opt;
    int64_t m_evaluations = 0;
    uint64_t m_hwKey = 0;
    int m_stopCheck = 0;
    bool m_stopped = false;
    bool m_keepProfiles = true;
    StopReason m_stopReason = StopReason::Completed;
};

// Subgraph evaluations already paid for, across many evaluators of one search (the window
// operators, whose evaluations are samples: like a revisited design, a revisited subgraph is
// free). Keyed by a 64-bit hash of the layer set and the buffer capacities; cleared when it holds
// `limit` entries (about 48 bytes each).
struct EvalMemo {
    std::unordered_map<uint64_t, SubgraphEvaluator::Eval> known;
    size_t limit = size_t(1) << 20;
};

} // namespace cocco
