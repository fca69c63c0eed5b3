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

namespace {
int64_t ceilDiv(int64_t a, int64_t b) { return b <= 0 ? 1 : (a + b - 1) / b; }

bool fitsShare(const SubgraphProfile &p, const CoreShare &c, const HardwareConfig &hw, std::string *reason)
{
    if (static_cast<int64_t>(p.layers.size()) > hw.maxSubgraphNodes) {
        if (reason)
            *reason = "has " + std::to_string(p.layers.size()) + " layers, limit " + std::to_string(hw.maxSubgraphNodes);
        return false;
    }
    // Messages at one core read as before; with several the figures are one core's.
    const std::string perCore = hw.cores > 1 ? " per core" : "";
    if (hw.mode == BufferMode::Separate) {
        if (c.actBytes > hw.actBufferBytes) {
            if (reason)
                *reason = "needs " + formatBytes(double(c.actBytes)) + " of activations" + perCore
                    + ", activation buffer is " + formatBytes(double(hw.actBufferBytes));
            return false;
        }
        if (c.weightBytes > hw.weightBufferBytes) {
            if (reason)
                *reason = "needs " + formatBytes(double(c.weightBytes)) + " of weights" + perCore + ", weight buffer is "
                    + formatBytes(double(hw.weightBufferBytes));
            return false;
        }
        return true;
    }
    if (c.actBytes + c.weightBytes > hw.sharedBufferBytes) {
        if (reason)
            *reason = "needs " + formatBytes(double(c.actBytes + c.weightBytes)) + perCore + " ("
                + formatBytes(double(c.actBytes)) + " activations + " + formatBytes(double(c.weightBytes))
                + " weights), shared buffer is " + formatBytes(double(hw.sharedBufferBytes));
        return false;
    }
    return true;
}
} // namespace

const char *latencyBoundName(LatencyBound b)
{
    switch (b) {
    case LatencyBound::Compute: return "compute";
    case LatencyBound::Dram: return "dram";
    case LatencyBound::Noc: return "noc";
    }
    return "compute";
}

bool CoreShareCache::get(int cores, int64_t *mainBytes, int64_t *weightBytes, double *cycles) const
{
    const uint32_t s1 = m_seq.load(std::memory_order_acquire);
    if (s1 & 1u)
        return false;
    const int k = m_cores.load(std::memory_order_relaxed);
    const int64_t main = m_main.load(std::memory_order_relaxed), weight = m_weight.load(std::memory_order_relaxed);
    const double c = m_cycles.load(std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_acquire);
    if (k != cores || m_seq.load(std::memory_order_relaxed) != s1)
        return false;
    *mainBytes = main;
    *weightBytes = weight;
    *cycles = c;
    return true;
}

void CoreShareCache::put(int cores, int64_t mainBytes, int64_t weightBytes, double cycles) const
{
    uint32_t s = m_seq.load(std::memory_order_relaxed);
    if ((s & 1u) || !m_seq.compare_exchange_strong(s, s + 1, std::memory_order_acquire))
        return; // another thread is writing: leave it to that one
    std::atomic_thread_fence(std::memory_order_release);
    m_cores.store(cores, std::memory_order_relaxed);
    m_main.store(mainBytes, std::memory_order_relaxed);
    m_weight.store(weightBytes, std::memory_order_relaxed);
    m_cycles.store(cycles, std::memory_order_relaxed);
    m_seq.store(s + 2, std::memory_order_release);
}

CoreShare coreShare(const SubgraphProfile &p, const HardwareConfig &hw)
{
    CoreShare c;
    const int64_t k = hw.cores;
    if (k <= 1) {
        c.mainBytes = p.mainBytes;
        c.actBytes = p.actBytes;
        c.weightBytes = p.weightBytes;
        c.computeCycles = p.computeCycles;
        return c;
    }
    if (p.share.get(hw.cores, &c.mainBytes, &c.weightBytes, &c.computeCycles)) {
        c.actBytes = c.mainBytes + p.sideBytes;
        return c;
    }
    // Output tiles have no consumer in S, so no core needs their full channels: each keeps its
    // share (whole channels, padded to the on-chip channel alignment like any tile).
    // 32-bit divisions and the common cases without one: this runs per subgraph per evaluation.
    const uint32_t k32 = static_cast<uint32_t>(k);
    int64_t outShare = 0;
    for (const OutputTile &t : p.outputTiles)
        outShare += coreTileBytes(t, hw.cores, hw.channelAlign);
    c.mainBytes = p.mainBytes - p.outputTileBytes + outShare;
    c.actBytes = c.mainBytes + p.sideBytes;
    for (const LayerSplit &l : p.splits) {
        const uint32_t q = (l.channels + k32 - 1) / k32;
        c.weightBytes += coreWeightBytes(l, hw.cores);
        const uint32_t padded = q <= l.columns ? l.columns
            : l.columns == 1                    ? q
                                                : (q + l.columns - 1) / l.columns * l.columns;
        c.computeCycles += std::max(1.0, l.cyclesPerColumn * double(padded));
    }
    p.share.put(hw.cores, c.mainBytes, c.weightBytes, c.computeCycles);
    return c;
}

