#include "search_controller.h"

#include "plot_style.h"
#include "search_worker.h"
#include "workbench_state.h"

#include <QLocale>
#include <QThread>
#include <QTimer>

#include <algorithm>

namespace ui {

QString secondsText(double s)
{
    if (s < 60)
        return QStringLiteral("%1 s").arg(s, 0, 'f', s < 10 ? 1 : 0);
    return QStringLiteral("%1 min %2 s").arg(int(s) / 60).arg(int(s) % 60);
}

SearchController::SearchController(WorkbenchState *state, QObject *parent) : QObject(parent), m_state(state)
{
    registerSearchMetaTypes();
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("cocco-search"));
    m_worker = new SearchWorker; // no parent: it moves to the thread and dies with it
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SearchWorker::progress, this, &SearchController::onWorkerProgress, Qt::QueuedConnection);
    connect(m_worker, &SearchWorker::resultReady, this, &SearchController::onWorkerResult, Qt::QueuedConnection);
    connect(m_worker, &SearchWorker::failed, this, &SearchController::onWorkerFailed, Qt::QueuedConnection);
    connect(m_worker, &SearchWorker::jobFinished, this, &SearchController::onWorkerFinished, Qt::QueuedConnection);
    connect(m_state, &WorkbenchState::modelChanged, this, &SearchController::onModelChanged);
    m_thread->start(QThread::LowPriority);
    m_statusText = m_state->hasModel() ? tr("Idle.") : tr("No model loaded.");
}

SearchController::~SearchController()
{
    if (m_cancelFlag)
        m_cancelFlag->store(true);
    m_thread->quit();
    m_thread->wait();
}

void SearchController::setStatus(const QString &text)
{
    m_statusText = text;
    emit statusChanged(text);
}

void SearchController::refuse(const QString &why)
{
    setStatus(why);
    QTimer::singleShot(0, this, &SearchController::finished);
}

void SearchController::run(const cocco::SearchConfig &config) { start({config}); }

void SearchController::compare(const cocco::SearchConfig &base, const std::vector<cocco::Algorithm> &algorithms)
{
    std::vector<cocco::SearchConfig> configs;
    for (cocco::Algorithm a : algorithms) {
        cocco::SearchConfig c = base; // equal budgets, seed and objective for a fair comparison
        c.algorithm = a;
        configs.push_back(c);
    }
    if (configs.empty())
        return refuse(tr("Check at least one algorithm to compare."));
    start(configs);
}

void SearchController::start(const std::vector<cocco::SearchConfig> &configs)
{
    if (m_running)
        return;
    if (!m_state->hasModel())
        return refuse(tr("Load a model before running a search."));
    const cocco::Status hwOk = cocco::validateHardware(m_state->hardware());
    if (!hwOk.ok())
        return refuse(tr("Hardware is not valid: %1").arg(QString::fromStdString(hwOk.message())));
    const cocco::Status cfgOk = cocco::validateSearchConfig(configs.front());
    if (!cfgOk.ok())
        return refuse(tr("Search settings are not valid: %1").arg(QString::fromStdString(cfgOk.message())));
    SearchJob job;
    job.network = m_state->network();
    job.hardware = m_state->hardware();
    job.configs = configs;
    job.generation = ++m_generation;
    m_cancelFlag = job.cancel;
    m_jobConfigs = configs;
    m_running = true;
    m_cancelRequested = false;
    m_bestIndexInState = -1;
    m_firstResultOfJob = static_cast<int>(m_state->results().size());
    m_fraction = 0;
    emit progressChanged(0);
    setStatus(tr("Starting %1…").arg(QString::fromLatin1(cocco::algorithmName(configs.front().algorithm))));
    emit runningChanged(true);
    m_state->notifySearchStarted(configs.front());
    SearchWorker *w = m_worker;
    QMetaObject::invokeMethod(m_worker, [w, job]() { w->runJob(job); }, Qt::QueuedConnection);
}

void SearchController::cancel()
{
    if (!m_running)
        return;
    m_cancelRequested = true;
    if (m_cancelFlag)
        m_cancelFlag->store(true);
    setStatus(tr("Cancelling…"));
    emit runningChanged(true);
}

void SearchController::onModelChanged()
{
    if (m_running)
        cancel(); // results of the old model must not land on the new one (generation drops them)
    ++m_generation;
    const bool wasRunning = m_running;
    m_running = false;
    m_cancelRequested = false;
    m_fraction = 0;
    emit progressChanged(0);
    setStatus(m_state->hasModel() ? tr("Idle.") : tr("No model loaded."));
    if (wasRunning)
        emit runningChanged(false);
}

