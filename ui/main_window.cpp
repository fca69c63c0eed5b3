#include "main_window.h"

#include "app_identity.h"
#include "convergence_view.h"
#include "dims_dialog.h"
#include "graph_view.h"
#include "hardware_panel.h"
#include "layer_table_model.h"
#include "layer_table_view.h"
#include "occupancy_view.h"
#include "timeline_view.h"
#include "pareto_view.h"
#include "search_panel.h"
#include "study_dock.h"
#include "session.h"
#include "subgraph_details.h"
#include "workbench_state.h"

#include <cmath>

#include <QCloseEvent>
#include <QDockWidget>
#include <QTableView>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStatusBar>

namespace ui {

MainWindow::MainWindow(WorkbenchState *state, QWidget *parent) : QMainWindow(parent), m_state(state)
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowIcon(applicationIcon());
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks | QMainWindow::AllowNestedDocks);
    m_graph = new GraphView(m_state, this);
    setCentralWidget(m_graph);
    createDocks();
    createMenus();

    m_statusModel = new QLabel(this);
    m_statusTotals = new QLabel(this);
    statusBar()->addWidget(m_statusModel);
    statusBar()->addPermanentWidget(m_statusTotals);
    connect(m_state, &WorkbenchState::modelChanged, this, &MainWindow::updateStatus);
    connect(m_state, &WorkbenchState::costChanged, this, &MainWindow::updateStatus);
    connect(m_state, &WorkbenchState::resultsChanged, this, &MainWindow::updateStatus);
    connect(m_state, &WorkbenchState::modelChanged, this, &MainWindow::updateTitle);
    connect(m_state, &WorkbenchState::searchStarted, this, [this] { onSearchRunning(true); });
    connect(m_search, &SearchPanel::runFinished, this, [this] { onSearchRunning(false); });
    onSearchRunning(false);
    updateStatus();
    updateTitle();

    resize(1600, 1000);
    updateRecentMenu();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

QString MainWindow::importReport() const { return m_report->toPlainText(); }

MainWindow::~MainWindow() = default;

