// Search panel: algorithm, objective, co-exploration, buffer mode, budget, seed, threads and time
// limit; Run / Cancel with a progress bar and an estimate of the time left; Compare runs the
// checked algorithms one after the other with equal budgets and fills the results table. The
// search itself runs in a SearchWorker on its own QThread; results reach the state.
#pragma once

#include "search/search.h"

#include <QWidget>

#include <atomic>
#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;
class QThread;

namespace ui {

class WorkbenchState;
class SearchWorker;
class ResultsTableModel;

class SearchPanel : public QWidget {
    Q_OBJECT
public:
    explicit SearchPanel(WorkbenchState *state, QWidget *parent = nullptr);
    ~SearchPanel() override;

    bool isRunning() const { return m_running; }
    // The config Run would use (state's search config with the panel's fields).
    cocco::SearchConfig editedConfig() const;
    // Algorithms checked for Compare, in display order.
    std::vector<cocco::Algorithm> compareAlgorithms() const;
    void setCompareAlgorithms(const std::vector<cocco::Algorithm> &algorithms);
    ResultsTableModel *resultsModel() const { return m_model; }
    QTableView *resultsView() const { return m_table; }
    // Status line under the progress bar ("12,000 / 50,000 samples · 3.1 s · ~9 s left").
    QString statusText() const;

public slots:
    void run();
    void cancel();
    void compare();

signals:
    // After state->addResult(...) of a finished / cancelled run or of the last run of a compare
    // (also when a run could not start: then statusText() says why and no result was added).
    void runFinished();

private:
    void startJob(const std::vector<cocco::SearchConfig> &configs);
    void onConfigEdited();
    void onBufferModeEdited();
    void onStateConfigChanged();
    void onStateHardwareChanged();
    void onModelChanged();
    void onWorkerProgress(int generation, int index, const cocco::SearchProgress &p);
    void onWorkerResult(int generation, int index, const cocco::SearchResult &r);
    void onWorkerFailed(int generation, int index, const QString &message);
    void onWorkerFinished(int generation, bool cancelled);
    void onResultActivated(const QModelIndex &index);
    void updateButtons();

    WorkbenchState *m_state;
    QComboBox *m_algorithm = nullptr, *m_objective = nullptr, *m_bufferMode = nullptr;
    QCheckBox *m_coExplore = nullptr;
    QSpinBox *m_budget = nullptr, *m_seed = nullptr, *m_threads = nullptr;
    QDoubleSpinBox *m_timeLimit = nullptr;
    QPushButton *m_runButton = nullptr, *m_cancelButton = nullptr, *m_compareButton = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    std::vector<std::pair<cocco::Algorithm, QCheckBox *>> m_compareChecks;
    ResultsTableModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_table = nullptr;

    QThread *m_thread = nullptr;
    SearchWorker *m_worker = nullptr;
    bool m_running = false;
    bool m_cancelRequested = false;
    std::shared_ptr<std::atomic<bool>> m_cancelFlag; // of the running job
    int m_generation = 0;
    std::vector<cocco::SearchConfig> m_jobConfigs;
    // Best design over the job's results (a Compare loads the winner into the views).
    int m_bestIndexInState = -1;
    double m_bestObjective = 0;
    int m_firstResultOfJob = 0;
};

} // namespace ui
