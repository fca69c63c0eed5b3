#include "tiling.h"

#include <algorithm>
#include <numeric>

namespace cocco {

TilingOptions TilingOptions::from(const HardwareConfig &hw)
{
    TilingOptions o;
    o.tileRows = hw.tileRows;
    o.tileCols = hw.tileCols;
    o.channelAlign = hw.channelAlign;
    o.elementBytes = hw.elementBytes;
    return o;
}

const TileNode *SubgraphTiling::node(int layer) const
{
    for (const TileNode &n : nodes)
        if (n.layer == layer)
            return &n;
    return nullptr;
}

TilingEngine::TilingEngine(const Network &net, const TilingOptions &opt) : m_net(net), m_opt(opt)
{
    const size_t n = net.size();
    m_outStart.assign(n + 1, 0);
    m_tensorBytes.assign(n, 0);
    m_paddedRowBytes.assign(n, 0);
    const int64_t align = std::max(1, opt.channelAlign);
    for (size_t i = 0; i < n; ++i) {
        const Shape &s = net.layer(static_cast<int>(i)).out;
        m_tensorBytes[i] = s.c * s.h * s.w * opt.elementBytes;
        m_paddedRowBytes[i] = (s.c + align - 1) / align * align * opt.elementBytes;
    }
    // Edges grouped by producer; a tensor read twice by one consumer (x*x) gives two edges, which is
    // harmless: the same window counted twice changes neither lcm nor max.
    for (size_t v = 0; v < n; ++v)
        for (int u : net.layer(static_cast<int>(v)).inputs)
            ++m_outStart[static_cast<size_t>(u) + 1];
    for (size_t i = 0; i < n; ++i)
        m_outStart[i + 1] += m_outStart[i];
    m_out.assign(static_cast<size_t>(m_outStart[n]), {});
    std::vector<int> fill(m_outStart.begin(), m_outStart.end() - 1);
    m_inStart.assign(n + 1, 0);
    for (size_t v = 0; v < n; ++v) {
        const Layer &l = net.layer(static_cast<int>(v));
        m_inStart[v + 1] = m_inStart[v] + static_cast<int>(l.inputs.size());
        for (size_t k = 0; k < l.inputs.size(); ++k) {
            const WindowRelation &w = l.windows[k];
            const int u = l.inputs[k];
            Edge e;
            e.v = static_cast<int>(v);
            e.full = w.full;
            e.fh = w.h.effectiveKernel();
            e.sh = w.h.stride;
            e.uph = w.h.upsample;
            e.fw = w.w.effectiveKernel();
            e.sw = w.w.stride;
            e.upw = w.w.upsample;
            const int slot = fill[static_cast<size_t>(u)]++;
            m_out[static_cast<size_t>(slot)] = e;
            m_inEdge.push_back(slot);
            m_inProducer.push_back(u);
        }
    }
}

namespace {

struct DimState {
    int64_t delta = 0, x = 0;
    int64_t num = 0, den = 0; // update count as a fraction while solving
};

struct NodeState {
    int layer = -1;
    int topo = 0;
    bool member = false;
    bool hasConsumer = false;
    int64_t halo = 0;
    DimState d[2];
    int uf = 0; // union-find parent (connectivity of members)
};

struct Scratch {
    std::vector<uint32_t> stamp;
    std::vector<int> local;
    uint32_t epoch = 0;
    std::vector<NodeState> nodes;
    std::vector<int> queue;
    std::vector<int> component;
};

thread_local Scratch t_scratch;

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

int findRoot(std::vector<NodeState> &nodes, int i)
{
    while (nodes[static_cast<size_t>(i)].uf != i) {
        nodes[static_cast<size_t>(i)].uf = nodes[static_cast<size_t>(nodes[static_cast<size_t>(i)].uf)].uf;
        i = nodes[static_cast<size_t>(i)].uf;
    }
    return i;
}

bool mulOk(int64_t a, int64_t b, int64_t *out) { return !__builtin_mul_overflow(a, b, out); }

} // namespace

TilingSums TilingEngine::run(const int *layers, size_t count, std::vector<TileNode> *detail) const
{
    TilingSums sums;
    Scratch &sc = t_scratch;
    const size_t n = m_net.size();
    if (sc.stamp.size() < n) {
        sc.stamp.assign(n, 0);
        sc.local.assign(n, -1);
        sc.epoch = 0;
    }
    if (++sc.epoch == 0) { // wrapped: old stamps could alias the new epoch
        std::fill(sc.stamp.begin(), sc.stamp.end(), 0u);
        sc.epoch = 1;
    }
    const uint32_t ep = sc.epoch;
    auto &nodes = sc.nodes;
    nodes.clear();
    auto held = [&](int u) { return sc.stamp[static_cast<size_t>(u)] == ep; };
    for (size_t i = 0; i < count; ++i) {
        const int v = layers[i];
        sc.stamp[static_cast<size_t>(v)] = ep;
        NodeState ns;
        ns.layer = v;
        ns.topo = m_net.topoIndex(v);
        ns.member = true;
        nodes.push_back(ns);
    }
    for (size_t i = 0; i < count; ++i) {
        const int v = layers[i];
        for (int u : m_net.preds(v))
            if (!held(u)) {
                sc.stamp[static_cast<size_t>(u)] = ep;
                NodeState ns;
                ns.layer = u;
                ns.topo = m_net.topoIndex(u);
                nodes.push_back(ns);
                sums.inputBytes += m_tensorBytes[static_cast<size_t>(u)];
            }
    }
    std::sort(nodes.begin(), nodes.end(), [](const NodeState &a, const NodeState &b) { return a.topo < b.topo; });
    const int nn = static_cast<int>(nodes.size());
    for (int i = 0; i < nn; ++i) {
        sc.local[static_cast<size_t>(nodes[static_cast<size_t>(i)].layer)] = i;
        nodes[static_cast<size_t>(i)].uf = i;
    }
    auto isMember = [&](int u) { return held(u) && nodes[static_cast<size_t>(sc.local[static_cast<size_t>(u)])].member; };

    // Backward pass (reverse topological order): Δ and x per dimension.
    for (int i = nn - 1; i >= 0; --i) {
        NodeState &u = nodes[static_cast<size_t>(i)];
        const Shape &shape = m_net.layer(u.layer).out;
        const int64_t extent[2] = {shape.h, shape.w};
        bool anyFull = false, anySliding = false;
        int64_t lcmv[2] = {1, 1};
        const Edge *begin = m_out.data() + m_outStart[static_cast<size_t>(u.layer)];
        const Edge *end = m_out.data() + m_outStart[static_cast<size_t>(u.layer) + 1];
        bool consumerOutside = false;
        for (const Edge *e = begin; e != end; ++e) {
            if (!isMember(e->v)) {
                consumerOutside = true;
                continue;
            }
            u.hasConsumer = true;
            if (e->full) {
                anyFull = true;
                continue;
            }
            anySliding = true;
            u.halo = std::max<int64_t>(u.halo, e->fh - e->sh);
            const NodeState &v = nodes[static_cast<size_t>(sc.local[static_cast<size_t>(e->v)])];
            const int s[2] = {e->sh, e->sw}, up[2] = {e->uph, e->upw};
            for (int d = 0; d < 2; ++d) {
                const int64_t a = std::max<int64_t>(1, ceilDiv(v.d[d].delta * s[d], up[d]));
                lcmv[d] = std::min(std::lcm(lcmv[d], a), extent[d]);
            }
        }
        if (u.member && (consumerOutside || m_net.isOutput(u.layer)))
            sums.outputBytes += m_tensorBytes[static_cast<size_t>(u.layer)];
        for (int d = 0; d < 2; ++d) {
            DimState &ds = u.d[d];
            if (!u.hasConsumer) {
                const int t = d == 0 ? m_opt.tileRows : m_opt.tileCols;
                ds.delta = ds.x = t <= 0 ? extent[d] : std::min<int64_t>(t, extent[d]);
            } else if (!anySliding) {
                ds.delta = ds.x = extent[d];
            } else {
                ds.delta = lcmv[d];
                if (anyFull) {
                    ds.x = extent[d];
                } else {
                    int64_t x = 0;
                    for (const Edge *e = begin; e != end; ++e) {
                        if (e->full || !isMember(e->v))
                            continue;
                        const int64_t s = d == 0 ? e->sh : e->sw, up = d == 0 ? e->uph : e->upw;
                        const int64_t f = d == 0 ? e->fh : e->fw;
                        const int64_t outs = ceilDiv(ds.delta * up, s);     // consumer outputs per Δ(u)
                        x = std::max(x, f + (ceilDiv(outs, up) - 1) * s); // f_v(n)
                    }
                    ds.x = std::min(x, extent[d]);
                }
            }
        }
        const int64_t rowBytes = m_paddedRowBytes[static_cast<size_t>(u.layer)];
        const int64_t main = rowBytes * u.d[0].x * u.d[1].x;
        const int64_t side = u.hasConsumer && u.d[1].x < extent[1] ? rowBytes * u.halo * (extent[1] - u.d[1].x) : 0;
        sums.mainBytes += main;
        sums.sideBytes += side;
        if (u.member && u.hasConsumer)
            sums.internalBytes += m_tensorBytes[static_cast<size_t>(u.layer)];
        if (u.member && !u.hasConsumer) {
            sums.outputTileBytes += main;
            sums.outputTiles.push_back({shape.c, u.d[0].x * u.d[1].x * m_opt.elementBytes});
        }
    }

    // Connectivity of the members (rule 2).
    int components = static_cast<int>(count);
    for (int i = 0; i < nn; ++i) {
        const NodeState &v = nodes[static_cast<size_t>(i)];
        if (!v.member)
            continue;
        for (int u : m_net.preds(v.layer))
            if (isMember(u)) {
                const int a = findRoot(nodes, i), b = findRoot(nodes, sc.local[static_cast<size_t>(u)]);
                if (a != b) {
                    nodes[static_cast<size_t>(a)].uf = b;
                    --components;
                }
            }
    }
    sums.connected = components <= 1;

    // Update counts: upd(v)·a_v = upd(u)·Δ(u) on every sliding edge inside S, solved per weakly
    // connected component of those edges as fractions, then scaled to the smallest co-prime integers.
    for (int d = 0; d < 2; ++d) {
        for (NodeState &ns : nodes)
            ns.d[d].den = 0;
        for (int start = 0; start < nn; ++start) {
            if (nodes[static_cast<size_t>(start)].d[d].den != 0)
                continue;
            sc.queue.clear();
            sc.component.clear();
            nodes[static_cast<size_t>(start)].d[d].num = 1;
            nodes[static_cast<size_t>(start)].d[d].den = 1;
            sc.queue.push_back(start);
            bool overflow = false;
            for (size_t qi = 0; qi < sc.queue.size(); ++qi) {
                const int i = sc.queue[qi];
                sc.component.push_back(i);
                const NodeState &u = nodes[static_cast<size_t>(i)];
                auto relax = [&](int j, int64_t mulNum, int64_t mulDen) {
                    DimState &t = nodes[static_cast<size_t>(j)].d[d];
                    if (t.den != 0)
                        return;
                    const DimState &su = nodes[static_cast<size_t>(i)].d[d];
                    int64_t a = 0, b = 0;
                    if (!mulOk(su.num, mulNum, &a) || !mulOk(su.den, mulDen, &b)) {
                        overflow = true;
                        a = b = 1;
                    }
                    const int64_t g = std::gcd(a, b);
                    t.num = a / g;
                    t.den = b / g;
                    sc.queue.push_back(j);
                };
                const Edge *begin = m_out.data() + m_outStart[static_cast<size_t>(u.layer)];
                const Edge *end = m_out.data() + m_outStart[static_cast<size_t>(u.layer) + 1];
                for (const Edge *e = begin; e != end; ++e) {
                    if (e->full || !isMember(e->v))
                        continue;
                    const int j = sc.local[static_cast<size_t>(e->v)];
                    const int64_t s = d == 0 ? e->sh : e->sw, up = d == 0 ? e->uph : e->upw;
                    const int64_t a = std::max<int64_t>(1, ceilDiv(nodes[static_cast<size_t>(j)].d[d].delta * s, up));
                    relax(j, u.d[d].delta, a); // upd(v) = upd(u)·Δ(u)/a_v
                }
                if (u.member) {
                    const int lb = m_inStart[static_cast<size_t>(u.layer)], le = m_inStart[static_cast<size_t>(u.layer) + 1];
                    for (int k = lb; k < le; ++k) {
                        const Edge &e = m_out[static_cast<size_t>(m_inEdge[static_cast<size_t>(k)])];
                        if (e.full)
                            continue;
                        const int j = sc.local[static_cast<size_t>(m_inProducer[static_cast<size_t>(k)])];
                        const int64_t s = d == 0 ? e.sh : e.sw, up = d == 0 ? e.uph : e.upw;
                        const int64_t a = std::max<int64_t>(1, ceilDiv(u.d[d].delta * s, up));
                        relax(j, a, nodes[static_cast<size_t>(j)].d[d].delta); // upd(p) = upd(v)·a_v/Δ(p)
                    }
                }
            }
            int64_t l = 1;
            for (int i : sc.component) {
                const int64_t den = nodes[static_cast<size_t>(i)].d[d].den;
                int64_t next = 0;
                if (!mulOk(l / std::gcd(l, den), den, &next) || next > (int64_t(1) << 40)) {
                    overflow = true;
                    break;
                }
                l = next;
            }
            int64_t g = 0;
            for (int i : sc.component) {
                DimState &ds = nodes[static_cast<size_t>(i)].d[d];
                ds.num = overflow ? 1 : ds.num * (l / ds.den);
                g = std::gcd(g, ds.num);
            }
            for (int i : sc.component)
                nodes[static_cast<size_t>(i)].d[d].num /= std::max<int64_t>(1, g);
        }
    }
    for (const NodeState &ns : nodes) {
        if (!ns.member || ns.hasConsumer)
            continue;
        const Shape &shape = m_net.layer(ns.layer).out;
        const int64_t ops = ceilDiv(shape.h, ns.d[0].num * ns.d[0].delta) * ceilDiv(shape.w, ns.d[1].num * ns.d[1].delta);
        sums.elementaryOps = std::max(sums.elementaryOps, ops);
    }

    if (detail) {
        detail->clear();
        for (const NodeState &ns : nodes) {
            TileNode t;
            t.layer = ns.layer;
            t.external = !ns.member;
            t.output = ns.member && !ns.hasConsumer;
            t.h = {ns.d[0].delta, ns.d[0].x, ns.d[0].num};
            t.w = {ns.d[1].delta, ns.d[1].x, ns.d[1].num};
            t.haloRows = ns.halo;
            const int64_t rowBytes = m_paddedRowBytes[static_cast<size_t>(ns.layer)];
            const int64_t width = m_net.layer(ns.layer).out.w;
            t.mainBytes = rowBytes * t.h.x * t.w.x;
            t.sideBytes = ns.hasConsumer && t.w.x < width ? rowBytes * ns.halo * (width - t.w.x) : 0;
            detail->push_back(t);
        }
    }
    return sums;
}

SubgraphTiling deriveTiling(const Network &net, const std::vector<int> &layers, const TilingOptions &opt)
{
    std::vector<int> sorted = layers;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    TilingEngine engine(net, opt);
    SubgraphTiling t;
    const TilingSums s = engine.run(sorted.data(), sorted.size(), &t.nodes);
    t.mainBytes = s.mainBytes;
    t.sideBytes = s.sideBytes;
    t.elementaryOps = s.elementaryOps;
    return t;
}

} // namespace cocco
