// Runs the Search panel's searches: owns the worker thread (SearchWorker on its QThread), the job
// (one run, or a Compare of several algorithms with equal settings, one after the other), its
// cancellation, dropping of stale results (a generation counter), the status line, and hands
// results to the state. The panel only owns widgets; the workbench's scripted run drives this
// through the panel's run()/compare().
#pragma once

#include "search/search.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

class QThread;

namespace ui {

class SearchWorker;
class WorkbenchState;

class SearchController : public QObject {
    Q_OBJECT
public:
    explicit SearchController(WorkbenchState *state, QObject *parent = nullptr);
    ~SearchController() override;

    bool isRunning() const { return m_running; }
    bool isCancelling() const { return m_cancelRequested; }
    // "12,000 / 50,000 samples · best … · 3.1 s · ~9 s left", or why a run could not start.
    QString statusText() const { return m_statusText; }

    // Each ends with finished() (also when the job cannot start: statusText() says why).
    void run(const cocco::SearchConfig &config);
    // `base` with each algorithm in turn (same budget, seed, objective); the best design is loaded.
    void compare(const cocco::SearchConfig &base, const std::vector<cocco::Algorithm> &algorithms);
    void cancel();

signals:
    void statusChanged(const QString &text);
    void progressChanged(double fraction); // of the whole job, 0..1
    void runningChanged(bool running);
    // After state->addResult(...) of the last run of the job (or when it could not start).
    void finished();

private:
    void start(const std::vector<cocco::SearchConfig> &configs);
    void refuse(const QString &why);
    void setStatus(const QString &text);
    void onModelChanged();
    void onWorkerProgress(int generation, int index, const cocco::SearchProgress &p);
    void onWorkerResult(int generation, int index, const cocco::SearchResult &r);
    void onWorkerFailed(int generation, int index, const QString &message);
    void onWorkerFinished(int generation, bool cancelled);

    WorkbenchState *m_state;
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
    double m_fraction = 0;
    QString m_statusText;
};

// "3.1 s", "2 min 5 s".
QString secondsText(double seconds);

} // namespace ui