QDockWidget *MainWindow::addDock(QWidget *w, const QString &title, const QString &objectName, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(objectName); // saveState() keys docks by object name
    dock->setWidget(w);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::createDocks()
{
    m_hardware = new HardwarePanel(m_state, this);
    m_search = new SearchPanel(m_state, this);
    m_layers = new LayerTableView(m_state, this);
    m_details = new SubgraphDetails(m_state, this);
    m_pareto = new ParetoView(m_state, this);
    m_convergence = new ConvergenceView(m_state, this);
    m_occupancy = new OccupancyView(m_state, this);
    m_timeline = new TimelineView(m_state, this);
    m_report = new QPlainTextEdit(this);
    m_report->setReadOnly(true);

    // Left: hardware and search settings (tabs: the search panel alone is ~570 px tall); right:
    // details / layers above the occupancy chart; bottom: Pareto fronts and convergence. Graph,
    // occupancy and fronts stay visible together, and the window fits a 1080p screen.
    QDockWidget *hw = addDock(m_hardware, tr("Hardware"), QStringLiteral("HardwareDock"), Qt::LeftDockWidgetArea);
    QDockWidget *search = addDock(m_search, tr("Search"), QStringLiteral("SearchDock"), Qt::LeftDockWidgetArea);
    tabifyDockWidget(hw, search);
    search->raise();
    QDockWidget *details = addDock(m_details, tr("Subgraph details"), QStringLiteral("DetailsDock"), Qt::RightDockWidgetArea);
    QDockWidget *occ = addDock(m_occupancy, tr("Occupancy"), QStringLiteral("OccupancyDock"), Qt::RightDockWidgetArea);
    splitDockWidget(details, occ, Qt::Vertical);
    QDockWidget *layers = addDock(m_layers, tr("Layers"), QStringLiteral("LayersDock"), Qt::RightDockWidgetArea);
    tabifyDockWidget(details, layers);
    details->raise();
    QDockWidget *pareto = addDock(m_pareto, tr("Pareto fronts"), QStringLiteral("ParetoDock"), Qt::BottomDockWidgetArea);
    QDockWidget *conv = addDock(m_convergence, tr("Convergence"), QStringLiteral("ConvergenceDock"), Qt::BottomDockWidgetArea);
    splitDockWidget(pareto, conv, Qt::Horizontal);
    // The search panel's results table gets a dock of its own (the Results page of the issue), so it
    // can sit beside the plots while the Search tab shows the settings.
    QDockWidget *results = addDock(m_search->resultsView(), tr("Results"), QStringLiteral("ResultsDock"),
                                   Qt::BottomDockWidgetArea);
    tabifyDockWidget(conv, results);
    QDockWidget *timeline = addDock(m_timeline, tr("Schedule timeline"), QStringLiteral("TimelineDock"),
                                    Qt::BottomDockWidgetArea);
    tabifyDockWidget(conv, timeline);
    m_reportDock = addDock(m_report, tr("Import report"), QStringLiteral("ImportReportDock"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(conv, m_reportDock);
    m_reportDock->hide();
    m_studyDock = new StudyDock(m_state, this);
    m_studyDockWidget = addDock(m_studyDock, tr("Study"), QStringLiteral("StudyDock"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(conv, m_studyDockWidget);
    m_studyDockWidget->hide();
    conv->raise(); // the tab shown first: the convergence plot

    connect(m_studyDock, &StudyDock::failed, this, [this](const QString &m) { showError(tr("Study"), m); });
    resizeDocks({hw, details}, {400, 440}, Qt::Horizontal);
    resizeDocks({pareto, conv}, {1000, 600}, Qt::Horizontal);
    resizeDocks({details, occ}, {300, 420}, Qt::Vertical);
    resizeDocks({pareto}, {300}, Qt::Vertical);
}

bool MainWindow::loadModel(const QString &spec, const cocco::LoadOptions &options, QString *error)
{
    auto loaded = cocco::loadModel(spec.toStdString(), options);
    if (!loaded) {
        *error = QString::fromStdString(loaded.message());
        return false;
    }
    const bool hasWarnings = !loaded->warnings.empty();
    QString report = QString::fromStdString(loaded->report);
    for (const std::string &w : loaded->warnings)
        report += QStringLiteral("\nwarning: ") + QString::fromStdString(w);
    m_loadOptions = options;
    m_state->setModel(std::move(loaded.value()));
    m_report->setPlainText(report.trimmed());
    if (hasWarnings)
        m_reportDock->show();
    addRecent(spec);
    return true;
}

bool MainWindow::openModelInteractive(const QString &spec, const cocco::LoadOptions &initial)
{
    cocco::LoadOptions options = initial;
    QString error;
    // The importer's structured list of dynamic inputs decides whether to ask (DimsDialog).
    auto dynamic = cocco::dynamicInputs(spec.toStdString(), options);
    if (dynamic && !dynamic->empty()) {
        DimsDialog dialog(QFileInfo(spec).fileName(), dynamic.value(), options, this);
        if (dialog.exec() != QDialog::Accepted)
            return false;
        options = dialog.options();
    }
    if (loadModel(spec, options, &error))
        return true;
    showError(tr("Could not load model"), error);
    return false;
}

cocco::ExperimentConfig MainWindow::currentConfig() const
{
    cocco::ExperimentConfig c;
    c.modelSpec = m_state->modelSpec().toStdString();
    c.inputShapes = m_loadOptions.inputShapes;
    c.hardware = m_state->hardware();
    c.search = m_state->searchConfig();
    return c;
}

bool MainWindow::applyConfig(const cocco::ExperimentConfig &config, QString *error)
{
    cocco::LoadOptions options;
    options.inputShapes = config.inputShapes;
    const bool sameModel = m_state->hasModel() && m_state->modelSpec().toStdString() == config.modelSpec
        && m_loadOptions.inputShapes == config.inputShapes;
    if (!sameModel && !loadModel(QString::fromStdString(config.modelSpec), options, error))
        return false;
    m_state->setHardware(config.hardware);
    m_state->setSearchConfig(config.search);
    return true;
}

void MainWindow::updateStatus()
{
    if (!m_state->hasModel()) {
        m_statusModel->setText(tr("No model — File ▸ Open or drop an .onnx / .json file"));
        m_statusTotals->clear();
        return;
    }
    const auto net = m_state->network();
    m_statusModel->setText(tr("%1 · %2 layers · %3 params · %4 MACs")
                               .arg(QString::fromStdString(net->name.empty() ? m_state->model().source : net->name))
                               .arg(net->computeOrder().size())
                               .arg(formatCount(double(net->totalParams())), formatCount(double(net->totalMacs()))));
    const cocco::PartitionCost &c = m_state->cost();
    QString totals = tr("%1 subgraphs · EMA %2 · energy %3 µJ · buffer %4 · latency %5 ms")
                         .arg(m_state->subgraphs().size())
                         .arg(formatBytes(c.emaBytes))
                         .arg(c.energyPj / 1e6, 0, 'f', 1)
                         .arg(c.cores > 1 ? tr("%1 × %2 = %3")
                                                .arg(c.cores)
                                                .arg(formatBytes(double(c.perCoreBufferBytes)), formatBytes(double(c.bufferBytes)))
                                          : formatBytes(double(c.bufferBytes)))
                         .arg(c.latencyMs, 0, 'f', 3);
    if (!c.valid)
        totals += tr(" · INVALID: %1").arg(QString::fromStdString(c.reason));
    // The design shown is a search's best: how far above the certified lower bound it is.
    const auto &results = m_state->results();
    for (auto r = results.rbegin(); r != results.rend(); ++r)
        if (r->best.partition == m_state->partition() && r->best.hw == m_state->hardware() && std::isfinite(r->gap)) {
            totals += cocco::provenOptimal(*r) ? tr(" · optimal")
                                               : tr(" · gap ≤ %1 % to the bound").arg(100 * r->gap, 0, 'f', 2);
            break;
        }
    m_statusTotals->setText(totals);
}

void MainWindow::updateTitle()
{
    setWindowTitle(m_state->hasModel() ? tr("%1 — Cocco Workbench").arg(m_state->modelSpec())
                                       : tr("Cocco Workbench"));
}

void MainWindow::addRecent(const QString &spec)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    recent.removeAll(spec);
    recent.prepend(spec);
    while (recent.size() > 10)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), recent);
    const QFileInfo fi(spec);
    if (!spec.startsWith(QLatin1String("zoo:")) && fi.exists())
        settings.setValue(QStringLiteral("lastOpenDir"), fi.absolutePath());
    updateRecentMenu();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_search->isRunning())
        m_search->cancel();
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!event->mimeData()->hasUrls())
        return;
    for (const QUrl &url : event->mimeData()->urls()) {
        const QString suffix = QFileInfo(url.toLocalFile()).suffix().toLower();
        if (suffix == QLatin1String("onnx") || suffix == QLatin1String("json")) {
            event->acceptProposedAction();
            return;
        }
    }
}

void MainWindow::dropEvent(QDropEvent *event)
{
    for (const QUrl &url : event->mimeData()->urls()) {
        const QString path = url.toLocalFile();
        const QString suffix = QFileInfo(path).suffix().toLower();
        if (suffix != QLatin1String("onnx") && suffix != QLatin1String("json"))
            continue;
        event->acceptProposedAction();
        // A dropped session/config JSON opens as such; anything else is a model.
        std::string text;
        QString error;
        if (suffix == QLatin1String("json") && readTextFile(path, &text, &error)
            && (text.find("\"cocco-session\"") != std::string::npos || text.find("\"cocco-config\"") != std::string::npos)) {
            if (!openSession(path, &error))
                showError(tr("Could not open %1").arg(QFileInfo(path).fileName()), error);
        } else {
            openModelInteractive(path);
        }
        return;
    }
}

void MainWindow::showError(const QString &title, const QString &message)
{
    QMessageBox::critical(this, title, message);
}

} // namespace ui
