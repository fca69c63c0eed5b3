// Buffer occupancy: per subgraph, stacked bars of MAIN / SIDE activations and weights (KiB)
// against the capacity line(s) (A and W in separate mode, S in shared mode); colours from the
// subgraph palette, parts told apart by shade and hatching; spilling subgraphs marked. Clicking a
// bar selects the subgraph, whose per-node breakdown (from core's tiling) is the second plot.
#pragma once

#include "occupancy_geometry.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QWidget>

#include <vector>

class QCustomPlot;
class QMouseEvent;
class QTimer;

namespace ui {

class WorkbenchState;

class OccupancyView : public QWidget {
    Q_OBJECT
public:
    explicit OccupancyView(WorkbenchState *state, QWidget *parent = nullptr);
    ~OccupancyView() override;

    // Every figure this widget owns, for export: name (file stem) -> plot.
    QList<QPair<QString, QCustomPlot *>> figures() const;

    QCustomPlot *subgraphPlot() const { return m_plot; }
    QCustomPlot *nodePlot() const { return m_nodePlot; }
    // Redraws now (normally coalesced on a ~40 ms timer).
    void rebuildNow();
    // Bars drawn on each plot (non-zero parts), for tests.
    int subgraphBarCount() const { return static_cast<int>(m_layout.bars.size()); }
    int nodeBarCount() const { return static_cast<int>(m_nodeLayout.bars.size()); }
    const OccupancyLayout &subgraphLayout() const { return m_layout; }
    const OccupancyLayout &nodeLayout() const { return m_nodeLayout; }
    // Per-node inputs of the selected subgraph (from core's tiling; empty when none selected).
    const std::vector<OccupancyInput> &nodeInputs() const { return m_nodeInputs; }
    // Selects the subgraph whose bar group is under `pixel` of the subgraph plot; false if none.
    bool selectAt(const QPointF &pixel);

private:
    void scheduleRebuild();
    void rebuild();
    void drawSubgraphs();
    void drawNodes();
    void onMouseRelease(QMouseEvent *event);

    WorkbenchState *m_state;
    QCustomPlot *m_plot;
    QCustomPlot *m_nodePlot;
    QTimer *m_rebuildTimer;
    OccupancyLayout m_layout, m_nodeLayout;
    std::vector<OccupancyInput> m_nodeInputs;
};

} // namespace ui
