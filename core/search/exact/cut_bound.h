// Share ratios certified by minimum cuts (issue 16): a lower bound on
//     r(v) = min over usable S containing v, |S| >= 2, of var(S) / Σ_{u in S} c(u)
// (partition_bound.h) that needs no enumeration of subgraphs, so it stays strong on wide,
// irregular graphs where the enumeration around a layer never finishes.
//
// On one core the grouping-dependent part of every objective is bounded below by a function of
// the form
//     L(S) = price · Σ_tensors bytes(t) · [t crosses S's boundary] + Σ_{u in S} γ(u)
// (EMA, energy, cost: the DRAM tensor traffic and its SRAM fills, exactly, γ = 0; latency: the
// DRAM cycles minus the compute cycles, γ(u) = DRAM cycles of u's weights − u's compute cycles).
// "Crosses" is the hypergraph cut of the tensor's producer and consumers (a network input or
// output has a member that is never in S), which is what the cost model reads and writes
// (method §3). A usable S with two or more layers fits: its weights are at most the weight buffer
// W and it has at most N_max layers. So for any μ, κ >= 0, if
//     min over S ⊇ {a, b} of  L(S) − r·c(S) + μ·(w(S) − W) + κ·(|S| − N_max)  >= 0,
// every usable S holding the adjacent layers a and b has var(S) >= L(S) >= r·c(S). The minimum is
// a submodular function (cut plus modular terms) and is found exactly by one s-t minimum cut.
// The family is narrowed by what every usable S ⊇ {a, b} obeys, as constraints of the same cut:
// convexity around the pair (an ancestor u of a in S brings every layer on the paths from u to a,
// likewise for descendants and for b), and no layer whose path interval with a or b alone breaks
// the node or weight limit.
// Every connected S with two or more layers holds some adjacent pair, so r(v) is at least the
// smallest certified r over the pairs at v (and at most 1, the ratio of v alone).
#pragma once

#include "search/search.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace cocco {

class CutRatioBound {
public:
    // `layerAt`: the compute layers in the bound's position order; `share`: c(u) per position (the
    // layer's var alone, > 0); `weight`: u's weight bytes per position.
    CutRatioBound(const Network &net, const HardwareConfig &hw, Objective objective, double alpha,
                  const std::vector<int> &layerAt, const std::vector<double> &share,
                  const std::vector<int64_t> &weight, const std::vector<double> &gamma);

    // False where the cut form is not known to bound the cost model from below (several cores:
    // crossbar traffic is not a cut function); ratios() then certifies nothing.
    bool available() const { return m_available; }
    // L(S) of a set of positions (for the soundness checks against real subgraph costs).
    double lowerModel(const std::vector<int> &positions) const;
    // Certified r per position in [0, 1] (0 where nothing is certified). `stop` is polled between
    // pairs; returns false when it said stop: then every r is 0, or with `keepDone` the r of each
    // position whose pairs were all certified before the stop (the rest 0).
    // `splits`: per pair, how often the weakest part of its family may be split on a layer of
    // its minimiser (0: the family as a whole; more splits, a higher r, for about 2 × the cuts
    // each: pairRatio()).
    bool ratios(std::vector<double> *r, const std::function<bool()> &stop, int splits = 0, bool keepDone = false) const;
    // The smallest d >= 0 (up to rounding, never below it) such that every usable S ⊇ {a, b} has
    //     L(S) >= Σ_{u in S} charge(u) − d
    // for an arbitrary charge per position (the LP bound, lp_bound.h: the duals of a set-partitioning
    // LP less the intrinsic parts). The same cut problem as ratios() with `charge` in place of r·c,
    // the best (μ, κ) by golden-section search, and up to `splits` splits of the weakest part.
    // `rest(S)`: var(S) of a weakly connected, convex S that keeps the limits, from the cost model,
    // or NaN when S is not usable there (e.g. its activations do not fit). A part whose minimiser
    // is not usable, or costs more than L says, is split (cut_bound.cpp). `columns` (optional)
    // receives the usable minimisers whose rest falls short of their charge: candidate subgraphs
    // for the LP.
    // `multipliers`: open parts also try (μ, κ) (more cuts, a smaller d).
    double chargeDeficit(int a, int b, const std::vector<double> &charge, int splits, bool multipliers,
                         const std::function<double(const std::vector<int> &)> &rest,
                         std::vector<std::vector<int>> *columns) const;
    // The adjacent pairs (positions, a < b): every usable S with two or more layers holds one.
    const std::vector<std::pair<int, int>> &adjacentPairs() const { return m_pairs; }

