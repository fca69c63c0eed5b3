// Schedule timeline (issue 12): the pure time -> x / bytes -> height geometry; the Cores control
// of the hardware panel re-evaluates and the timeline, the occupancy view and the status follow;
// the timeline follows a Pareto click; a click on a bar selects its subgraph (one selection); the
// memory plot's legend stays clear of the data at the dock's default size.
#include "support/ui_fixtures.h"

#include "graph_view.h"
#include "hardware_panel.h"
#include "occupancy_view.h"
#include "pareto_view.h"
#include "slider_spin.h"
#include "timeline_view.h"
#include "workbench_state.h"

#include "search/search.h"

#include <QDockWidget>
#include <QLabel>
#include <QStandardPaths>
#include <QtTest>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

using namespace ui;

namespace {

cocco::SubgraphCost sub(double compute, double dram, double noc, cocco::LatencyBound bound, int64_t act, int64_t w)
{
    cocco::SubgraphCost s;
    s.computeCycles = compute;
    s.dramCycles = dram;
    s.nocCycles = noc;
    s.latencyCycles = std::max({compute, dram, noc});
    s.bound = bound;
    s.actBytes = act;
    s.weightBytes = w;
    return s;
}

int barsOf(const TimelineLayout &l, int group)
{
    return static_cast<int>(std::count_if(l.bars.begin(), l.bars.end(), [&](const TimelineBar &b) { return b.group == group; }));
}

} // namespace

