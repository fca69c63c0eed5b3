// The main window only assembles: the graph in the centre, docks for Hardware, Search, Layers,
// Subgraph details, Occupancy, Pareto, Convergence and the import report; menus, status bar,
// QSettings (geometry, recent files, last folders), drag-and-drop. Every export is a
// "write to a path" function (used by menus, the scripted mode and tests); only menu actions open
// file dialogs.
#pragma once

#include "io/model_loader.h"

#include <QMainWindow>
#include <QStringList>

#include <functional>
#include <vector>

class QAction;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QDockWidget;

namespace cocco {
struct ExperimentConfig;
}

namespace ui {

class ConvergenceView;
class GraphView;
class HardwarePanel;
class LayerTableView;
class OccupancyView;
class ParetoView;
class SearchPanel;
class SubgraphDetails;
class WorkbenchState;

// One exportable figure: file stem and a renderer to a path (suffix picks the format).
struct FigureExporter {
    QString name;
    std::function<bool(const QString &path, QString *error)> write;
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(WorkbenchState *state, QWidget *parent = nullptr);
    ~MainWindow() override;

    WorkbenchState *state() const { return m_state; }
    GraphView *graphView() const { return m_graph; }
    SearchPanel *searchPanel() const { return m_search; }
    HardwarePanel *hardwarePanel() const { return m_hardware; }
    LayerTableView *layerTable() const { return m_layers; }
    SubgraphDetails *details() const { return m_details; }
    ParetoView *paretoView() const { return m_pareto; }
    ConvergenceView *convergenceView() const { return m_convergence; }
    OccupancyView *occupancyView() const { return m_occupancy; }
    // The importer's report and warnings of the current model (empty for zoo / JSON models).
    QString importReport() const;

    // No dialogs: loads the model into the state or returns false with the core's message.
    bool loadModel(const QString &spec, const cocco::LoadOptions &options, QString *error);
    // The current experiment as a config (model reference, input shapes, hardware, search settings).
    cocco::ExperimentConfig currentConfig() const;
    // Loads the config's model (if different), hardware and search settings.
    bool applyConfig(const cocco::ExperimentConfig &config, QString *error);

    // Every figure: the graph and every figures() entry of the analysis views.
    std::vector<FigureExporter> figures() const;
    // Writes every figure in every format into `dir` (created if needed); lists the files written.
    bool exportFigures(const QString &dir, const QStringList &formats, QStringList *written, QString *error);
    bool exportConfig(const QString &path, QString *error) const;
    bool exportResults(const QString &path, QString *error) const;
    bool exportFrontsCsv(const QString &path, QString *error) const;
    bool saveSession(const QString &path, QString *error) const;
    bool openSession(const QString &path, QString *error);

public slots:
    // With dialogs: asks for input shapes when an ONNX input is dynamic, shows errors in a message
    // box and importer warnings in the Import report dock.
    bool openModelInteractive(const QString &spec, const cocco::LoadOptions &initial = {});
    // Window geometry and dock layout from the last session (QSettings).
    void restoreSettings();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createDocks();
    void createMenus();
    void updateRecentMenu();
    void addRecent(const QString &spec);
    void updateStatus();
    void updateTitle();
    QDockWidget *addDock(QWidget *w, const QString &title, const QString &objectName, Qt::DockWidgetArea area);

    void onOpen();
    void onOpenSession();
    void onSaveSession();
    void onOpenConfig();
    void onExportFigures();
    void onExportConfig();
    void onExportResults();
    void onExportFronts();
    void onAbout();
    void onSearchRunning(bool running);

    QString askSavePath(const QString &title, const QString &defaultName, const QString &filter);
    void showError(const QString &title, const QString &message);

    WorkbenchState *m_state;
    GraphView *m_graph = nullptr;
    HardwarePanel *m_hardware = nullptr;
    SearchPanel *m_search = nullptr;
    LayerTableView *m_layers = nullptr;
    SubgraphDetails *m_details = nullptr;
    ParetoView *m_pareto = nullptr;
    ConvergenceView *m_convergence = nullptr;
    OccupancyView *m_occupancy = nullptr;
    QPlainTextEdit *m_report = nullptr;
    QDockWidget *m_reportDock = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_recentMenu = nullptr;
    QAction *m_runAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_compareAction = nullptr;
    QLabel *m_statusModel = nullptr;
    QLabel *m_statusTotals = nullptr;
    cocco::LoadOptions m_loadOptions; // input shapes used for the current model (written to configs)
};

} // namespace ui
