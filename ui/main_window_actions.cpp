// MainWindow: menus and every file action (open, recent, session, exports). The write-to-a-path
// functions never open dialogs; the onXxx slots ask for a path and report errors.
#include "main_window.h"

#include "app_identity.h"
#include "convergence_view.h"
#include "figure_export.h"
#include "graph_view.h"
#include "occupancy_view.h"
#include "pareto_view.h"
#include "search_panel.h"
#include "session.h"
#include "workbench_state.h"

#include "io/sample_paths.h"
#include "zoo/zoo.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <qcustomplot.h>

namespace ui {

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open Model…"), this, &MainWindow::onOpen);
    open->setShortcut(QKeySequence::Open);
    QMenu *zoo = file->addMenu(tr("Open &Zoo Model"));
    for (const std::string &name : cocco::zooNames()) {
        const QString spec = QStringLiteral("zoo:") + QString::fromStdString(name);
        zoo->addAction(QString::fromStdString(name), this, [this, spec] { openModelInteractive(spec); });
    }
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    file->addAction(tr("Open &Session…"), this, &MainWindow::onOpenSession);
    QAction *save = file->addAction(tr("&Save Session…"), this, &MainWindow::onSaveSession);
    save->setShortcut(QKeySequence::Save);
    file->addAction(tr("Open &Config…"), this, &MainWindow::onOpenConfig);
    file->addSeparator();
    QAction *figs = file->addAction(tr("Export &Figures…"), this, &MainWindow::onExportFigures);
    figs->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    file->addAction(tr("Export Confi&g…"), this, &MainWindow::onExportConfig);
    file->addAction(tr("Export &Results…"), this, &MainWindow::onExportResults);
    file->addAction(tr("Export Fronts &CSV…"), this, &MainWindow::onExportFronts);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        m_viewMenu->addAction(dock->toggleViewAction());
    m_viewMenu->addSeparator();
    QAction *fit = m_viewMenu->addAction(tr("&Fit Graph"), m_graph, &GraphView::fitAll);
    fit->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_0)});
    QAction *find = m_viewMenu->addAction(tr("F&ind Layer…"), m_graph, &GraphView::showFindBar);
    find->setShortcut(QKeySequence::Find);
    QAction *zin = m_viewMenu->addAction(tr("Zoom &In"), m_graph, &GraphView::zoomIn);
    zin->setShortcut(QKeySequence::ZoomIn);
    QAction *zout = m_viewMenu->addAction(tr("Zoom &Out"), m_graph, &GraphView::zoomOut);
    zout->setShortcut(QKeySequence::ZoomOut);

    QMenu *search = menuBar()->addMenu(tr("&Search"));
    m_runAction = search->addAction(tr("&Run"), m_search, &SearchPanel::run);
    m_runAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_cancelAction = search->addAction(tr("&Cancel"), m_search, &SearchPanel::cancel);
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_compareAction = search->addAction(tr("C&ompare Algorithms"), m_search, &SearchPanel::compare);
    m_compareAction->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Cocco Workbench"), this, &MainWindow::onAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::onSearchRunning(bool running)
{
    m_runAction->setEnabled(!running);
    m_compareAction->setEnabled(!running);
    m_cancelAction->setEnabled(running);
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString &spec : recent)
        m_recentMenu->addAction(spec, this, [this, spec] { openModelInteractive(spec); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::onOpen()
{
    QSettings settings;
    // First time: the sample models (installed or in the source tree).
    const std::string samples = cocco::samplesDirectory();
    const QString firstDir = samples.empty() ? QDir::homePath() : QString::fromStdString(samples + "/models");
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Model"), settings.value(QStringLiteral("lastOpenDir"), firstDir).toString(),
        tr("Models (*.onnx *.json);;ONNX (*.onnx);;JSON model (*.json);;All files (*)"));
    if (!path.isEmpty())
        openModelInteractive(path);
}

QString MainWindow::askSavePath(const QString &title, const QString &defaultName, const QString &filter)
{
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("lastExportDir"), QDir::homePath()).toString();
    const QString path = QFileDialog::getSaveFileName(this, title, QDir(dir).filePath(defaultName), filter);
    if (!path.isEmpty())
        settings.setValue(QStringLiteral("lastExportDir"), QFileInfo(path).absolutePath());
    return path;
}

void MainWindow::onOpenSession()
{
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Session"),
                                                      settings.value(QStringLiteral("lastSessionDir")).toString(),
                                                      tr("Cocco session (*.json)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastSessionDir"), QFileInfo(path).absolutePath());
    QString error;
    if (!openSession(path, &error))
        showError(tr("Could not open session"), error);
}

