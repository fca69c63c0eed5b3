// Repair (method §6): any labelling -> a valid partition whose subgraphs fit the genome's
// capacities, with canonical labels. O(layers + edges) when nothing needs splitting by size/fit.
#include "search/framework/design_space.h"

#include <algorithm>
#include <functional>

namespace cocco {

// The cost model's own per-subgraph arithmetic (core/cost/subgraph_cost.cpp), the function its
// totals() loop uses: called without a reason string and without copying the layer list, which
// CostModel::subgraphCost() does and which costs an allocation per sample on the hot path.
void computeSubgraphCost(const SubgraphProfile &p, const HardwareConfig &hw, SubgraphCost &c, std::string *reason);

namespace {

int findRoot(std::vector<int> &parent, int v)
{
    while (parent[static_cast<size_t>(v)] != v) {
        int &p = parent[static_cast<size_t>(v)];
        p = parent[static_cast<size_t>(p)]; // path halving
        v = p;
    }
    return v;
}

void unite(std::vector<int> &parent, int a, int b)
{
    a = findRoot(parent, a);
    b = findRoot(parent, b);
    if (a != b)
        parent[static_cast<size_t>(std::max(a, b))] = std::min(a, b);
}

} // namespace

void DesignSpace::splitConnected(const int *layers, size_t count, std::vector<int> &outStart,
                                 std::vector<int> &outMembers, RepairScratch &s) const
{
    for (size_t i = 0; i < count; ++i) {
        s.parent[static_cast<size_t>(layers[i])] = layers[i];
        s.inR[static_cast<size_t>(layers[i])] = 1;
    }
    for (size_t i = 0; i < count; ++i)
        for (int u : m_preds[static_cast<size_t>(layers[i])])
            if (s.inR[static_cast<size_t>(u)])
                unite(s.parent, u, layers[i]);
    // Group by root, groups in order of their first layer, layers kept in topological order.
    std::vector<int> roots;
    for (size_t i = 0; i < count; ++i) {
        const int r = findRoot(s.parent, layers[i]);
        if (std::find(roots.begin(), roots.end(), r) == roots.end())
            roots.push_back(r);
    }
    for (int r : roots) {
        outStart.push_back(static_cast<int>(outMembers.size()));
        for (size_t i = 0; i < count; ++i)
            if (findRoot(s.parent, layers[i]) == r)
                outMembers.push_back(layers[i]);
    }
    for (size_t i = 0; i < count; ++i)
        s.inR[static_cast<size_t>(layers[i])] = 0;
}

bool DesignSpace::emitPiece(const int *layers, size_t count, const HardwareConfig &hw, RepairScratch &s) const
{
    const size_t maxNodes = static_cast<size_t>(std::max(1, hw.maxSubgraphNodes));
    if (count <= maxNodes) {
        s.sorted.assign(layers, layers + count);
        std::sort(s.sorted.begin(), s.sorted.end());
        auto prof = m_model.profile(s.sorted);
        if (count == 1 || CostModel::fits(*prof, hw)) {
            const int label = static_cast<int>(s.pieceStart.size()) - 1;
            s.pieceMembers.insert(s.pieceMembers.end(), s.sorted.begin(), s.sorted.end());
            s.pieceStart.push_back(static_cast<int>(s.pieceMembers.size()));
            s.pieceCost.emplace_back();
            computeSubgraphCost(*prof, hw, s.pieceCost.back(), nullptr);
            s.pieceProfile.push_back(std::move(prof));
            for (size_t i = 0; i < count; ++i)
                s.newLabel[static_cast<size_t>(layers[i])] = label;
            return true;
        }
    }
    // Too many layers or does not fit: cut the topological order into consecutive runs, split each
    // into connected parts and repair those. Runs follow the topological order, so no edge runs
    // from a later run back to an earlier one. Over the node limit: balanced chunks. Not fitting,
    // co-exploration: each run is the longest prefix of what is left that still fits (binary
    // search; a single layer always runs), so a capacity step down keeps subgraphs as large as the
    // new capacity allows.
    std::vector<int> own(layers, layers + count); // `layers` may point into scratch reused below
    std::vector<size_t> cuts{0};
    if (count > maxNodes) {
        const size_t parts = (count + maxNodes - 1) / maxNodes;
        const size_t chunk = (count + parts - 1) / parts;
        for (size_t b = chunk; b < count; b += chunk)
            cuts.push_back(b);
    } else if (!m_coExplore) {
        // Partition-only: halves. Measured: on ResNet-152 the GA reaches the exact optimum 2-4x
        // sooner than with longest-prefix runs, whose small leftovers bias the population.
        cuts.push_back((count + 1) / 2);
    } else {
        std::vector<int> probe;
        auto prefixFits = [&](size_t from, size_t len) {
            probe.assign(own.begin() + static_cast<long>(from), own.begin() + static_cast<long>(from + len));
            std::sort(probe.begin(), probe.end());
            return CostModel::fits(*m_model.profile(probe), hw);
        };
        for (size_t pos = 0; pos < count;) {
            size_t lo = 1, hi = count - pos; // prefix of length lo fits (single layer)
            if (pos == 0)
                --hi; // the whole piece does not fit
            else if (prefixFits(pos, hi))
                lo = hi;
            while (lo < hi) {
                const size_t mid = (lo + hi + 1) / 2;
                if (prefixFits(pos, mid))
                    lo = mid;
                else
                    hi = mid - 1;
            }
            pos += lo;
            if (pos < count)
                cuts.push_back(pos);
        }
    }
    cuts.push_back(count);
    for (size_t c = 0; c + 1 < cuts.size(); ++c) {
        std::vector<int> starts, members;
        splitConnected(own.data() + cuts[c], cuts[c + 1] - cuts[c], starts, members, s);
        starts.push_back(static_cast<int>(members.size()));
        for (size_t k = 0; k + 1 < starts.size(); ++k)
            emitPiece(members.data() + starts[k], static_cast<size_t>(starts[k + 1] - starts[k]), hw, s);
    }
    return false;
}

void DesignSpace::repair(Genome &g, RepairScratch &s) const
{
    const size_t n = m_net.size();
    const size_t m = m_order.size();
    if (m_coExplore) {
        g.cap0 = std::clamp(g.cap0, 0, capCount0() - 1);
        g.cap1 = std::clamp(g.cap1, 0, capCount1() - 1);
    } else {
        g.cap0 = 0;
        g.cap1 = 0;
    }
    g.label.resize(n, 0);
    int maxLabel = 0;
    for (int v : m_order) {
        int &l = g.label[static_cast<size_t>(v)];
        if (l < 0)
            l = static_cast<int>(4 * n) + m_pos[static_cast<size_t>(v)]; // unlabelled: alone
        maxLabel = std::max(maxLabel, l);
    }
    // Distinct labels before repair, to tell whether repair changed the set partition.
    size_t distinct = 0;
    if (static_cast<size_t>(maxLabel) <= 8 * n + 64) {
        s.tmp.assign(static_cast<size_t>(maxLabel) + 1, 0);
        for (int v : m_order)
            if (!s.tmp[static_cast<size_t>(g.label[static_cast<size_t>(v)])]++)
                ++distinct;
    } else {
        s.tmp.clear();
        for (int v : m_order)
            s.tmp.push_back(g.label[static_cast<size_t>(v)]);
        std::sort(s.tmp.begin(), s.tmp.end());
        distinct = static_cast<size_t>(std::unique(s.tmp.begin(), s.tmp.end()) - s.tmp.begin());
    }

    // 1. Components: layers with equal labels joined by an edge.
    s.parent.resize(n);
    for (int v : m_order)
        s.parent[static_cast<size_t>(v)] = v;
    for (int v : m_order)
        for (int u : m_preds[static_cast<size_t>(v)])
            if (g.label[static_cast<size_t>(u)] == g.label[static_cast<size_t>(v)])
                unite(s.parent, u, v);
    s.compOf.assign(n, -1);
    s.tmp.assign(n, -1);
    int comps = 0;
    for (int v : m_order) {
        const int r = findRoot(s.parent, v);
        if (s.tmp[static_cast<size_t>(r)] < 0)
            s.tmp[static_cast<size_t>(r)] = comps++;
        s.compOf[static_cast<size_t>(v)] = s.tmp[static_cast<size_t>(r)];
    }
    const size_t C = static_cast<size_t>(comps);
    s.memberCount.assign(C, 0);
    for (int v : m_order)
        ++s.memberCount[static_cast<size_t>(s.compOf[static_cast<size_t>(v)])];
    s.start.resize(C + 1);
    s.start[0] = 0;
    for (size_t c = 0; c < C; ++c)
        s.start[c + 1] = s.start[c] + s.memberCount[c];
    s.work.assign(s.start.begin(), s.start.end() - 1); // fill cursors
    s.members.resize(m);
    for (int v : m_order)
        s.members[static_cast<size_t>(s.work[static_cast<size_t>(s.compOf[static_cast<size_t>(v)])]++)] = v;
    s.extPending.assign(C, 0);
    for (int v : m_order)
        for (int u : m_preds[static_cast<size_t>(v)])
            if (s.compOf[static_cast<size_t>(u)] != s.compOf[static_cast<size_t>(v)])
                ++s.extPending[static_cast<size_t>(s.compOf[static_cast<size_t>(v)])];

    // 2. Order the components (Kahn over the component DAG, smallest first layer first) and emit
    // each as a piece. (A growing genome is repaired on the largest capacities, which are then
    // lowered to what its subgraphs need.) A cycle between components (rule 1 cannot hold) is broken by emitting the
    // part of the component holding the earliest unscheduled layer whose predecessors are all done;
    // such parts, and what remains of their component, may be disconnected and are split.
    const bool grow = g.grow && m_coExplore;
    Genome largest;
    if (grow) {
        largest.cap0 = capCount0() - 1;
        largest.cap1 = capCount1() - 1;
    }
    const HardwareConfig hw = hardwareOf(grow ? largest : g);
    s.pieceStart.assign(1, 0);
    s.pieceMembers.clear();
    s.pieceCost.clear();
    s.pieceProfile.clear();
    s.heap.clear();
    for (size_t c = 0; c < C; ++c)
        if (s.extPending[c] == 0)
            s.heap.push_back(m_pos[static_cast<size_t>(s.members[static_cast<size_t>(s.start[c])])]);
    std::make_heap(s.heap.begin(), s.heap.end(), std::greater<int>());
    s.scheduled.assign(n, 0);
    s.inR.assign(n, 0);
    s.newLabel.assign(n, -1);
    s.tmp.assign(C, 0); // component was cut by a cycle break
    size_t done = 0, scan = 0;
    auto emitList = [&](const int *list, size_t cnt, bool mayBeDisconnected) {
        for (size_t i = 0; i < cnt; ++i)
            s.scheduled[static_cast<size_t>(list[i])] = 1;
        done += cnt;
        for (size_t i = 0; i < cnt; ++i) {
            const int v = list[i];
            for (int w : m_succs[static_cast<size_t>(v)]) {
                const int cw = s.compOf[static_cast<size_t>(w)];
                if (cw == s.compOf[static_cast<size_t>(v)])
                    continue;
                if (--s.extPending[static_cast<size_t>(cw)] == 0) {
                    s.heap.push_back(m_pos[static_cast<size_t>(s.members[static_cast<size_t>(s.start[static_cast<size_t>(cw)])])]);
                    std::push_heap(s.heap.begin(), s.heap.end(), std::greater<int>());
                }
            }
        }
        if (!mayBeDisconnected) {
            emitPiece(list, cnt, hw, s);
            return;
        }
        std::vector<int> starts, parts;
        splitConnected(list, cnt, starts, parts, s);
        starts.push_back(static_cast<int>(parts.size()));
        for (size_t k = 0; k + 1 < starts.size(); ++k)
            emitPiece(parts.data() + starts[k], static_cast<size_t>(starts[k + 1] - starts[k]), hw, s);
    };
    while (done < m) {
        if (s.heap.empty()) {
            while (s.scheduled[static_cast<size_t>(m_order[scan])])
                ++scan;
            const size_t c = static_cast<size_t>(s.compOf[static_cast<size_t>(m_order[scan])]);
            const int b = s.start[c];
            int kept = 0;
            s.pending.clear();
            for (int i = 0; i < s.memberCount[c]; ++i) {
                const int v = s.members[static_cast<size_t>(b + i)];
                bool ready = true;
                for (int u : m_preds[static_cast<size_t>(v)])
                    if (!s.scheduled[static_cast<size_t>(u)] && !s.inR[static_cast<size_t>(u)]) {
                        ready = false;
                        break;
                    }
                if (ready) {
                    s.inR[static_cast<size_t>(v)] = 1;
                    s.pending.push_back(v);
                } else {
                    s.members[static_cast<size_t>(b + kept++)] = v;
                }
            }
            s.memberCount[c] = kept;
            s.tmp[c] = 1;
            for (int v : s.pending)
                s.inR[static_cast<size_t>(v)] = 0;
            const std::vector<int> part = s.pending; // emitList may reuse scratch
            emitList(part.data(), part.size(), true);
            continue;
        }
        std::pop_heap(s.heap.begin(), s.heap.end(), std::greater<int>());
        const int pos = s.heap.back();
        s.heap.pop_back();
        const size_t c = static_cast<size_t>(s.compOf[static_cast<size_t>(m_order[static_cast<size_t>(pos)])]);
        const int cnt = s.memberCount[c];
        s.memberCount[c] = 0;
        emitList(s.members.data() + s.start[c], static_cast<size_t>(cnt), s.tmp[c] != 0);
    }

    for (int v : m_order)
        g.label[static_cast<size_t>(v)] = s.newLabel[static_cast<size_t>(v)];
    for (size_t i = 0; i < n; ++i)
        if (m_pos[i] < 0)
            g.label[i] = -1;
    g.groups = static_cast<int>(s.pieceStart.size()) - 1;
    s.changed = static_cast<size_t>(g.groups) != distinct;
    if (grow)
        fitCapacities(g, s, true);
    else if (m_tighten && !g.keepCaps)
        fitCapacities(g, s, false);
    g.grow = false; // the genes now hold the capacities it was evaluated on
}

void DesignSpace::fitCapacities(Genome &g, RepairScratch &s, bool grow) const
{
    // Pieces were costed on the largest capacities when growing: demand comes from every piece of
    // several layers, and from single layers that fit the genome's own capacities.
    const HardwareConfig own = hardwareOf(g);
    int64_t need0 = 0, need1 = 0;
    for (size_t k = 0; k < s.pieceProfile.size(); ++k) {
        if (!s.pieceCost[k].fits)
            continue; // a streaming single layer places no demand
        if (grow && s.pieceProfile[k]->layers.size() == 1 && !CostModel::fits(*s.pieceProfile[k], own))
            continue;
        const SubgraphProfile &p = *s.pieceProfile[k];
        if (shared()) {
            need0 = std::max(need0, p.actBytes + p.weightBytes);
        } else {
            need0 = std::max(need0, p.actBytes);
            need1 = std::max(need1, p.weightBytes);
        }
    }
    auto lowest = [](const std::vector<int64_t> &values, int64_t need, int current) {
        int i = current;
        while (i > 0 && values[static_cast<size_t>(i - 1)] >= need)
            --i;
        return i;
    };
    auto smallestAtLeast = [](const std::vector<int64_t> &values, int64_t need) {
        int i = 0;
        while (i + 1 < static_cast<int>(values.size()) && values[static_cast<size_t>(i)] < need)
            ++i;
        return i;
    };
    int c0, c1;
    if (grow) {
        c0 = std::max(g.cap0, smallestAtLeast(m_cap0, need0));
        c1 = shared() ? g.cap1 : std::max(g.cap1, smallestAtLeast(m_cap1, need1));
        if (m_tighten) {
            c0 = lowest(m_cap0, need0, c0);
            c1 = shared() ? c1 : lowest(m_cap1, need1, c1);
        }
    } else {
        c0 = lowest(m_cap0, need0, g.cap0);
        c1 = shared() ? g.cap1 : lowest(m_cap1, need1, g.cap1);
        if (c0 == g.cap0 && c1 == g.cap1)
            return;
    }
    g.cap0 = c0;
    g.cap1 = c1;
    const HardwareConfig hw = hardwareOf(g);
    for (size_t k = 0; k < s.pieceProfile.size(); ++k) {
        s.pieceCost[k] = SubgraphCost();
        computeSubgraphCost(*s.pieceProfile[k], hw, s.pieceCost[k], nullptr);
    }
}

} // namespace cocco
