// The graph-level execution and cost model (method §2-§4): the one cost function that every
// search, plot and view uses. Units: bytes, cycles, pJ.
#pragma once

#include "hardware.h"
#include "layer_cost.h"
#include "model/network.h"
#include "tiling.h"
#include "model/partition.h"

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace cocco {

// The last CoreShare computed for a profile, for one core count: a seqlock over atomics, so
// threads evaluating the same profile read it without a lock (a racing write is just a miss).
// Copies start empty.
class CoreShareCache {
public:
    CoreShareCache() = default;
    CoreShareCache(const CoreShareCache &) {}
    CoreShareCache &operator=(const CoreShareCache &) { return *this; }
    bool get(int cores, int64_t *mainBytes, int64_t *weightBytes, double *cycles) const;
    void put(int cores, int64_t mainBytes, int64_t weightBytes, double cycles) const;

private:
    mutable std::atomic<uint32_t> m_seq{0}; // odd while written
    mutable std::atomic<int> m_cores{0};    // 0: empty
    mutable std::atomic<int64_t> m_main{0}, m_weight{0};
    mutable std::atomic<double> m_cycles{0};
};

// Capacity-independent facts about one subgraph (memoised by layer set).
struct SubgraphProfile {
    std::vector<int> layers;       // sorted layer ids
    int64_t mainBytes = 0;         // Σ MAIN(u), batch-independent (samples run one after another)
    int64_t sideBytes = 0;         // Σ SIDE(u)
    int64_t actBytes = 0;          // MAIN + SIDE
    int64_t weightBytes = 0;       // Σ weights
    int64_t inputBytes = 0;        // Σ input tensors read from DRAM, batch 1
    int64_t outputBytes = 0;       // Σ output tensors written to DRAM, batch 1
    int64_t macs = 0;              // batch 1
    double computeCycles = 0;      // batch 1, utilisation applied
    double sramActTraffic = 0;     // intra-subgraph activation SRAM bytes, batch 1 (excl. fills/drains)
    double sramWeightTraffic = 0;  // weight SRAM bytes, batch 1
    int64_t elementaryOps = 0;     // repetitions of the elementary operation
    bool connected = true;         // weakly connected (rule 2 of method §1)
    // The core-count-independent facts of the multi-core model (method §8); k is applied per call.
    int64_t internalBytes = 0;     // Σ tensors produced in S and read inside S, batch 1
    int64_t outputTileBytes = 0;   // Σ MAIN of S's output layers (split among cores)
    std::vector<OutputTile> outputTiles; // those layers' tiles
    std::vector<LayerSplit> splits;      // one per layer, in `layers` order
    CoreShareCache share;                // coreShare() of the last core count asked for
};

// What one core holds and does for a subgraph on hw.cores cores (method §8; at k = 1 the
// profile's own figures). Batch 1.
struct CoreShare {
    int64_t mainBytes = 0;     // MAIN with the core's channel share of the output tiles, bytes
    int64_t actBytes = 0;      // mainBytes + SIDE, bytes
    int64_t weightBytes = 0;   // Σ over layers of the busiest core's whole channels, bytes
    double computeCycles = 0;  // Σ over layers of the busiest core's cycles
};
CoreShare coreShare(const SubgraphProfile &p, const HardwareConfig &hw);
// One layer's weights on the busiest of `cores` cores (whole channels), bytes.
inline int64_t coreWeightBytes(const LayerSplit &l, int cores)
{
    const uint32_t q = (l.channels + uint32_t(cores) - 1) / uint32_t(cores);
    return l.weightPerChannel >= 0 ? l.weightPerChannel * q : (l.weightBytes * q + l.channels - 1) / l.channels;
}
// One core's share of an output tile: its channels padded to `align`, bytes.
inline int64_t coreTileBytes(const OutputTile &t, int cores, int align)
{
    const uint32_t k = uint32_t(cores), a = uint32_t(align < 1 ? 1 : align);
    const uint32_t q = (static_cast<uint32_t>(t.channels) + k - 1) / k;
    return int64_t((q + a - 1) / a * a) * t.bytesPerChannel;
}

// Which time bounds a subgraph's latency = max(compute, DRAM, NoC) (ties: the first named).
enum class LatencyBound { Compute, Dram, Noc };
const char *latencyBoundName(LatencyBound b); // "compute", "dram", "noc"

// A subgraph on concrete hardware.
struct SubgraphCost {
    bool fits = true;          // footprint within capacity and node limit
    bool spilling = false;     // single layer executed by weight streaming (method §2.3)
    std::string reason;        // why it does not fit (empty when it fits)
    // Footprint of one core (method §8: per core; = the subgraph's at one core), bytes.
    int64_t actBytes = 0, mainBytes = 0, sideBytes = 0, weightBytes = 0;
    double emaBytes = 0;
    double energyDramPj = 0, energySramPj = 0, energyMacPj = 0, energyPj = 0;
    double computeCycles = 0, dramCycles = 0, latencyCycles = 0;
    double bwGBps = 0;         // EMA / compute time
    // Added by the cost engineer (not in the first draft of the contract):
    std::vector<int> layers;   // sorted layer ids (filled by evaluate() and subgraphCost())
    int label = -1;            // the partition label of this subgraph (evaluate() only)
    double inputBytes = 0;     // DRAM reads of activations incl. batch and spill re-reads, bytes
    double outputBytes = 0;    // DRAM writes of activations incl. batch, bytes
    double weightEmaBytes = 0; // DRAM reads of weights, bytes
    int64_t spillChunks = 1;   // k of method §2.3 (1 unless spilling)
    int64_t macs = 0;          // batch applied
    int64_t elementaryOps = 0; // repetitions of the elementary operation per sample
    // Multi-core (method §8); zero at one core.
    double nocBytes = 0;       // crossbar gathers of produced and loaded tiles, batch applied, bytes
    double nocCycles = 0;      // nocBytes / (cores x noc.gbps)
    double energyNocPj = 0;    // noc.pj_per_byte x nocBytes (included in energyPj)
    LatencyBound bound = LatencyBound::Compute; // which of compute / DRAM / NoC is latencyCycles
};

struct PartitionCost {
    bool valid = true;         // rules of method §1 hold and every subgraph fits or spills
    std::string reason;        // the broken rule and the layers, when not valid
    double emaBytes = 0;
    double energyDramPj = 0, energySramPj = 0, energyMacPj = 0, energyNocPj = 0, energyPj = 0;
    double computeCycles = 0, dramCycles = 0, nocCycles = 0, latencyCycles = 0;
    double nocBytes = 0;       // crossbar bytes (method §8)
    double latencyMs = 0;
    double bwAvgGBps = 0, bwPeakGBps = 0;
    int cores = 1;
    int64_t bufferBytes = 0;   // BUF_SIZE: cores x (A + W or S), bytes
    int64_t perCoreBufferBytes = 0; // A + W or S of one core, bytes
    int64_t peakActBytes = 0, peakWeightBytes = 0; // per core
    std::vector<SubgraphCost> subgraphs; // in label order (only filled by evaluate(), not by totals())
    int subgraphCount = 0;
    int spillingCount = 0;     // subgraphs executed by weight streaming
    int unfitCount = 0;        // multi-layer subgraphs that do not fit (each makes the partition invalid)
};

// "1.40 MiB", "576.0 KiB", "12 B": for messages and tables.
std::string formatBytes(double bytes);

class CostModel {
public:
    CostModel(std::shared_ptr<const Network> net, HardwareConfig hw);

    const Network &network() const { return *m_net; }
    const HardwareConfig &hardware() const { return m_hw; }
    // Capacities may change between calls (co-exploration); profiles stay cached. Profiles depend
    // only on tile, element size, channel alignment and PE array; changing those drops the cache.
    // The per-call `hw` overloads below accept any config: when one of those fields differs from
    // hardware(), the call evaluates on a temporary model (correct but uncached).
    void setHardware(const HardwareConfig &hw);

    // Memoised; thread-safe. Pass sorted, distinct layer ids (other lists are sorted and de-duplicated
    // on a slower path).
    std::shared_ptr<const SubgraphProfile> profile(const std::vector<int> &sortedLayers) const;
    // The cached profile, or one computed and not kept: for searches that evaluate millions of
    // subgraphs once each (bnb's best-first), which would fill the cache at about 2.7 KB a
    // subgraph (RandWire-A, 2M states: 5 GB).
    std::shared_ptr<const SubgraphProfile> transientProfile(const std::vector<int> &sortedLayers) const;
    SubgraphCost subgraphCost(const SubgraphProfile &p, const HardwareConfig &hw) const;
    // Full evaluation with per-subgraph details.
    PartitionCost evaluate(const Partition &p) const;
    PartitionCost evaluate(const Partition &p, const HardwareConfig &hw) const;
    // Totals only (no per-subgraph vector) for the search hot path.
    PartitionCost totals(const Partition &p, const HardwareConfig &hw) const;

    size_t cachedProfiles() const;
    // Profiles computed since construction (cache misses), for benchmarks.
    uint64_t profilesComputed() const;
    // Not thread-safe: no evaluation may run concurrently.
    void clearCache();

    // Fit check only (cheap): footprint within capacity and node limit. `reason` (optional) gets the
    // message when it does not fit.
    static bool fits(const SubgraphProfile &p, const HardwareConfig &hw, std::string *reason = nullptr);

private:
    struct Impl;
    std::shared_ptr<const Network> m_net;
    HardwareConfig m_hw;
    std::shared_ptr<Impl> m_impl;
};

// The arithmetic of CostModel::subgraphCost() without copying the layer list and, when `reason` is
// null, without formatting a message: for hot loops. `c.layers` and `c.label` are left untouched.
void computeSubgraphCost(const SubgraphProfile &p, const HardwareConfig &hw, SubgraphCost &c,
                         std::string *reason = nullptr);

// Splits every multi-layer subgraph that does not fit (capacity or node limit) into consecutive
// pieces along the topological order, each as large as still fits and is weakly connected; single
// layers stay (they spill). Keeps rules 1-2 when `p` satisfies them. Used by `--fixed-length`.
// Labels of the result are 0..k-1 in the order of p's labels; *splitCount (optional) = number of subgraphs that were split.
Partition splitToFit(const CostModel &m, const Partition &p, const HardwareConfig &hw, int *splitCount = nullptr);

} // namespace cocco
