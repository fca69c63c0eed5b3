// Scripted use of the workbench (also how docs/screenshots are made):
//   cocco-workbench --model M [--hw HW.json] [--config CFG.json] [--algo A --budget N --seed S ...]
//                   [--export-figures DIR [--formats png,svg,pdf]] [--screenshot FILE] [--quit]
// loads, optionally runs a search through the Search panel (the same worker the Run button uses),
// writes every figure, results.json and config.json into DIR, and exits (0, or 1 with a message).
#pragma once

#include "io/model_loader.h"
#include "io/search_settings.h"

#include <QObject>
#include <QStringList>

#include <string>
#include <utility>
#include <vector>

namespace ui {

class MainWindow;

struct ScriptOptions {
    QString model;          // model spec; empty = the default model (unless a config/session gives one)
    cocco::LoadOptions load; // --input-shape NAME=1,3,224,224 (repeatable) for ONNX dynamic inputs
    QString hardwarePath;   // --hw
    QString configPath;     // --config: an exported config (model + hardware + search settings)
    QString sessionPath;    // --session
    QString algorithm;      // --algo: run a search when set
    QString objective;      // --objective
    // --budget, --seed, --threads, --time-limit, --alpha, ... (io/search_settings.h), checked
    // when parsed and applied over the loaded config's settings in that order.
    std::vector<std::pair<cocco::SearchSetting, std::string>> settings;
    bool coExplore = false; // --co-explore
    bool compare = false;   // --compare: run the Compare action instead of one algorithm
    QString exportDir;      // --export-figures
    QStringList formats{QStringLiteral("png")};
    QString screenshot;     // --screenshot FILE: grab of the whole window
    QString selectLayer;    // --select NAME: select a layer before the screenshot
    bool quit = false;      // --quit when done
    bool scripted() const { return !exportDir.isEmpty() || !screenshot.isEmpty() || quit || !algorithm.isEmpty() || compare; }
};

// Parses the application's arguments (argv[0] first). Returns false with a message for bad values;
// --help / --version are handled by the parser (they exit).
bool parseScriptOptions(const QStringList &arguments, ScriptOptions *out, QString *error);

// Drives the window through the steps asynchronously (layout and search run in the background).
class ScriptedRun : public QObject {
    Q_OBJECT
public:
    ScriptedRun(MainWindow *window, ScriptOptions options, QObject *parent = nullptr);
    // Starts; finished() follows (also on error).
    void start();

signals:
    void finished(int exitCode, const QString &message);

private:
    void afterLoad();
    void afterLayout();
    void afterSearch();
    void writeOutputs();
    void fail(const QString &message);

    MainWindow *m_window;
    ScriptOptions m_opt;
    int m_resultsBefore = 0;
    bool m_done = false;
};

} // namespace ui
