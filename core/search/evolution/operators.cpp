#include "search/evolution/operators.h"

#include "search/framework/hashing.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace cocco {

namespace {

int uniformInt(Rng &rng, int lo, int hi) // inclusive
{
    return std::uniform_int_distribution<int>(lo, hi)(rng);
}

double uniform01(Rng &rng) { return std::uniform_real_distribution<double>(0.0, 1.0)(rng); }

uint64_t mixWindow(uint64_t h, const Window1D &w)
{
    for (int x : {w.kernel, w.stride, w.dilation, w.padBegin, w.padEnd, w.upsample})
        h = hashCombine(h, static_cast<uint64_t>(static_cast<int64_t>(x)));
    return h;
}

} // namespace

Operators::Operators(const DesignSpace &space) : m_space(space), m_capFree(space.coExplore())
{
    const Network &net = space.network();
    const auto &order = space.order();
    const int m = static_cast<int>(order.size());
    m_sig.assign(static_cast<size_t>(m), 0);
    std::vector<int> offsets;
    for (int p = 0; p < m; ++p) {
        const int v = order[static_cast<size_t>(p)];
        const Layer &l = net.layer(v);
        uint64_t h = hashCombine(0x51ED270B27A3C4F1ULL, static_cast<uint64_t>(l.op));
        for (int64_t x : {l.out.n, l.out.c, l.out.h, l.out.w, l.params, l.macs, l.inChannels, int64_t(l.groups)})
            h = hashCombine(h, static_cast<uint64_t>(x));
        h = hashCombine(h, l.markedOutput || net.succs(v).empty() ? 1 : 0);
        for (size_t i = 0; i < l.inputs.size(); ++i) {
            const int q = space.position(l.inputs[i]);
            h = hashCombine(h, q < 0 ? 0x7FFFFFFFULL : static_cast<uint64_t>(static_cast<int64_t>(q - p)));
            if (i < l.windows.size()) {
                h = hashCombine(h, l.windows[i].full ? 1 : 2);
                h = mixWindow(mixWindow(h, l.windows[i].h), l.windows[i].w);
            }
        }
        offsets.clear();
        for (int s : net.succs(v))
            offsets.push_back(space.position(s) - p);
        std::sort(offsets.begin(), offsets.end());
        for (int o : offsets)
            h = hashCombine(h, static_cast<uint64_t>(static_cast<int64_t>(o)));
        m_sig[static_cast<size_t>(p)] = h;
    }
    std::vector<int> byS(static_cast<size_t>(m));
    for (int p = 0; p < m; ++p)
        byS[static_cast<size_t>(p)] = p;
    std::stable_sort(byS.begin(), byS.end(), [&](int x, int y) { return m_sig[static_cast<size_t>(x)] < m_sig[static_cast<size_t>(y)]; });
    m_bucketOf.assign(static_cast<size_t>(m), -1);
    for (int i = 0; i < m; ++i) {
        const int p = byS[static_cast<size_t>(i)];
        if (i == 0 || m_sig[static_cast<size_t>(p)] != m_sig[static_cast<size_t>(byS[static_cast<size_t>(i - 1)])])
            m_buckets.emplace_back();
        m_buckets.back().push_back(p); // ascending: stable sort of ascending positions
        m_bucketOf[static_cast<size_t>(p)] = static_cast<int>(m_buckets.size()) - 1;
    }
}

void Operators::matchingShifts(const std::vector<int> &positions, std::vector<int> &shifts) const
{
    shifts.clear();
    if (positions.empty())
        return;
    const int m = static_cast<int>(m_sig.size());
    const int p0 = positions.front();
    for (int q : m_buckets[static_cast<size_t>(m_bucketOf[static_cast<size_t>(p0)])]) {
        const int shift = q - p0;
        if (shift == 0 || positions.back() + shift >= m || positions.front() + shift < 0)
            continue;
        bool ok = true;
        for (int p : positions)
            if (m_sig[static_cast<size_t>(p + shift)] != m_sig[static_cast<size_t>(p)]) {
                ok = false;
                break;
            }
        if (ok)
            shifts.push_back(shift);
    }
}

