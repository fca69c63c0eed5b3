#include "graph_layout.h"

#include "model/network.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <chrono>
#include <mutex>
#include <string>

namespace ui {

namespace {
// dot keeps global state (and so does the plugin registry): one layout at a time, one context for
// the whole process.
std::mutex &dotMutex()
{
    static std::mutex m;
    return m;
}

GVC_t *dotContext()
{
    static GVC_t *gvc = gvContext();
    return gvc;
}

// cgraph's API predates const; the strings are only read.
char *cs(const char *s) { return const_cast<char *>(s); }

std::string inches(double points) { return std::to_string(points / 72.0); }
} // namespace

std::pair<QPointF, QPointF> GraphLayout::edgeLine(size_t e) const
{
    const QRectF &a = nodes[static_cast<size_t>(edges[e].first)];
    const QRectF &b = nodes[static_cast<size_t>(edges[e].second)];
    return {QPointF(a.center().x(), a.bottom()), QPointF(b.center().x(), b.top())};
}

GraphLayoutInput layoutInputFor(const cocco::Network &net, const std::vector<QSizeF> &nodeSizes)
{
    GraphLayoutInput in;
    in.nodeSizes = nodeSizes;
    in.nodeSizes.resize(net.size(), QSizeF(80, 30));
    for (int v = 0; v < static_cast<int>(net.size()); ++v)
        for (int u : net.preds(v))
            in.edges.emplace_back(u, v);
    return in;
}

GraphLayout computeGraphLayout(const GraphLayoutInput &input)
{
    GraphLayout out;
    out.edges = input.edges;
    const size_t n = input.nodeSizes.size();
    if (n == 0)
        return out;

    std::lock_guard<std::mutex> lock(dotMutex());
    const auto t0 = std::chrono::steady_clock::now();
    GVC_t *gvc = dotContext();
    Agraph_t *g = agopen(cs("g"), Agdirected, nullptr);
    if (!g) {
        out.error = QStringLiteral("Graphviz could not create a graph");
        return out;
    }
    const bool route = static_cast<int>(n) <= input.maxRoutedNodes;
    agattr(g, AGRAPH, cs("splines"), cs(route ? "polyline" : "false"));
    agattr(g, AGRAPH, cs("nslimit"), cs("1"));
    agattr(g, AGRAPH, cs("nslimit1"), cs("1"));
    agattr(g, AGRAPH, cs("mclimit"), cs("0.1"));
    agattr(g, AGRAPH, cs("ranksep"), cs(inches(input.rankSep).c_str()));
    agattr(g, AGRAPH, cs("nodesep"), cs(inches(input.nodeSep).c_str()));
    agattr(g, AGNODE, cs("shape"), cs("box"));
    agattr(g, AGNODE, cs("fixedsize"), cs("true"));
    agattr(g, AGNODE, cs("label"), cs("")); // sizes are given; no text layout needed
    Agsym_t *wSym = agattr(g, AGNODE, cs("width"), cs("1"));
    Agsym_t *hSym = agattr(g, AGNODE, cs("height"), cs("0.5"));

    std::vector<Agnode_t *> nodes(n, nullptr);
    for (size_t i = 0; i < n; ++i) {
        const std::string name = "n" + std::to_string(i);
        nodes[i] = agnode(g, cs(name.c_str()), 1);
        agxset(nodes[i], wSym, cs(inches(input.nodeSizes[i].width()).c_str()));
        agxset(nodes[i], hSym, cs(inches(input.nodeSizes[i].height()).c_str()));
    }
    std::vector<Agedge_t *> edges(input.edges.size(), nullptr);
    for (size_t i = 0; i < input.edges.size(); ++i) {
        const auto &e = input.edges[i];
        if (e.first < 0 || e.second < 0 || size_t(e.first) >= n || size_t(e.second) >= n)
            continue;
        // Parallel edges (an op reading one tensor twice) share one graph edge.
        edges[i] = agedge(g, nodes[size_t(e.first)], nodes[size_t(e.second)], nullptr, 1);
    }

    if (gvLayout(gvc, g, "dot") != 0) {
        agclose(g);
        out.error = QStringLiteral("Graphviz dot layout failed");
        return out;
    }
    const boxf bb = GD_bb(g);
    out.nodes.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const pointf c = ND_coord(nodes[i]);
        const QSizeF s = input.nodeSizes[i];
        // dot's y axis points up; the scene's points down.
        const double x = c.x - bb.LL.x;
        const double y = bb.UR.y - c.y;
        out.nodes[i] = QRectF(x - s.width() / 2, y - s.height() / 2, s.width(), s.height());
        out.bounds = i == 0 ? out.nodes[i] : out.bounds.united(out.nodes[i]);
    }
    if (route) {
        out.edgePaths.resize(edges.size());
        for (size_t i = 0; i < edges.size(); ++i) {
            const splines *spl = edges[i] ? ED_spl(edges[i]) : nullptr;
            if (!spl || spl->size < 1 || spl->list[0].size < 2)
                continue;
            // A polyline comes back as a piecewise Bezier with collinear control points: joining
            // every point draws the polyline. The end point sits on the node border; the arrow
            // tip (ep) is where the edge meets the consumer.
            const bezier &bz = spl->list[0];
            std::vector<QPointF> &path = out.edgePaths[i];
            auto flip = [&](pointf p) { return QPointF(p.x - bb.LL.x, bb.UR.y - p.y); };
            if (bz.sflag)
                path.push_back(flip(bz.sp));
            for (int k = 0; k < bz.size; k += 3)
                path.push_back(flip(bz.list[k]));
            if (bz.eflag)
                path.push_back(flip(bz.ep));
        }
    }
    gvFreeLayout(gvc, g);
    agclose(g);
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
}

} // namespace ui
