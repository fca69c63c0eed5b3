// Search panel + worker: a small run finishes and lands in the state, cancel mid-run returns
// quickly and leaves a usable panel, Compare fills the results table (model under
// QAbstractItemModelTester, sorted by raw values through the proxy), same seed -> same result.
#include "support/ui_fixtures.h"
#include "convergence_view.h"
#include "results_table_model.h"
#include "search_controller.h"
#include "search_panel.h"
#include "search_worker.h"
#include "wide_spin_box.h"
#include "workbench_state.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QtTest>
#include <qcustomplot.h>

using namespace ui;

namespace {
using testsupport::samePartition;

void saveShot(QWidget *w, const char *name) { testsupport::saveShot(w, name, QSize(520, 760)); }
} // namespace

class TestUiSearch : public QObject {
    Q_OBJECT
private:
    static void loadInto(WorkbenchState &s, const char *spec) { testsupport::loadInto(s, spec); }
    static void configure(WorkbenchState &s, cocco::Algorithm a, int64_t budget, bool coExplore = false)
    {
        cocco::SearchConfig c = s.searchConfig();
        c.algorithm = a;
        c.sampleBudget = budget;
        c.seed = 7;
        c.coExplore = coExplore;
        c.objective = coExplore ? cocco::Objective::Cost : cocco::Objective::Ema;
        c.population = 40;
        s.setSearchConfig(c);
    }

private slots:
    void initTestCase() { registerSearchMetaTypes(); }
    void runFinishesAndAddsResult();
    void sameSeedSameResult();
    void cancelMidRunIsQuickAndPanelStaysUsable();
    void compareFillsResultsTable();
    void runWithoutModelReportsIt();
    void controllerRunsCompareWithoutAPanel();
    void wideSpinBoxTakesTheFull64BitRange();
    void seedAndBudgetAbove32BitsReachTheRun();
};

void TestUiSearch::runFinishesAndAddsResult()
{
    WorkbenchState state;
    loadInto(state, "zoo:resnet18");
    configure(state, cocco::Algorithm("ga"), 3000, true);
    SearchPanel panel(&state);
    ConvergenceView conv(&state);
    QCOMPARE(panel.editedConfig().sampleBudget, 3000);
    QSignalSpy started(&state, &WorkbenchState::searchStarted);
    QSignalSpy finishedState(&state, &WorkbenchState::searchFinished);
    QSignalSpy done(&panel, &SearchPanel::runFinished);
    const cocco::Partition before = state.partition();
    panel.run();
    QVERIFY(panel.isRunning());
    QVERIFY(!panel.findChild<QPushButton *>(QStringLiteral("runButton"))->isEnabled());
    QVERIFY(panel.findChild<QPushButton *>(QStringLiteral("cancelButton"))->isEnabled());
    QVERIFY(done.wait(120000));
    QVERIFY(!panel.isRunning());
    QCOMPARE(started.count(), 1);
    QCOMPARE(finishedState.count(), 1);
    QCOMPARE(state.results().size(), size_t(1));
    const cocco::SearchResult &r = state.results().front();
    QCOMPARE(r.config.algorithm, cocco::Algorithm("ga"));
    QVERIFY(r.samples > 0 && r.samples <= 3000 + 100);
    QVERIFY(!r.history.empty());
    // The best design is loaded into every view through the state.
    QVERIFY(samePartition(state.partition(), r.best.partition));
    QCOMPARE(state.hardware().bufferBytes(), r.best.hw.bufferBytes());
    QVERIFY(!samePartition(state.partition(), before));
    QVERIFY(panel.statusText().contains(QStringLiteral("finished")));
    QVERIFY(panel.findChild<QPushButton *>(QStringLiteral("runButton"))->isEnabled());
    QCOMPARE(panel.resultsModel()->rowCount(), 1);
    QVERIFY(conv.plot()->graphCount() >= 1); // the finished history is drawn
}

void TestUiSearch::sameSeedSameResult()
{
    WorkbenchState state;
    loadInto(state, "zoo:resnet18");
    configure(state, cocco::Algorithm("ga"), 1500);
    SearchPanel panel(&state);
    QSignalSpy done(&panel, &SearchPanel::runFinished);
    panel.run();
    QVERIFY(done.wait(120000));
    panel.run();
    QVERIFY(done.wait(120000));
    QCOMPARE(state.results().size(), size_t(2));
    QCOMPARE(state.results()[0].best.objective, state.results()[1].best.objective);
    QCOMPARE(state.results()[0].best.partition, state.results()[1].best.partition);
}