void Operators::labelPositions(const Genome &g, std::vector<std::vector<int>> &at) const
{
    at.assign(static_cast<size_t>(std::max(g.groups, 0)), {});
    const auto &order = m_space.order();
    for (size_t p = 0; p < order.size(); ++p) {
        const int l = g.label[static_cast<size_t>(order[p])];
        if (l >= 0 && l < g.groups)
            at[static_cast<size_t>(l)].push_back(static_cast<int>(p));
    }
}

void Operators::runPositions(const std::vector<std::vector<int>> &at, int first, int count, std::vector<int> &positions)
{
    positions.clear();
    for (int l = first; l < first + count; ++l)
        positions.insert(positions.end(), at[static_cast<size_t>(l)].begin(), at[static_cast<size_t>(l)].end());
    std::sort(positions.begin(), positions.end());
}

void Operators::applyShift(const Genome &src, Genome &dst, const std::vector<int> &positions, int shift, int first) const
{
    const auto &order = m_space.order();
    dst = src;
    const int base = freshLabel(src);
    for (int p : positions)
        dst.label[static_cast<size_t>(order[static_cast<size_t>(p + shift)])] = base + src.label[static_cast<size_t>(order[static_cast<size_t>(p)])] - first;
    dst.grow = false;
}

bool Operators::transplant(Genome &g, Rng &rng) const
{
    if (g.groups <= 1)
        return false;
    const int count = uniformInt(rng, 1, std::min(3, g.groups));
    const int first = uniformInt(rng, 0, g.groups - count);
    std::vector<std::vector<int>> at;
    std::vector<int> positions, shifts;
    labelPositions(g, at);
    runPositions(at, first, count, positions);
    matchingShifts(positions, shifts);
    if (shifts.empty())
        return false;
    const int shift = shifts[static_cast<size_t>(uniformInt(rng, 0, static_cast<int>(shifts.size()) - 1))];
    const Genome src = g;
    applyShift(src, g, positions, shift, first);
    return !(g == src);
}

void Operators::transplantNeighbours(const Genome &g, std::vector<Genome> &out, size_t cap) const
{
    std::vector<std::tuple<int, int, int>> moves; // first, count, shift
    std::vector<std::vector<int>> at;
    std::vector<int> positions, shifts;
    labelPositions(g, at);
    for (int count = 1; count <= 2; ++count)
        for (int first = 0; first + count <= g.groups; ++first) {
            runPositions(at, first, count, positions);
            matchingShifts(positions, shifts);
            for (int s : shifts)
                moves.emplace_back(first, count, s);
        }
    if (moves.empty() || cap == 0)
        return;
    const size_t take = std::min(cap, moves.size());
    for (size_t k = 0; k < take; ++k) {
        const auto [first, count, shift] = moves[k * moves.size() / take];
        runPositions(at, first, count, positions);
        out.emplace_back();
        applyShift(g, out.back(), positions, shift, first);
    }
}

int Operators::freshLabel(const Genome &g) const
{
    int mx = 2 * static_cast<int>(g.label.size());
    for (int l : g.label)
        mx = std::max(mx, l + 1);
    return mx;
}

void Operators::randomGenome(Genome &g, double openProbability, Rng &rng) const
{
    const Network &net = m_space.network();
    g.label.assign(net.size(), -1);
    int next = 0;
    for (int v : m_space.order()) {
        const auto &preds = m_space.preds(v);
        if (preds.empty() || uniform01(rng) < openProbability) {
            g.label[static_cast<size_t>(v)] = next++;
        } else {
            const int u = preds[static_cast<size_t>(uniformInt(rng, 0, static_cast<int>(preds.size()) - 1))];
            g.label[static_cast<size_t>(v)] = g.label[static_cast<size_t>(u)];
        }
    }
    if (m_capFree) {
        g.cap0 = uniformInt(rng, 0, m_space.capCount0() - 1);
        g.cap1 = uniformInt(rng, 0, m_space.capCount1() - 1);
    }
}