class TestUiTimeline : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // the main window's QSettings go to a test location
        QCoreApplication::setOrganizationName(QStringLiteral("CoccoTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_timeline"));
    }

    void geometry()
    {
        using cocco::LatencyBound;
        cocco::HardwareConfig hw; // 1 GHz: 1e6 cycles = 1 ms
        hw.clockGHz = 2.0;        // 2e6 cycles = 1 ms
        const std::vector<cocco::SubgraphCost> subs = {
            sub(2e6, 1e6, 0, LatencyBound::Compute, 10 * 1024, 20 * 1024),
            sub(1e6, 4e6, 3e6, LatencyBound::Dram, 30 * 1024, 5 * 1024),
            sub(1e6, 1e6, 6e6, LatencyBound::Noc, 2048 * 1024, 0),
        };
        const TimelineLayout l = layoutTimeline(subs, hw);
        QVERIFY(l.start == (std::vector<double>{0.0, 1.0, 3.0}));
        QCOMPARE(l.xMax, 6.0);
        // Subgraph 0: subgraph, compute, DRAM lanes (no NoC time); 1 and 2: all four.
        QCOMPARE(barsOf(l, 0), 3);
        QCOMPARE(barsOf(l, 1), 4);
        QCOMPARE(barsOf(l, 2), 4);
        int bounding = 0;
        for (const TimelineBar &b : l.bars) {
            QVERIFY(b.x0 == l.start[size_t(b.group)]);
            QVERIFY(b.x1 <= l.start[size_t(b.group)] + (b.group == 0 ? 1.0 : b.group == 1 ? 2.0 : 3.0) + 1e-12);
            QVERIFY(b.y0 >= double(static_cast<int>(b.lane)) && b.y1 <= double(static_cast<int>(b.lane)) + 1);
            if (b.bounding) {
                ++bounding;
                const TimelineLane expect[] = {TimelineLane::Compute, TimelineLane::Dram, TimelineLane::Noc};
                QVERIFY(b.lane == expect[b.group]);
                QCOMPARE(b.x1, b.group == 2 ? 6.0 : b.group == 1 ? 3.0 : 1.0); // the bounding part spans the latency
            }
            if (b.group == 1 && b.lane == TimelineLane::Noc)
                QCOMPARE(b.x1 - b.x0, 1.5);
        }
        QCOMPARE(bounding, 3);
        // Steps: one core's footprint while each subgraph runs; separate buffers against A and W.
        QCOMPARE(l.steps.size(), size_t(3));
        QCOMPARE(l.steps[1].x0, 1.0);
        QCOMPARE(l.steps[1].x1, 3.0);
        QCOMPARE(l.steps[1].actKiB, 30.0);
        QCOMPARE(l.steps[1].weightKiB, 5.0);
        QCOMPARE(l.lines.size(), size_t(2));
        QCOMPARE(l.lines[0].kib, 1024.0);
        QCOMPARE(l.yMaxKiB, 2048.0 * 1.08); // the tallest step beats the capacities
        // Hit-testing by time.
        QCOMPARE(l.groupAt(-0.1), -1);
        QCOMPARE(l.groupAt(0.0), 0);
        QCOMPARE(l.groupAt(0.999), 0);
        QCOMPARE(l.groupAt(1.0), 1);
        QCOMPARE(l.groupAt(5.9), 2);
        QCOMPARE(l.groupAt(6.0), -1);
        // Shared buffer: activations stack on weights against S.
        hw.mode = cocco::BufferMode::Shared;
        hw.sharedBufferBytes = 4096 * 1024;
        const TimelineLayout s = layoutTimeline({subs[0], subs[1]}, hw);
        QVERIFY(s.shared);
        QCOMPARE(s.lines.size(), size_t(1));
        QCOMPARE(s.yMaxKiB, 4096.0 * 1.08);
        // Empty partition: an empty axis, nothing to hit.
        const TimelineLayout e = layoutTimeline({}, hw);
        QCOMPARE(e.groupAt(0.5), -1);
        QCOMPARE(e.xMax, 1.0);
    }

    void coresControlReevaluates()
    {
        WorkbenchState state;
        testsupport::loadInto(state, "zoo:resnet50");
        state.setPartition(cocco::splitToFit(*state.costModel(), cocco::Partition::fixedLength(*state.network(), 4),
                                             state.hardware()));
        HardwarePanel panel(&state);
        TimelineView timeline(&state);
        OccupancyView occupancy(&state);
        timeline.resize(1100, 520);
        const double latency1 = state.cost().latencyMs;
        const size_t profiles = state.costModel()->cachedProfiles();
        auto *cores = panel.findChild<SliderSpin *>(QStringLiteral("cores"));
        QVERIFY(cores);
        QSignalSpy spy(&state, &WorkbenchState::costChanged);
        cores->spinBox()->setValue(4);
        QCOMPARE(state.hardware().cores, 4);
        QVERIFY(spy.count() >= 1);
        QVERIFY(state.cost().latencyMs < latency1);
        QVERIFY(state.cost().nocBytes > 0);
        QCOMPARE(state.cost().bufferBytes, 4 * state.cost().perCoreBufferBytes);
        // The same profiles: cores are applied per evaluation, no reload.
        QCOMPARE(state.costModel()->cachedProfiles(), profiles);
        timeline.rebuildNow();
        QCOMPARE(timeline.layout().steps.size(), state.cost().subgraphs.size());
        QVERIFY(std::fabs(timeline.layout().xMax - state.cost().latencyMs) < 1e-9 * latency1);
        QVERIFY(timeline.memoryPlot()->yAxis->label().contains(QStringLiteral("per core")));
        occupancy.rebuildNow();
        QVERIFY(occupancy.subgraphPlot()->yAxis->label().contains(QStringLiteral("per core")));
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("multicoreSummary"))->text().contains(QStringLiteral("4 ×")));
        testsupport::saveShot(&timeline, "timeline_resnet50_4cores");
        // NoC fields and their validation (panel refuses, state keeps the last good config).
        auto *noc = panel.findChild<SliderSpin *>(QStringLiteral("nocBandwidth"));
        QVERIFY(noc);
        noc->spinBox()->setValue(8);
        QCOMPARE(state.hardware().nocGBps, 8.0);
        cores->spinBox()->setValue(1);
        QCOMPARE(state.cost().latencyMs, latency1);
        timeline.rebuildNow();
        testsupport::saveShot(&timeline, "timeline_resnet50_1core");

        // A click in the schedule selects the subgraph running at that time, in every view.
        timeline.schedulePlot()->replot(QCustomPlot::rpImmediateRefresh);
        const TimelineLayout &l = timeline.layout();
        const double mid = (l.start[2] + l.steps[2].x1) / 2;
        const QPointF pixel(timeline.schedulePlot()->xAxis->coordToPixel(mid), timeline.schedulePlot()->yAxis->coordToPixel(3.5));
        QVERIFY(timeline.selectAt(timeline.schedulePlot(), pixel));
        QCOMPARE(state.selectedSubgraph(), 2);
        QVERIFY(timeline.describe(2).contains(QStringLiteral("bound by")));
        QVERIFY(!timeline.selectAt(timeline.schedulePlot(), QPointF(-1000, 10)));
    }

    void followsParetoClick()
    {
        WorkbenchState state;
        testsupport::loadInto(state, "zoo:resnet50");
        cocco::HardwareConfig hw = state.hardware();
        hw.cores = 2;
        state.setHardware(hw);
        cocco::SearchConfig c;
        c.algorithm = cocco::Algorithm("ga");
        c.sampleBudget = 3000;
        c.seed = 5;
        c.coExplore = true;
        c.objective = cocco::Objective::Cost;
        auto r = cocco::runSearch(*state.costModel(), c);
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QVERIFY(r->pareto.size() > 1);
        QCOMPARE(r->best.hw.cores, 2);
        state.addResult(r.value());
        ParetoView pareto(&state);
        TimelineView timeline(&state);
        for (int k : {0, static_cast<int>(r->pareto.size()) - 1}) {
            QVERIFY(pareto.loadPoint(0, k));
            timeline.rebuildNow();
            const cocco::PartitionCost &cost = state.cost();
            QCOMPARE(state.hardware().bufferBytes(), r->pareto[size_t(k)].bufferBytes);
            QCOMPARE(timeline.layout().steps.size(), cost.subgraphs.size());
            QVERIFY(std::fabs(timeline.layout().xMax - cost.latencyMs) <= 1e-9 * cost.latencyMs);
            const double capacity = double(state.hardware().perCoreBufferBytes()) / 1024.0;
            QCOMPARE(timeline.layout().lines.back().kib, state.hardware().mode == cocco::BufferMode::Shared
                                                             ? capacity
                                                             : double(state.hardware().weightBufferBytes) / 1024.0);
        }
        testsupport::saveShot(&timeline, "timeline_pareto", QSize(1100, 520));
    }

    // Issue 12: the memory plot's legend covered the step curves. It is a row above the axis rect
    // now: nothing of it inside the data area, every entry whole, in the dock as the window opens.
    void memoryLegendClearOfData_data()
    {
        QTest::addColumn<int>("cores");
        QTest::newRow("1 core") << 1;
        QTest::newRow("4 cores") << 4;
    }

    void memoryLegendClearOfData()
    {
        QFETCH(int, cores);
        WorkbenchState state;
        MainWindow w(&state);
        w.show();
        testsupport::loadInto(state, "zoo:resnet50");
        cocco::HardwareConfig hw = state.hardware();
        hw.cores = cores;
        state.setHardware(hw);
        state.setPartition(cocco::splitToFit(*state.costModel(), cocco::Partition::fixedLength(*state.network(), 4),
                                             state.hardware()));
        if (w.graphView()->isLayoutPending()) { // no layout thread left running when the window goes
            QSignalSpy laidOut(w.graphView(), &GraphView::layoutFinished);
            QVERIFY(laidOut.wait(30000));
        }
        auto *dock = w.findChild<QDockWidget *>(QStringLiteral("TimelineDock"));
        QVERIFY(dock);
        dock->raise();
        QCoreApplication::processEvents();
        TimelineView *timeline = w.timelineView();
        QVERIFY(timeline->isVisible());
        timeline->rebuildNow();
        QCustomPlot *plot = timeline->memoryPlot();
        const QRect data = plot->axisRect()->rect();
        const QRect legend = plot->legend->outerRect();
        QVERIFY(data.height() > 40); // the plot itself keeps most of the height
        QCOMPARE(plot->legend->itemCount(), 2);
        QVERIFY2(!legend.intersects(data), qPrintable(QStringLiteral("legend %1,%2 %3x%4 vs data %5,%6 %7x%8")
                                                          .arg(legend.x()).arg(legend.y()).arg(legend.width()).arg(legend.height())
                                                          .arg(data.x()).arg(data.y()).arg(data.width()).arg(data.height())));
        for (int i = 0; i < plot->legend->itemCount(); ++i) {
            const QCPAbstractLegendItem *item = plot->legend->item(i);
            QVERIFY(plot->rect().contains(item->outerRect()));                          // not clipped
            QVERIFY(item->outerRect().width() >= item->minimumOuterSizeHint().width()); // not squeezed
        }
        // The y label is short enough for the default height; the core count stands beside the legend.
        const QCPTextElement *note = nullptr;
        for (QCPLayoutElement *e : plot->plotLayout()->elements(true))
            if (auto *t = qobject_cast<QCPTextElement *>(e))
                note = t;
        QVERIFY(note);
        QCOMPARE(note->text().contains(QStringLiteral("%1 cores").arg(cores)), cores > 1);
        // "per core" in the legend only when there are several cores.
        for (int i = 0; i < plot->graphCount(); ++i)
            QCOMPARE(plot->graph(i)->name().contains(QStringLiteral("per core")), cores > 1);
        QVERIFY(!note->outerRect().intersects(data));
        const QString name = QStringLiteral("timeline_dock_%1core").arg(cores);
        testsupport::saveShot(timeline, qPrintable(name));
    }
};

QTEST_MAIN(TestUiTimeline)
#include "tst_ui_timeline.moc"
