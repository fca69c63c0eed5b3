// Hardware panel and the slider/spin-box pair: edits reach the state, the state re-evaluates, the
// metrics show the change, bad configs are refused with core's message; re-evaluation of
// ResNet-50 after a slider step is timed (printed, target <= 100 ms).
#include "support/ui_fixtures.h"
#include "hardware_panel.h"
#include "search_panel.h"
#include "slider_spin.h"
#include "workbench_state.h"

#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QSlider>
#include <QComboBox>
#include <QtTest>

#include <algorithm>

using namespace ui;

namespace {
void saveShot(QWidget *w, const char *name) { testsupport::saveShot(w, name, QSize(520, 760)); }
} // namespace

class TestUiPanels : public QObject {
    Q_OBJECT
private:
    static void loadInto(WorkbenchState &s, const char *spec) { testsupport::loadInto(s, spec); }

private slots:
    void sliderSpinSnaps_data();
    void sliderSpinSnaps();
    void sliderMovesSpin();
    void bufferSliderChangesHardwareAndCost();
    void sharedModeEnablesS();
    void invalidConfigIsRefused();
    void alphaAndBufferModeHaveOneWidgetEach();
    void stateChangeUpdatesWidgets();
    void metricsShowDelta();
    void editTouchesOnlyItsField();
    void resnet50ReevaluationTime();
};

void TestUiPanels::sliderSpinSnaps_data()
{
    QTest::addColumn<double>("typed");
    QTest::addColumn<double>("expected");
    QTest::newRow("on grid") << 1024.0 << 1024.0;
    QTest::newRow("round down") << 1050.0 << 1024.0;
    QTest::newRow("round up") << 1070.0 << 1088.0;
    QTest::newRow("tie to smaller") << 1056.0 << 1024.0;
    QTest::newRow("below min") << 10.0 << 128.0;
    QTest::newRow("above max") << 9999.0 << 2048.0;
}

void TestUiPanels::sliderSpinSnaps()
{
    QFETCH(double, typed);
    QFETCH(double, expected);
    SliderSpin s(128, 2048, 64, 0, QStringLiteral(" KiB"));
    s.setValueSilently(512);
    QSignalSpy spy(&s, &SliderSpin::valueEdited);
    s.spinBox()->setValue(typed);
    QCOMPARE(s.value(), expected);
    QCOMPARE(s.slider()->value(), int((expected - 128) / 64));
    QVERIFY(!spy.isEmpty());
    QCOMPARE(spy.last().at(0).toDouble(), expected);
    QCOMPARE(s.snapped(typed), expected);
}

void TestUiPanels::sliderMovesSpin()
{
    SliderSpin s(0, 0.02, 0.0001, 4, {});
    QSignalSpy spy(&s, &SliderSpin::valueEdited);
    s.slider()->setValue(20);
    QCOMPARE(spy.count(), 1);
    QVERIFY(qAbs(s.value() - 0.002) < 1e-12);
    s.setValueSilently(0.0105);
    QCOMPARE(spy.count(), 1); // silent
    QCOMPARE(s.slider()->value(), 105);
}

void TestUiPanels::bufferSliderChangesHardwareAndCost()
{
    WorkbenchState state;
    loadInto(state, "zoo:resnet18");
    HardwarePanel panel(&state);
    auto *act = panel.findChild<SliderSpin *>(QStringLiteral("actBuffer"));
    QVERIFY(act);
    // A partition whose activations depend on A: the whole network in few subgraphs spills less
    // with more buffer; singletons at least change SRAM energy with A's capacity.
    const double energyBefore = state.cost().energyPj;
    QSignalSpy hwSpy(&state, &WorkbenchState::hardwareChanged);
    QSignalSpy costSpy(&state, &WorkbenchState::costChanged);
    act->slider()->setValue(act->slider()->minimum());
    QCOMPARE(hwSpy.count(), 1);
    QCOMPARE(costSpy.count(), 1);
    QCOMPARE(state.hardware().actBufferBytes, 128 * cocco::kKiB);
    QVERIFY(state.cost().energyPj != energyBefore); // SRAM energy scales with sqrt(A)
    QVERIFY(panel.validationMessage().isEmpty());

    // Typing a value off the grid snaps it to the capacity grid before it reaches the state.
    act->spinBox()->setValue(1000);
    QCOMPARE(state.hardware().actBufferBytes, state.hardware().actGrid.snap(1000 * 1024.0));
    QCOMPARE(state.hardware().actBufferBytes % (64 * cocco::kKiB), 0);

    auto *dram = panel.findChild<SliderSpin *>(QStringLiteral("dramBandwidth"));
    QVERIFY(dram);
    const double latency = state.cost().latencyMs;
    dram->spinBox()->setValue(1);
    QCOMPARE(state.hardware().dramGBps, 1.0);
    QVERIFY(state.cost().latencyMs > latency); // DRAM bound at 1 GB/s

    auto *batch = panel.findChild<SliderSpin *>(QStringLiteral("batch"));
    const double ema = state.cost().emaBytes;
    batch->spinBox()->setValue(4);
    QCOMPARE(state.hardware().batch, 4);
    QVERIFY(state.cost().emaBytes > ema);
}

