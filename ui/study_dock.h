// The Study dock: a results database (also one a study is still writing; Refresh re-reads it) as a
// filterable, sortable runs table, a plot of any metric against any axis (one series per model or
// per algorithm: every run faint, the best per axis value joined), and the suite front over a
// capacity axis. Double-clicking a run loads its model and design into the workbench.
#pragma once

#include "study/study.h"
#include "study/study_run.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QLabel;
class QTableView;
class QTabWidget;

namespace ui {

class StudyFilterModel;
class StudyTableModel;
class WorkbenchState;

class StudyDock : public QWidget {
    Q_OBJECT
public:
    explicit StudyDock(WorkbenchState *state, QWidget *parent = nullptr);
    ~StudyDock() override;

    // No dialogs: reads the file (rows so far) or returns false with the core's message.
    bool openStudy(const QString &path, QString *error);
    bool reload(QString *error);
    QString path() const { return m_path; }

    StudyTableModel *tableModel() const { return m_model; }
    StudyFilterModel *filterModel() const { return m_filter; }
    QTableView *table() const { return m_table; }
    QTabWidget *tabs() const { return m_tabs; }
    QCustomPlot *metricPlot() const { return m_plot; }
    QCustomPlot *frontPlot() const { return m_frontPlot; }
    QList<QPair<QString, QCustomPlot *>> figures() const;

    // Plot settings: metric column name, axis path, series by "model" or "algorithm".
    void setPlot(const QString &metric, const QString &axis, const QString &seriesBy);
    void setFilters(const QString &model, const QString &algorithm, const QString &axis = {}, const QString &value = {});
    int plottedSeries() const { return m_series; }
    QString frontSummary() const;

    // Loads the run of source row `row` (model, its result, the best design) into the state.
    bool loadRun(int row, QString *error);

signals:
    void runLoaded(const QString &key);
    void failed(const QString &message);

private:
    void rebuildFilters();
    void applyFilters();
    void replot();
    void replotFront();
    void onActivated(const QModelIndex &proxyIndex);

    WorkbenchState *m_state;
    QString m_path;
    std::optional<cocco::Study> m_study;
    StudyTableModel *m_model;
    StudyFilterModel *m_filter;
    QLabel *m_info;
    QComboBox *m_modelBox, *m_algoBox, *m_axisBox, *m_valueBox;
    QCheckBox *m_okOnly;
    QTabWidget *m_tabs;
    QTableView *m_table;
    QComboBox *m_metricBox, *m_xBox, *m_seriesBox;
    QCustomPlot *m_plot, *m_frontPlot;
    QLabel *m_frontLabel;
    int m_series = 0;
};

} // namespace ui
