// Local search (method §6's polish of the best design), usable by any algorithm that evaluates
// genomes: hill-climbing steps over small moves (merge / move / re-cut) with capacity jumps,
// then deep moves (re-cuts of three subgraphs, phase shifts), transplants of the grouping of
// repeated blocks, window re-partitions by the baselines' cores, and (co-exploration) capacity
// steps with the partition re-optimised on the stepped capacities. Neighbours that did not
// improve are remembered (dont_look.h); windows already re-partitioned are not paid for twice,
// subgraphs a window evaluated before are free (EvalMemo). Everything it spends is spent through
// the BudgetScope of the algorithm it serves, its windows and capacity steps capped by shares
// of what that scope has used.
#pragma once

#include "search/evolution/operators.h"
#include "search/framework/budget_scope.h"
#include "search/framework/subgraph_eval.h"
#include "search/local/dont_look.h"
#include "search/local/window.h"

#include <cstdint>
#include <functional>
#include <unordered_set>
#include <utility>
#include <vector>

namespace cocco {

// One climb (LocalSearch::climb) spends at most this share of the scope's budget, at least the
// minimum; then the calling algorithm takes over again until the next stall. Unbounded, the first
// climb on a large network took the rest of the budget at whatever capacity it started from.
constexpr double kClimbShare = 0.05;
constexpr int64_t kClimbMinSamples = 1000;
// Window re-partitions and capacity steps may each spend a quarter of what the scope has used,
// plus a start allowance (one exact window can cost ~10^6 subgraph evaluations).
constexpr Share kWindowShare{4, 2000};
constexpr Share kCapacityStepShare{4, 2000};
// Windows only while this many samples per layer are left (a window re-partition must be able
// to finish).
constexpr int64_t kWindowMinLeftPerLayer = 4;
// Greedy and DP windows of six subgraphs overlapping by three; exact windows of two, by one.
constexpr int kWideWindow = 6;
constexpr int kWideWindowStride = 3;
constexpr int kExactWindow = 2;
// Capacity jumps tried with the small moves, in candidates up or down.
constexpr int kCapacityJumps[] = {-4, -2, -1, 1, 2, 4};
// Hill-climbing steps on one stepped capacity.
constexpr int kCapacityStepClimb = 40;
// Transplant neighbours one step tries at most.
constexpr size_t kTransplantNeighbours = 2000;

class LocalSearch {
public:
    // `ops` decides whether capacities are genes (Operators::capacityFree); both are kept by
    // reference.
    LocalSearch(BudgetScope &budget, const Operators &ops);

    // Hill climbing from (start, startEval): every improving step is handed to `accept` (the GA
    // puts it into its population) and becomes the next base. Stops at a local optimum of every
    // move, when this climb has spent its share (kClimbShare of the scope's budget, at least
    // `minSamples`; a step begun within the share is finished), when the base was climbed from
    // before, or when the scope is done. True if any step improved.
    bool climb(Genome start, SampleEval startEval, const std::function<void(const Genome &, const SampleEval &)> &accept,
               int64_t minSamples = kClimbMinSamples);
    // Forget which designs were climbed from (the GA's restarts).
    void forgetClimbed() { m_climbed.clear(); }

    // One step from base: the best improving neighbour of all moves in the order above. False at
    // a local optimum (or when the scope is done).
    bool step(const Genome &base, double baseObj, Genome &pick, SampleEval &pickEval);

    // Re-partitions subgraphs first..first+count-1 of the canonical genome g by one of the
    // baselines' cores (window.h); its subgraph evaluations are samples of the scope's ledger,
    // within kWindowShare. False if nothing changed, the window was re-partitioned before, or
    // the share is spent. Also a GA mutation.
    bool regroup(Genome &g, int first, int count, WindowMethod method = WindowMethod::Greedy);
    // Window re-partitions may still spend samples.
    bool windowsAffordable() const;

    // Evaluates the neighbours `nb` of `base` (touched: the label pairs each one changes) and
    // picks the best improving one, or the union of the improving ones that touch disjoint
    // subgraphs when that is better still (the objective is a sum over subgraphs). False if none
    // improves on baseObj.
    bool improve(const Genome &base, double baseObj, std::vector<Genome> &nb, const std::vector<std::pair<int, int>> &touched,
                 Genome &pick, SampleEval &pickEval);
    // The best of the small neighbourhood (plus `extra` candidates), else of the deep one.
    bool descend(const Genome &base, double baseObj, std::vector<Genome> extra, Genome &pick, SampleEval &pickEval);
    // Co-exploration: one capacity candidate up or down on each gene, the partition hill-climbed
    // with those capacities held (no tightening), then evaluated as usual. Reaches designs whose
    // larger buffer only pays once several subgraphs have been re-cut to use it (ResNet-50's
    // whole bottleneck blocks on a shared buffer one step larger). True if it beats bestObj.
    bool capacityStep(const Genome &best, double bestObj, Genome &pick, SampleEval &pickEval);

    const DontLook &dontLook() const { return m_dontLook; }

private:
    bool done() { return m_budget.done(); }

    BudgetScope &m_budget;
    const Operators &m_ops;
    DontLook m_dontLook;                    // neighbours that did not improve
    EvalMemo m_memo;                        // subgraphs the windows have paid for
    std::unordered_set<uint64_t> m_regrouped; // windows re-partitioned already
    std::unordered_set<uint64_t> m_climbed;   // designs climbed from
    SampleLedger::Account m_windowSpend, m_stepSpend;
};

} // namespace cocco
