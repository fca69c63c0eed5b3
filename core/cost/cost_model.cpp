// CostModel: memoised subgraph profiles (Zobrist-hashed layer sets in a sharded map) and the
// partition loops. Capacity-dependent arithmetic lives in subgraph_cost.cpp.
#include "cost_model.h"

#include "layer_cost.h"
#include "tiling.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <unordered_map>

namespace cocco {

namespace {

uint64_t splitmix64(uint64_t &state)
{
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// The fields a cached profile depends on; everything else may change per call.
bool sameProfileFields(const HardwareConfig &a, const HardwareConfig &b)
{
    return TilingOptions::from(a) == TilingOptions::from(b) && a.peRows == b.peRows && a.peCols == b.peCols
        && a.macRowsPerPe == b.macRowsPerPe && a.macColsPerPe == b.macColsPerPe;
}

constexpr size_t kShards = 64;

struct Shard {
    std::mutex mutex;
    std::unordered_map<uint64_t, std::shared_ptr<const SubgraphProfile>> map;
};

// Reusable per-thread buffers of the partition loop (no allocation once warm).
struct LoopScratch {
    std::vector<int> count, start, ids;
    std::vector<uint64_t> key;
    std::vector<int> labelsUsed;
};
thread_local LoopScratch t_loop;

} // namespace

struct CostModel::Impl {
    std::shared_ptr<const Network> net;
    HardwareConfig hw; // profile fields only matter here
    TilingEngine tiling;
    std::vector<uint64_t> zobrist;
    std::vector<int64_t> weightBytes, macs;
    std::vector<double> cycles, sramAct;
    std::vector<LayerSplit> splits;
    std::vector<std::pair<int, int>> computeEdges; // (u, v), both compute layers
    Shard shards[kShards];
    std::atomic<uint64_t> computed{0};

    Impl(std::shared_ptr<const Network> n, const HardwareConfig &h)
        : net(std::move(n)), hw(h), tiling(*net, TilingOptions::from(h))
    {
        const size_t count = net->size();
        uint64_t seed = 0xC0CC0C057ULL; // fixed: hashes are identical in every run
        zobrist.resize(count);
        weightBytes.resize(count);
        macs.resize(count);
        cycles.resize(count);
        sramAct.resize(count);
        splits.resize(count);
        for (size_t i = 0; i < count; ++i) {
            const int id = static_cast<int>(i);
            zobrist[i] = splitmix64(seed);
            weightBytes[i] = layerWeightBytes(*net, id, hw);
            macs[i] = net->layer(id).macs;
            if (!net->isInput(id)) {
                cycles[i] = layerComputeCycles(*net, id, hw);
                sramAct[i] = layerSramActBytes(*net, id, hw);
                splits[i] = layerSplit(*net, id, hw);
            }
        }
        for (int v : net->computeOrder())
            for (int u : net->preds(v))
                if (!net->isInput(u))
                    computeEdges.emplace_back(u, v);
    }

    std::shared_ptr<SubgraphProfile> compute(const int *ids, size_t n)
    {
        auto p = std::make_shared<SubgraphProfile>();
        p->layers.assign(ids, ids + n);
        const TilingSums s = tiling.run(ids, n);
        p->mainBytes = s.mainBytes;
        p->sideBytes = s.sideBytes;
        p->actBytes = s.mainBytes + s.sideBytes;
        p->inputBytes = s.inputBytes;
        p->outputBytes = s.outputBytes;
        p->elementaryOps = s.elementaryOps;
        p->connected = s.connected;
        p->internalBytes = s.internalBytes;
        p->outputTileBytes = s.outputTileBytes;
        p->outputTiles = s.outputTiles;
        p->splits.reserve(n);
        for (size_t i = 0; i < n; ++i) {
            const size_t v = static_cast<size_t>(ids[i]);
            p->weightBytes += weightBytes[v];
            p->macs += macs[v];
            p->computeCycles += cycles[v];
            p->sramActTraffic += sramAct[v];
            p->sramWeightTraffic += double(weightBytes[v]);
            p->splits.push_back(splits[v]);
        }
        computed.fetch_add(1, std::memory_order_relaxed);
        return p;
    }

    // The cached profile of a sorted layer set. Map nodes never move, so the returned reference
    // stays valid until clearCache().
    const std::shared_ptr<const SubgraphProfile> &lookup(const int *ids, size_t n, uint64_t key)
    {
        auto same = [&](const SubgraphProfile &p) {
            return p.layers.size() == n && std::equal(p.layers.begin(), p.layers.end(), ids);
        };
        // Open addressing on the 64-bit key: a (practically impossible) collision probes key+1, ...
        for (uint64_t k = key;; ++k) {
            Shard &sh = shards[(k ^ (k >> 29)) % kShards];
            {
                std::lock_guard<std::mutex> lock(sh.mutex);
                auto it = sh.map.find(k);
                if (it != sh.map.end()) {
                    if (same(*it->second))
                        return it->second;
                    continue;
                }
            }
            std::shared_ptr<const SubgraphProfile> fresh = compute(ids, n);
            std::lock_guard<std::mutex> lock(sh.mutex);
            auto ins = sh.map.emplace(k, std::move(fresh));
            if (ins.second || same(*ins.first->second))
                return ins.first->second; // another thread may have inserted the same set first
        }
    }