void TestUiPanels::sharedModeEnablesS()
{
    WorkbenchState state;
    loadInto(state, "zoo:resnet18");
    HardwarePanel panel(&state);
    auto *mode = panel.findChild<QComboBox *>(QStringLiteral("bufferMode"));
    auto *shared = panel.findChild<SliderSpin *>(QStringLiteral("sharedBuffer"));
    auto *act = panel.findChild<SliderSpin *>(QStringLiteral("actBuffer"));
    QVERIFY(mode && shared && act);
    QVERIFY(!shared->isEnabled());
    mode->setCurrentIndex(1);
    QCOMPARE(state.hardware().mode, cocco::BufferMode::Shared);
    QVERIFY(shared->isEnabled());
    QVERIFY(!act->isEnabled());
    shared->spinBox()->setValue(2048);
    QCOMPARE(state.hardware().sharedBufferBytes, 2048 * cocco::kKiB);
    QCOMPARE(state.cost().bufferBytes, 2048 * cocco::kKiB);
}

void TestUiPanels::invalidConfigIsRefused()
{
    WorkbenchState state;
    loadInto(state, "zoo:resnet18");
    HardwarePanel panel(&state);
    // A config the widgets cannot produce but a hand-edited session can: a grid without a step.
    cocco::HardwareConfig bad = state.hardware();
    bad.actGrid.stepBytes = 0;
    state.setHardware(bad);
    auto *clock = panel.findChild<SliderSpin *>(QStringLiteral("clock"));
    QVERIFY(clock);
    QSignalSpy hwSpy(&state, &WorkbenchState::hardwareChanged);
    clock->spinBox()->setValue(2.0);
    QCOMPARE(hwSpy.count(), 0); // refused: the state keeps its config
    QCOMPARE(state.hardware().clockGHz, 1.0);
    QVERIFY2(panel.validationMessage().contains(QStringLiteral("grids.act.step_bytes")), qPrintable(panel.validationMessage()));
    // A good config again: applied, and the message goes away.
    cocco::HardwareConfig good = state.hardware();
    good.actGrid.stepBytes = 64 * cocco::kKiB;
    state.setHardware(good);
    clock->spinBox()->setValue(1.5);
    QCOMPARE(state.hardware().clockGHz, 1.5);
    QVERIFY(panel.validationMessage().isEmpty());
}

// Issue 11: α is a search setting (Search panel); buffer mode has one widget, the Hardware panel's.
void TestUiPanels::alphaAndBufferModeHaveOneWidgetEach()
{
    WorkbenchState state;
    loadInto(state, "zoo:resnet18");
    HardwarePanel hardware(&state);
    SearchPanel search(&state);
    QVERIFY(!hardware.findChild<QObject *>(QStringLiteral("alpha")));
    QVERIFY(!search.findChild<QObject *>(QStringLiteral("searchBufferMode")));
    int modeWidgets = 0;
    for (QWidget *panel : {static_cast<QWidget *>(&hardware), static_cast<QWidget *>(&search)})
        for (QComboBox *box : panel->findChildren<QComboBox *>())
            modeWidgets += box->findText(QStringLiteral("Shared (S)")) >= 0 ? 1 : 0;
    QCOMPARE(modeWidgets, 1);
    QVERIFY(hardware.findChild<QComboBox *>(QStringLiteral("bufferMode")));
    auto *alpha = search.findChild<QDoubleSpinBox *>(QStringLiteral("alpha"));
    QVERIFY(alpha);
    QSignalSpy spy(&state, &WorkbenchState::searchConfigChanged);
    alpha->setValue(0.005);
    QCOMPARE(spy.count(), 1);
    QVERIFY(qAbs(state.searchConfig().alpha - 0.005) < 1e-12);
    // The Hardware panel's Cost metric follows α.
    QVERIFY(!hardware.metricText(QStringLiteral("Cost")).startsWith(QStringLiteral("—")));
    saveShot(&hardware, "hardware_panel_without_alpha");
    saveShot(&search, "search_panel_with_alpha");
}

