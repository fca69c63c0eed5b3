#include "search/framework/design_space.h"

#include <algorithm>
#include <cmath>

namespace cocco {

namespace {

std::vector<int64_t> gridOrSingle(const CapacityGrid &g, int64_t fixed)
{
    std::vector<int64_t> v = g.values();
    if (v.empty())
        v.push_back(fixed);
    return v;
}

int nearestIndex(const std::vector<int64_t> &values, int64_t bytes)
{
    int best = 0;
    int64_t bestDiff = -1;
    for (size_t i = 0; i < values.size(); ++i) {
        const int64_t d = values[i] > bytes ? values[i] - bytes : bytes - values[i];
        if (bestDiff < 0 || d < bestDiff) {
            bestDiff = d;
            best = static_cast<int>(i);
        }
    }
    return best;
}

} // namespace

uint64_t hashGenome(const Genome &g)
{
    uint64_t h = 0x243F6A8885A308D3ULL ^ (uint64_t(uint32_t(g.cap0)) << 32) ^ uint32_t(g.cap1);
    for (int l : g.label) {
        h ^= uint64_t(uint32_t(l)) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
        h *= 0xff51afd7ed558ccdULL;
    }
    h ^= h >> 33;
    return h;
}

DesignSpace::DesignSpace(const CostModel &model, const HardwareConfig &hw, Objective objective, double alpha,
                         bool coExplore)
    : m_model(model), m_net(model.network()), m_hw(hw), m_objective(objective), m_alpha(alpha),
      m_coExplore(coExplore)
{
    if (m_hw.mode == BufferMode::Shared) {
        m_cap0 = gridOrSingle(m_hw.sharedGrid, m_hw.sharedBufferBytes);
        m_cap1 = {0};
    } else {
        m_cap0 = gridOrSingle(m_hw.actGrid, m_hw.actBufferBytes);
        m_cap1 = gridOrSingle(m_hw.weightGrid, m_hw.weightBufferBytes);
    }
    const size_t n = m_net.size();
    m_order = m_net.computeOrder();
    m_pos.assign(n, -1);
    for (size_t i = 0; i < m_order.size(); ++i)
        m_pos[static_cast<size_t>(m_order[i])] = static_cast<int>(i);
    m_preds.assign(n, {});
    m_succs.assign(n, {});
    for (int v : m_order) {
        for (int u : m_net.preds(v)) {
            if (m_net.isInput(u))
                continue;
            auto &pv = m_preds[static_cast<size_t>(v)];
            if (std::find(pv.begin(), pv.end(), u) != pv.end())
                continue; // an operand read twice is one dependency
            pv.push_back(u);
            m_succs[static_cast<size_t>(u)].push_back(v);
        }
    }
}

void DesignSpace::setCapacities(Genome &g, const HardwareConfig &hw) const
{
    if (shared()) {
        g.cap0 = nearestIndex(m_cap0, hw.sharedBufferBytes);
        g.cap1 = 0;
    } else {
        g.cap0 = nearestIndex(m_cap0, hw.actBufferBytes);
        g.cap1 = nearestIndex(m_cap1, hw.weightBufferBytes);
    }
}

HardwareConfig DesignSpace::hardwareOf(const Genome &g) const
{
    HardwareConfig hw = m_hw;
    if (!m_coExplore)
        return hw;
    if (shared()) {
        hw.sharedBufferBytes = m_cap0[static_cast<size_t>(g.cap0)];
    } else {
        hw.actBufferBytes = m_cap0[static_cast<size_t>(g.cap0)];
        hw.weightBufferBytes = m_cap1[static_cast<size_t>(g.cap1)];
    }
    return hw;
}

Genome DesignSpace::fromPartition(const Partition &p, const HardwareConfig &hw) const
{
    Genome g;
    g.label = p.label;
    g.label.resize(m_net.size(), 0);
    for (size_t i = 0; i < g.label.size(); ++i) {
        if (m_net.isInput(static_cast<int>(i)))
            g.label[i] = -1;
        else if (g.label[i] < 0)
            g.label[i] = 0;
    }
    setCapacities(g, hw);
    return g;
}

Partition DesignSpace::partitionOf(const Genome &g) const
{
    Partition p;
    p.label = g.label;
    return p;
}

SampleEval DesignSpace::repairAndEvaluate(Genome &g, RepairScratch &s) const
{
    repair(g, s);
    const HardwareConfig hw = hardwareOf(g);
    SampleEval e;
    e.repaired = s.changed;
    // Sum exactly as CostModel::totals() does (same order, same fields), so a design's objective
    // here equals objectiveValue(totals(...)) bit for bit.
    double dram = 0, sram = 0, mac = 0, compute = 0, peakBw = 0;
    const size_t pieces = s.pieceStart.size() - 1;
    for (size_t k = 0; k < pieces; ++k) {
        const SubgraphCost &c = s.pieceCost[k];
        e.emaBytes += c.emaBytes;
        dram += c.energyDramPj;
        sram += c.energySramPj;
        mac += c.energyMacPj;
        compute += c.computeCycles;
        e.latencyCycles += c.latencyCycles;
        peakBw = std::max(peakBw, c.bwGBps);
    }
    e.energyPj = dram + sram + mac;
    e.computeCycles = compute;
    e.bwAvgGBps = compute > 0 ? e.emaBytes * hw.clockGHz / compute : 0;
    e.bwPeakGBps = peakBw;
    e.bufferBytes = hw.bufferBytes();
    PartitionCost pc;
    pc.emaBytes = e.emaBytes;
    pc.energyPj = e.energyPj;
    pc.latencyCycles = e.latencyCycles;
    pc.bufferBytes = e.bufferBytes;
    e.objective = objectiveValue(pc, hw, m_objective, m_alpha);
    e.hash = hashGenome(g);
    return e;
}

} // namespace cocco
