// Pareto, convergence and occupancy views: pure geometry (bytes -> bars, history thinning),
// graph/point counts after real search results, clicking a Pareto point loads its design,
// clicking a bar selects its subgraph, and every figure exports as valid PNG / SVG / PDF.
// Set COCCO_SHOT_DIR to also save offscreen renders of the three views there.
#include "support/ui_fixtures.h"
#include "convergence_view.h"
#include "figure_export.h"
#include "occupancy_geometry.h"
#include "occupancy_view.h"
#include "pareto_view.h"
#include "plot_geometry.h"
#include "workbench_state.h"

#include <QImage>
#include <QTemporaryDir>
#include <QtTest>
#include <qcustomplot.h>

using namespace ui;

namespace {

cocco::SearchResult search(const WorkbenchState &s, cocco::Algorithm a, int64_t budget, bool coExplore)
{
    cocco::SearchConfig c;
    c.algorithm = a;
    c.sampleBudget = budget;
    c.seed = 3;
    c.coExplore = coExplore;
    c.objective = coExplore ? cocco::Objective::Cost : cocco::Objective::Ema;
    auto r = cocco::runSearch(*s.costModel(), c);
    if (!r.ok())
        qFatal("search failed: %s", r.message().c_str());
    return r.value();
}

using testsupport::samePartition;

using testsupport::saveShot;

} // namespace

class TestUiPlots : public QObject {
    Q_OBJECT
private:
    static void loadInto(WorkbenchState &s, const char *spec) { testsupport::loadInto(s, spec); }

private slots:
    void occupancyGeometrySeparate();
    void occupancyGeometryShared();
    void downsampleKeepsStepsAndEnds_data();
    void downsampleKeepsStepsAndEnds();
    void occupancyViewBarsAndSelection();
    void paretoViewCountsAndClick();
    void mouseClicksReachTheState();
    void convergenceViewHistoriesAndLive();
    void exportEveryFigure_data();
    void exportEveryFigure();
};

void TestUiPlots::occupancyGeometrySeparate()
{
    cocco::HardwareConfig hw;
    hw.mode = cocco::BufferMode::Separate;
    hw.actBufferBytes = 1024 * cocco::kKiB;
    hw.weightBufferBytes = 1152 * cocco::kKiB;
    const std::vector<OccupancyInput> in = {{100 * cocco::kKiB, 20 * cocco::kKiB, 300 * cocco::kKiB, false, true},
                                            {50 * cocco::kKiB, 0, 2000 * cocco::kKiB, true, true}};
    const OccupancyLayout l = layoutOccupancy(in, hw);
    // Group 0: MAIN + SIDE stacked left of 0, weights right; group 1 has no SIDE part.
    QCOMPARE(l.bars.size(), size_t(5));
    QCOMPARE(int(l.bars[0].part), int(OccupancyPart::Main));
    QCOMPARE(l.bars[0].key, -0.2);
    QCOMPARE(l.bars[0].base, 0.0);
    QCOMPARE(l.bars[0].top, 100.0);
    QCOMPARE(int(l.bars[1].part), int(OccupancyPart::Side));
    QCOMPARE(l.bars[1].base, 100.0);
    QCOMPARE(l.bars[1].top, 120.0);
    QCOMPARE(int(l.bars[2].part), int(OccupancyPart::Weights));
    QCOMPARE(l.bars[2].key, 0.2);
    QCOMPARE(l.bars[2].top, 300.0);
    QCOMPARE(l.bars[4].group, 1);
    QCOMPARE(l.bars[4].top, 2000.0);
    QCOMPARE(l.lines.size(), size_t(2));
    QCOMPARE(l.lines[0].label, std::string("A"));
    QCOMPARE(l.lines[0].kib, 1024.0);
    QCOMPARE(l.lines[1].label, std::string("W"));
    QCOMPARE(l.lines[1].kib, 1152.0);
    QCOMPARE(l.yMax, 2000.0 * 1.08);
    const OccupancyLayout noLines = layoutOccupancy(in, hw, false);
    QVERIFY(noLines.lines.empty());
}

void TestUiPlots::occupancyGeometryShared()
{
    cocco::HardwareConfig hw;
    hw.mode = cocco::BufferMode::Shared;
    hw.sharedBufferBytes = 2048 * cocco::kKiB;
    const std::vector<OccupancyInput> in = {{100 * cocco::kKiB, 28 * cocco::kKiB, 64 * cocco::kKiB, false, true}};
    const OccupancyLayout l = layoutOccupancy(in, hw);
    // Weights at the bottom, MAIN on them, SIDE on top; one bar centred on the key.
    QCOMPARE(l.bars.size(), size_t(3));
    QCOMPARE(int(l.bars[0].part), int(OccupancyPart::Weights));
    QCOMPARE(l.bars[0].top, 64.0);
    QCOMPARE(l.bars[1].base, 64.0);
    QCOMPARE(l.bars[1].top, 164.0);
    QCOMPARE(l.bars[2].top, 192.0);
    for (const OccupancyBar &b : l.bars)
        QCOMPARE(b.key, 0.0);
    QCOMPARE(l.lines.size(), size_t(1));
    QCOMPARE(l.lines[0].label, std::string("S"));
    QCOMPARE(l.yMax, 2048.0 * 1.08);
    QCOMPARE(layoutOccupancy({}, hw, false).yMax, 1.0);
}

