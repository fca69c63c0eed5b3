// Genetic operators of method §6 on genomes. They run on the search's main thread with its seeded
// engine; their output may be invalid (repair fixes it). New subgraph labels are drawn above every
// canonical label (>= 2 * layers) so they never collide with existing ones.
#pragma once

#include "search/framework/design_space.h"
#include "search/framework/rng.h"

namespace cocco {

class Operators {
public:
    explicit Operators(const DesignSpace &space);

    // Random valid-ish partition built in topological order: each layer joins the subgraph of a
    // random predecessor or opens a new one (probability `openProbability`). Capacities uniform.
    void randomGenome(Genome &g, double openProbability, Rng &rng) const;
    // Child of two canonical parents: capacity = mean snapped to a candidate; walking the layers in
    // topological order, each unassigned layer copies its whole subgraph from a random parent
    // (layers of it already assigned are left out).
    void crossover(const Genome &a, const Genome &b, Genome &child, Rng &rng) const;

    enum class Mutation { MoveNode, Split, Merge, Capacity };
    // Applies one mutation; false if it could not change anything.
    bool mutate(Genome &g, Mutation kind, Rng &rng) const;
    // Capacity genes are mutable (co-exploration with free capacities).
    bool capacityFree() const { return m_capFree; }
    void setCapacityFree(bool on) { m_capFree = on && m_space.coExplore(); }

    // All neighbours of a canonical genome for local search, appended to `out`: merge two adjacent
    // subgraphs; move one boundary layer into an adjacent subgraph; re-cut two consecutive
    // subgraphs at every point of their joint topological order. `touched` gets the two labels
    // each neighbour changes (neighbours with disjoint label pairs can be combined).
    void neighbours(const Genome &g, std::vector<Genome> &out, std::vector<std::pair<int, int>> *touched = nullptr) const;
    // Larger neighbourhood for when the one above is exhausted: three consecutive subgraphs re-cut
    // at every pair of points of their joint topological order (touched = (-1, -1)).
    void deepNeighbours(const Genome &g, std::vector<Genome> &out, std::vector<std::pair<int, int>> *touched) const;

    // Repeated structure: networks built of identical blocks (ResNet stages, transformer layers,
    // NASNet cells) have regions that match layer for layer at some shift P of the topological
    // order (same operator, shapes, weights and wiring, see m_sig). These copy the grouping of
    // the consecutive subgraphs first..first+count-1 of a canonical genome onto such a region, so
    // that a good partition of one block spreads to the others (the target region's old
    // subgraphs are cut where the copy overlaps them; repair splits what is left).
    // One random transplant of a run of 1-3 subgraphs; false if no shift matches.
    bool transplant(Genome &g, Rng &rng) const;
    // Every transplant of runs of one or two subgraphs of g, appended to `out` (at most `cap`,
    // spread evenly over the candidates when there are more).
    void transplantNeighbours(const Genome &g, std::vector<Genome> &out, size_t cap) const;

private:
    // Shifts P != 0 at which every position p of `positions` (sorted) has p + P in range with the
    // same signature.
    void matchingShifts(const std::vector<int> &positions, std::vector<int> &shifts) const;
    // at[l] = the topological positions of subgraph l of canonical g, ascending.
    void labelPositions(const Genome &g, std::vector<std::vector<int>> &at) const;
    // Positions of subgraphs first..first+count-1, ascending.
    static void runPositions(const std::vector<std::vector<int>> &at, int first, int count, std::vector<int> &positions);
    void applyShift(const Genome &src, Genome &dst, const std::vector<int> &positions, int shift, int first) const;
    int freshLabel(const Genome &g) const;
    void mergeHull(Genome &g, int a, int b) const;
    const DesignSpace &m_space;
    bool m_capFree;
    mutable std::vector<int> m_tmp, m_tmp2;
    // Per topological position: a hash of the layer's operator, shapes, weights, windows and the
    // relative positions of its producers and consumers; equal signatures over a region shifted
    // by P mean the same structure. m_buckets[m_bucketOf[p]] lists the positions sharing p's
    // signature, ascending.
    std::vector<uint64_t> m_sig;
    std::vector<int> m_bucketOf;
    std::vector<std::vector<int>> m_buckets;
};

} // namespace cocco
