// Baseline partition searches on fixed hardware (method §6): greedy pair merging, depth-ordered
// DP and an exact shortest path over down-sets. They are deterministic (no seed), minimise the
// additive objective Σ subgraphObjective(...) (Cost adds the constant hw.bufferBytes()), and
// count every subgraph cost they compute as one evaluation ("samples" in results).
#pragma once

#include "search/search.h"

namespace cocco {

struct BaselineOutcome {
    Partition partition;     // valid on `hw`, normalized
    double objective = 0;    // objectiveValue(...) of that partition
    int64_t evaluations = 0; // subgraph/partition evaluations made (reported as samples)
    StopReason stop = StopReason::Completed; // exact: Optimal or GaveUp (+ TimeLimit/Cancelled)
};

// Halide-style: from singletons, repeatedly merge the adjacent pair with the largest objective
// reduction whose union keeps the subgraph DAG acyclic, is connected and fits (no spilling
// subgraph with more than one layer); stops when no merge helps. timeLimitSeconds 0 = none.
Result<BaselineOutcome> greedySearch(const CostModel &m, const HardwareConfig &hw, Objective o, double alpha,
                                     const SearchControl &ctl, double timeLimitSeconds);
// dp[i] = min over j < i of dp[j] + Cost(order[j..i-1]) with layers ordered by (depth, id) and
// segments that are weakly connected, keep rule 1 and fit; at most max_subgraph_nodes long.
// Optimal on chains, restricted on branchy graphs.
Result<BaselineOutcome> dpSearch(const CostModel &m, const HardwareConfig &hw, Objective o, double alpha,
                                 const SearchControl &ctl, double timeLimitSeconds);
// Shortest path over the down-sets of the DAG; stop is Optimal when the search finished, GaveUp
// when more than `stateLimit` down-sets were reached (the best partition found so far is still
// returned when there is one, else the greedy one), TimeLimit or Cancelled likewise.
Result<BaselineOutcome> exactSearch(const CostModel &m, const HardwareConfig &hw, Objective o, double alpha,
                                    const SearchControl &ctl, double timeLimitSeconds, int64_t stateLimit);

} // namespace cocco
