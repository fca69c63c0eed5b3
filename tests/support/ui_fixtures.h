// Shared fixtures of the GUI tests.
#pragma once

#include "io/model_loader.h"
#include "main_window.h"
#include "scripted_run.h"
#include "workbench_state.h"

#include <QSignalSpy>

#include <QSize>
#include <QString>
#include <QWidget>
#include <QtTest>

#include <algorithm>

namespace testsupport {

struct ScriptedOutcome {
    int exitCode = -1; // -1: the options were refused (message), -2: no finish in time
    QString message;
};

// Runs the workbench's scripted mode (`argv`, program name first) on window `w`, as main() does.
inline ScriptedOutcome runScripted(ui::MainWindow &w, const QStringList &argv)
{
    ui::ScriptOptions opt;
    ScriptedOutcome out;
    if (!ui::parseScriptOptions(argv, &opt, &out.message))
        return out;
    ui::ScriptedRun run(&w, opt);
    QSignalSpy finished(&run, &ui::ScriptedRun::finished);
    run.start();
    if (finished.count() == 0 && !finished.wait(120000)) {
        out.exitCode = -2;
        return out;
    }
    out.exitCode = finished.first().at(0).toInt();
    out.message = finished.first().at(1).toString();
    return out;
}

// Loads `spec` (zoo:NAME, .json, .onnx) into the state; a failed load fails the calling test.
inline void loadInto(ui::WorkbenchState &s, const char *spec)
{
    auto m = cocco::loadModel(spec);
    QVERIFY2(m.ok(), m.ok() ? "" : m.message().c_str());
    s.setModel(std::move(m).value());
}

// Same subgraphs (as layer sets), whatever the label numbering.
inline bool samePartition(const cocco::Partition &a, const cocco::Partition &b)
{
    auto sa = cocco::subgraphsOf(a), sb = cocco::subgraphsOf(b);
    std::sort(sa.begin(), sa.end());
    std::sort(sb.begin(), sb.end());
    return sa == sb;
}

// With COCCO_SHOT_DIR set, saves an offscreen render of `w` there as NAME.png (to look at).
inline void saveShot(QWidget *w, const char *name, QSize minSize = {})
{
    const QByteArray dir = qgetenv("COCCO_SHOT_DIR");
    if (dir.isEmpty())
        return;
    if (minSize.isValid())
        w->resize(w->sizeHint().expandedTo(minSize));
    w->grab().save(QString::fromLocal8Bit(dir) + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png"));
}

} // namespace testsupport