    // Minimum cuts solved by the last (or the running) ratios() call.
    int64_t cuts() const { return m_cuts; }
    // Adjacent pairs ratios() certifies (each costs some tens of cuts).
    int64_t pairs() const { return static_cast<int64_t>(m_pairs.size()); }

    // The per-byte price of crossing tensors and γ(u) for `objective` on `hw`, from a layer's
    // single-layer cost: shared with PartitionBound so both use one decomposition.
    static double price(const HardwareConfig &hw, Objective objective, double alpha);
    static double gamma(const SubgraphCost &single, const HardwareConfig &hw, Objective objective);

private:
    struct Hyper {
        double bytes = 0;        // price · batch · tensor bytes
        bool fixedOut = false;   // a member never in S (network input producer or output consumer)
        std::vector<int> members; // positions
    };
    double pairRatio(int a, int b) const;
    // The largest r the multipliers (μ, κ) certify for the prepared family, by Dinkelbach's
    // method; *minimiser receives the minimising set at that r.
    double ratioAt(double mu, double kappa, std::vector<int> *minimiser) const;
    // The best r over the multipliers for the prepared family (golden-section search).
    double certify(std::vector<int> *minimiser) const;
    // min over S ⊇ {a, b} of L(S) − r·c(S) + μ·w(S) + κ·|S| (without the −μW − κN_max constant);
    // *set receives the positions of a minimiser.
    // With `charge`, the modular term is −charge(u) instead of −r·c(u).
    double minimum(double r, double mu, double kappa, std::vector<int> *set,
                   const std::vector<double> *charge = nullptr) const;
    // min over the prepared family of L(S) − charge(S) + μ·(w(S) − W) + κ·(|S| − N_max), and a minimiser.
    double chargeAt(const std::vector<double> &charge, double mu, double kappa, std::vector<int> *minimiser) const;
    // The best of `best` and that minimum over (μ, κ) >= 0 (golden-section search).
    double chargeMultipliers(const std::vector<double> &charge, double best) const;
    // -1 when `set` could be a usable subgraph (keeps the limits, weakly connected, convex), else a
    // layer of it not in `forced` to split on (one outside the forced layers' component first), or
    // -2 when every layer of it is forced.
    int misshapen(const std::vector<int> &set, const std::vector<int> &forced) const;
    // At most N_max layers and W weight bytes.
    bool keepsLimits(const std::vector<int> &set) const;
    // The cut problem of one family (a pair, or a part of a pair's family after splits): the
    // layers that may share a usable subgraph with its forced layers (local numbering), the
    // hyperedges restricted to them, and the convexity implications.
    struct Family {
        std::vector<int> local, positions;
        std::vector<Hyper> hyper;
        std::vector<double> single;
        std::vector<std::pair<int, int>> implies;
        std::vector<int> forced; // local numbers of the layers every S of the family holds
        double forcedShare = 0, forcedWeight = 0;
        bool infeasible = false;
    };
    // The family of every usable S holding `in` and none of `out`.
    void prepare(const std::vector<int> &in, const std::vector<int> &out) const;

    bool m_available = false;
    int m_n = 0;
    double m_weightCap = 0, m_nodeCap = 0;
    std::vector<double> m_share, m_gamma;
    std::vector<int64_t> m_weight;
    std::vector<Hyper> m_hyper;
    std::vector<std::vector<int>> m_hyperOf; // per position: the hyperedges it is a member of
    std::vector<std::pair<int, int>> m_pairs;
    // Compute successors and predecessors per position, and the ancestors of each as bits.
    std::vector<std::vector<int>> m_succ, m_pred;
    std::vector<std::vector<uint64_t>> m_anc, m_desc;
    // Whether u can share a usable subgraph with x: if one is an ancestor of the other, the layers
    // on the paths between them are in it too (convexity), and they must fit the node and weight
    // limits.
    bool reachable(int u, int x) const;
    bool ancestor(int u, int of) const { return (m_anc[static_cast<size_t>(of)][static_cast<size_t>(u >> 6)] >> (u & 63)) & 1U; }
    mutable int64_t m_cuts = 0;
    mutable Family m_family;
    mutable int m_branchLimit = 0;
};

} // namespace cocco