void Operators::crossover(const Genome &a, const Genome &b, Genome &child, Rng &rng) const
{
    // Equivalent to copying each chosen subgraph eagerly, without member lists: a layer belongs
    // to the earliest copy made of one of its two parent subgraphs (copies are numbered in time);
    // a layer no copy reached starts a copy of its subgraph from a random parent.
    m_tmp.assign(static_cast<size_t>(std::max(a.groups, 1)), -1);  // a's subgraph -> child label
    m_tmp2.assign(static_cast<size_t>(std::max(b.groups, 1)), -1); // b's subgraph -> child label
    child.label.assign(a.label.size(), -1);
    int next = 0;
    for (int v : m_space.order()) {
        const size_t la = static_cast<size_t>(a.label[static_cast<size_t>(v)]);
        const size_t lb = static_cast<size_t>(b.label[static_cast<size_t>(v)]);
        const int ca = m_tmp[la], cb = m_tmp2[lb];
        int l;
        if (ca >= 0 && cb >= 0)
            l = std::min(ca, cb);
        else if (ca >= 0 || cb >= 0)
            l = std::max(ca, cb);
        else {
            l = next++;
            if (rng() & 1)
                m_tmp[la] = l;
            else
                m_tmp2[lb] = l;
        }
        child.label[static_cast<size_t>(v)] = l;
    }
    auto mean = [&](int x, int y) { return (x + y) / 2 + (((x + y) & 1) ? static_cast<int>(rng() & 1) : 0); };
    child.cap0 = m_capFree ? mean(a.cap0, b.cap0) : a.cap0;
    child.cap1 = m_capFree ? mean(a.cap1, b.cap1) : a.cap1;
}

bool Operators::mutate(Genome &g, Mutation kind, Rng &rng) const
{
    const auto &order = m_space.order();
    if (order.empty())
        return false;
    const int m = static_cast<int>(order.size());
    switch (kind) {
    case Mutation::MoveNode: {
        const int v = order[static_cast<size_t>(uniformInt(rng, 0, m - 1))];
        const int own = g.label[static_cast<size_t>(v)];
        m_tmp.clear();
        for (int u : m_space.preds(v))
            if (g.label[static_cast<size_t>(u)] != own)
                m_tmp.push_back(g.label[static_cast<size_t>(u)]);
        for (int u : m_space.succs(v))
            if (g.label[static_cast<size_t>(u)] != own)
                m_tmp.push_back(g.label[static_cast<size_t>(u)]);
        const int pick = uniformInt(rng, 0, static_cast<int>(m_tmp.size()));
        g.label[static_cast<size_t>(v)] = pick == static_cast<int>(m_tmp.size()) ? freshLabel(g) : m_tmp[static_cast<size_t>(pick)];
        return true;
    }
    case Mutation::Split: {
        for (int attempt = 0; attempt < 8; ++attempt) {
            const int v = order[static_cast<size_t>(uniformInt(rng, 0, m - 1))];
            const int own = g.label[static_cast<size_t>(v)];
            m_tmp.clear();
            for (int u : order)
                if (g.label[static_cast<size_t>(u)] == own)
                    m_tmp.push_back(u);
            if (m_tmp.size() < 2)
                continue;
            const int cut = uniformInt(rng, 1, static_cast<int>(m_tmp.size()) - 1);
            const int fresh = freshLabel(g);
            for (size_t i = static_cast<size_t>(cut); i < m_tmp.size(); ++i)
                g.label[static_cast<size_t>(m_tmp[i])] = fresh;
            return true;
        }
        return false;
    }
    case Mutation::Merge: {
        for (int attempt = 0; attempt < 16; ++attempt) {
            const int v = order[static_cast<size_t>(uniformInt(rng, 0, m - 1))];
            const int own = g.label[static_cast<size_t>(v)];
            m_tmp.clear();
            for (int u : m_space.preds(v))
                if (g.label[static_cast<size_t>(u)] != own)
                    m_tmp.push_back(u);
            for (int u : m_space.succs(v))
                if (g.label[static_cast<size_t>(u)] != own)
                    m_tmp.push_back(u);
            if (m_tmp.empty())
                continue;
            const int other = g.label[static_cast<size_t>(m_tmp[static_cast<size_t>(uniformInt(rng, 0, static_cast<int>(m_tmp.size()) - 1))])];
            if (rng() & 1) {
                mergeHull(g, own, other);
                return true;
            }
            for (int u : order)
                if (g.label[static_cast<size_t>(u)] == other)
                    g.label[static_cast<size_t>(u)] = own;
            return true;
        }
        return false;
    }
    case Mutation::Capacity: {
        if (!m_capFree)
            return false;
        auto step = [&](int cur, int count) {
            if (count <= 1)
                return cur;
            const double sigma = std::max(1.0, count / 8.0);
            int nv = cur;
            for (int tries = 0; tries < 4 && nv == cur; ++tries)
                nv = static_cast<int>(std::lround(cur + std::normal_distribution<double>(0.0, sigma)(rng)));
            return std::clamp(nv, 0, count - 1);
        };
        const int c0 = g.cap0, c1 = g.cap1;
        const int which = m_space.shared() ? 0 : uniformInt(rng, 0, 2); // A, W or both
        if (which != 1)
            g.cap0 = step(g.cap0, m_space.capCount0());
        if (which != 0)
            g.cap1 = step(g.cap1, m_space.capCount1());
        return g.cap0 != c0 || g.cap1 != c1;
    }
    }
    return false;
}

