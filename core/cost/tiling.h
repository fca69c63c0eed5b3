// Consumption-centric tile derivation and on-chip footprint of one subgraph (method §2.2, §2.3).
// Units: Δ, x and halo are elements along one spatial dimension (rows for H, columns for W);
// footprints are bytes.
#pragma once

#include "hardware.h"
#include "model/network.h"

#include <cstdint>
#include <vector>

namespace cocco {

// The hardware fields that shape tiles and footprints. Anything else (capacities, energy, clock,
// bandwidth, batch) does not change a subgraph's tiling, so cached profiles survive it.
struct TilingOptions {
    int tileRows = 1;     // t_out along H for output nodes; 0 = whole height
    int tileCols = 0;     // t_out along W; 0 = full width
    int channelAlign = 8; // channels padded to a multiple of this in on-chip storage
    int elementBytes = 1; // bytes per element
    static TilingOptions from(const HardwareConfig &hw);
    bool operator==(const TilingOptions &o) const
    {
        return tileRows == o.tileRows && tileCols == o.tileCols && channelAlign == o.channelAlign
            && elementBytes == o.elementBytes;
    }
};

struct DimTile {
    int64_t delta = 0; // Δ: elements produced per update
    int64_t x = 0;     // elements of the output held on chip
    int64_t upd = 0;   // updates per elementary operation (smallest co-prime solution)
};

struct TileNode {
    int layer = -1;
    bool external = false; // an input tensor of S (network input or produced by another subgraph)
    bool output = false;   // a layer of S with no consumer inside S
    DimTile h, w;
    int64_t haloRows = 0;  // h(u) = max over consumers in S of (F_h - s_h), floored at 0
    int64_t mainBytes = 0; // C' * x_h * x_w * elem
    int64_t sideBytes = 0; // C' * h(u) * (W - x_w) * elem
};

struct SubgraphTiling {
    std::vector<TileNode> nodes; // input tensors of S and S's layers, in topological order
    int64_t mainBytes = 0;
    int64_t sideBytes = 0;
    int64_t elementaryOps = 0; // repetitions of the elementary operation for the whole subgraph
    int64_t actBytes() const { return mainBytes + sideBytes; }
    const TileNode *node(int layer) const; // nullptr if the layer is not held by S
};

// The working tile of a layer of S with no consumer inside S: with k cores each holds only its
// share of the channels (method §8), ceil_align(ceil(channels / k)) x bytesPerChannel.
struct OutputTile {
    int64_t channels = 0;        // unpadded channels C
    int64_t bytesPerChannel = 0; // x_h * x_w * element bytes
};

// Everything the cost model needs from one pass over a subgraph (batch 1).
struct TilingSums {
    int64_t mainBytes = 0, sideBytes = 0;
    int64_t elementaryOps = 0;
    int64_t inputBytes = 0;  // Σ input tensors of S (read from DRAM once each)
    int64_t outputBytes = 0; // Σ tensors of S needed by a later subgraph or as network outputs
    int64_t internalBytes = 0; // Σ tensors of S read by a layer of S (gathered over a crossbar)
    int64_t outputTileBytes = 0; // Σ MAIN of the layers of S without a consumer in S
    std::vector<OutputTile> outputTiles; // those layers' tiles
    bool connected = true;   // weakly connected (rule 2)
};

// Precomputes the network's edges once so that one subgraph costs O(nodes + edges) without
// heap allocation on the hot path (per-thread scratch). Thread-safe; the network must outlive it.
class TilingEngine {
public:
    TilingEngine(const Network &net, const TilingOptions &opt);

    const TilingOptions &options() const { return m_opt; }
    // `layers` are compute layer ids, sorted ascending and distinct. `detail` (optional) receives
    // one TileNode per held tensor in topological order.
    TilingSums run(const int *layers, size_t count, std::vector<TileNode> *detail = nullptr) const;
    int64_t tensorBytes(int layer) const { return m_tensorBytes[static_cast<size_t>(layer)]; }

private:
    struct Edge {
        int v = -1;        // consumer
        bool full = false; // phase barrier
        int fh = 1, sh = 1, uph = 1, fw = 1, sw = 1, upw = 1;
    };
    const Network &m_net;
    TilingOptions m_opt;
    std::vector<int> m_outStart; // CSR over producers: edges m_outStart[u] .. m_outStart[u+1]
    std::vector<Edge> m_out;
    std::vector<int> m_inStart;  // CSR over consumers: indices into m_out of their input edges
    std::vector<int> m_inEdge;
    std::vector<int> m_inProducer;
    std::vector<int64_t> m_tensorBytes; // C*H*W*elem
    std::vector<int64_t> m_paddedRowBytes; // C'*elem (bytes per spatial element on chip)
};

// Convenience wrapper for tests and views: the full per-node tiling of one subgraph.
SubgraphTiling deriveTiling(const Network &net, const std::vector<int> &layers, const TilingOptions &opt);

} // namespace cocco
