#include "timeline_geometry.h"

#include <algorithm>

namespace ui {

namespace {
constexpr double kKiB = 1024.0;
constexpr double kHeadroom = 1.08;  // room above the tallest step for the capacity labels
constexpr double kBandLow = 0.15, kBandHigh = 0.85; // a lane's bar inside its unit band
} // namespace

int TimelineLayout::groupAt(double ms) const
{
    if (start.empty() || ms < 0 || ms >= xMax)
        return -1;
    // The last start at or before `ms`.
    const auto it = std::upper_bound(start.begin(), start.end(), ms);
    return static_cast<int>(it - start.begin()) - 1;
}

TimelineLayout layoutTimeline(const std::vector<cocco::SubgraphCost> &subgraphs, const cocco::HardwareConfig &hw)
{
    TimelineLayout out;
    out.shared = hw.mode == cocco::BufferMode::Shared;
    const double msPerCycle = 1.0 / (hw.clockGHz * 1e6);
    double t = 0, top = 0;
    auto bar = [&](int g, TimelineLane lane, double x0, double cycles, bool bounding) {
        if (cycles <= 0)
            return;
        const double y = double(static_cast<int>(lane));
        out.bars.push_back({g, lane, x0, x0 + cycles * msPerCycle, y + kBandLow, y + kBandHigh, bounding});
    };
    for (size_t i = 0; i < subgraphs.size(); ++i) {
        const cocco::SubgraphCost &s = subgraphs[i];
        const int g = static_cast<int>(i);
        out.start.push_back(t);
        bar(g, TimelineLane::Subgraph, t, s.latencyCycles, false);
        bar(g, TimelineLane::Compute, t, s.computeCycles, s.bound == cocco::LatencyBound::Compute);
        bar(g, TimelineLane::Dram, t, s.dramCycles, s.bound == cocco::LatencyBound::Dram);
        bar(g, TimelineLane::Noc, t, s.nocCycles, s.bound == cocco::LatencyBound::Noc);
        const double end = t + s.latencyCycles * msPerCycle;
        TimelineStep st{g, t, end, double(s.actBytes) / kKiB, double(s.weightBytes) / kKiB};
        top = std::max(top, out.shared ? st.actKiB + st.weightKiB : std::max(st.actKiB, st.weightKiB));
        out.steps.push_back(st);
        t = end;
    }
    if (out.shared) {
        out.lines.push_back({"S", double(hw.sharedBufferBytes) / kKiB});
    } else {
        out.lines.push_back({"A", double(hw.actBufferBytes) / kKiB});
        out.lines.push_back({"W", double(hw.weightBufferBytes) / kKiB});
    }
    for (const TimelineCapacity &l : out.lines)
        top = std::max(top, l.kib);
    out.xMax = t > 0 ? t : 1.0;
    out.yMaxKiB = top > 0 ? top * kHeadroom : 1.0;
    return out;
}

} // namespace ui