void Operators::mergeHull(Genome &g, int a, int b) const
{
    // Convex hull of the two subgraphs: layers that are both reachable from them and reach them.
    // Merging just the two would leave a path out and back in (rule 1), which repair would cut.
    const size_t n = g.label.size();
    m_tmp.assign(n, 0);
    m_tmp2.clear();
    for (int v : m_space.order())
        if (g.label[static_cast<size_t>(v)] == a || g.label[static_cast<size_t>(v)] == b) {
            m_tmp[static_cast<size_t>(v)] = 3;
            m_tmp2.push_back(v);
        }
    for (int bit : {1, 2}) {
        std::vector<int> stack = m_tmp2;
        while (!stack.empty()) {
            const int v = stack.back();
            stack.pop_back();
            for (int w : bit == 1 ? m_space.succs(v) : m_space.preds(v))
                if (!(m_tmp[static_cast<size_t>(w)] & bit)) {
                    m_tmp[static_cast<size_t>(w)] |= bit;
                    stack.push_back(w);
                }
        }
    }
    for (int v : m_space.order())
        if (m_tmp[static_cast<size_t>(v)] == 3)
            g.label[static_cast<size_t>(v)] = a;
}

void Operators::deepNeighbours(const Genome &g, std::vector<Genome> &out, std::vector<std::pair<int, int>> *touched) const
{
    const int k = g.groups;
    std::vector<std::vector<int>> members(static_cast<size_t>(std::max(k, 0)));
    for (int v : m_space.order()) {
        const int l = g.label[static_cast<size_t>(v)];
        if (l >= 0 && l < k)
            members[static_cast<size_t>(l)].push_back(v);
    }
    std::vector<int> joint;
    for (int l = 0; l + 2 < k; ++l) {
        joint.clear();
        for (int v : m_space.order()) {
            const int x = g.label[static_cast<size_t>(v)];
            if (x >= l && x <= l + 2)
                joint.push_back(v);
        }
        const size_t n = joint.size();
        const size_t a0 = members[static_cast<size_t>(l)].size(), b0 = a0 + members[static_cast<size_t>(l + 1)].size();
        // Long runs are sampled at a stride (about 24 cut points per run, a few hundred
        // neighbours per triple) and the whole neighbourhood is capped, so large subgraphs
        // (transformers) do not produce millions of candidates.
        const size_t stride = std::max<size_t>(1, n / 24);
        if (out.size() > 6000)
            break;
        for (size_t c1 = 1; c1 < n; c1 += stride)
            for (size_t c2 = c1; c2 < n; c2 += stride) { // c1 == c2: two subgraphs
                if (c1 == a0 && c2 == b0)
                    continue;
                Genome c = g;
                for (size_t i = 0; i < n; ++i)
                    c.label[static_cast<size_t>(joint[i])] = i < c1 ? l : i < c2 ? l + 1 : l + 2;
                out.push_back(std::move(c));
                if (touched)
                    touched->emplace_back(-1, -1);
            }
    }
    // Phase shifts: every boundary inside a run of 3 to 9 consecutive subgraphs moved by the same
    // one or two layers along the run's joint topological order. A chain of blocks cut with the
    // wrong phase (ResNet stages cut one layer into each block) changes phase this way; moving
    // one boundary at a time is uphill.
    std::vector<size_t> cuts;
    for (int l = 0; l + 2 < k; ++l)
        for (int r = l + 2; r < std::min(k, l + 9); ++r) {
            joint.clear();
            for (int v : m_space.order()) {
                const int x = g.label[static_cast<size_t>(v)];
                if (x >= l && x <= r)
                    joint.push_back(v);
            }
            cuts.clear();
            size_t at = 0;
            for (int x = l; x < r; ++x)
                cuts.push_back(at += members[static_cast<size_t>(x)].size());
            const size_t n = joint.size();
            for (int d : {-2, -1, 1, 2}) {
                if ((d < 0 && cuts.front() <= static_cast<size_t>(-d)) || (d > 0 && cuts.back() + static_cast<size_t>(d) >= n))
                    continue;
                Genome c = g;
                size_t part = 0;
                for (size_t i = 0; i < n; ++i) {
                    while (part < cuts.size() && static_cast<long>(i) >= static_cast<long>(cuts[part]) + d)
                        ++part;
                    c.label[static_cast<size_t>(joint[i])] = l + static_cast<int>(part);
                }
                out.push_back(std::move(c));
                if (touched)
                    touched->emplace_back(-1, -1);
            }
        }
}

