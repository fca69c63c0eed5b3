#include "scripted_run.h"

#include "graph_view.h"
#include "main_window.h"
#include "search_panel.h"
#include "session.h"
#include "workbench_state.h"

#include "io/sample_paths.h"

#include <QCommandLineParser>
#include <QDir>
#include <QPixmap>
#include <QTimer>

namespace ui {

bool parseScriptOptions(const QStringList &arguments, ScriptOptions *out, QString *error)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Cocco Workbench: DNN graph partitioning and on-chip buffer co-exploration."));
    p.addHelpOption();
    p.addVersionOption();
    p.addPositionalArgument(QStringLiteral("model"), QStringLiteral("Model to open (.onnx, .json or zoo:NAME), or a config, session or results file."));
    const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("Model: zoo:NAME, a JSON model or an ONNX file."), QStringLiteral("M"));
    const QCommandLineOption inputShape(QStringLiteral("input-shape"), QStringLiteral("Full shape of an ONNX input with dynamic dimensions (repeatable)."), QStringLiteral("NAME=1,3,224,224"));
    const QCommandLineOption hw(QStringLiteral("hw"), QStringLiteral("Hardware config JSON, or a sample's name (separate_s, ...)."), QStringLiteral("HW.json"));
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("Exported config JSON (model, hardware, search)."), QStringLiteral("CFG.json"));
    const QCommandLineOption session(QStringLiteral("session"), QStringLiteral("Session JSON to open."), QStringLiteral("S.json"));
    const QCommandLineOption algo(QStringLiteral("algo"), QStringLiteral("Run this search algorithm (ga, sa, greedy, dp, exact, rs-ga, gs-ga, fixed-s/m/l)."), QStringLiteral("A"));
    const QCommandLineOption objective(QStringLiteral("objective"), QStringLiteral("Objective: ema, energy, latency, cost."), QStringLiteral("O"));
    const QCommandLineOption co(QStringLiteral("co-explore"), QStringLiteral("Search buffer capacities together with the partition."));
    const QCommandLineOption compare(QStringLiteral("compare"), QStringLiteral("Run Compare (every checked algorithm) instead of one run."));
    const QCommandLineOption exportDir(QStringLiteral("export-figures"), QStringLiteral("Write every figure, results.json and config.json into DIR."), QStringLiteral("DIR"));
    const QCommandLineOption formats(QStringLiteral("formats"), QStringLiteral("Figure formats, comma separated (png,svg,pdf). Default png."), QStringLiteral("LIST"));
    const QCommandLineOption shot(QStringLiteral("screenshot"), QStringLiteral("Save a grab of the whole window to FILE."), QStringLiteral("FILE"));
    const QCommandLineOption select(QStringLiteral("select"), QStringLiteral("Select this layer (before the screenshot)."), QStringLiteral("NAME"));
    const QCommandLineOption quit(QStringLiteral("quit"), QStringLiteral("Exit when done (exit status 0, or 1 on any error)."));
    p.addOptions({model, inputShape, hw, config, session, algo, objective, co, compare, exportDir, formats, shot, select, quit});
    // The search settings the CLI takes too, from core's one description of them.
    std::vector<std::pair<cocco::SearchSetting, QCommandLineOption>> settingOptions;
    for (const cocco::SearchSettingInfo &s : cocco::searchSettings()) {
        QString help = QString::fromLatin1(s.description) + QLatin1Char('.');
        help[0] = help[0].toUpper();
        settingOptions.emplace_back(s.id, QCommandLineOption(QString::fromLatin1(s.option + 2), help,
                                                             QString::fromLatin1(s.valueName)));
        p.addOption(settingOptions.back().second);
    }
    p.process(arguments);

    out->model = p.value(model);
    if (out->model.isEmpty() && !p.positionalArguments().isEmpty())
        out->model = p.positionalArguments().first();
    for (const QString &v : p.values(inputShape)) {
        auto parsed = cocco::parseInputShape(v.toStdString());
        if (!parsed) {
            *error = QStringLiteral("--input-shape: %1").arg(QString::fromStdString(parsed.message()));
            return false;
        }
        out->load.inputShapes[parsed->first] = parsed->second;
    }
    out->hardwarePath = p.value(hw);
    out->configPath = p.value(config);
    out->sessionPath = p.value(session);
    out->algorithm = p.value(algo);
    out->objective = p.value(objective);
    out->coExplore = p.isSet(co);
    out->compare = p.isSet(compare);
    out->exportDir = p.value(exportDir);
    out->screenshot = p.value(shot);
    out->selectLayer = p.value(select);
    out->quit = p.isSet(quit);
    for (const auto &[id, option] : settingOptions) {
        if (!p.isSet(option))
            continue;
        cocco::SearchConfig scratch;
        const std::string text = p.value(option).toStdString();
        const cocco::Status st = cocco::applySearchSetting(&scratch, id, text);
        if (!st.ok()) {
            *error = QString::fromStdString(st.message());
            return false;
        }
        out->settings.emplace_back(id, text);
    }
    if (p.isSet(formats)) {
        out->formats = p.value(formats).split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (QString &f : out->formats) {
            f = f.trimmed().toLower();
            if (f != QLatin1String("png") && f != QLatin1String("svg") && f != QLatin1String("pdf")) {
                *error = QStringLiteral("--formats: unknown format '%1' (use png, svg, pdf)").arg(f);
                return false;
            }
        }
    }
    cocco::Algorithm a;
    if (!out->algorithm.isEmpty() && !cocco::parseAlgorithm(out->algorithm.toStdString(), &a)) {
        *error = QStringLiteral("--algo: unknown algorithm '%1'").arg(out->algorithm);
        return false;
    }
    cocco::Objective o;
    if (!out->objective.isEmpty() && !cocco::parseObjective(out->objective.toStdString(), &o)) {
        *error = QStringLiteral("--objective: unknown objective '%1' (ema, energy, latency, cost)").arg(out->objective);
        return false;
    }
    return true;
}

