// The design space of one search (method §6): a genome is a label per layer plus capacity genes
// (indices into the hardware's candidate grids). Repair turns any labelling into a valid partition
// that fits the genome's capacities; evaluation sums the per-subgraph costs. The search algorithms
// only see genomes and objective values.
#pragma once

#include "search/search.h"

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

namespace cocco {

struct Genome {
    std::vector<int> label; // per layer id; Input layers -1. After repair: 0..groups-1, canonical
    int cap0 = 0;           // separate: A grid index; shared: S grid index
    int cap1 = 0;           // separate: W grid index; shared: unused (0)
    int groups = 0;         // subgraph count after repair
    // Co-exploration, set by the operators: repair raises the capacity genes until the merged
    // subgraphs fit (instead of splitting them). Not part of the design (hash, equality).
    bool grow = false;
    // Set by the search: repair keeps the capacity genes as they are (no tightening), so the
    // partition can be optimised on capacities it does not need yet. Not part of the design.
    bool keepCaps = false;
    bool operator==(const Genome &o) const { return cap0 == o.cap0 && cap1 == o.cap1 && label == o.label; }
};

// Totals of one evaluated genome, summed the way CostModel::totals() sums them.
struct SampleEval {
    double objective = 0;
    double emaBytes = 0, energyPj = 0, latencyCycles = 0, computeCycles = 0;
    double bwAvgGBps = 0, bwPeakGBps = 0;
    int64_t bufferBytes = 0;
    bool repaired = false;  // repair changed the labelling beyond renumbering
    uint64_t hash = 0;      // of the canonical genome (labels + capacities)
};

// Per-thread working memory for repair and evaluation, reused across samples.
struct RepairScratch {
    std::vector<int> parent, compOf, order, start, members, extPending, memberCount, heap, newLabel, tmp, sorted;
    std::vector<char> scheduled, inR;
    std::vector<int> pieceStart, pieceMembers; // final pieces (sorted layer ids) in label order
    std::vector<SubgraphCost> pieceCost;       // cost of each final piece on the genome's hardware
    std::vector<std::shared_ptr<const SubgraphProfile>> pieceProfile;
    std::vector<int> stack, work, pending;
    bool changed = false;                      // repair changed the set partition
};

class DesignSpace {
public:
    // `hw` gives the fixed parameters, the buffer mode and (when !coExplore) the capacities.
    DesignSpace(const CostModel &model, const HardwareConfig &hw, Objective objective, double alpha, bool coExplore);
    // Co-exploration: after repair, lower the capacity genes to the smallest candidates on which
    // every subgraph that fits still fits (the partition is unchanged; only buffer bytes and SRAM
    // energy drop, and single layers that already stream may stream in more chunks). Capacity
    // larger than the partition needs only costs, so this is a repair of the capacity genes.
    void setTightenCapacities(bool on) { m_tighten = on && m_coExplore; }

    const Network &network() const { return m_net; }
    const CostModel &model() const { return m_model; }
    const HardwareConfig &baseHardware() const { return m_hw; }
    Objective objective() const { return m_objective; }
    double alpha() const { return m_alpha; }
    bool coExplore() const { return m_coExplore; }
    bool shared() const { return m_hw.mode == BufferMode::Shared; }
    int capCount0() const { return static_cast<int>(m_cap0.size()); }
    int capCount1() const { return static_cast<int>(m_cap1.size()); }
    const std::vector<int64_t> &capValues0() const { return m_cap0; }
    const std::vector<int64_t> &capValues1() const { return m_cap1; }
    // Compute layers in topological order, and each layer's position in it (-1 for inputs).
    const std::vector<int> &order() const { return m_order; }
    int position(int layer) const { return m_pos[static_cast<size_t>(layer)]; }
    // Compute-layer neighbours (inputs left out).
    const std::vector<int> &preds(int layer) const { return m_preds[static_cast<size_t>(layer)]; }
    const std::vector<int> &succs(int layer) const { return m_succs[static_cast<size_t>(layer)]; }

    // Capacity genes of the hardware `hw` (nearest candidates); for partition-only runs the genes
    // are ignored and the base hardware is used.
    void setCapacities(Genome &g, const HardwareConfig &hw) const;
    HardwareConfig hardwareOf(const Genome &g) const;
    Genome fromPartition(const Partition &p, const HardwareConfig &hw) const;
    Partition partitionOf(const Genome &g) const;

    // Makes g valid and fitting (method §1, §6 repair), canonical labels; then evaluates it.
    // Thread-safe (the cost model is); deterministic.
    SampleEval repairAndEvaluate(Genome &g, RepairScratch &s) const;
    // Repair only.
    void repair(Genome &g, RepairScratch &s) const;

private:
    // Splits the piece (layer ids in topological order, in s.tmp range) recursively until every
    // piece is connected, within the node limit and fits; appends finished pieces to s.piece*.
    // Finishes one connected piece (layer ids in topological order): splits it until every part
    // is within the node limit and fits, appending the parts to s.piece*. Returns false if split.
    void fitCapacities(Genome &g, RepairScratch &s, bool grow) const;
    bool emitPiece(const int *layers, size_t count, const HardwareConfig &hw, RepairScratch &s) const;
    // Splits `layers` (topological order) into weakly connected parts, each in topological order,
    // ordered by their first layer; appended to `out` as (start offsets into outMembers).
    void splitConnected(const int *layers, size_t count, std::vector<int> &outStart, std::vector<int> &outMembers,
                        RepairScratch &s) const;

    const CostModel &m_model;
    const Network &m_net;
    HardwareConfig m_hw;
    Objective m_objective;
    double m_alpha;
    bool m_coExplore;
    bool m_tighten = false;
    std::vector<int64_t> m_cap0, m_cap1;
    std::vector<int> m_order, m_pos;
    std::vector<std::vector<int>> m_preds, m_succs;
};

uint64_t hashGenome(const Genome &g);

} // namespace cocco
