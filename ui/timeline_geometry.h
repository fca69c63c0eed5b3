// Time -> x and bytes -> height of the schedule timeline, kept pure (no Qt, no painting) so tests
// check it without rendering. Subgraphs run one after another (method §8: all cores together), so
// subgraph i occupies [start_i, start_i + latency_i); units: milliseconds on x, KiB on y.
#pragma once

#include "cost/cost_model.h"

#include <string>
#include <vector>

namespace ui {

// The part of a subgraph's time a lane shows; the subgraph lane spans its whole latency.
enum class TimelineLane { Noc = 0, Dram = 1, Compute = 2, Subgraph = 3 };
constexpr int kTimelineLanes = 4;

struct TimelineBar {
    int group = 0;            // index into the subgraphs (execution order)
    TimelineLane lane = TimelineLane::Subgraph;
    double x0 = 0, x1 = 0;    // ms
    double y0 = 0, y1 = 0;    // lane band: lane index + [0.15, 0.85]
    bool bounding = false;    // this lane's time is the subgraph's latency
};

// One step of the occupancy plot: a subgraph's per-core footprint while it runs.
struct TimelineStep {
    int group = 0;
    double x0 = 0, x1 = 0;    // ms
    double actKiB = 0;        // activations held by one core
    double weightKiB = 0;     // weights held by one core
};

struct TimelineCapacity {
    std::string label;        // "A", "W" or "S" (per core)
    double kib = 0;
};

struct TimelineLayout {
    std::vector<double> start;        // ms, per group; start.back() + latency = xMax
    std::vector<TimelineBar> bars;    // per group: the subgraph lane and every non-zero part lane
    std::vector<TimelineStep> steps;
    std::vector<TimelineCapacity> lines;
    bool shared = false;              // shared buffer: activations stacked on weights against S
    double xMax = 1;                  // ms (end of the last subgraph)
    double yMaxKiB = 1;               // tallest step or capacity plus headroom
    // Group running at time `ms`, -1 outside [0, xMax).
    int groupAt(double ms) const;
};

// `subgraphs` in execution order (as PartitionCost::subgraphs); `hw` gives the clock and the
// per-core capacities.
TimelineLayout layoutTimeline(const std::vector<cocco::SubgraphCost> &subgraphs, const cocco::HardwareConfig &hw);

} // namespace ui
