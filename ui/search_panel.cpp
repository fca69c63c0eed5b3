#include "search_panel.h"

#include "search/registry.h"

#include "plot_style.h"
#include "results_table_model.h"
#include "search_worker.h"
#include "workbench_state.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <cmath>

namespace ui {

namespace {

QString secondsText(double s)
{
    if (s < 60)
        return QStringLiteral("%1 s").arg(s, 0, 'f', s < 10 ? 1 : 0);
    return QStringLiteral("%1 min %2 s").arg(int(s) / 60).arg(int(s) % 60);
}

// Compared by default: the algorithms that search on the hardware's own capacities, but the slow
// ones (exact).
bool comparedByDefault(const cocco::AlgorithmInfo &a)
{
    return !a.traits.slow && !a.traits.picksCapacities;
}

} // namespace

SearchPanel::SearchPanel(WorkbenchState *state, QWidget *parent) : QWidget(parent), m_state(state)
{
    registerSearchMetaTypes();
    auto *lay = new QVBoxLayout(this);

    auto *settings = new QGroupBox(tr("Search"), this);
    auto *form = new QFormLayout(settings);
    m_algorithm = new QComboBox(settings);
    m_algorithm->setObjectName(QStringLiteral("algorithm"));
    for (cocco::Algorithm a : cocco::allAlgorithms())
        m_algorithm->addItem(QString::fromStdString(a), QString::fromStdString(a));
    form->addRow(tr("Algorithm"), m_algorithm);
    m_objective = new QComboBox(settings);
    m_objective->setObjectName(QStringLiteral("objective"));
    for (cocco::Objective o : {cocco::Objective::Ema, cocco::Objective::Energy, cocco::Objective::Latency,
                               cocco::Objective::Cost})
        m_objective->addItem(QString::fromLatin1(cocco::objectiveName(o)), static_cast<int>(o));
    m_objective->setToolTip(tr("cost = buffer bytes + α · energy pJ (the co-exploration objective)"));
    form->addRow(tr("Objective"), m_objective);
    m_coExplore = new QCheckBox(tr("Search buffer capacities too"), settings);
    m_coExplore->setObjectName(QStringLiteral("coExplore"));
    form->addRow(tr("Co-explore"), m_coExplore);
    m_bufferMode = new QComboBox(settings);
    m_bufferMode->setObjectName(QStringLiteral("searchBufferMode"));
    m_bufferMode->addItem(tr("Separate (A + W)"));
    m_bufferMode->addItem(tr("Shared (S)"));
    form->addRow(tr("Buffer mode"), m_bufferMode);
    m_budget = new QSpinBox(settings);
    m_budget->setObjectName(QStringLiteral("budget"));
    m_budget->setRange(1, INT_MAX);
    m_budget->setSingleStep(1000);
    m_budget->setGroupSeparatorShown(true);
    m_budget->setSuffix(tr(" samples"));
    form->addRow(tr("Budget"), m_budget);
    m_seed = new QSpinBox(settings);
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setRange(0, INT_MAX);
    form->addRow(tr("Seed"), m_seed);
    m_threads = new QSpinBox(settings);
    m_threads->setObjectName(QStringLiteral("threads"));
    m_threads->setRange(0, 256);
    m_threads->setSpecialValueText(tr("all cores"));
    m_threads->setToolTip(tr("Never changes the result, only the speed"));
    form->addRow(tr("Threads"), m_threads);
    m_timeLimit = new QDoubleSpinBox(settings);
    m_timeLimit->setObjectName(QStringLiteral("timeLimit"));
    m_timeLimit->setRange(0, 1e6);
    m_timeLimit->setDecimals(1);
    m_timeLimit->setSuffix(tr(" s"));
    m_timeLimit->setSpecialValueText(tr("none"));
    form->addRow(tr("Time limit"), m_timeLimit);
    lay->addWidget(settings);

    auto *buttons = new QHBoxLayout;
    m_runButton = new QPushButton(tr("Run"), this);
    m_runButton->setObjectName(QStringLiteral("runButton"));
    m_runButton->setToolTip(tr("Run the search in the background (F5)"));
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_cancelButton->setToolTip(tr("Stop the running search; its best design so far is kept (Esc)"));
    m_compareButton = new QPushButton(tr("Compare"), this);
    m_compareButton->setObjectName(QStringLiteral("compareButton"));
    m_compareButton->setToolTip(tr("Run every checked algorithm with the same budget, one after the other"));
    buttons->addWidget(m_runButton);
    buttons->addWidget(m_cancelButton);
    buttons->addWidget(m_compareButton);
    lay->addLayout(buttons);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    m_progress->setFormat(QStringLiteral("%p%"));
    lay->addWidget(m_progress);
    m_status = new QLabel(tr("Idle."), this);
    m_status->setObjectName(QStringLiteral("searchStatus"));
    m_status->setWordWrap(true);
    lay->addWidget(m_status);

    auto *cmp = new QGroupBox(tr("Compare algorithms"), this);
    auto *cg = new QGridLayout(cmp);
    int k = 0;
    for (const cocco::AlgorithmInfo *info : cocco::registeredAlgorithms()) {
        const cocco::Algorithm a = info->name;
        auto *cb = new QCheckBox(QString::fromStdString(a), cmp);
        cb->setObjectName(QStringLiteral("compare_%1").arg(QString::fromStdString(a)));
        cb->setToolTip(QString::fromStdString(info->summary));
        QPixmap swatch(10, 10);
        swatch.fill(algorithmColor(a));
        cb->setIcon(QIcon(swatch));
        cb->setChecked(comparedByDefault(*info));
        cg->addWidget(cb, k / 4, k % 4);
        m_compareChecks.emplace_back(a, cb);
        ++k;
    }
    lay->addWidget(cmp);

    m_model = new ResultsTableModel(m_state, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ResultsTableModel::RawValueRole);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("resultsTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // keep run order until the user sorts
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setToolTip(tr("Click a row to load its best design into every view"));
    lay->addWidget(m_table, 1);

    connect(m_runButton, &QPushButton::clicked, this, &SearchPanel::run);
    connect(m_cancelButton, &QPushButton::clicked, this, &SearchPanel::cancel);
    connect(m_compareButton, &QPushButton::clicked, this, &SearchPanel::compare);
    connect(m_algorithm, &QComboBox::currentIndexChanged, this, &SearchPanel::onConfigEdited);
    connect(m_objective, &QComboBox::currentIndexChanged, this, &SearchPanel::onConfigEdited);
    connect(m_coExplore, &QCheckBox::toggled, this, &SearchPanel::onConfigEdited);
    connect(m_budget, &QSpinBox::valueChanged, this, &SearchPanel::onConfigEdited);
    connect(m_seed, &QSpinBox::valueChanged, this, &SearchPanel::onConfigEdited);
    connect(m_threads, &QSpinBox::valueChanged, this, &SearchPanel::onConfigEdited);
    connect(m_timeLimit, &QDoubleSpinBox::valueChanged, this, &SearchPanel::onConfigEdited);
    connect(m_bufferMode, &QComboBox::currentIndexChanged, this, &SearchPanel::onBufferModeEdited);
    connect(m_table, &QTableView::clicked, this, &SearchPanel::onResultActivated);
    connect(m_state, &WorkbenchState::searchConfigChanged, this, &SearchPanel::onStateConfigChanged);
    connect(m_state, &WorkbenchState::hardwareChanged, this, &SearchPanel::onStateHardwareChanged);
    connect(m_state, &WorkbenchState::modelChanged, this, &SearchPanel::onModelChanged);

    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("cocco-search"));
    m_worker = new SearchWorker; // no parent: it moves to the thread and dies with it
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SearchWorker::progress, this, &SearchPanel::onWorkerProgress, Qt::QueuedConnection);
    connect(m_worker, &SearchWorker::resultReady, this, &SearchPanel::onWorkerResult, Qt::QueuedConnection);
    connect(m_worker, &SearchWorker::failed, this, &SearchPanel::onWorkerFailed, Qt::QueuedConnection);
    connect(m_worker, &SearchWorker::jobFinished, this, &SearchPanel::onWorkerFinished, Qt::QueuedConnection);
    m_thread->start(QThread::LowPriority);