bool CostModel::fits(const SubgraphProfile &p, const HardwareConfig &hw, std::string *reason)
{
    return fitsShare(p, coreShare(p, hw), hw, reason);
}

// Shared by subgraphCost() and the partition loops; `reason` is only formatted when asked for.
void computeSubgraphCost(const SubgraphProfile &p, const HardwareConfig &hw, SubgraphCost &c, std::string *reason)
{
    const double n = hw.batch;
    const CoreShare share = coreShare(p, hw);
    c.fits = fitsShare(p, share, hw, reason);
    c.spilling = !c.fits && p.layers.size() == 1;
    c.spillChunks = 1;
    if (c.spilling) {
        // A single layer that does not fit streams its weights in k chunks and re-reads its input
        // once per chunk (method §2.3); an oversized activation footprint is streamed the same way.
        if (hw.mode == BufferMode::Separate)
            c.spillChunks = std::max(ceilDiv(share.weightBytes, hw.weightBufferBytes), ceilDiv(share.actBytes, hw.actBufferBytes));
        else
            c.spillChunks = ceilDiv(share.actBytes + share.weightBytes, hw.sharedBufferBytes);
        c.spillChunks = std::max<int64_t>(1, c.spillChunks);
    }
    c.actBytes = share.actBytes;
    c.mainBytes = share.mainBytes;
    c.sideBytes = p.sideBytes;
    c.weightBytes = share.weightBytes;
    c.elementaryOps = p.elementaryOps;
    c.inputBytes = n * double(p.inputBytes) * double(c.spillChunks);
    c.outputBytes = n * double(p.outputBytes);
    c.weightEmaBytes = double(p.weightBytes);
    c.emaBytes = c.weightEmaBytes + c.inputBytes + c.outputBytes;
    c.macs = static_cast<int64_t>(n) * p.macs;

    // Every tensor read inside S reaches each core whole: a core receives the (k-1)/k of it the
    // others loaded or produced (each DRAM re-read of a spilling layer is gathered again).
    const double k = hw.cores;
    c.nocBytes = hw.cores > 1 ? (k - 1) / k * (c.inputBytes + n * double(p.internalBytes)) : 0.0;

    const double eAct = activationSramPjPerByte(hw);
    const double eW = weightSramPjPerByte(hw);
    // Every DRAM byte is written to or read from SRAM once (fills and drains), plus the intra-layer
    // traffic of the weight-stationary dataflow; weights are re-read from SRAM for every sample.
    // A gathered byte is written once more, into the receiving core's buffer.
    const double actTraffic = c.inputBytes + c.outputBytes + n * p.sramActTraffic + c.nocBytes;
    const double weightTraffic = c.weightEmaBytes + n * p.sramWeightTraffic;
    c.energyDramPj = hw.energy.dramPjPerByte * c.emaBytes;
    c.energySramPj = eAct * actTraffic + eW * weightTraffic;
    c.energyMacPj = hw.energy.macPj * double(c.macs);
    c.energyNocPj = hw.nocPjPerByte * c.nocBytes;
    c.energyPj = c.energyDramPj + c.energySramPj + c.energyMacPj + c.energyNocPj;

    c.computeCycles = n * share.computeCycles;
    c.dramCycles = c.emaBytes * hw.clockGHz / (k * hw.dramGBps);
    c.nocCycles = c.nocBytes * hw.clockGHz / (k * hw.nocGBps);
    c.bound = LatencyBound::Compute;
    c.latencyCycles = c.computeCycles;
    if (c.dramCycles > c.latencyCycles) {
        c.bound = LatencyBound::Dram;
        c.latencyCycles = c.dramCycles;
    }
    if (c.nocCycles > c.latencyCycles) {
        c.bound = LatencyBound::Noc;
        c.latencyCycles = c.nocCycles;
    }
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
