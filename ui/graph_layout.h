// Layered top-down layout of a network graph (Graphviz dot), as plain geometry that tests check
// without rendering. computeGraphLayout() is safe to call from any thread: dot itself is not
// re-entrant, so calls are serialised by a global mutex.
#pragma once

#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>

#include <utility>
#include <vector>

namespace cocco {
class Network;
}

namespace ui {

// What the layout needs, copied by value so the job can run off the GUI thread.
struct GraphLayoutInput {
    std::vector<QSizeF> nodeSizes;          // drawn size of node i in scene units (1 unit = 1 pt)
    std::vector<std::pair<int, int>> edges; // producer -> consumer
    double rankSep = 28;                    // vertical gap between ranks, scene units
    double nodeSep = 14;                    // horizontal gap between nodes of one rank
    // Route edges as polylines around nodes (dot's splines=polyline) up to this many nodes;
    // larger graphs get straight edges (splines=false), which keeps them within the time bound.
    int maxRoutedNodes = 500;
};

struct GraphLayout {
    std::vector<QRectF> nodes;              // node i's rectangle; y grows downwards (inputs on top)
    std::vector<std::pair<int, int>> edges; // as in the input
    // Per edge the routed polyline from producer to consumer (empty: draw edgeLine()).
    std::vector<std::vector<QPointF>> edgePaths;
    QRectF bounds;                          // union of all node rectangles
    double seconds = 0;                     // wall time of the dot call
    QString error;                          // non-empty when Graphviz failed (nodes then empty)
    bool ok() const { return error.isEmpty(); }
    // Start and end points of an edge: bottom centre of the producer, top centre of the consumer.
    std::pair<QPointF, QPointF> edgeLine(size_t e) const;
};

// Nodes and edges of `net`; node sizes come from the caller (they depend on the font).
GraphLayoutInput layoutInputFor(const cocco::Network &net, const std::vector<QSizeF> &nodeSizes);

// Runs dot with bounded effort (nslimit=1, nslimit1=1, mclimit=0.1; polyline edges only up to
// maxRoutedNodes, straight beyond): a 1,000-node graph lays out in well under a second.
GraphLayout computeGraphLayout(const GraphLayoutInput &input);

} // namespace ui