    onStateConfigChanged();
    onStateHardwareChanged();
    updateButtons();
}

SearchPanel::~SearchPanel()
{
    if (m_cancelFlag)
        m_cancelFlag->store(true);
    m_thread->quit();
    m_thread->wait();
}

cocco::SearchConfig SearchPanel::editedConfig() const
{
    cocco::SearchConfig c = m_state->searchConfig();
    c.algorithm = m_algorithm->currentData().toString().toStdString();
    c.objective = static_cast<cocco::Objective>(m_objective->currentData().toInt());
    c.coExplore = m_coExplore->isChecked();
    c.sampleBudget = m_budget->value();
    c.seed = static_cast<uint64_t>(m_seed->value());
    c.threads = m_threads->value();
    c.timeLimitSeconds = m_timeLimit->value();
    return c;
}

std::vector<cocco::Algorithm> SearchPanel::compareAlgorithms() const
{
    std::vector<cocco::Algorithm> out;
    for (const auto &[a, cb] : m_compareChecks)
        if (cb->isChecked())
            out.push_back(a);
    return out;
}

void SearchPanel::setCompareAlgorithms(const std::vector<cocco::Algorithm> &algorithms)
{
    for (const auto &[a, cb] : m_compareChecks)
        cb->setChecked(std::find(algorithms.begin(), algorithms.end(), a) != algorithms.end());
}