void TestUiSearch::cancelMidRunIsQuickAndPanelStaysUsable()
{
    WorkbenchState state;
    loadInto(state, "zoo:resnet50");
    configure(state, cocco::Algorithm("ga"), 100000000, true); // would run for hours
    SearchPanel panel(&state);
    ConvergenceView conv(&state);
    QSignalSpy progress(&state, &WorkbenchState::searchProgress);
    QSignalSpy done(&panel, &SearchPanel::runFinished);
    panel.run();
    QVERIFY(progress.wait(60000)); // the run is really under way
    QTRY_VERIFY_WITH_TIMEOUT(conv.livePointCount() > 0, 10000);
    QTest::qWait(400); // a few more progress points and one bounded-rate replot
    QVERIFY(conv.livePointCount() > 0);
    conv.resize(700, 400);
    saveShot(&conv, "convergence_live");
    QElapsedTimer t;
    t.start();
    panel.cancel();
    QVERIFY(!panel.findChild<QPushButton *>(QStringLiteral("cancelButton"))->isEnabled());
    QVERIFY(done.wait(30000));
    const double ms = double(t.elapsed());
    qInfo("cancel -> runFinished in %.0f ms", ms);
    QVERIFY2(ms < 5000, "cancel took more than 5 s");
    QCOMPARE(state.results().size(), size_t(1));
    QCOMPARE(state.results().front().stopReason, cocco::StopReason::Cancelled);
    QVERIFY(panel.statusText().contains(QStringLiteral("Cancelled")));
    // Usable afterwards: a small run on the same panel finishes normally.
    configure(state, cocco::Algorithm("greedy"), 1000);
    panel.run();
    QVERIFY(done.wait(120000));
    QCOMPARE(state.results().size(), size_t(2));
    QVERIFY(state.results().back().stopReason != cocco::StopReason::Cancelled);
}

