#include "search_worker.h"

#include "cost/cost_model.h"

#include <QMetaType>

#include <chrono>
#include <mutex>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace ui {

void registerSearchMetaTypes()
{
    qRegisterMetaType<cocco::SearchProgress>("cocco::SearchProgress");
    qRegisterMetaType<cocco::SearchResult>("cocco::SearchResult");
    qRegisterMetaType<cocco::SearchConfig>("cocco::SearchConfig");
}

SearchWorker::SearchWorker(QObject *parent) : QObject(parent) { registerSearchMetaTypes(); }

void SearchWorker::lowerThreadPriority()
{
#ifdef __linux__
    // QThread priorities do nothing under Linux's default scheduler, but a thread's nice value
    // does, and the search's pool threads inherit it when runSearch creates them here. On a busy
    // machine the GUI thread then wins the CPU over our own search. Never changes a result.
    if (!m_niced) {
        setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
        m_niced = true;
    }
#endif
}

void SearchWorker::runJob(const SearchJob &job)
{
    lowerThreadPriority();
    if (!job.network) {
        emit failed(job.generation, 0, tr("No model loaded."));
        emit jobFinished(job.generation, false);
        return;
    }
    // One cost model for the whole job: Compare runs share the memoised subgraph profiles.
    cocco::CostModel model(job.network, job.hardware);
    for (size_t i = 0; i < job.configs.size(); ++i) {
        if (job.cancel->load())
            break;
        const int index = static_cast<int>(i);
        using Clock = std::chrono::steady_clock;
        std::mutex throttleMutex; // the search may call back from its pool threads
        Clock::time_point last{};
        cocco::SearchControl ctl;
        ctl.cancel = job.cancel.get();
        ctl.onProgress = [&](const cocco::SearchProgress &p) {
            const auto now = Clock::now();
            {
                std::lock_guard<std::mutex> lock(throttleMutex);
                if (now - last < std::chrono::milliseconds(m_intervalMs.load()))
                    return; // the GUI gets a bounded rate; the final numbers come with the result
                last = now;
            }
            emit progress(job.generation, index, p);
        };
        cocco::Result<cocco::SearchResult> r = cocco::runSearch(model, job.configs[i], ctl);
        if (r.ok())
            emit resultReady(job.generation, index, r.value());
        else
            emit failed(job.generation, index, QString::fromStdString(r.message()));
    }
    emit jobFinished(job.generation, job.cancel->load());
}

} // namespace ui
