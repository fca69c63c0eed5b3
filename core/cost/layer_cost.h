// Per-layer rules of the execution model that do not depend on the partition: PE-array
// utilisation, compute cycles and intra-layer SRAM traffic (method §3, §4). Kept in one place so
// docs/cost-model.md can state them exactly. Units: cycles and bytes, batch 1.
#pragma once

#include "hardware.h"
#include "model/network.h"

namespace cocco {

// Input-channel reuse of the weight-stationary dataflow: each input byte is re-read once per
// group of this many output channels (method §4).
constexpr int kSramReuseChannels = 32;

// True for ops that run on the MAC array with a reduction (Conv, ConvTranspose, FC, MatMul);
// the others (pooling, element-wise, concat, ...) run as vector operations.
bool usesMacArray(const Layer &l);

// Reduction channels per output seen by the op: inChannels / groups, or the first producer's C
// when the importer left inChannels at 0.
int64_t reductionChannels(const Network &net, int layer);

// Fraction of the MAC array doing useful work, in (0, 1]: reduction channels map to the
// macRowsPerPe MAC rows, output channels to macColsPerPe x peRows x peCols columns;
// utilisation = (cin / ceil_rows(cin)) * (K / ceil_cols(K)). Vector ops: 1.
double peUtilisation(const Network &net, int layer, const HardwareConfig &hw);

// Batch-1 compute cycles: MAC-array ops macs / (macsPerCycle * utilisation); vector ops
// max(macs, Σ input elements, output elements) / macsPerCycle. Never below 1 cycle.
double layerComputeCycles(const Network &net, int layer, const HardwareConfig &hw);

// Batch-1 activation SRAM bytes inside the layer: input bytes x ceil(K_per_group / 32) for MAC
// array ops (x 1 for vector ops) + output bytes. Unpadded tensors.
double layerSramActBytes(const Network &net, int layer, const HardwareConfig &hw);

// Weight bytes of the layer (params x element size).
int64_t layerWeightBytes(const Network &net, int layer, const HardwareConfig &hw);

// How a layer's work and weights divide among k cores by output channels (method §8). The busiest
// core holds q = ceil(channels / k) channels: its weights are ceil(weightBytes * q / channels) and
// its batch-1 cycles max(1, cyclesPerColumn * ceil_columns(q)) (the utilisation of q channels).
// At k = 1 these are the single-core figures (up to rounding; the cost model uses those then).
struct LayerSplit {
    int64_t weightBytes = 0;       // the whole layer's
    int64_t weightPerChannel = -1; // weightBytes / channels when exact (the usual case), else -1
    uint32_t channels = 1;         // output channels (FC: features; weightless layers: channels)
    uint32_t columns = 1;          // MAC columns a channel group is padded to (1 for vector ops)
    double cyclesPerColumn = 0;    // batch-1 cycles per padded output channel
};
LayerSplit layerSplit(const Network &net, int layer, const HardwareConfig &hw);

} // namespace cocco
