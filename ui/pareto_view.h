// Pareto fronts: memory vs energy and memory vs bandwidth.
#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QWidget>

class QCustomPlot;

namespace ui {

class WorkbenchState;

class ParetoView : public QWidget {
    Q_OBJECT
public:
    explicit ParetoView(WorkbenchState *state, QWidget *parent = nullptr);
    ~ParetoView() override;

    // Every figure this widget owns, for export: name (file stem) -> plot.
    QList<QPair<QString, QCustomPlot *>> figures() const;

private:
    WorkbenchState *m_state;
};

} // namespace ui