void MainWindow::onOpenConfig()
{
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Config"),
                                                      settings.value(QStringLiteral("lastSessionDir")).toString(),
                                                      tr("Cocco config (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    auto config = cocco::loadExperimentConfigFile(path.toStdString());
    if (!config) {
        showError(tr("Could not open config"), QString::fromStdString(config.message()));
        return;
    }
    if (!applyConfig(config.value(), &error))
        showError(tr("Could not open config"), error);
}

void MainWindow::onSaveSession()
{
    if (!m_state->hasModel())
        return;
    const QString path = askSavePath(tr("Save Session"), QStringLiteral("session.json"), tr("Cocco session (*.json)"));
    QString error;
    if (!path.isEmpty() && !saveSession(path, &error))
        showError(tr("Could not save session"), error);
    else if (!path.isEmpty())
        statusBar()->showMessage(tr("Saved %1").arg(path), 4000);
}

void MainWindow::onExportFigures()
{
    QSettings settings;
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Export Figures To"), settings.value(QStringLiteral("lastExportDir"), QDir::homePath()).toString());
    if (dir.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastExportDir"), dir);
    QStringList written;
    QString error;
    if (!exportFigures(dir, figureFormats(), &written, &error))
        showError(tr("Could not export figures"), error);
    else
        statusBar()->showMessage(tr("Wrote %1 files to %2").arg(written.size()).arg(dir), 6000);
}

void MainWindow::onExportConfig()
{
    const QString path = askSavePath(tr("Export Config"), QStringLiteral("config.json"), tr("Cocco config (*.json)"));
    QString error;
    if (!path.isEmpty() && !exportConfig(path, &error))
        showError(tr("Could not export config"), error);
}

void MainWindow::onExportResults()
{
    const QString path = askSavePath(tr("Export Results"), QStringLiteral("results.json"), tr("Cocco results (*.json)"));
    QString error;
    if (!path.isEmpty() && !exportResults(path, &error))
        showError(tr("Could not export results"), error);
}

void MainWindow::onExportFronts()
{
    const QString path = askSavePath(tr("Export Fronts"), QStringLiteral("fronts.csv"), tr("CSV (*.csv)"));
    QString error;
    if (!path.isEmpty() && !exportFrontsCsv(path, &error))
        showError(tr("Could not export fronts"), error);
}

void MainWindow::onAbout() { QMessageBox::about(this, tr("About Cocco Workbench"), aboutText()); }

std::vector<FigureExporter> MainWindow::figures() const
{
    std::vector<FigureExporter> out;
    GraphView *graph = m_graph;
    out.push_back({QStringLiteral("graph"), [graph](const QString &path, QString *error) {
                       return graph->exportGraph(path, error);
                   }});
    QList<QPair<QString, QCustomPlot *>> plots;
    plots += m_pareto->figures();
    plots += m_convergence->figures();
    plots += m_occupancy->figures();
    for (const auto &entry : plots) {
        QCustomPlot *plot = entry.second;
        out.push_back({entry.first, [plot](const QString &path, QString *error) {
                           // A docked plot may be small or hidden: export at least a readable size.
                           const QSize size = plot->size().expandedTo(QSize(900, 560));
                           return exportPlot(plot, path, error, size);
                       }});
    }
    return out;
}

bool MainWindow::exportFigures(const QString &dir, const QStringList &formats, QStringList *written, QString *error)
{
    if (!QDir().mkpath(dir)) {
        *error = tr("%1: cannot create the folder").arg(dir);
        return false;
    }
    for (const QString &fmt : formats)
        if (!figureFormats().contains(fmt)) {
            *error = tr("unknown figure format '%1' (use %2)").arg(fmt, figureFormats().join(QStringLiteral(", ")));
            return false;
        }
    for (const FigureExporter &f : figures())
        for (const QString &fmt : formats) {
            const QString path = QDir(dir).filePath(f.name + QLatin1Char('.') + fmt);
            if (!f.write(path, error))
                return false;
            if (written)
                written->append(path);
        }
    return true;
}

bool MainWindow::exportConfig(const QString &path, QString *error) const
{
    if (!m_state->hasModel()) {
        *error = tr("%1: no model loaded").arg(path);
        return false;
    }
    return writeTextFile(path, cocco::experimentConfigToJson(currentConfig()), error);
}

bool MainWindow::exportResults(const QString &path, QString *error) const
{
    if (!m_state->hasModel()) {
        *error = tr("%1: no model loaded").arg(path);
        return false;
    }
    return writeTextFile(path, cocco::resultsToJson(*m_state->network(), m_state->results(), currentConfig()), error);
}

bool MainWindow::exportFrontsCsv(const QString &path, QString *error) const
{
    return writeTextFile(path, cocco::frontsToCsv(m_state->results()), error);
}

bool MainWindow::saveSession(const QString &path, QString *error) const
{
    if (!m_state->hasModel()) {
        *error = tr("%1: no model loaded").arg(path);
        return false;
    }
    cocco::Session s;
    s.config = currentConfig();
    s.partition = m_state->partition();
    s.results = m_state->results();
    return writeTextFile(path, cocco::sessionToJson(*m_state->network(), s), error);
}

bool MainWindow::openSession(const QString &path, QString *error)
{
    std::string text;
    if (!readTextFile(path, &text, error))
        return false;
    auto config = cocco::experimentConfigFromJson(text, path.toStdString());
    if (!config) {
        *error = QString::fromStdString(config.message());
        return false;
    }
    if (!applyConfig(config.value(), error))
        return false;
    // A bare config file carries no partition or results.
    if (text.find("\"cocco-session\"") == std::string::npos)
        return true;
    auto session = cocco::sessionFromJson(*m_state->network(), text, path.toStdString());
    if (!session) {
        *error = QString::fromStdString(session.message());
        return false;
    }
    m_state->clearResults();
    for (cocco::SearchResult r : session->results) {
        // Result files keep only the headline totals; the full breakdown is recomputed by the
        // same cost model (deterministic, so the numbers are the ones the run produced).
        if (const cocco::CostModel *cm = m_state->costModel())
            r.best.cost = cm->totals(r.best.partition, r.best.hw);
        m_state->addResult(r);
    }
    m_state->setPartition(session->partition);
    return true;
}

} // namespace ui