QString SearchPanel::statusText() const { return m_status->text(); }

void SearchPanel::onConfigEdited()
{
    const cocco::SearchConfig c = editedConfig();
    m_state->setSearchConfig(c);
}

void SearchPanel::onBufferModeEdited()
{
    cocco::HardwareConfig hw = m_state->hardware();
    hw.mode = m_bufferMode->currentIndex() == 1 ? cocco::BufferMode::Shared : cocco::BufferMode::Separate;
    if (hw.mode != m_state->hardware().mode)
        m_state->setHardware(hw);
}

void SearchPanel::onStateConfigChanged()
{
    const cocco::SearchConfig &c = m_state->searchConfig();
    const QSignalBlocker b1(m_algorithm), b2(m_objective), b3(m_coExplore), b4(m_budget), b5(m_seed), b6(m_threads),
        b7(m_timeLimit);
    m_algorithm->setCurrentIndex(std::max(0, m_algorithm->findData(QString::fromStdString(c.algorithm))));
    m_objective->setCurrentIndex(std::max(0, m_objective->findData(static_cast<int>(c.objective))));
    m_coExplore->setChecked(c.coExplore);
    m_budget->setValue(static_cast<int>(std::min<int64_t>(c.sampleBudget, INT_MAX)));
    m_seed->setValue(static_cast<int>(std::min<uint64_t>(c.seed, INT_MAX)));
    m_threads->setValue(c.threads);
    m_timeLimit->setValue(c.timeLimitSeconds);
}

void SearchPanel::onStateHardwareChanged()
{
    const QSignalBlocker b(m_bufferMode);
    m_bufferMode->setCurrentIndex(m_state->hardware().mode == cocco::BufferMode::Shared ? 1 : 0);
}

void SearchPanel::onModelChanged()
{
    if (m_running)
        cancel(); // results of the old model must not land on the new one (generation drops them)
    ++m_generation;
    m_running = false;
    m_progress->setValue(0);
    m_status->setText(m_state->hasModel() ? tr("Idle.") : tr("No model loaded."));
    updateButtons();
}

void SearchPanel::run() { startJob({editedConfig()}); }

void SearchPanel::compare()
{
    std::vector<cocco::SearchConfig> configs;
    const cocco::SearchConfig base = editedConfig();
    for (cocco::Algorithm a : compareAlgorithms()) {
        cocco::SearchConfig c = base; // equal budgets, seed and objective for a fair comparison
        c.algorithm = a;
        configs.push_back(c);
    }
    if (configs.empty()) {
        m_status->setText(tr("Check at least one algorithm to compare."));
        QTimer::singleShot(0, this, &SearchPanel::runFinished);
        return;
    }
    startJob(configs);
}

void SearchPanel::startJob(const std::vector<cocco::SearchConfig> &configs)
{
    if (m_running)
        return;
    if (!m_state->hasModel()) {
        m_status->setText(tr("Load a model before running a search."));
        QTimer::singleShot(0, this, &SearchPanel::runFinished);
        return;
    }
    const cocco::Status hwOk = cocco::validateHardware(m_state->hardware());
    if (!hwOk.ok()) {
        m_status->setText(tr("Hardware is not valid: %1").arg(QString::fromStdString(hwOk.message())));
        QTimer::singleShot(0, this, &SearchPanel::runFinished);
        return;
    }
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
    m_progress->setValue(0);
    m_status->setText(tr("Starting %1…").arg(QString::fromLatin1(cocco::algorithmName(configs.front().algorithm))));
    updateButtons();
    m_state->notifySearchStarted(configs.front());
    SearchWorker *w = m_worker;
    QMetaObject::invokeMethod(m_worker, [w, job]() { w->runJob(job); }, Qt::QueuedConnection);
}

void SearchPanel::cancel()
{
    if (!m_running)
        return;
    m_cancelRequested = true;
    if (m_cancelFlag)
        m_cancelFlag->store(true);
    m_status->setText(tr("Cancelling…"));
    updateButtons();
}