void TestUiPanels::stateChangeUpdatesWidgets()
{
    WorkbenchState state;
    loadInto(state, "zoo:resnet18");
    HardwarePanel panel(&state);
    cocco::HardwareConfig hw = state.hardware();
    hw.weightBufferBytes = 576 * cocco::kKiB;
    hw.peRows = 8;
    QSignalSpy spy(&state, &WorkbenchState::hardwareChanged);
    state.setHardware(hw);
    QCOMPARE(spy.count(), 1); // the panel echoes nothing back
    QCOMPARE(panel.findChild<SliderSpin *>(QStringLiteral("weightBuffer"))->value(), 576.0);
    QCOMPARE(panel.findChild<SliderSpin *>(QStringLiteral("peRows"))->value(), 8.0);
    QCOMPARE(panel.editedHardware(), hw);
}

void TestUiPanels::metricsShowDelta()
{
    WorkbenchState state;
    loadInto(state, "zoo:resnet18");
    HardwarePanel panel(&state);
    QVERIFY(panel.metricText(QStringLiteral("EMA")).contains(QStringLiteral("±0")));
    auto *batch = panel.findChild<SliderSpin *>(QStringLiteral("batch"));
    batch->spinBox()->setValue(2);
    // EMA grew: a red "+" delta.
    const QString ema = panel.metricText(QStringLiteral("EMA"));
    QVERIFY2(ema.contains(QStringLiteral("#b00020")) && ema.contains(QStringLiteral("+")), qPrintable(ema));
    batch->spinBox()->setValue(1);
    const QString back = panel.metricText(QStringLiteral("EMA"));
    QVERIFY2(back.contains(QStringLiteral("#1b7f2a")), qPrintable(back)); // decrease is green
    batch->spinBox()->setValue(2);
    saveShot(&panel, "hardware_panel");
    batch->spinBox()->setValue(1);
    // Buffer metric follows the mode.
    QVERIFY(panel.metricText(QStringLiteral("Buffer")).startsWith(QLocale().toString(2176.0, 'f', 0)));
}

void TestUiPanels::editTouchesOnlyItsField()
{
    // Values off the widgets' grids or ranges (a hardware file) survive an edit of another field.
    WorkbenchState state;
    loadInto(state, "zoo:resnet18");
    HardwarePanel panel(&state);
    cocco::HardwareConfig hw = state.hardware();
    hw.clockGHz = 1.234;
    hw.dramGBps = 1000;
    state.setHardware(hw);
    auto *dram = panel.findChild<SliderSpin *>(QStringLiteral("dramBandwidth"));
    QCOMPARE(dram->value(), 1000.0); // the range widened to show it
    panel.findChild<SliderSpin *>(QStringLiteral("batch"))->spinBox()->setValue(3);
    QCOMPARE(state.hardware().batch, 3);
    QCOMPARE(state.hardware().clockGHz, 1.234);
    QCOMPARE(state.hardware().dramGBps, 1000.0);
}

void TestUiPanels::resnet50ReevaluationTime()
{
    WorkbenchState state;
    loadInto(state, "zoo:resnet50");
    HardwarePanel panel(&state);
    auto *act = panel.findChild<SliderSpin *>(QStringLiteral("actBuffer"));
    auto *elem = panel.findChild<SliderSpin *>(QStringLiteral("elementBytes"));
    QVERIFY(act && elem);
    QSignalSpy costSpy(&state, &WorkbenchState::costChanged);
    // Two partitions: singletons (one subgraph per layer) and runs of 4 layers.
    for (int partition = 0; partition < 2; ++partition) {
        if (partition == 1)
            state.setPartition(cocco::Partition::fixedLength(*state.network(), 4));
        double worst = 0;
        for (int step = 0; step < 10; ++step) {
            QElapsedTimer t;
            t.start();
            act->slider()->setValue(act->slider()->minimum() + 2 * step + 1);
            worst = std::max(worst, t.nsecsElapsed() / 1e6);
        }
        // Element size changes every tile: the cost model re-derives all subgraph profiles.
        const double emaBefore = state.cost().emaBytes;
        const int elemBefore = state.hardware().elementBytes;
        QElapsedTimer t;
        t.start();
        elem->spinBox()->setValue(elemBefore == 1 ? 2 : 1);
        const double cold = t.nsecsElapsed() / 1e6;
        QVERIFY(state.hardware().elementBytes != elemBefore);
        QVERIFY(state.cost().emaBytes != emaBefore); // really re-evaluated
        qInfo("ResNet-50 (%zu subgraphs): A slider step -> state re-evaluated + panel updated: worst %.2f ms over "
              "10 steps; element-size change (all tilings re-derived): %.2f ms (target <= 100 ms)",
              state.cost().subgraphs.size(), worst, cold);
        QVERIFY2(worst < 1000 && cold < 1000, "re-evaluation takes over a second"); // 100 ms is printed, not asserted
    }
    QCOMPARE(costSpy.count(), 2 * 11 + 1);
}

QTEST_MAIN(TestUiPanels)
#include "tst_ui_panels.moc"
