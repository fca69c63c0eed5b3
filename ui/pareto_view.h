// Pareto fronts: memory (buffer KiB) against energy (µJ) and against bandwidth (GB/s, average or
// peak). Per result: its archive points faint, its non-dominated front as a step line in the
// algorithm's colour; the α iso-cost line through the best design; the current design ringed.
// Clicking near a point (within a few pixels) loads that design into every view.
#pragma once

#include "search/search.h"

#include <QList>
#include <QPair>
#include <QPointF>
#include <QString>
#include <QWidget>

#include <vector>

class QComboBox;
class QCustomPlot;
class QCPGraph;
class QTimer;
class QMouseEvent;

namespace ui {

class WorkbenchState;

class ParetoView : public QWidget {
    Q_OBJECT
public:
    explicit ParetoView(WorkbenchState *state, QWidget *parent = nullptr);
    ~ParetoView() override;

    // Every figure this widget owns, for export: name (file stem) -> plot.
    QList<QPair<QString, QCustomPlot *>> figures() const;

    QCustomPlot *energyPlot() const { return m_energyPlot; }
    QCustomPlot *bandwidthPlot() const { return m_bwPlot; }
    void setPeakBandwidth(bool peak);
    bool peakBandwidth() const;
    // Redraws now (normally coalesced on a ~40 ms timer).
    void rebuildNow();

    // The point of `plot` nearest to `pixel` within `tolerance` pixels: loads its design into the
    // state and returns true; false (and nothing changes) when no point is that close.
    bool selectNearest(QCustomPlot *plot, const QPointF &pixel, double tolerance = 8.0);
    // Loads point `point` of result `result` (index into state->results(); point -1 = its best).
    bool loadPoint(int result, int point);
    // Data coordinates of a point on `plot` (for tests and the click handler).
    QPointF pointCoords(QCustomPlot *plot, int result, int point) const;

    // Number of points drawn faint / on fronts over all results (for tests).
    int archivePointCount() const { return m_archivePoints; }
    int frontPointCount(QCustomPlot *plot) const;

private:
    void scheduleRebuild();
    void rebuild();
    void onMarkerChanged();
    void drawPlot(QCustomPlot *plot, bool energy);
    void drawCurrent(QCustomPlot *plot, bool energy);
    void onMousePress(QMouseEvent *event);
    void onMouseRelease(QMouseEvent *event);
    void onMouseMove(QMouseEvent *event); // tooltip with the nearest point's metrics
    bool nearestPoint(QCustomPlot *plot, const QPointF &pixel, double tolerance, int *result, int *point) const;
    double yOf(const cocco::ParetoPoint &p, bool energy) const;

    WorkbenchState *m_state;
    QComboBox *m_bwKind;
    QCustomPlot *m_energyPlot;
    QCustomPlot *m_bwPlot;
    QTimer *m_rebuildTimer;
    QCPGraph *m_energyCurrent = nullptr, *m_bwCurrent = nullptr;
    QPointF m_pressPos;
    int m_archivePoints = 0;
    int m_energyFront = 0, m_bwFront = 0;
};

} // namespace ui
