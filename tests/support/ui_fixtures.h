// Shared fixtures of the GUI tests.
#pragma once

#include "io/model_loader.h"
#include "workbench_state.h"

#include <QSize>
#include <QString>
#include <QWidget>
#include <QtTest>

#include <algorithm>

namespace testsupport {

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
