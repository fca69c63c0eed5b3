// Certified lower bounds on the partition objective on fixed hardware (issue 16): a number that no
// valid partition (method §1) can beat, proven, never estimated.
//
// Every subgraph cost splits into an intrinsic part that is a sum over its layers whatever the
// grouping (weights loaded, MACs, intra-layer SRAM traffic; latency: compute cycles) and a rest
// var(S) >= 0 (DRAM tensor traffic and its SRAM fills; latency: DRAM time above compute). Layer v
// gets the bound
//     m(v) = fixed(v) + c(v) * min over usable S containing v of var(S) / Σ_{u in S} c(u)
// with c(u) > 0 its var as a single layer. For every usable S, Σ_{v in S} m(v) <= cost(S) (the
// shares c(v)/Σc sum to one), so Σ_v m(v) <= the cost of every valid partition, and
// h(D) = Σ_{v not in D} m(v) is a consistent heuristic for a shortest path over down-sets. The
// minimum runs over every weakly connected, convex subgraph containing v that fits (or is v
// alone), enumerated exhaustively; a layer whose enumeration passes the per-layer limit keeps
// m(v) = fixed(v), which is sound because var >= 0.
#pragma once

#include "search/search.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace cocco {

class CutRatioBound;

class PartitionBound {
public:
    // What one subgraph costs on the bound's hardware.
    enum class Usable { Yes, No, Stop }; // Yes: fits (or one layer); No: does not fit; Stop: stop now
    // `sortedLayers` sorted by id; sets *value = subgraphObjective(...) when Yes.
    using Evaluate = std::function<Usable(const std::vector<int> &sortedLayers, double *value)>;

    // The intrinsic bound of every compute layer on `hw` (single-layer costs from `model`, not
    // counted anywhere).
    PartitionBound(const CostModel &model, const HardwareConfig &hw, Objective objective, double alpha);
    ~PartitionBound();

    // Tightens layer bounds by enumerating, for each layer, the subgraphs around it (at most
    // `subgraphsPerLayer` per layer). Returns false when `eval` said Stop; the bounds stay valid
    // (an unfinished layer keeps its intrinsic bound).
    bool tighten(const Evaluate &eval, int64_t subgraphsPerLayer);

    // Raises every layer's bound to the share ratio certified by minimum cuts (cut_bound.h), where
    // that form bounds this cost model (one core; checked on every layer alone and on every
    // subgraph tighten() evaluated). Returns false when `stop` said stop (bounds unchanged, or with
    // `keepDone` raised on the layers whose pairs were all certified). With cutLimit > 0 it also
    // stops once that many cuts are solved. `splits`: CutRatioBound::ratios (0 for the bound after
    // a search; bnb's rounds with a time limit and bench_bound --splits K use more).
    bool tightenByCuts(const std::function<bool()> &stop, int64_t cutLimit = 0, int splits = 0, bool keepDone = false);
    // Adjacent pairs the cut ratios certify (0 where they are not used).
    int64_t cutPairs() const;
    // Whether the cut form bounded every layer alone and every subgraph tighten() evaluated
    // (false also where it is not available, e.g. several cores).
    bool cutFormHolds() const { return m_cutSound; }
    // Minimum cuts solved by tightenByCuts().
    int64_t cuts() const { return m_cuts; }

    // Bound per position of the network's computeOrder() (additive part, safety margin applied).
    const std::vector<double> &layerBounds() const { return m_bound; }
    // Σ layer bounds: no valid partition has a smaller additive objective.
    double additive() const;
    // additive() plus the objective's constant (Cost: the hardware's buffer bytes): a lower bound
    // on objectiveValue(...) of every valid partition on this hardware.
    double objectiveBound() const;
    // Layers whose enumeration finished (their bound is the full share bound).
    int exhaustiveLayers() const { return m_exhaustive; }
    // Subgraphs enumerated (evaluated or rejected as not convex) by tighten().
    int64_t enumerated() const { return m_enumerated; }

private:
    bool tightenLayer(int pos, const Evaluate &eval, int64_t limit, bool *stopped);
    bool convex(const std::vector<int> &set) const;
    void checkCutForm(const std::vector<int> &positions, double rest);

    const Network &m_net;
    HardwareConfig m_hw;
    Objective m_objective;
    std::vector<int> m_layerAt, m_pos;
    std::vector<std::vector<int>> m_adj; // positions: compute preds and succs
    std::vector<std::vector<int>> m_succ;
    std::vector<int64_t> m_weight;
    std::vector<double> m_fixed, m_share, m_bound, m_gamma, m_rest;
    std::unique_ptr<CutRatioBound> m_cut;
    bool m_cutSound = false;
    int64_t m_cuts = 0;
    int m_exhaustive = 0;
    int64_t m_enumerated = 0;
    bool m_sound = true;
    // Enumeration scratch.
    std::vector<char> m_mark;
    std::vector<int> m_seen;
};

// tighten()'s evaluator straight from the cost model (no samples, no stop): a subgraph is usable
// when it fits or is one layer. `model` must outlive it.
PartitionBound::Evaluate modelEvaluator(const CostModel &model, const HardwareConfig &hw, Objective objective,
                                        double alpha);

// Subgraphs per layer for the bound every search result carries: a small share of a search's time
// (docs/search.md, "Lower bounds", has the figures).
constexpr int64_t kResultBoundSubgraphsPerLayer = 64;

// Minimum cuts the bound after a search may solve per sample of its budget (the cut ratios
// only run when their estimated cuts fit: a deterministic share of the search's work), and the
// cuts per adjacent pair that estimate assumes (about 70-120 on the zoo).
constexpr double kResultBoundCutsPerSample = 0.25;
constexpr int64_t kCutsPerPairEstimate = 120;

// A certified lower bound on the objective of every design a search over `space` could return,
// cheap enough to compute after any search: partition-only, the share bound on the hardware with
// at most `subgraphsPerLayer` subgraphs per layer (0: intrinsic only), then the cut ratios where
// pairs × kCutsPerPairEstimate is at most `cutLimit` (and they finish within it and before `stop`
// says stop); co-exploration, the minimum
// over every capacity candidate of the intrinsic bound (plus the buffer bytes for Cost). Evaluates
// through `model` directly (no samples).
double searchLowerBound(const CostModel &model, const HardwareConfig &hw, Objective objective, double alpha,
                        bool coExplore, int64_t subgraphsPerLayer, int64_t cutLimit = 0,
                        const std::function<bool()> &stop = {});

} // namespace cocco