void TestUiPlots::downsampleKeepsStepsAndEnds_data()
{
    QTest::addColumn<int>("points");
    QTest::addColumn<int>("changeEvery");
    QTest::addColumn<int>("maxPoints");
    QTest::addColumn<int>("expected");
    QTest::newRow("short") << 2 << 1 << 10 << 2;
    QTest::newRow("flat runs collapse") << 1000 << 100 << 100 << 11;
    QTest::newRow("every point changes, capped") << 1000 << 1 << 50 << 50;
}

void TestUiPlots::downsampleKeepsStepsAndEnds()
{
    QFETCH(int, points);
    QFETCH(int, changeEvery);
    QFETCH(int, maxPoints);
    QFETCH(int, expected);
    std::vector<cocco::HistoryPoint> h;
    for (int i = 0; i < points; ++i)
        h.push_back({i * 10, 1000.0 - double(i / changeEvery), 0});
    const auto d = downsampleHistory(h, size_t(maxPoints));
    QCOMPARE(int(d.size()), expected);
    QCOMPARE(d.front().samples, h.front().samples);
    QCOMPARE(d.back().samples, h.back().samples);
    QCOMPARE(d.back().best, h.back().best);
    for (size_t i = 1; i < d.size(); ++i)
        QVERIFY(d[i].samples > d[i - 1].samples);
}

void TestUiPlots::occupancyViewBarsAndSelection()
{
    WorkbenchState state;
    loadInto(state, "zoo:resnet50");
    state.setPartition(cocco::Partition::fixedLength(*state.network(), 4));
    OccupancyView view(&state);
    view.resize(1000, 700);
    view.rebuildNow();
    const auto &subs = state.cost().subgraphs;
    int nonZero = 0;
    for (const auto &s : subs)
        nonZero += (s.mainBytes > 0) + (s.sideBytes > 0) + (s.weightBytes > 0);
    QCOMPARE(view.subgraphBarCount(), nonZero);
    QCOMPARE(view.subgraphLayout().lines.size(), size_t(2)); // A and W
    // Plottables: 3 legend entries + one QCPBars per bar.
    QCOMPARE(view.subgraphPlot()->plottableCount(), 3 + nonZero);
    QCOMPARE(view.nodeBarCount(), 0);

    // Click on the middle of subgraph 2's column selects it; its nodes come from core's tiling
    // and add up to the subgraph's footprint.
    view.subgraphPlot()->replot(QCustomPlot::rpImmediateRefresh);
    const double px = view.subgraphPlot()->xAxis->coordToPixel(2.0);
    const double py = view.subgraphPlot()->yAxis->coordToPixel(10.0);
    QVERIFY(view.selectAt(QPointF(px, py)));
    QCOMPARE(state.selectedSubgraph(), 2);
    view.rebuildNow();
    int64_t main = 0, side = 0, weights = 0;
    for (const OccupancyInput &n : view.nodeInputs()) {
        main += n.mainBytes;
        side += n.sideBytes;
        weights += n.weightBytes;
    }
    QCOMPARE(main, subs[2].mainBytes);
    QCOMPARE(side, subs[2].sideBytes);
    QCOMPARE(weights, subs[2].weightBytes);
    QVERIFY(view.nodeBarCount() > 0);
    QVERIFY(view.nodeLayout().lines.empty());
    QVERIFY(!view.selectAt(QPointF(view.subgraphPlot()->xAxis->coordToPixel(1000.0), py)));

    saveShot(&view, "occupancy_view_separate");
    view.resize(380, 430); // as in a side dock
    saveShot(&view, "occupancy_view_small");
    view.resize(1000, 700);
    // Shared mode: one bar per group against S.
    cocco::HardwareConfig hw = state.hardware();
    hw.mode = cocco::BufferMode::Shared;
    state.setHardware(hw);
    view.rebuildNow();
    QCOMPARE(view.subgraphLayout().lines.size(), size_t(1));
    saveShot(&view, "occupancy_view");
}

