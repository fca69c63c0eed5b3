// Internal helpers shared by the baseline searches (greedy.cpp, dp.cpp, exact.cpp): subgraph
// evaluation with counting, stop checks, and turning a set partition into valid labels.
#pragma once

#include "search/baselines.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <unordered_map>
#include <vector>

namespace cocco {
namespace baseline {

struct EvalMemo;

// One baseline run on fixed hardware: evaluates subgraphs, counts evaluations, checks the cancel
// flag and the time limit, and reports progress at a bounded rate.
class Context {
public:
    Context(const CostModel &m, const HardwareConfig &hw, Objective o, double alpha, const SearchControl &ctl,
            double timeLimitSeconds);
    // The control is kept by reference: a temporary would dangle.
    Context(const CostModel &m, const HardwareConfig &hw, Objective o, double alpha, SearchControl &&ctl,
            double timeLimitSeconds) = delete;

    const Network &net() const { return m_model.network(); }
    const CostModel &model() const { return m_model; }
    const HardwareConfig &hw() const { return m_hw; }
    Objective objective() const { return m_objective; }
    double alpha() const { return m_alpha; }

    struct Eval {
        bool ok = false;   // fits, or a single layer (executed by streaming if it spills)
        double value = 0;  // subgraphObjective of the subgraph (additive part)
    };
    // `sortedLayers` must be sorted by layer id. Counts one evaluation; past the evaluation limit
    // it evaluates nothing, returns not ok and stops the run.
    Eval evaluate(const std::vector<int> &sortedLayers);

    // Bytes of weights the buffer can hold: W (separate) or S (shared). A subgraph of two or more
    // layers with more weights than this can never fit (weights are monotone in the layer set).
    int64_t weightCapacity() const;
    int maxNodes() const { return m_hw.maxSubgraphNodes; }
    // Weight bytes of one layer (from its single-layer profile, not counted as an evaluation).
    int64_t layerWeightBytes(int layer) const;

    // True when the run must stop; *why is Cancelled or TimeLimit. Cheap enough to call per
    // evaluation (reads the clock every 8 calls).
    bool shouldStop(StopReason *why);
    // At most ~10 calls a second unless `force` (the callback may repaint a chart).
    void reportProgress(double best, const std::string &phase, bool force = false);

    int64_t evaluations() const { return m_evaluations; }
    // Stops the run (StopReason::Budget) once this many subgraphs have been evaluated; 0: no limit.
    // The GA's window operators pay their evaluations as samples and must not overrun its budget.
    void setEvaluationLimit(int64_t n) { m_evaluationLimit = std::max<int64_t>(0, n); }
    // Subgraphs in `memo` (evaluated before on the same capacities) are answered from it and not
    // counted; new ones are added. Null: every evaluation counts.
    void setMemo(EvalMemo *memo);
    double seconds() const;

    // Objective of a whole partition (objectiveValue of the model's totals).
    double partitionObjective(const Partition &p) const;

private:
    bool atLimit() const { return m_evaluationLimit > 0 && m_evaluations >= m_evaluationLimit; }

    const CostModel &m_model;
    HardwareConfig m_hw;
    Objective m_objective;
    double m_alpha;
    const SearchControl &m_ctl;
    double m_timeLimit;
    std::chrono::steady_clock::time_point m_start;
    double m_lastReport = 0;
    int64_t m_evaluations = 0;
    int64_t m_evaluationLimit = 0;
    EvalMemo *m_memo = nullptr;
    uint64_t m_hwKey = 0;
    int m_stopCheck = 0;
    bool m_stopped = false;
    StopReason m_stopReason = StopReason::Completed;
};

// Subgraph evaluations already paid for, across many Contexts of one search (the GA's window
// operators, whose evaluations are charged as samples: like a revisited design, a revisited
// subgraph is free). Keyed by a 64-bit hash of the layer set and the buffer capacities; cleared
// when it holds `limit` entries (about 48 bytes each).
struct EvalMemo {
    std::unordered_map<uint64_t, Context::Eval> known;
    size_t limit = size_t(1) << 20;
};

// Labels for a set partition given as group[layer] (any group ids; inputs -1) whose groups are
// connected and whose quotient DAG is acyclic: groups are numbered in a topological order of the
// quotient DAG, ties broken by the smallest topological index of their layers. (Numbering by
// first appearance alone can break rule 1 when one group starts before another but also needs it.)
Partition labelInExecutionOrder(const Network &net, const std::vector<int> &group);

// Greedy pair merging (greedy.cpp) from a set partition: group[layer] = id in 0..n-1 (inputs -1),
// ids numbered in a topological order of the quotient DAG, the groups valid. Only groups with
// mergeable[id] are merged, with each other; the others stay as they are but still count for the
// acyclicity check. Returns the merged group per layer, numbered 0..k-1 in a topological order of
// the merged quotient DAG (inputs -1). `stop` is
// Completed unless the context stopped the run.
std::vector<int> greedyMerge(Context &ctx, const std::vector<int> &group, const std::vector<char> &mergeable, StopReason &stop);

// The DP core (dp.cpp) on `order`: a topological order of a convex set of layers, so that any cut
// of it into contiguous segments keeps rule 1. from[i] = start of the last segment of the best
// cut of order[0..i-1] into weakly connected, fitting segments of at most max_subgraph_nodes
// layers (-1: none); *done = the longest prefix finished before the context stopped.
std::vector<int> dpCut(Context &ctx, const std::vector<int> &order, StopReason &stop, int *done);

// The exact search (exact.cpp) on `order`, a topological order of a convex set of layers: its
// cheapest partition into valid fitting subgraphs whose summed objective is at most upperBound
// (plus rounding). Returns group per layer, 0..k-1 in execution order for those layers and -1
// elsewhere, or empty when nothing beats the bound or the search stopped; `stop` is Optimal, GaveUp
// (more than stateLimit down-sets), or the context's reason.
std::vector<int> exactCut(Context &ctx, const std::vector<int> &order, double upperBound, int64_t stateLimit, StopReason &stop);

// Every compute layer alone: always valid and executable (method §2.3).
Partition singletonPartition(const Network &net);

} // namespace baseline
} // namespace cocco
