#include "search_panel.h"

#include "search/registry.h"

#include "plot_style.h"
#include "results_table_model.h"
#include "search_controller.h"
#include "wide_spin_box.h"
#include "workbench_state.h"

#include "io/search_settings.h"

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
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

// A widget's range from core's description of the setting.
void applyRange(WideSpinBox *box, cocco::SearchSetting s)
{
    const cocco::SearchSettingInfo &info = cocco::searchSettingInfo(s);
    box->setRange(info.intMin, info.intMax);
    box->setToolTip(QString::fromLatin1(info.description));
}

void applyRange(QSpinBox *box, cocco::SearchSetting s)
{
    const cocco::SearchSettingInfo &info = cocco::searchSettingInfo(s);
    box->setRange(static_cast<int>(info.intMin), static_cast<int>(info.intMax));
    box->setToolTip(QString::fromLatin1(info.description));
}

void applyRange(QDoubleSpinBox *box, cocco::SearchSetting s)
{
    const cocco::SearchSettingInfo &info = cocco::searchSettingInfo(s);
    box->setRange(info.realMin, info.realMax);
    box->setToolTip(QString::fromLatin1(info.description));
}

// Compared by default: the algorithms that search on the hardware's own capacities, but the slow
// ones (exact).
bool comparedByDefault(const cocco::AlgorithmInfo &a)
{
    return !a.traits.slow && !a.traits.picksCapacities;
}

} // namespace

SearchPanel::SearchPanel(WorkbenchState *state, QWidget *parent)
    : QWidget(parent), m_state(state), m_controller(new SearchController(state, this))
{
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
    m_alpha = new QDoubleSpinBox(settings);
    m_alpha->setObjectName(QStringLiteral("alpha"));
    applyRange(m_alpha, cocco::SearchSetting::Alpha);
    m_alpha->setDecimals(5);
    m_alpha->setSingleStep(0.0005);
    m_alpha->setToolTip(tr("Weight of energy in the cost objective: buffer bytes + α · energy pJ"));
    form->addRow(tr("α (pJ → byte)"), m_alpha);
    m_coExplore = new QCheckBox(tr("Search buffer capacities too"), settings);
    m_coExplore->setObjectName(QStringLiteral("coExplore"));
    form->addRow(tr("Co-explore"), m_coExplore);
    m_budget = new WideSpinBox(settings);
    m_budget->setObjectName(QStringLiteral("budget"));
    applyRange(m_budget, cocco::SearchSetting::Budget);
    m_budget->setSingleStep(1000);
    form->addRow(tr("Budget (samples)"), m_budget);
    m_seed = new WideSpinBox(settings);
    m_seed->setObjectName(QStringLiteral("seed"));
    applyRange(m_seed, cocco::SearchSetting::Seed);
    form->addRow(tr("Seed"), m_seed);
    m_threads = new QSpinBox(settings);
    m_threads->setObjectName(QStringLiteral("threads"));
    applyRange(m_threads, cocco::SearchSetting::Threads);
    m_threads->setSpecialValueText(tr("all cores"));
    m_threads->setToolTip(tr("Never changes the result, only the speed"));
    form->addRow(tr("Threads"), m_threads);
    m_timeLimit = new QDoubleSpinBox(settings);
    m_timeLimit->setObjectName(QStringLiteral("timeLimit"));
    applyRange(m_timeLimit, cocco::SearchSetting::TimeLimit);
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
    // Each widget edits only its own field, so values a widget cannot show exactly (an α with more
    // decimals, a budget past the widget's range) reach the run unchanged from a loaded config.
    using Cfg = cocco::SearchConfig;
    connect(m_algorithm, &QComboBox::currentIndexChanged, this, [this] {
        edit([this](Cfg &c) { c.algorithm = m_algorithm->currentData().toString().toStdString(); });
    });
    connect(m_objective, &QComboBox::currentIndexChanged, this, [this] {
        edit([this](Cfg &c) { c.objective = static_cast<cocco::Objective>(m_objective->currentData().toInt()); });
    });
    connect(m_coExplore, &QCheckBox::toggled, this, [this](bool on) { edit([on](Cfg &c) { c.coExplore = on; }); });
    connect(m_alpha, &QDoubleSpinBox::valueChanged, this, [this](double v) { edit([v](Cfg &c) { c.alpha = v; }); });
    connect(m_budget, &WideSpinBox::valueChanged, this,
            [this](uint64_t v) { edit([v](Cfg &c) { c.sampleBudget = static_cast<int64_t>(v); }); });
    connect(m_seed, &WideSpinBox::valueChanged, this, [this](uint64_t v) { edit([v](Cfg &c) { c.seed = v; }); });
    connect(m_threads, &QSpinBox::valueChanged, this, [this](int v) { edit([v](Cfg &c) { c.threads = v; }); });
    connect(m_timeLimit, &QDoubleSpinBox::valueChanged, this,
            [this](double v) { edit([v](Cfg &c) { c.timeLimitSeconds = v; }); });
    connect(m_table, &QTableView::clicked, this, &SearchPanel::onResultActivated);
    connect(m_state, &WorkbenchState::searchConfigChanged, this, &SearchPanel::onStateConfigChanged);
    connect(m_state, &WorkbenchState::modelChanged, this, &SearchPanel::updateButtons);
    connect(m_controller, &SearchController::statusChanged, m_status, &QLabel::setText);
    connect(m_controller, &SearchController::progressChanged, this,
            [this](double f) { m_progress->setValue(static_cast<int>(std::lround(1000 * f))); });
    connect(m_controller, &SearchController::runningChanged, this, &SearchPanel::updateButtons);
    connect(m_controller, &SearchController::finished, this, &SearchPanel::runFinished);

    m_status->setText(m_controller->statusText());
    onStateConfigChanged();
    updateButtons();
}

