#include "occupancy_geometry.h"

#include "cost/cost_model.h"
#include "cost/layer_cost.h"
#include "cost/tiling.h"

#include <algorithm>

namespace ui {

namespace {
constexpr double kKiB = 1024.0;
constexpr double kHeadroom = 1.08; // room above the tallest bar for spill marks and line labels
} // namespace

OccupancyInput coreNodeOccupancy(const cocco::Network &net, const cocco::TileNode &n, const cocco::HardwareConfig &hw)
{
    OccupancyInput in;
    in.mainBytes = n.output ? cocco::coreTileBytes({net.layer(n.layer).out.c, n.h.x * n.w.x * hw.elementBytes},
                                                   hw.cores, hw.channelAlign)
                            : n.mainBytes;
    in.sideBytes = n.sideBytes;
    in.weightBytes = n.external ? 0 : cocco::coreWeightBytes(cocco::layerSplit(net, n.layer, hw), hw.cores);
    return in;
}

OccupancyLayout layoutOccupancy(const std::vector<OccupancyInput> &groups, const cocco::HardwareConfig &hw,
                                bool withCapacity)
{
    OccupancyLayout out;
    const bool shared = hw.mode == cocco::BufferMode::Shared;
    double top = 0;
    auto add = [&](int g, OccupancyPart part, double key, double width, double base, int64_t bytes) {
        if (bytes <= 0)
            return base;
        const double t = base + double(bytes) / kKiB;
        out.bars.push_back({g, part, key, width, base, t});
        top = std::max(top, t);
        return t;
    };
    for (size_t i = 0; i < groups.size(); ++i) {
        const OccupancyInput &in = groups[i];
        const int g = static_cast<int>(i);
        const double key = double(i);
        if (shared) {
            double b = add(g, OccupancyPart::Weights, key, 0.7, 0, in.weightBytes);
            b = add(g, OccupancyPart::Main, key, 0.7, b, in.mainBytes);
            add(g, OccupancyPart::Side, key, 0.7, b, in.sideBytes);
        } else {
            const double b = add(g, OccupancyPart::Main, key - 0.2, 0.38, 0, in.mainBytes);
            add(g, OccupancyPart::Side, key - 0.2, 0.38, b, in.sideBytes);
            add(g, OccupancyPart::Weights, key + 0.2, 0.38, 0, in.weightBytes);
        }
    }
    if (withCapacity) {
        if (shared) {
            out.lines.push_back({"S", double(hw.sharedBufferBytes) / kKiB});
        } else {
            out.lines.push_back({"A", double(hw.actBufferBytes) / kKiB});
            out.lines.push_back({"W", double(hw.weightBufferBytes) / kKiB});
        }
        for (const CapacityLine &l : out.lines)
            top = std::max(top, l.kib);
    }
    out.yMax = top > 0 ? top * kHeadroom : 1.0;
    return out;
}

} // namespace ui
