// Re-partitioning a window of consecutive subgraphs of a genome with the core of one of the
// baselines (greedy pair merging, the depth-ordered DP, the exact search over down-sets), the
// rest of the design fixed. The GA uses it as an operator and in its polish (ga.cpp).
#pragma once

#include "design_space.h"

#include <cstdint>

namespace cocco {

namespace baseline {
struct EvalMemo;
}

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
// *evaluations = subgraph costs computed, whatever the outcome, never more than maxEvaluations
// (> 0; reaching it gives false); with a memo, subgraphs found in it are not computed again nor
// counted. `ctl` gives the cancel flag.
bool repartitionWindow(const DesignSpace &space, const SearchControl &ctl, Genome &g, int first, int count,
                       WindowMethod method, int64_t maxEvaluations, int64_t *evaluations,
                       baseline::EvalMemo *memo = nullptr);

} // namespace cocco