    // The cached profile of a sorted layer set, else one computed now and not kept.
    std::shared_ptr<const SubgraphProfile> transient(const int *ids, size_t n, uint64_t key)
    {
        for (uint64_t k = key;; ++k) {
            Shard &sh = shards[(k ^ (k >> 29)) % kShards];
            std::lock_guard<std::mutex> lock(sh.mutex);
            auto it = sh.map.find(k);
            if (it == sh.map.end())
                break;
            if (it->second->layers.size() == n && std::equal(it->second->layers.begin(), it->second->layers.end(), ids))
                return it->second;
        }
        return compute(ids, n);
    }

    uint64_t keyOf(const int *ids, size_t n) const
    {
        uint64_t k = 0;
        for (size_t i = 0; i < n; ++i)
            k ^= zobrist[static_cast<size_t>(ids[i])];
        return k;
    }

    PartitionCost run(const Partition &p, const HardwareConfig &h, bool detail);
};

namespace {

void setInvalid(PartitionCost &pc, const std::string &reason)
{
    if (pc.valid) {
        pc.valid = false;
        pc.reason = reason;
    }
}

} // namespace

PartitionCost CostModel::Impl::run(const Partition &p, const HardwareConfig &h, bool detail)
{
    PartitionCost pc;
    pc.bufferBytes = h.bufferBytes();
    pc.perCoreBufferBytes = h.perCoreBufferBytes();
    pc.cores = h.cores;
    const Network &g = *net;
    const size_t n = g.size();
    if (p.label.size() != n) {
        setInvalid(pc, "partition has " + std::to_string(p.label.size()) + " labels for " + std::to_string(n) + " layers");
        return pc;
    }
    int maxLabel = -1;
    for (size_t i = 0; i < n; ++i) {
        const int l = p.label[i];
        const bool input = g.isInput(static_cast<int>(i));
        if ((input && l != -1) || (!input && l < 0)) {
            setInvalid(pc, checkPartition(g, p, 0).message());
            return pc;
        }
        maxLabel = std::max(maxLabel, l);
    }
    // Labels are usually compact (0..k-1); wildly spread labels go through a normalised copy so the
    // bucket arrays stay O(layers).
    if (static_cast<size_t>(maxLabel) > 4 * n + 64) {
        std::vector<int> order = p.label;
        Partition q = p;
        std::sort(order.begin(), order.end());
        order.erase(std::unique(order.begin(), order.end()), order.end());
        for (int &l : q.label)
            if (l >= 0)
                l = static_cast<int>(std::lower_bound(order.begin(), order.end(), l) - order.begin()) - (order.front() < 0);
        PartitionCost r = run(q, h, detail);
        for (SubgraphCost &s : r.subgraphs)
            s.label = p.label[static_cast<size_t>(s.layers.front())];
        return r;
    }
    LoopScratch &sc = t_loop;
    const size_t labels = static_cast<size_t>(maxLabel + 1);
    sc.count.assign(labels, 0);
    sc.key.assign(labels, 0);
    sc.start.resize(labels + 1);
    sc.ids.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const int l = p.label[i];
        if (l >= 0) {
            ++sc.count[static_cast<size_t>(l)];
            sc.key[static_cast<size_t>(l)] ^= zobrist[i];
        }
    }
    sc.start[0] = 0;
    for (size_t l = 0; l < labels; ++l)
        sc.start[l + 1] = sc.start[l] + sc.count[l];
    for (size_t l = 0; l < labels; ++l)
        sc.count[l] = sc.start[l]; // reused as fill cursor
    for (size_t i = 0; i < n; ++i) {
        const int l = p.label[i];
        if (l >= 0)
            sc.ids[static_cast<size_t>(sc.count[static_cast<size_t>(l)]++)] = static_cast<int>(i);
    }
    for (const auto &e : computeEdges) {
        const int lu = p.label[static_cast<size_t>(e.first)], lv = p.label[static_cast<size_t>(e.second)];
        if (lu > lv) {
            setInvalid(pc, "rule 1 (order) broken: '" + g.layer(e.first).name + "' (subgraph " + std::to_string(lu)
                               + ") feeds '" + g.layer(e.second).name + "' (subgraph " + std::to_string(lv) + ")");
            break;
        }
    }
    SubgraphCost c;
    double peakBw = 0;
    for (size_t l = 0; l < labels; ++l) {
        const int b = sc.start[l], e = sc.start[l + 1];
        if (b == e)
            continue;
        const int *ids = sc.ids.data() + b;
        const size_t cnt = static_cast<size_t>(e - b);
        const SubgraphProfile *prof = lookup(ids, cnt, sc.key[l]).get();
        if (!prof->connected)
            setInvalid(pc, "rule 2 (connected) broken: subgraph " + std::to_string(l) + " (first layer '"
                               + g.layer(ids[0]).name + "') is not weakly connected");
        computeSubgraphCost(*prof, h, c, nullptr);
        if (!c.fits) {
            if (c.spilling) {
                ++pc.spillingCount;
            } else {
                ++pc.unfitCount;
                if (pc.valid) {
                    std::string why;
                    CostModel::fits(*prof, h, &why);
                    setInvalid(pc, "subgraph " + std::to_string(l) + " (first layer '" + g.layer(ids[0]).name + "') " + why);
                }
            }
        }
        ++pc.subgraphCount;
        pc.emaBytes += c.emaBytes;
        pc.energyDramPj += c.energyDramPj;
        pc.energySramPj += c.energySramPj;
        pc.energyMacPj += c.energyMacPj;
        pc.energyNocPj += c.energyNocPj;
        pc.nocBytes += c.nocBytes;
        pc.computeCycles += c.computeCycles;
        pc.dramCycles += c.dramCycles;
        pc.nocCycles += c.nocCycles;
        pc.latencyCycles += c.latencyCycles;
        peakBw = std::max(peakBw, c.bwGBps);
        pc.peakActBytes = std::max(pc.peakActBytes, c.actBytes);
        pc.peakWeightBytes = std::max(pc.peakWeightBytes, c.weightBytes);
        if (detail) {
            SubgraphCost full = c;
            if (!c.fits)
                CostModel::fits(*prof, h, &full.reason);
            full.layers.assign(ids, ids + cnt);
            full.label = static_cast<int>(l);
            pc.subgraphs.push_back(std::move(full));
        }
    }
    pc.energyPj = pc.energyDramPj + pc.energySramPj + pc.energyMacPj + pc.energyNocPj;
    pc.latencyMs = pc.latencyCycles / (h.clockGHz * 1e6);
    pc.bwAvgGBps = pc.computeCycles > 0 ? pc.emaBytes * h.clockGHz / pc.computeCycles : 0;
    pc.bwPeakGBps = peakBw;
    return pc;
}

CostModel::CostModel(std::shared_ptr<const Network> net, HardwareConfig hw)
    : m_net(std::move(net)), m_hw(std::move(hw)), m_impl(std::make_shared<Impl>(m_net, m_hw))
{
}

void CostModel::setHardware(const HardwareConfig &hw)
{
    if (!sameProfileFields(hw, m_hw))
        m_impl = std::make_shared<Impl>(m_net, hw);
    m_hw = hw;
}

namespace {

// `layers` when sorted and distinct, else a sorted, de-duplicated copy made in *copy.
const std::vector<int> &sortedDistinct(const std::vector<int> &layers, std::vector<int> *copy)
{
    if (std::adjacent_find(layers.begin(), layers.end(), std::greater_equal<int>()) == layers.end())
        return layers;
    *copy = layers;
    std::sort(copy->begin(), copy->end());
    copy->erase(std::unique(copy->begin(), copy->end()), copy->end());
    return *copy;
}

} // namespace

std::shared_ptr<const SubgraphProfile> CostModel::profile(const std::vector<int> &sortedLayers) const
{
    std::vector<int> copy;
    const std::vector<int> &s = sortedDistinct(sortedLayers, &copy);
    return m_impl->lookup(s.data(), s.size(), m_impl->keyOf(s.data(), s.size()));
}

std::shared_ptr<const SubgraphProfile> CostModel::transientProfile(const std::vector<int> &sortedLayers) const
{
    std::vector<int> copy;
    const std::vector<int> &s = sortedDistinct(sortedLayers, &copy);
    return m_impl->transient(s.data(), s.size(), m_impl->keyOf(s.data(), s.size()));
}

PartitionCost CostModel::evaluate(const Partition &p) const { return m_impl->run(p, m_hw, true); }

PartitionCost CostModel::evaluate(const Partition &p, const HardwareConfig &hw) const
{
    if (!sameProfileFields(hw, m_hw))
        return CostModel(m_net, hw).evaluate(p);
    return m_impl->run(p, hw, true);
}

PartitionCost CostModel::totals(const Partition &p, const HardwareConfig &hw) const
{
    if (!sameProfileFields(hw, m_hw))
        return CostModel(m_net, hw).totals(p, hw);
    return m_impl->run(p, hw, false);
}

size_t CostModel::cachedProfiles() const
{
    size_t s = 0;
    for (Shard &sh : m_impl->shards) {
        std::lock_guard<std::mutex> lock(sh.mutex);
        s += sh.map.size();
    }
    return s;
}

uint64_t CostModel::profilesComputed() const { return m_impl->computed.load(std::memory_order_relaxed); }

void CostModel::clearCache()
{
    for (Shard &sh : m_impl->shards) {
        std::lock_guard<std::mutex> lock(sh.mutex);
        sh.map.clear();
    }
}

} // namespace cocco