void SearchController::onWorkerProgress(int generation, int index, const cocco::SearchProgress &p)
{
    if (generation != m_generation || !m_running)
        return;
    const size_t n = std::max<size_t>(1, m_jobConfigs.size());
    const cocco::SearchConfig &cfg = m_jobConfigs[static_cast<size_t>(index)];
    const double frac = p.budget > 0 ? std::clamp(double(p.samples) / double(p.budget), 0.0, 1.0) : 0.0;
    double left = -1;
    if (p.samples > 0 && p.seconds > 0 && p.budget > 0)
        left = p.seconds * double(p.budget - p.samples) / double(p.samples);
    if (cfg.timeLimitSeconds > 0)
        left = left < 0 ? cfg.timeLimitSeconds - p.seconds : std::min(left, cfg.timeLimitSeconds - p.seconds);
    m_fraction = (double(index) + frac) / double(n);
    emit progressChanged(m_fraction);
    const QLocale loc;
    QString text = QStringLiteral("%1%2: %3 / %4 samples · best %5 · %6")
                       .arg(QString::fromLatin1(cocco::algorithmName(cfg.algorithm)),
                            n > 1 ? QStringLiteral(" (%1/%2)").arg(index + 1).arg(n) : QString(),
                            loc.toString(qlonglong(p.samples)), loc.toString(qlonglong(p.budget)),
                            loc.toString(p.best, 'g', 6), secondsText(p.seconds));
    if (left >= 0)
        text += tr(" · ~%1 left").arg(secondsText(std::max(0.0, left)));
    if (!p.phase.empty())
        text += QStringLiteral(" · ") + QString::fromStdString(p.phase);
    if (m_cancelRequested)
        text = tr("Cancelling… ") + text;
    setStatus(text);
    m_state->notifySearchProgress(p);
}

void SearchController::onWorkerResult(int generation, int index, const cocco::SearchResult &r)
{
    if (generation != m_generation)
        return;
    m_state->addResult(r);
    const int stateIndex = static_cast<int>(m_state->results().size()) - 1;
    if (m_bestIndexInState < 0 || r.best.objective < m_bestObjective) {
        m_bestIndexInState = stateIndex;
        m_bestObjective = r.best.objective;
    }
    m_state->notifySearchFinished(r);
    const size_t next = static_cast<size_t>(index) + 1;
    if (next < m_jobConfigs.size() && !m_cancelRequested)
        m_state->notifySearchStarted(m_jobConfigs[next]);
    setStatus(tr("%1 finished: best %2 after %3 samples in %4 (%5).")
                  .arg(resultLabel(m_state->results(), static_cast<size_t>(stateIndex)))
                  .arg(QLocale().toString(r.best.objective, 'g', 6))
                  .arg(QLocale().toString(qlonglong(r.samples)))
                  .arg(secondsText(r.seconds))
                  .arg(QString::fromLatin1(cocco::stopReasonName(r.stopReason))));
}

void SearchController::onWorkerFailed(int generation, int index, const QString &message)
{
    if (generation != m_generation)
        return;
    const QString algo = index < static_cast<int>(m_jobConfigs.size())
        ? QString::fromLatin1(cocco::algorithmName(m_jobConfigs[static_cast<size_t>(index)].algorithm))
        : QString();
    setStatus(tr("%1 failed: %2").arg(algo, message));
}

void SearchController::onWorkerFinished(int generation, bool cancelled)
{
    if (generation != m_generation)
        return;
    m_running = false;
    if (!cancelled) {
        m_fraction = 1;
        emit progressChanged(1);
    }
    if (m_bestIndexInState >= 0 && m_bestIndexInState < static_cast<int>(m_state->results().size()))
        m_state->setDesign(m_state->results()[static_cast<size_t>(m_bestIndexInState)].best);
    QString text = m_statusText;
    if (m_jobConfigs.size() > 1 && m_bestIndexInState >= 0)
        text = tr("Compare finished: %1 of %2 algorithms ran; best: %3 (%4), loaded.")
                   .arg(static_cast<int>(m_state->results().size()) - m_firstResultOfJob)
                   .arg(m_jobConfigs.size())
                   .arg(resultLabel(m_state->results(), static_cast<size_t>(m_bestIndexInState)))
                   .arg(QLocale().toString(m_bestObjective, 'g', 6));
    if (cancelled)
        text += tr(" Cancelled.");
    setStatus(text);
    m_cancelRequested = false;
    emit runningChanged(false);
    emit finished();
}

} // namespace ui
