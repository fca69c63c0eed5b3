// Convergence: best objective against samples. Grows live from the state's searchProgress
// (replotted at most every ~40 ms) and afterwards shows every result's history per algorithm.
#pragma once

#include "search/search.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QVector>
#include <QWidget>

class QCheckBox;
class QCPGraph;
class QCustomPlot;
class QTimer;

namespace ui {

class WorkbenchState;

class ConvergenceView : public QWidget {
    Q_OBJECT
public:
    explicit ConvergenceView(WorkbenchState *state, QWidget *parent = nullptr);
    ~ConvergenceView() override;

    // Every figure this widget owns, for export: name (file stem) -> plot.
    QList<QPair<QString, QCustomPlot *>> figures() const;

    QCustomPlot *plot() const { return m_plot; }
    // Points of the live curve of the running search (for tests).
    int livePointCount() const { return m_liveKeys.size(); }
    // Live points kept at most; older ones are thinned when this is passed.
    static constexpr int kMaxLivePoints = 4000;

private:
    void onResultsChanged();
    void onSearchStarted(const cocco::SearchConfig &config);
    void onSearchProgress(const cocco::SearchProgress &progress);
    void onSearchFinished(const cocco::SearchResult &result);
    void onLogXToggled(bool on);
    void scheduleReplot();
    void rebuild();
    void pushLiveToGraph();
    void padValueAxis();

    WorkbenchState *m_state;
    QCustomPlot *m_plot;
    QCheckBox *m_logX;
    QTimer *m_replotTimer;
    QCPGraph *m_live = nullptr;
    QVector<double> m_liveKeys, m_liveValues;
    cocco::SearchConfig m_liveConfig;
    bool m_running = false;
};

} // namespace ui
