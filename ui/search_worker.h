// The background search: a QObject that lives on its own QThread and only adapts core. It gets
// copies of everything (network, hardware, configs), passes a throttled progress callback and an
// atomic cancel flag into cocco::runSearch, and re-emits copied value structs as queued signals.
// It never touches widgets or the WorkbenchState.
#pragma once

#include "search/search.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

namespace ui {

// One request: run these configs one after the other (a single run, or a Compare).
struct SearchJob {
    std::shared_ptr<const cocco::Network> network;
    cocco::HardwareConfig hardware;
    std::vector<cocco::SearchConfig> configs;
    int generation = 0; // echoed in every signal so the panel can drop stale ones
    // Set by the GUI thread to stop this job (the running search and the rest of a Compare).
    std::shared_ptr<std::atomic<bool>> cancel = std::make_shared<std::atomic<bool>>(false);
};

class SearchWorker : public QObject {
    Q_OBJECT
public:
    explicit SearchWorker(QObject *parent = nullptr);

    // Runs on the worker's thread (invoke queued). Emits progress / resultReady / failed per config
    // and jobFinished once at the end.
    void runJob(const SearchJob &job);
    // Progress is re-emitted at most once per this many ms (≤ 25 Hz by default).
    void setProgressInterval(int ms) { m_intervalMs = ms; }

signals:
    void progress(int generation, int index, const cocco::SearchProgress &progress);
    void resultReady(int generation, int index, const cocco::SearchResult &result);
    void failed(int generation, int index, const QString &message);
    void jobFinished(int generation, bool cancelled);

private:
    void lowerThreadPriority();

    std::atomic<int> m_intervalMs{40};
    bool m_niced = false;
};

// Registers the value structs that cross threads in queued signals (idempotent).
void registerSearchMetaTypes();

} // namespace ui