ScriptedRun::ScriptedRun(MainWindow *window, ScriptOptions options, QObject *parent)
    : QObject(parent), m_window(window), m_opt(std::move(options))
{
}

void ScriptedRun::fail(const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    emit finished(1, message);
}

void ScriptedRun::start()
{
    WorkbenchState *state = m_window->state();
    QString error;
    if (!m_opt.sessionPath.isEmpty() && !m_window->openSession(m_opt.sessionPath, &error))
        return fail(error);
    if (!m_opt.configPath.isEmpty()) {
        auto config = cocco::loadExperimentConfigFile(m_opt.configPath.toStdString());
        if (!config)
            return fail(QString::fromStdString(config.message()));
        if (!m_window->applyConfig(config.value(), &error))
            return fail(error);
    }
    if (!m_opt.model.isEmpty() && !m_window->loadModel(m_opt.model, m_opt.load, &error))
        return fail(error);
    if (!state->hasModel() && !m_window->loadModel(QStringLiteral("zoo:resnet50"), {}, &error))
        return fail(error);
    if (!m_opt.hardwarePath.isEmpty()) {
        auto hw = cocco::loadHardwareFile(cocco::resolveHardwareArgument(m_opt.hardwarePath.toStdString()));
        if (!hw)
            return fail(QString::fromStdString(hw.message()));
        state->setHardware(hw.value());
    }
    cocco::SearchConfig c = state->searchConfig();
    if (!m_opt.algorithm.isEmpty())
        cocco::parseAlgorithm(m_opt.algorithm.toStdString(), &c.algorithm);
    if (!m_opt.objective.isEmpty())
        cocco::parseObjective(m_opt.objective.toStdString(), &c.objective);
    for (const auto &[id, text] : m_opt.settings)
        cocco::applySearchSetting(&c, id, text); // checked by parseScriptOptions
    if (m_opt.coExplore)
        c.coExplore = true;
    state->setSearchConfig(c);
    afterLoad();
}

void ScriptedRun::afterLoad()
{
    GraphView *graph = m_window->graphView();
    if (graph->isLayoutPending()) {
        connect(graph, &GraphView::layoutFinished, this, &ScriptedRun::afterLayout, Qt::SingleShotConnection);
        return;
    }
    afterLayout();
}

void ScriptedRun::afterLayout()
{
    if (!m_opt.selectLayer.isEmpty() && !m_window->graphView()->findLayer(m_opt.selectLayer))
        return fail(QStringLiteral("--select: no layer named '%1'").arg(m_opt.selectLayer));
    if (m_opt.algorithm.isEmpty() && !m_opt.compare) {
        writeOutputs();
        return;
    }
    SearchPanel *panel = m_window->searchPanel();
    m_resultsBefore = static_cast<int>(m_window->state()->results().size());
    connect(panel, &SearchPanel::runFinished, this, &ScriptedRun::afterSearch, Qt::SingleShotConnection);
    if (m_opt.compare)
        panel->compare();
    else
        panel->run();
}

void ScriptedRun::afterSearch()
{
    if (static_cast<int>(m_window->state()->results().size()) <= m_resultsBefore)
        return fail(QStringLiteral("the search produced no result: %1").arg(m_window->searchPanel()->statusText()));
    // Let the plots' bounded-rate repaint timers fire before grabbing them.
    QTimer::singleShot(300, this, &ScriptedRun::writeOutputs);
}

void ScriptedRun::writeOutputs()
{
    QString error;
    if (!m_opt.exportDir.isEmpty()) {
        QStringList written;
        if (!m_window->exportFigures(m_opt.exportDir, m_opt.formats, &written, &error))
            return fail(error);
        const QDir dir(m_opt.exportDir);
        if (!m_window->exportResults(dir.filePath(QStringLiteral("results.json")), &error)
            || !m_window->exportConfig(dir.filePath(QStringLiteral("config.json")), &error)
            || !m_window->exportFrontsCsv(dir.filePath(QStringLiteral("fronts.csv")), &error))
            return fail(error);
    }
    if (!m_opt.screenshot.isEmpty()) {
        const QPixmap shot = m_window->grab();
        if (shot.isNull() || !shot.save(m_opt.screenshot))
            return fail(QStringLiteral("%1: could not write the screenshot").arg(m_opt.screenshot));
    }
    m_done = true;
    emit finished(0, QString());
}

} // namespace ui
