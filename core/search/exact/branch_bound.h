// Best-first branch and bound over the down-sets of the DAG (issue 16): proves the optimum of the
// partition problem on fixed hardware, or stops (state limit, time limit, cancel) with a
// certified lower bound and the best design found.
//
// States are down-sets D (layers already executed); a transition runs one weakly connected,
// fitting subgraph S with D ∪ S again a down-set (as in the exact search, exact.cpp). States are
// expanded in order of g(D) + h(D), h the consistent share bound of the layers not in D
// (partition_bound.h), and states with g + h above the better of greedy and DP are never stored.
// The first full down-set expanded is optimal; when the search stops early, the smallest g + h
// still open is a lower bound on every partition (every complete path runs through an open state).
#pragma once

#include "search/baselines/baselines.h"
#include "search/registry.h"

namespace cocco {

struct BoundedOutcome {
    BaselineOutcome best;   // stop: Optimal, GaveUp, TimeLimit or Cancelled
    double lowerBound = 0;  // on objectiveValue(...) of every valid partition on the hardware
    int64_t states = 0;     // down-sets stored
    int exhaustiveLayers = 0; // layers whose share bound finished (partition_bound.h)
};

// Subgraphs enumerated around each layer for the share bound before the search starts.
constexpr int64_t kBoundSubgraphsPerLayer = 4096;
// With a time limit: the share of it the first best-first search may use, the splits per pair of
// the first round of split cut ratios after it (doubling each round, at most kMaxSplits), and the share of the limit
// by which those rounds end (the rest is for the second best-first search).
constexpr double kFirstSlice = 0.1;
constexpr int kFirstSplits = 4, kMaxSplits = 4096;
constexpr double kSplitEnd = 0.7;

// On the evaluator's hardware; every subgraph cost it computes (heuristics, bound, search) is one
// evaluation of `ev`.
Result<BoundedOutcome> branchBoundPartition(SubgraphEvaluator &ev, int64_t stateLimit,
                                            int64_t subgraphsPerLayer = kBoundSubgraphsPerLayer);

AlgorithmInfo branchBoundAlgorithm();

} // namespace cocco