void TestUiPlots::paretoViewCountsAndClick()
{
    WorkbenchState state;
    loadInto(state, "zoo:resnet50");
    ParetoView view(&state);
    view.resize(1200, 500);
    state.addResult(search(state, cocco::Algorithm("ga"), 4000, true));
    state.addResult(search(state, cocco::Algorithm("greedy"), 1000, false));
    view.rebuildNow();
    const auto &results = state.results();
    int archive = 0;
    for (const auto &r : results)
        archive += std::max<int>(1, static_cast<int>(r.pareto.size()));
    QCOMPARE(view.archivePointCount(), archive);
    QVERIFY(results[0].pareto.size() > 1); // co-exploration leaves a real archive
    QCustomPlot *e = view.energyPlot();
    QCustomPlot *b = view.bandwidthPlot();
    // Energy plot: per result one faint cloud (QCPCurve) + one front graph; α line; current design.
    QCOMPARE(e->plottableCount(), 2 * 2 + 2);
    QCOMPARE(e->graphCount(), 2 + 2);
    QCOMPARE(b->graphCount(), 2 + 1); // no iso-cost line on the bandwidth plot
    QVERIFY(view.frontPointCount(e) >= 2 && view.frontPointCount(e) <= archive);
    QCOMPARE(e->graph(0)->name(), QStringLiteral("ga"));
    QCOMPARE(e->graph(1)->name(), QStringLiteral("greedy"));

    // Click right on a point of the GA's archive: its design is loaded.
    e->replot(QCustomPlot::rpImmediateRefresh);
    const int k = static_cast<int>(results[0].pareto.size()) / 2;
    const QPointF c = view.pointCoords(e, 0, k);
    QPointF pixel(e->xAxis->coordToPixel(c.x()), e->yAxis->coordToPixel(c.y()));
    QSignalSpy costSpy(&state, &WorkbenchState::costChanged);
    QVERIFY(view.selectNearest(e, pixel + QPointF(2, -2)));
    QCOMPARE(costSpy.count(), 1);
    const cocco::ParetoPoint &chosen = results[0].pareto[size_t(k)];
    // The nearest point may be a coincident one; it must be at the same pixel position.
    const QPointF got(double(state.hardware().bufferBytes()) / 1024.0, state.cost().energyPj * 1e-6);
    QVERIFY(std::fabs(e->xAxis->coordToPixel(got.x()) - pixel.x()) <= 8);
    QVERIFY(std::fabs(e->yAxis->coordToPixel(got.y()) - pixel.y()) <= 8);
    QCOMPARE(view.loadPoint(0, k), true);
    QVERIFY(samePartition(state.partition(), chosen.design.partition));
    QCOMPARE(state.hardware().bufferBytes(), chosen.bufferBytes);
    QCOMPARE(state.cost().energyPj, chosen.energyPj);
    // Far from every point: nothing happens.
    QVERIFY(!view.selectNearest(e, QPointF(-500, -500)));
    QCOMPARE(costSpy.count(), 2);

    view.setPeakBandwidth(true);
    QVERIFY(b->yAxis->label().contains(QStringLiteral("peak")));
    saveShot(&view, "pareto_view");
}

void TestUiPlots::mouseClicksReachTheState()
{
    // Real mouse events on shown widgets: press + release on a Pareto point loads it; a drag
    // does not; a click on an occupancy bar selects its subgraph.
    WorkbenchState state;
    loadInto(state, "zoo:resnet50");
    ParetoView pareto(&state);
    OccupancyView occ(&state);
    pareto.resize(1000, 450);
    occ.resize(900, 600);
    pareto.show();
    occ.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pareto));
    QVERIFY(QTest::qWaitForWindowExposed(&occ));
    state.addResult(search(state, cocco::Algorithm("ga"), 4000, true));
    pareto.rebuildNow();
    QCustomPlot *e = pareto.energyPlot();
    e->replot(QCustomPlot::rpImmediateRefresh);
    const auto &pts = state.results().front().pareto;
    QVERIFY(pts.size() > 2);
    const QPointF c = pareto.pointCoords(e, 0, 0);
    const QPoint pixel(int(std::lround(e->xAxis->coordToPixel(c.x()))), int(std::lround(e->yAxis->coordToPixel(c.y()))));
    QSignalSpy costSpy(&state, &WorkbenchState::costChanged);
    QTest::mouseClick(e, Qt::LeftButton, Qt::NoModifier, pixel);
    QCOMPARE(costSpy.count(), 1);
    QCOMPARE(state.hardware().bufferBytes(), pts[0].bufferBytes);
    // A drag (press here, release 40 px away) pans; it loads nothing.
    QTest::mousePress(e, Qt::LeftButton, Qt::NoModifier, pixel);
    QTest::mouseMove(e, pixel + QPoint(40, 0));
    QTest::mouseRelease(e, Qt::LeftButton, Qt::NoModifier, pixel + QPoint(40, 0));
    QCOMPARE(costSpy.count(), 1);

    occ.rebuildNow();
    QCustomPlot *o = occ.subgraphPlot();
    o->replot(QCustomPlot::rpImmediateRefresh);
    QVERIFY(state.cost().subgraphs.size() > 3);
    const QPoint bar(int(o->xAxis->coordToPixel(3.0)), int(o->yAxis->coordToPixel(1.0)));
    QSignalSpy selSpy(&state, &WorkbenchState::selectionChanged);
    QTest::mouseClick(o, Qt::LeftButton, Qt::NoModifier, bar);
    QCOMPARE(selSpy.count(), 1);
    QCOMPARE(state.selectedSubgraph(), 3);
    QTRY_VERIFY(occ.nodeBarCount() > 0); // the per-node plot follows on its timer
}

