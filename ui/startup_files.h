// What the workbench opens at start: the files of its command line, also how a desktop's
// "Open with" hands it a file (the desktop entry runs cocco-workbench %f).
#pragma once

#include <QString>

namespace ui {

class MainWindow;
struct ScriptOptions;

// True for a JSON config, session or results file written by the workbench ("kind" is
// cocco-config, cocco-session or cocco-results): MainWindow::openSession opens all three.
bool isExperimentFile(const QString &path);

// A positional argument that is an experiment file becomes --session (it is not a model).
void routeStartupFile(ScriptOptions *options);

// Interactive start: the session or config given, else the model given (or zoo:resnet50). Errors
// are shown in a message box and the default model is opened instead.
void openStartupFiles(MainWindow *window, const ScriptOptions &options);

} // namespace ui
