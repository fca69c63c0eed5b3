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

// PartitionBound::tightenByLp's defaults: splits per pair at most (doubling from 16 in the rounds
// that find no column), LP solves with the cut pricing, and LP solves of the growing pricing before
// them. GoogLeNet (81 layers) needs 256 splits and 15 rounds to reach its optimum.
constexpr int kLpSplits = 1024, kLpRounds = 200, kLpGrowRounds = 200;

struct LpOptions {
    int splits = kLpSplits;
    int maxRounds = kLpRounds;
    int growRounds = kLpGrowRounds;
    int64_t cutLimit = 0; // stop once the cut pricing has solved this many cuts (0: no limit)
};

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
    // (an unfinished layer keeps its intrinsic bound). `keepColumns`: remember the usable
    // subgraphs evaluated as tightenByLp()'s first columns.
    bool tighten(const Evaluate &eval, int64_t subgraphsPerLayer, bool keepColumns = false);

    // Raises every layer's bound to the share ratio certified by minimum cuts (cut_bound.h), where
    // that form bounds this cost model (one core; checked on every layer alone and on every
    // subgraph tighten() evaluated). Returns false when `stop` said stop (bounds unchanged, or with
    // `keepDone` raised on the layers whose pairs were all certified). With cutLimit > 0 it also
    // stops once that many cuts are solved. `splits`: CutRatioBound::ratios (0 for the bound after
    // a search; bnb's rounds with a time limit and bench_bound --splits K use more).
    bool tightenByCuts(const std::function<bool()> &stop, int64_t cutLimit = 0, int splits = 0, bool keepDone = false);
    // What tightenByLp() did.
    struct LpStats {
        int rounds = 0;             // LP solves whose charges were certified on every pair
        int64_t columns = 0;        // candidate subgraphs in the LP at the end
        double lp = 0;              // the last LP's value (additive part; not a bound by itself)
        double certified = 0;       // the best certified additive bound of a round (0: none)
        double deficit = 0;         // that round's total charge correction (Σ δ)
        int64_t cuts = 0;
        bool abandoned = false;     // the first round's corrections were hopeless (lp_bound.cpp)
    };
    // Raises the bound by the dual of a set-partitioning LP over candidate subgraphs (lp_bound.cpp;
    // docs/search.md, "LP bound"): minimise Σ cost(S)·x_S with every layer covered once, over the
    // layers alone, the usable subgraphs tighten(..., true) evaluated, `seedColumns` (layer ids; e.g. the
    // subgraphs of heuristic designs) and the minimisers the pricing finds. The duals π are
    // certified for every usable subgraph by minimum cuts (CutRatioBound::chargeDeficit, with
    // `splits`), what no cut certifies is taken back per layer (δ, a small LP), and the layer
    // bounds become π − δ when their sum is higher. Runs up to `maxRounds` LP solves, stops when
    // the pricing adds no subgraph, `stop` says stop or `eval` says Stop (then the best finished
    // round counts). Before them, up to `growRounds` LP solves with a cheap pricing that grows
    // subgraphs by reduced cost (no certificate). Needs the cut form (one core); returns false
    // when stopped.
    bool tightenByLp(const Evaluate &eval, const std::vector<std::vector<int>> &seedColumns,
                     const std::function<bool()> &stop, const LpOptions &options = {}, LpStats *stats = nullptr);

    // Adjacent pairs the cut ratios certify (0 where they are not used).
    int64_t cutPairs() const;
    // Whether the cut form bounded every layer alone and every subgraph tighten() evaluated
    // (false also where it is not available, e.g. several cores).
    bool cutFormHolds() const { return m_cutSound; }
    // Minimum cuts solved by tightenByCuts().
    int64_t cuts() const { return m_cuts; }

    // Bound per position of the network's computeOrder() (additive part, safety margin applied):
    // the share bounds, or the LP bound's π − δ when tightenByLp() found a higher sum. (The two
    // never mix per layer: a share bound holds layer by layer, π − δ only as a whole vector.)
    const std::vector<double> &layerBounds() const { return m_useLp ? m_lpBound : m_bound; }
    // Whether layerBounds() are the LP bound's.
    bool usesLp() const { return m_useLp; }
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
    void updateLpChoice();
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
    std::vector<double> m_lpBound; // tightenByLp()'s best certified π − δ
    bool m_useLp = false;          // its sum is above the share bounds'
    std::unique_ptr<CutRatioBound> m_cut;
    bool m_cutSound = false;
    int64_t m_cuts = 0;
    int m_exhaustive = 0;
    int64_t m_enumerated = 0;
    bool m_sound = true;
    // Usable subgraphs tighten(..., keepColumns) evaluated (positions, sorted) and their values:
    // the LP's first columns (at most kLpEnumeratedColumns).
    std::vector<std::pair<std::vector<int>, double>> m_columns;
    bool m_keepColumns = false;
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
// Then the LP bound, within this many times the cut ratios' allowance in cuts and as many subgraph
// evaluations: on the regular zoo models it is their optimum (docs/search.md, "LP bound").
constexpr double kResultBoundLpShare = 1;
constexpr int64_t kCutsPerPairEstimate = 120;

// A certified lower bound on the objective of every design a search over `space` could return,
// cheap enough to compute after any search: partition-only, the share bound on the hardware with
// at most `subgraphsPerLayer` subgraphs per layer (0: intrinsic only), then the cut ratios where
// pairs × kCutsPerPairEstimate is at most `cutLimit` (and they finish within it and before `stop`
// says stop), then, where they finished, the LP bound within kResultBoundLpShare × `cutLimit` cuts
// and evaluations;
// co-exploration, the minimum
// over every capacity candidate of the intrinsic bound (plus the buffer bytes for Cost). Evaluates
// through `model` directly (no samples).
double searchLowerBound(const CostModel &model, const HardwareConfig &hw, Objective objective, double alpha,
                        bool coExplore, int64_t subgraphsPerLayer, int64_t cutLimit = 0,
                        const std::function<bool()> &stop = {});

} // namespace cocco
