// Baseline partition searches on fixed hardware (method §6): greedy pair merging, depth-ordered
// DP and an exact shortest path over down-sets. They are deterministic (no seed), minimise the
// additive objective Σ subgraphObjective(...) (Cost adds the constant hw.bufferBytes()), and
// evaluate subgraphs through a SubgraphEvaluator of the run, so every subgraph cost they compute
// is one sample. Their cores (greedyMerge, dpCut, exactCut) also re-partition windows of a
// design in the local search (local/window.h).
#pragma once

#include "search/framework/subgraph_eval.h"
#include "search/registry.h"
#include "search/search.h"

#include <functional>
#include <limits>

#include <vector>

namespace cocco {

struct BaselineOutcome {
    Partition partition;     // valid on the evaluator's hardware, normalized
    double objective = 0;    // objectiveValue(...) of that partition
    int64_t evaluations = 0; // subgraph evaluations made (reported as samples)
    StopReason stop = StopReason::Completed; // exact: Optimal or GaveUp (+ TimeLimit/Cancelled)
    // A certified lower bound on the objective the core proved (bnb); NaN: none.
    double lowerBound = std::numeric_limits<double>::quiet_NaN();
};

// Halide-style: from singletons, repeatedly merge the adjacent pair with the largest objective
// reduction whose union keeps the subgraph DAG acyclic, is connected and fits (no spilling
// subgraph with more than one layer); stops when no merge helps.
BaselineOutcome greedyPartition(SubgraphEvaluator &ev);
// dp[i] = min over j < i of dp[j] + Cost(order[j..i-1]) with layers ordered by (depth, id) and
// segments that are weakly connected, keep rule 1 and fit; at most max_subgraph_nodes long.
// Optimal on chains, restricted on branchy graphs.
BaselineOutcome dpPartition(SubgraphEvaluator &ev);
// Shortest path over the down-sets of the DAG, bounded by greedy and DP (run first, on the same
// evaluator); stop is Optimal when the search finished, GaveUp when more than `stateLimit`
// down-sets were reached (the best partition found so far is still returned when there is one,
// else the better heuristic one), TimeLimit or Cancelled likewise.
Result<BaselineOutcome> exactPartition(SubgraphEvaluator &ev, int64_t stateLimit);

// The same on their own (tests, benchmarks): a run of its own on `hw` with no sample budget.
// timeLimitSeconds 0 = none.
Result<BaselineOutcome> greedySearch(const CostModel &m, const HardwareConfig &hw, Objective o, double alpha,
                                     const SearchControl &ctl, double timeLimitSeconds);
Result<BaselineOutcome> dpSearch(const CostModel &m, const HardwareConfig &hw, Objective o, double alpha,
                                 const SearchControl &ctl, double timeLimitSeconds);
Result<BaselineOutcome> exactSearch(const CostModel &m, const HardwareConfig &hw, Objective o, double alpha,
                                    const SearchControl &ctl, double timeLimitSeconds, int64_t stateLimit);

// A baseline core as a registered algorithm: deterministic, runs to completion on the hardware's
// capacities; the partition it returns becomes the run's design, its stop reason the run's.
using BaselineCore = std::function<Result<BaselineOutcome>(SubgraphEvaluator &, const SearchConfig &)>;
AlgorithmInfo baselineAlgorithm(std::string name, std::string summary, uint64_t rngStream, uint32_t color, BaselineCore core);

namespace baseline {

// Labels for a set partition given as group[layer] (any group ids; inputs -1) whose groups are
// connected and whose quotient DAG is acyclic: groups are numbered in a topological order of the
// quotient DAG, ties broken by the smallest topological index of their layers. (Numbering by
// first appearance alone can break rule 1 when one group starts before another but also needs it.)
Partition labelInExecutionOrder(const Network &net, const std::vector<int> &group);

// Greedy pair merging (greedy.cpp) from a set partition: group[layer] = id in 0..n-1 (inputs -1),
// ids numbered in a topological order of the quotient DAG, the groups valid. Only groups with
// mergeable[id] are merged, with each other; the others stay as they are but still count for the
// acyclicity check. Returns the merged group per layer, numbered 0..k-1 in a topological order of
// the merged quotient DAG (inputs -1). `stop` is Completed unless the evaluator stopped.
std::vector<int> greedyMerge(SubgraphEvaluator &ev, const std::vector<int> &group, const std::vector<char> &mergeable,
                             StopReason &stop);

// The DP core (dp.cpp) on `order`: a topological order of a convex set of layers, so that any cut
// of it into contiguous segments keeps rule 1. from[i] = start of the last segment of the best
// cut of order[0..i-1] into weakly connected, fitting segments of at most max_subgraph_nodes
// layers (-1: none); *done = the longest prefix finished before the evaluator stopped.
std::vector<int> dpCut(SubgraphEvaluator &ev, const std::vector<int> &order, StopReason &stop, int *done);

// The exact search (exact.cpp) on `order`, a topological order of a convex set of layers: its
// cheapest partition into valid fitting subgraphs whose summed objective is at most upperBound
// (plus rounding). Returns group per layer, 0..k-1 in execution order for those layers and -1
// elsewhere, or empty when nothing beats the bound or the search stopped; `stop` is Optimal, GaveUp
// (more than stateLimit down-sets), or the evaluator's reason.
std::vector<int> exactCut(SubgraphEvaluator &ev, const std::vector<int> &order, double upperBound, int64_t stateLimit,
                          StopReason &stop);

// Every compute layer alone: always valid and executable (method §2.3).
Partition singletonPartition(const Network &net);

} // namespace baseline
} // namespace cocco