void TestUiSearch::compareFillsResultsTable()
{
    WorkbenchState state;
    loadInto(state, "zoo:resnet18");
    configure(state, cocco::Algorithm("ga"), 800);
    SearchPanel panel(&state);
    QAbstractItemModelTester tester(panel.resultsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto *proxy = qobject_cast<QSortFilterProxyModel *>(panel.resultsView()->model());
    QVERIFY(proxy);
    QAbstractItemModelTester proxyTester(proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.setCompareAlgorithms({cocco::Algorithm("greedy"), cocco::Algorithm("dp"), cocco::Algorithm("ga")});
    QCOMPARE(panel.compareAlgorithms().size(), size_t(3));
    QSignalSpy done(&panel, &SearchPanel::runFinished);
    panel.compare();
    QVERIFY(done.wait(180000));
    QCOMPARE(done.count(), 1); // once, after the last algorithm
    QCOMPARE(state.results().size(), size_t(3));
    ResultsTableModel *m = panel.resultsModel();
    QCOMPARE(m->rowCount(), 3);
    QCOMPARE(m->columnCount(), int(ResultsTableModel::ColumnCount));
    QCOMPARE(m->index(0, ResultsTableModel::Algorithm).data().toString(), QStringLiteral("greedy"));
    QCOMPARE(m->index(1, ResultsTableModel::Algorithm).data().toString(), QStringLiteral("dp"));
    QCOMPARE(m->index(2, ResultsTableModel::Algorithm).data().toString(), QStringLiteral("ga"));
    for (int row = 0; row < 3; ++row) {
        const QString stop = m->index(row, ResultsTableModel::StopReason).data().toString();
        QVERIFY2(!stop.isEmpty(), "stop reason shown");
        QCOMPARE(m->index(row, ResultsTableModel::Best).data(ResultsTableModel::RawValueRole).toDouble(),
                 state.results()[size_t(row)].best.objective);
    }
    // Sorting by the raw best objective (not the formatted text) through the proxy.
    proxy->sort(ResultsTableModel::Best, Qt::AscendingOrder);
    double last = -1;
    for (int row = 0; row < proxy->rowCount(); ++row) {
        const double v = proxy->index(row, ResultsTableModel::Best).data(ResultsTableModel::RawValueRole).toDouble();
        QVERIFY(v >= last);
        last = v;
    }
    // The state holds the best of the three.
    double best = state.results()[0].best.objective;
    for (const auto &r : state.results())
        best = std::min(best, r.best.objective);
    const int winnerRow = proxy->index(0, 0).data(ResultsTableModel::ResultIndexRole).toInt();
    QCOMPARE(state.results()[size_t(winnerRow)].best.objective, best);
    QVERIFY(samePartition(state.partition(), state.results()[size_t(winnerRow)].best.partition));
    saveShot(&panel, "search_panel");
    // Clearing results resets the model.
    state.clearResults();
    QCOMPARE(m->rowCount(), 0);
}

void TestUiSearch::runWithoutModelReportsIt()
{
    WorkbenchState state;
    SearchPanel panel(&state);
    QSignalSpy done(&panel, &SearchPanel::runFinished);
    panel.run();
    QVERIFY(done.wait(2000));
    QVERIFY(state.results().empty());
    QVERIFY(panel.statusText().contains(QStringLiteral("model")));
}


// The controller owns the thread and the Compare orchestration: it works with no widget at all.
void TestUiSearch::controllerRunsCompareWithoutAPanel()
{
    WorkbenchState state;
    loadInto(state, "zoo:resnet18");
    configure(state, cocco::Algorithm("ga"), 400);
    SearchController controller(&state);
    QSignalSpy done(&controller, &SearchController::finished);
    QSignalSpy running(&controller, &SearchController::runningChanged);
    controller.compare(state.searchConfig(), {cocco::Algorithm("greedy"), cocco::Algorithm("dp")});
    QVERIFY(controller.isRunning());
    QVERIFY(done.wait(60000));
    QVERIFY(!controller.isRunning());
    QCOMPARE(state.results().size(), size_t(2));
    QCOMPARE(state.results()[0].config.algorithm, cocco::Algorithm("greedy"));
    QCOMPARE(state.results()[1].config.algorithm, cocco::Algorithm("dp"));
    QCOMPARE(state.results()[0].config.seed, state.results()[1].config.seed); // equal settings
    const double best = std::min(state.results()[0].best.objective, state.results()[1].best.objective);
    QCOMPARE(state.partition().label,
             (state.results()[0].best.objective == best ? state.results()[0] : state.results()[1]).best.partition.label);
    QVERIFY(controller.statusText().startsWith(QStringLiteral("Compare finished: 2 of 2")));
    QCOMPARE(running.count(), 2); // started, finished
    // Nothing to compare: refused with a reason, still one finished().
    controller.compare(state.searchConfig(), {});
    QVERIFY(done.wait(5000));
    QVERIFY(controller.statusText().contains(QStringLiteral("at least one")));
}

void TestUiSearch::wideSpinBoxTakesTheFull64BitRange()
{
    WideSpinBox box;
    box.setRange(0, UINT64_MAX);
    QSignalSpy changed(&box, &WideSpinBox::valueChanged);
    box.setValue(UINT64_MAX);
    QCOMPARE(box.value(), UINT64_MAX);
    QCOMPARE(box.text(), QStringLiteral("18446744073709551615"));
    box.stepBy(1); // stays at the top
    QCOMPARE(box.value(), UINT64_MAX);
    box.stepBy(-3);
    QCOMPARE(box.value(), UINT64_MAX - 3);
    QCOMPARE(changed.count(), 2);
    QString text = QStringLiteral("18446744073709551616"); // 2^64
    int pos = 0;
    QCOMPARE(box.validate(text, pos), QValidator::Invalid);
    text = QStringLiteral("-1");
    QCOMPARE(box.validate(text, pos), QValidator::Invalid);
    text = QStringLiteral("5000000000");
    QCOMPARE(box.validate(text, pos), QValidator::Acceptable);
    box.setRange(1, 1000);
    QCOMPARE(box.value(), uint64_t(1000)); // clamped into the new range
    text = QStringLiteral("0");
    QCOMPARE(box.validate(text, pos), QValidator::Intermediate);
    box.fixup(text);
    QCOMPARE(text, QStringLiteral("1"));
}

// Issue 11: the seed and budget boxes stopped at INT_MAX, so a run with seed 5000000000 used
// 2147483647 and its exported config did not reproduce it.
void TestUiSearch::seedAndBudgetAbove32BitsReachTheRun()
{
    WorkbenchState state;
    loadInto(state, "zoo:resnet18");
    configure(state, cocco::Algorithm("greedy"), 100);
    SearchPanel panel(&state);
    auto *seed = panel.findChild<WideSpinBox *>(QStringLiteral("seed"));
    auto *budget = panel.findChild<WideSpinBox *>(QStringLiteral("budget"));
    QVERIFY(seed && budget);
    // Typed by the user.
    seed->selectAll();
    QTest::keyClicks(seed, QStringLiteral("5000000000"));
    QCOMPARE(state.searchConfig().seed, uint64_t(5000000000ULL));
    budget->setValue(3000000000ULL);
    QCOMPARE(state.searchConfig().sampleBudget, int64_t(3000000000LL));
    // Set by a loaded config: the boxes show it and the run uses it unchanged.
    cocco::SearchConfig c = state.searchConfig();
    c.seed = UINT64_MAX;
    c.sampleBudget = 150;
    state.setSearchConfig(c);
    QCOMPARE(seed->value(), UINT64_MAX);
    QCOMPARE(panel.editedConfig().seed, UINT64_MAX);
    QSignalSpy done(&panel, &SearchPanel::runFinished);
    panel.run();
    QVERIFY(done.count() > 0 || done.wait(60000));
    QCOMPARE(state.results().size(), size_t(1));
    QCOMPARE(state.results().front().config.seed, UINT64_MAX);
}

QTEST_MAIN(TestUiSearch)
#include "tst_ui_search.moc"
