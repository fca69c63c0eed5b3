#include "startup_files.h"

#include "main_window.h"
#include "scripted_run.h"
#include "session.h"

#include <nlohmann/json.hpp>

#include <QFileInfo>
#include <QMessageBox>

namespace ui {

namespace {
const QString kDefaultModel = QStringLiteral("zoo:resnet50");
}

bool isExperimentFile(const QString &path)
{
    if (!path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) || !QFileInfo(path).isFile())
        return false;
    std::string text;
    QString error;
    if (!readTextFile(path, &text, &error))
        return false;
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || !j.contains("kind") || !j["kind"].is_string())
        return false;
    const std::string kind = j["kind"].get<std::string>();
    return kind == "cocco-config" || kind == "cocco-session" || kind == "cocco-results";
}

void routeStartupFile(ScriptOptions *options)
{
    if (options->sessionPath.isEmpty() && options->configPath.isEmpty() && isExperimentFile(options->model)) {
        options->sessionPath = options->model;
        options->model.clear();
    }
}

void openStartupFiles(MainWindow *window, const ScriptOptions &options)
{
    const QString experiment = !options.sessionPath.isEmpty() ? options.sessionPath : options.configPath;
    if (!experiment.isEmpty()) {
        QString error;
        if (window->openSession(experiment, &error))
            return;
        QMessageBox::warning(window, MainWindow::tr("Could not open %1").arg(QFileInfo(experiment).fileName()), error);
        window->openModelInteractive(kDefaultModel);
        return;
    }
    window->openModelInteractive(options.model.isEmpty() ? kDefaultModel : options.model, options.load);
}

} // namespace ui
