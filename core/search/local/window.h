// Re-partitioning a window of consecutive subgraphs of a genome with the core of one of the
// baselines (greedy pair merging, the depth-ordered DP, the exact search over down-sets), the
// rest of the design fixed. The local search uses it (local_search.h), the GA also as a mutation.
#pragma once

#include "search/framework/subgraph_eval.h"

#include <cstdint>

namespace cocco {

enum class WindowMethod { Greedy, Dp, Exact };

// Exact re-partitions: windows of at most this many layers, at most this many down-set states.
constexpr size_t kExactWindowLayers = 48;
constexpr int64_t kExactWindowStates = 20000;

// Re-partitions subgraphs first..first+count-1 of g (labels canonical: 0..groups-1 in a
// topological order of the subgraph DAG) on g's hardware. Consecutive subgraphs of such a
// numbering form a convex set (no path leaves the window and comes back), so the window can be
// re-partitioned on its own:
//  - Greedy: the window's layers alone, merged again by greedy pair merging (the subgraphs
//    outside stay as they are but count for the acyclicity check);
//  - Dp: the window's layers in (depth, id) order cut into the cheapest contiguous, weakly
//    connected, fitting segments;
//  - Exact: the cheapest partition of the window strictly below its current cost (windows of at
//    most kExactWindowLayers layers, kExactWindowStates states).
// Returns true with g re-partitioned (the result may cost more for Greedy and Dp), numbered in a
// topological order again, g.groups updated and g.grow cleared; false leaves g as it was (labels
// not canonical, window too large, nothing strictly better for Exact, cancelled).
// Every subgraph cost computed, whatever the outcome, is a sample of the run's ledger, never more
// than `grant` of them (> 0; reaching it gives false); with a memo, subgraphs found in it are not
// computed again nor counted. The run's cancel flag and time limit stop it (false).
bool repartitionWindow(RunContext &run, Genome &g, int first, int count, WindowMethod method, int64_t grant,
                       EvalMemo *memo = nullptr);

} // namespace cocco
