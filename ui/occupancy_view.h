// Buffer occupancy: per-subgraph stacked bars against capacity lines.
#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QWidget>

class QCustomPlot;

namespace ui {

class WorkbenchState;

class OccupancyView : public QWidget {
    Q_OBJECT
public:
    explicit OccupancyView(WorkbenchState *state, QWidget *parent = nullptr);
    ~OccupancyView() override;

    // Every figure this widget owns, for export: name (file stem) -> plot.
    QList<QPair<QString, QCustomPlot *>> figures() const;

private:
    WorkbenchState *m_state;
};

} // namespace ui
