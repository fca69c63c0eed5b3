// Convergence: best objective against samples, live during a run.
#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QWidget>

class QCustomPlot;

namespace ui {

class WorkbenchState;

class ConvergenceView : public QWidget {
    Q_OBJECT
public:
    explicit ConvergenceView(WorkbenchState *state, QWidget *parent = nullptr);
    ~ConvergenceView() override;

    // Every figure this widget owns, for export: name (file stem) -> plot.
    QList<QPair<QString, QCustomPlot *>> figures() const;

private:
    WorkbenchState *m_state;
};

} // namespace ui
