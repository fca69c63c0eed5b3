// Search panel: the widgets of the search settings (algorithm, objective, co-exploration, α,
// budget, seed, threads, time limit; ranges from core's io/search_settings.h, budget and seed over
// the full 64-bit range), Run / Cancel / Compare with a progress bar and status line, the Compare
// checkboxes and the results table. A SearchController owns the worker thread and the Compare
// orchestration; the buffer mode is the Hardware panel's.
#pragma once

#include "search/search.h"

#include <QWidget>

#include <functional>
#include <utility>
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

namespace ui {

class WorkbenchState;
class ResultsTableModel;
class SearchController;
class WideSpinBox;

class SearchPanel : public QWidget {
    Q_OBJECT
public:
    explicit SearchPanel(WorkbenchState *state, QWidget *parent = nullptr);
    ~SearchPanel() override;

    bool isRunning() const;
    SearchController *controller() const { return m_controller; }
    // The config Run uses: the state's search config, which every widget edit updates at once.
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
    void edit(const std::function<void(cocco::SearchConfig &)> &change);
    void onStateConfigChanged();
    void onResultActivated(const QModelIndex &index);
    void updateButtons();

    WorkbenchState *m_state;
    SearchController *m_controller = nullptr;
    QComboBox *m_algorithm = nullptr, *m_objective = nullptr;
    QCheckBox *m_coExplore = nullptr;
    WideSpinBox *m_budget = nullptr, *m_seed = nullptr;
    QSpinBox *m_threads = nullptr;
    QDoubleSpinBox *m_alpha = nullptr, *m_timeLimit = nullptr;
    QPushButton *m_runButton = nullptr, *m_cancelButton = nullptr, *m_compareButton = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    std::vector<std::pair<cocco::Algorithm, QCheckBox *>> m_compareChecks;
    ResultsTableModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_table = nullptr;
};

} // namespace ui
