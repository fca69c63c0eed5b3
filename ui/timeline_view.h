// Schedule timeline (a dock, like Stream's schedule and memory-usage plots): x = time; on top one
// bar per subgraph in execution order, its length the latency, with lanes for its compute, DRAM
// and crossbar (NoC) time and the bounding one drawn solid; below, one core's buffer occupancy
// (activations and weights) as a step plot against the per-core capacity lines. Hover shows a
// subgraph's numbers; a click selects it (the state's one selection, shared with the graph and
// the occupancy view). Follows every cost change (design, sliders, Pareto clicks).
#pragma once

#include "timeline_geometry.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QWidget>

class QCPTextElement;
class QCustomPlot;
class QMouseEvent;
class QTimer;

namespace ui {

class WorkbenchState;

class TimelineView : public QWidget {
    Q_OBJECT
public:
    explicit TimelineView(WorkbenchState *state, QWidget *parent = nullptr);
    ~TimelineView() override;

    // Every figure this widget owns, for export: name (file stem) -> plot.
    QList<QPair<QString, QCustomPlot *>> figures() const;
    QCustomPlot *schedulePlot() const { return m_schedule; }
    QCustomPlot *memoryPlot() const { return m_memory; }
    const TimelineLayout &layout() const { return m_layout; }
    // Redraws now (normally coalesced on a ~40 ms timer).
    void rebuildNow();
    // Selects the subgraph running at the time under `pixel` of either plot; false if none.
    bool selectAt(QCustomPlot *plot, const QPointF &pixel);
    // The hover text for the subgraph at `group` (what the tooltip shows).
    QString describe(int group) const;

private:
    void scheduleRebuild();
    void rebuild();
    void drawSchedule();
    void drawMemory();
    void onMouseMove(QCustomPlot *plot, QMouseEvent *event);
    void onMouseRelease(QCustomPlot *plot, QMouseEvent *event);

    WorkbenchState *m_state;
    QCustomPlot *m_schedule;
    QCustomPlot *m_memory;
    QCPTextElement *m_memoryNote = nullptr; // right of the memory plot's legend: how many cores have these buffers
    QTimer *m_rebuildTimer;
    TimelineLayout m_layout;
};

} // namespace ui