void Operators::neighbours(const Genome &g, std::vector<Genome> &out, std::vector<std::pair<int, int>> *touched) const
{
    auto add = [&](Genome &&c, int a, int b) {
        out.push_back(std::move(c));
        if (touched)
            touched->emplace_back(std::min(a, b), std::max(a, b));
    };
    std::vector<std::pair<int, int>> pairs;
    for (int v : m_space.order())
        for (int u : m_space.preds(v)) {
            const int a = g.label[static_cast<size_t>(u)], b = g.label[static_cast<size_t>(v)];
            if (a != b)
                pairs.emplace_back(std::min(a, b), std::max(a, b));
        }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    for (const auto &pr : pairs) {
        Genome c = g;
        mergeHull(c, pr.first, pr.second);
        add(std::move(c), pr.first, pr.second);
    }
    std::vector<std::pair<int, int>> moves; // (layer, target label)
    for (int v : m_space.order()) {
        const int own = g.label[static_cast<size_t>(v)];
        for (int u : m_space.preds(v))
            if (g.label[static_cast<size_t>(u)] != own)
                moves.emplace_back(v, g.label[static_cast<size_t>(u)]);
        for (int u : m_space.succs(v))
            if (g.label[static_cast<size_t>(u)] != own)
                moves.emplace_back(v, g.label[static_cast<size_t>(u)]);
    }
    std::sort(moves.begin(), moves.end());
    moves.erase(std::unique(moves.begin(), moves.end()), moves.end());
    for (const auto &mv : moves) {
        Genome c = g;
        c.label[static_cast<size_t>(mv.first)] = mv.second;
        add(std::move(c), g.label[static_cast<size_t>(mv.first)], mv.second);
    }
    // Boundary layers alone in a new subgraph.
    const int fresh = freshLabel(g);
    for (size_t i = 0; i < moves.size(); ++i) {
        if (i > 0 && moves[i].first == moves[i - 1].first)
            continue;
        const int v = moves[i].first;
        const int own = g.label[static_cast<size_t>(v)];
        Genome c = g;
        c.label[static_cast<size_t>(v)] = fresh;
        add(std::move(c), own, own);
    }
    // Re-cuts of consecutive, adjacent subgraphs (l, l + 1).
    std::vector<int> joint;
    for (const auto &pr : pairs) {
        if (pr.second != pr.first + 1)
            continue;
        joint.clear();
        int current = 0;
        for (int v : m_space.order()) {
            const int l = g.label[static_cast<size_t>(v)];
            if (l == pr.first || l == pr.second) {
                joint.push_back(v);
                if (l == pr.first)
                    current = static_cast<int>(joint.size());
            }
        }
        for (size_t cut = 1; cut < joint.size(); ++cut) {
            if (static_cast<int>(cut) == current)
                continue;
            Genome c = g;
            for (size_t i = 0; i < joint.size(); ++i)
                c.label[static_cast<size_t>(joint[i])] = i < cut ? pr.first : pr.second;
            add(std::move(c), pr.first, pr.second);
        }
    }
}

} // namespace cocco
