// The exact co-exploration optimum (issue 16, `coopt`): the best design over every capacity
// candidate of the design space (separate: every A × W pair, shared: every S) and every valid
// partition, proven, or a certified lower bound and the gap when it stops early.
//
// At one candidate C the buffer bytes are fixed, so the optimum there is an exact partition problem
// on C (the `exact` search, `bnb` when that gives up). Candidates are pruned only by proofs
// (docs/search.md, "The exact co-exploration optimum"): for the energy and cost objectives,
//     objective(P, C) = constant(C) + var(P, C),
// constant(C) = buffer bytes + α · (weights loaded, MACs, intra-layer SRAM traffic at C's SRAM
// energy) the same for every partition, and var(P, C) = a(C) · Σ tensor DRAM bytes + b(C) · Σ
// crossbar bytes, a(C) = α (e_dram + e_sram,act(C)), b(C) = α (e_sram,act(C) + e_noc). For C ≤ C'
// (every capacity at most C''s) a partition valid on C is valid on C' and moves no more bytes
// there (spilling layers stream in fewer chunks), so
//     var*(C) >= r(C, C') · var*(C'),   r = min(a(C)/a(C'), b(C)/b(C'))
// (r = 1 for EMA and latency, whose objective itself never rises with capacity). A solved larger
// candidate thus bounds every smaller one from below, and a smaller one's optimal partition,
// valid on every larger candidate, bounds them from above: a candidate whose two bounds meet is
// settled without a search, one whose lower bound reaches the incumbent is pruned.
#pragma once

#include "search/registry.h"

#include <cstdint>

namespace cocco {

class RunContext;

struct CoExploreOutcome {
    Partition partition;         // the best design found, valid on `hw`
    HardwareConfig hw;           // its capacities (a candidate of the design space)
    double objective = 0;        // objectiveValue(...) of it
    double lowerBound = 0;       // no design of the space is better (certified)
    StopReason stop = StopReason::Optimal; // Optimal, GaveUp (a candidate's search gave up), TimeLimit, Cancelled
    int candidates = 0;          // capacity candidates in the space
    int solved = 0;              // candidates whose optimum a search proved
    int settled = 0;             // candidates proven by their bounds alone (no search)
    int pruned = 0;              // candidates proven unable to beat the incumbent
    int searches = 0;            // exact searches run (the solved ones and the pruned ones a search
                                 // bounded by the incumbent proved; the other pruned ones by bounds alone)
    int open = 0;                // candidates left unresolved (a stopped run)
    bool monotone = true;        // false: the runtime check found the decomposition broken (no pruning)
};

// Over the run's design space (co-exploration; the run's objective and α); subgraph evaluations
// are samples of the run, the run's time limit and cancel stop it. Deterministic, one thread.
Result<CoExploreOutcome> coExplorationOptimum(RunContext &run, int64_t stateLimit);

AlgorithmInfo coExplorationOptimumAlgorithm();

} // namespace cocco