SearchPanel::~SearchPanel() = default;

bool SearchPanel::isRunning() const { return m_controller->isRunning(); }

cocco::SearchConfig SearchPanel::editedConfig() const { return m_state->searchConfig(); }

void SearchPanel::edit(const std::function<void(cocco::SearchConfig &)> &change)
{
    cocco::SearchConfig c = m_state->searchConfig();
    change(c);
    m_state->setSearchConfig(c);
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

void SearchPanel::onStateConfigChanged()
{
    const cocco::SearchConfig &c = m_state->searchConfig();
    const QSignalBlocker b1(m_algorithm), b2(m_objective), b3(m_coExplore), b4(m_budget), b5(m_seed), b6(m_threads),
        b7(m_timeLimit), b8(m_alpha);
    m_algorithm->setCurrentIndex(std::max(0, m_algorithm->findData(QString::fromStdString(c.algorithm))));
    m_objective->setCurrentIndex(std::max(0, m_objective->findData(static_cast<int>(c.objective))));
    m_coExplore->setChecked(c.coExplore);
    m_alpha->setValue(c.alpha);
    m_budget->setValue(static_cast<uint64_t>(std::max<int64_t>(c.sampleBudget, 0)));
    m_seed->setValue(c.seed);
    m_threads->setValue(c.threads);
    m_timeLimit->setValue(c.timeLimitSeconds);
}

void SearchPanel::run() { m_controller->run(editedConfig()); }

void SearchPanel::compare() { m_controller->compare(editedConfig(), compareAlgorithms()); }

void SearchPanel::cancel() { m_controller->cancel(); }

void SearchPanel::onResultActivated(const QModelIndex &index)
{
    const int row = m_proxy->data(index, ResultsTableModel::ResultIndexRole).toInt();
    if (row >= 0 && row < static_cast<int>(m_state->results().size()))
        m_state->setDesign(m_state->results()[static_cast<size_t>(row)].best);
}

void SearchPanel::updateButtons()
{
    const bool model = m_state->hasModel();
    const bool running = m_controller->isRunning();
    m_runButton->setEnabled(!running && model);
    m_compareButton->setEnabled(!running && model);
    m_cancelButton->setEnabled(running && !m_controller->isCancelling());
}

} // namespace ui