void TestUiPlots::convergenceViewHistoriesAndLive()
{
    WorkbenchState state;
    loadInto(state, "zoo:resnet18");
    ConvergenceView view(&state);
    view.resize(700, 400);
    cocco::SearchConfig cfg;
    cfg.algorithm = cocco::Algorithm("ga");
    state.notifySearchStarted(cfg);
    QCOMPARE(view.plot()->graphCount(), 1); // the live curve
    for (int i = 1; i <= 10; ++i) {
        cocco::SearchProgress p;
        p.samples = i * 100;
        p.budget = 1000;
        p.best = 1000.0 - i;
        state.notifySearchProgress(p);
    }
    cocco::SearchProgress stale;
    stale.samples = 50; // older than the last: ignored
    state.notifySearchProgress(stale);
    QCOMPARE(view.livePointCount(), 10);
    QTRY_COMPARE(view.plot()->graph(0)->dataCount(), 10); // after the bounded-rate replot
    const cocco::SearchResult r = search(state, cocco::Algorithm("ga"), 3000, false);
    state.addResult(r);
    state.notifySearchFinished(r);
    QCOMPARE(view.livePointCount(), 0);
    QCOMPARE(view.plot()->graphCount(), 1);
    const QCPGraph *g = view.plot()->graph(0);
    QVERIFY(g->dataCount() >= 2 && g->dataCount() <= int(downsampleHistory(r.history, 2000).size()) + 1);
    QCOMPARE(g->dataMainKey(g->dataCount() - 1), double(r.samples)); // carried to the last sample
    QCOMPARE(g->dataMainValue(g->dataCount() - 1), r.best.objective);
    // Issue 16: the result's certified lower bound is a dotted line under the curve.
    QCOMPARE(view.plot()->itemCount(), 2); // the line and its label
    const auto *bound = qobject_cast<QCPItemLine *>(view.plot()->item(0));
    QVERIFY(bound && std::isfinite(r.lowerBound));
    QCOMPARE(bound->start->coords().y(), r.lowerBound);
    QVERIFY(view.plot()->yAxis->range().lower <= r.lowerBound);
    state.addResult(search(state, cocco::Algorithm("sa"), 3000, false));
    QCOMPARE(view.plot()->graphCount(), 2);
    QCOMPARE(view.plot()->graph(1)->name(), QStringLiteral("sa"));
    QVERIFY(view.plot()->yAxis->label().contains(QStringLiteral("EMA")));
    saveShot(&view, "convergence_view");
}

void TestUiPlots::exportEveryFigure_data()
{
    QTest::addColumn<QString>("format");
    for (const QString &f : figureFormats())
        QTest::newRow(qPrintable(f)) << f;
}

void TestUiPlots::exportEveryFigure()
{
    QFETCH(QString, format);
    WorkbenchState state;
    loadInto(state, "zoo:resnet18");
    ParetoView pareto(&state);
    ConvergenceView conv(&state);
    OccupancyView occ(&state);
    state.addResult(search(state, cocco::Algorithm("ga"), 2000, true));
    state.setDesign(state.results().front().best);
    state.selectSubgraph(0);
    pareto.rebuildNow();
    occ.rebuildNow();
    QList<QPair<QString, QCustomPlot *>> all = pareto.figures() + conv.figures() + occ.figures();
    QCOMPARE(all.size(), 5);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const auto &[name, plot] : all) {
        QVERIFY(plot);
        const QString path = dir.filePath(name + QLatin1Char('.') + format);
        QString err;
        QVERIFY2(exportPlot(plot, path, &err, QSize(800, 500)), qPrintable(err));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray data = f.readAll();
        QVERIFY2(data.size() > 1000, qPrintable(path));
        if (format == QLatin1String("png")) {
            QImage img;
            QVERIFY(img.loadFromData(data, "PNG"));
            QVERIFY(img.width() >= 800 && img.height() >= 500);
        } else if (format == QLatin1String("svg")) {
            QVERIFY(data.contains("<svg"));
        } else {
            QVERIFY(data.startsWith("%PDF"));
        }
    }
}

QTEST_MAIN(TestUiPlots)
#include "tst_ui_plots.moc"
