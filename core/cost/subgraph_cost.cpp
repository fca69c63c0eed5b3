// The capacity-dependent arithmetic of one subgraph (method §2.3, §3, §4): fit, spilling, EMA,
// energy, latency. Runs on every evaluation, so it is plain arithmetic on a cached profile.
#include "cost_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cocco {

std::string formatBytes(double bytes)
{
    char buf[64];
    const double a = std::fabs(bytes);
    if (a >= double(kMiB))
        std::snprintf(buf, sizeof buf, "%.2f MiB", bytes / double(kMiB));
    else if (a >= double(kKiB))
        std::snprintf(buf, sizeof buf, "%.1f KiB", bytes / double(kKiB));
    else
        std::snprintf(buf, sizeof buf, "%.0f B", bytes);
    return buf;
}

bool CostModel::fits(const SubgraphProfile &p, const HardwareConfig &hw, std::string *reason)
{
    if (static_cast<int64_t>(p.layers.size()) > hw.maxSubgraphNodes) {
        if (reason)
            *reason = "has " + std::to_string(p.layers.size()) + " layers, limit " + std::to_string(hw.maxSubgraphNodes);
        return false;
    }
    if (hw.mode == BufferMode::Separate) {
        if (p.actBytes > hw.actBufferBytes) {
            if (reason)
                *reason = "needs " + formatBytes(double(p.actBytes)) + " of activations, activation buffer is "
                    + formatBytes(double(hw.actBufferBytes));
            return false;
        }
        if (p.weightBytes > hw.weightBufferBytes) {
            if (reason)
                *reason = "needs " + formatBytes(double(p.weightBytes)) + " of weights, weight buffer is "
                    + formatBytes(double(hw.weightBufferBytes));
            return false;
        }
        return true;
    }
    if (p.actBytes + p.weightBytes > hw.sharedBufferBytes) {
        if (reason)
            *reason = "needs " + formatBytes(double(p.actBytes + p.weightBytes)) + " (" + formatBytes(double(p.actBytes))
                + " activations + " + formatBytes(double(p.weightBytes)) + " weights), shared buffer is "
                + formatBytes(double(hw.sharedBufferBytes));
        return false;
    }
    return true;
}

namespace {
int64_t ceilDiv(int64_t a, int64_t b) { return b <= 0 ? 1 : (a + b - 1) / b; }
// e_sram(C) = e_1MiB * sqrt(C / 1 MiB), pJ per byte.
double sramPj(const HardwareConfig &hw, int64_t capacity)
{
    return hw.energy.sramPjPerByte1MiB * std::sqrt(double(capacity) / double(kMiB));
}
} // namespace

// Shared by subgraphCost() and the partition loops; `reason` is only formatted when asked for.
void computeSubgraphCost(const SubgraphProfile &p, const HardwareConfig &hw, SubgraphCost &c, std::string *reason)
{
    const double n = hw.batch;
    c.fits = CostModel::fits(p, hw, reason);
    c.spilling = !c.fits && p.layers.size() == 1;
    c.spillChunks = 1;
    if (c.spilling) {
        // A single layer that does not fit streams its weights in k chunks and re-reads its input
        // once per chunk (method §2.3); an oversized activation footprint is streamed the same way.
        if (hw.mode == BufferMode::Separate)
            c.spillChunks = std::max(ceilDiv(p.weightBytes, hw.weightBufferBytes), ceilDiv(p.actBytes, hw.actBufferBytes));
        else
            c.spillChunks = ceilDiv(p.actBytes + p.weightBytes, hw.sharedBufferBytes);
        c.spillChunks = std::max<int64_t>(1, c.spillChunks);
    }
    c.actBytes = p.actBytes;
    c.mainBytes = p.mainBytes;
    c.sideBytes = p.sideBytes;
    c.weightBytes = p.weightBytes;
    c.elementaryOps = p.elementaryOps;
    c.inputBytes = n * double(p.inputBytes) * double(c.spillChunks);
    c.outputBytes = n * double(p.outputBytes);
    c.weightEmaBytes = double(p.weightBytes);
    c.emaBytes = c.weightEmaBytes + c.inputBytes + c.outputBytes;
    c.macs = static_cast<int64_t>(n) * p.macs;

    const double eAct = sramPj(hw, hw.mode == BufferMode::Separate ? hw.actBufferBytes : hw.sharedBufferBytes);
    const double eW = sramPj(hw, hw.mode == BufferMode::Separate ? hw.weightBufferBytes : hw.sharedBufferBytes);
    // Every DRAM byte is written to or read from SRAM once (fills and drains), plus the intra-layer
    // traffic of the weight-stationary dataflow; weights are re-read from SRAM for every sample.
    const double actTraffic = c.inputBytes + c.outputBytes + n * p.sramActTraffic;
    const double weightTraffic = c.weightEmaBytes + n * p.sramWeightTraffic;
    c.energyDramPj = hw.energy.dramPjPerByte * c.emaBytes;
    c.energySramPj = eAct * actTraffic + eW * weightTraffic;
    c.energyMacPj = hw.energy.macPj * double(c.macs);
    c.energyPj = c.energyDramPj + c.energySramPj + c.energyMacPj;

    c.computeCycles = n * p.computeCycles;
    c.dramCycles = c.emaBytes * hw.clockGHz / hw.dramGBps;
    c.latencyCycles = std::max(c.computeCycles, c.dramCycles);
    c.bwGBps = c.computeCycles > 0 ? c.emaBytes * hw.clockGHz / c.computeCycles : 0;
}

SubgraphCost CostModel::subgraphCost(const SubgraphProfile &p, const HardwareConfig &hw) const
{
    SubgraphCost c;
    computeSubgraphCost(p, hw, c, &c.reason);
    if (c.fits)
        c.reason.clear();
    c.layers = p.layers;
    return c;
}

} // namespace cocco
