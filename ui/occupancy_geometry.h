// Bytes -> bar geometry of the occupancy chart, kept pure (no Qt, no painting) so tests can check
// it without rendering. Units: bars and lines in KiB; keys are bar-group positions (0, 1, ...).
#pragma once

#include "cost/hardware.h"
#include "model/network.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cocco {
struct TileNode;
}

namespace ui {

// One bar group: a subgraph (or one node of a subgraph in the per-node breakdown).
struct OccupancyInput {
    int64_t mainBytes = 0;   // working tiles (MAIN)
    int64_t sideBytes = 0;   // halo rows kept for the next band (SIDE)
    int64_t weightBytes = 0; // resident weights
    bool spilling = false;   // executed by weight streaming
    bool fits = true;
};

// What one core holds of a node of a subgraph's tiling (method §8: its channel share of an output
// tile and of the layer's weights; = the node's own figures at one core). External inputs hold no
// weights.
OccupancyInput coreNodeOccupancy(const cocco::Network &net, const cocco::TileNode &node, const cocco::HardwareConfig &hw);

enum class OccupancyPart { Main, Side, Weights };

struct OccupancyBar {
    int group = 0;       // index into the inputs
    OccupancyPart part = OccupancyPart::Main;
    double key = 0;      // bar centre on the x axis
    double width = 0;    // bar width in key units
    double base = 0;     // KiB
    double top = 0;      // KiB
};

struct CapacityLine {
    std::string label;   // "A", "W" or "S"
    double kib = 0;
};

struct OccupancyLayout {
    std::vector<OccupancyBar> bars;  // zero-height parts are left out
    std::vector<CapacityLine> lines;
    double yMax = 1;                 // KiB: tallest bar or line plus headroom
};

// Separate buffers: two bars per group, activations (MAIN below SIDE) left of the key against A,
// weights right of it against W. Shared: one bar per group, weights below MAIN below SIDE against S.
// `withCapacity` false leaves the capacity lines out (per-node breakdown).
OccupancyLayout layoutOccupancy(const std::vector<OccupancyInput> &groups, const cocco::HardwareConfig &hw,
                                bool withCapacity = true);

} // namespace ui