void SearchPanel::onWorkerProgress(int generation, int index, const cocco::SearchProgress &p)
{
    if (generation != m_generation || !m_running)
        return;
    const size_t n = std::max<size_t>(1, m_jobConfigs.size());
    const double frac = p.budget > 0 ? std::clamp(double(p.samples) / double(p.budget), 0.0, 1.0) : 0.0;
    double left = -1;
    if (p.samples > 0 && p.seconds > 0 && p.budget > 0)
        left = p.seconds * double(p.budget - p.samples) / double(p.samples);
    const double limit = m_jobConfigs[static_cast<size_t>(index)].timeLimitSeconds;
    if (limit > 0)
        left = left < 0 ? limit - p.seconds : std::min(left, limit - p.seconds);
    m_progress->setValue(static_cast<int>(1000.0 * (double(index) + frac) / double(n)));
    const QLocale loc;
    QString text = QStringLiteral("%1%2: %3 / %4 samples · best %5 · %6")
                       .arg(QString::fromLatin1(cocco::algorithmName(m_jobConfigs[static_cast<size_t>(index)].algorithm)),
                            n > 1 ? QStringLiteral(" (%1/%2)").arg(index + 1).arg(n) : QString(),
                            loc.toString(qlonglong(p.samples)), loc.toString(qlonglong(p.budget)),
                            loc.toString(p.best, 'g', 6), secondsText(p.seconds));
    if (left >= 0)
        text += tr(" · ~%1 left").arg(secondsText(std::max(0.0, left)));
    if (!p.phase.empty())
        text += QStringLiteral(" · ") + QString::fromStdString(p.phase);
    if (m_cancelRequested)
        text = tr("Cancelling… ") + text;
    m_status->setText(text);
    m_state->notifySearchProgress(p);
}

void SearchPanel::onWorkerResult(int generation, int index, const cocco::SearchResult &r)
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
    m_status->setText(tr("%1 finished: best %2 after %3 samples in %4 (%5).")
                          .arg(resultLabel(m_state->results(), static_cast<size_t>(stateIndex)))
                          .arg(QLocale().toString(r.best.objective, 'g', 6))
                          .arg(QLocale().toString(qlonglong(r.samples)))
                          .arg(secondsText(r.seconds))
                          .arg(QString::fromLatin1(cocco::stopReasonName(r.stopReason))));
}

void SearchPanel::onWorkerFailed(int generation, int index, const QString &message)
{
    if (generation != m_generation)
        return;
    const QString algo = index < static_cast<int>(m_jobConfigs.size())
        ? QString::fromLatin1(cocco::algorithmName(m_jobConfigs[static_cast<size_t>(index)].algorithm))
        : QString();
    m_status->setText(tr("%1 failed: %2").arg(algo, message));
}

void SearchPanel::onWorkerFinished(int generation, bool cancelled)
{
    if (generation != m_generation)
        return;
    m_running = false;
    m_progress->setValue(cancelled ? m_progress->value() : 1000);
    if (m_bestIndexInState >= 0 && m_bestIndexInState < static_cast<int>(m_state->results().size()))
        m_state->setDesign(m_state->results()[static_cast<size_t>(m_bestIndexInState)].best);
    if (m_jobConfigs.size() > 1 && m_bestIndexInState >= 0) {
        m_status->setText(tr("Compare finished: %1 of %2 algorithms ran; best: %3 (%4), loaded.")
                              .arg(static_cast<int>(m_state->results().size()) - m_firstResultOfJob)
                              .arg(m_jobConfigs.size())
                              .arg(resultLabel(m_state->results(), static_cast<size_t>(m_bestIndexInState)))
                              .arg(QLocale().toString(m_bestObjective, 'g', 6)));
    }
    if (cancelled)
        m_status->setText(m_status->text() + tr(" Cancelled."));
    updateButtons();
    emit runFinished();
}

void SearchPanel::onResultActivated(const QModelIndex &index)
{
    const int row = m_proxy->data(index, ResultsTableModel::ResultIndexRole).toInt();
    if (row >= 0 && row < static_cast<int>(m_state->results().size()))
        m_state->setDesign(m_state->results()[static_cast<size_t>(row)].best);
}

void SearchPanel::updateButtons()
{
    const bool model = m_state->hasModel();
    m_runButton->setEnabled(!m_running && model);
    m_compareButton->setEnabled(!m_running && model);
    m_cancelButton->setEnabled(m_running && !m_cancelRequested);
}

} // namespace ui
