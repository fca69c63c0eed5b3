// Issue 14: the Study dock - its table and filter models under QAbstractItemModelTester, filters,
// sorting by raw values, the metric plot's series, the suite front, double-click loading a run's
// design, and File ▸ Open Study through the main window.
#include <QAbstractItemModelTester>
#include <QTableView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "main_window.h"
#include "study_dock.h"
#include "study_filter_model.h"
#include "study_table_model.h"
#include "support/ui_fixtures.h"
#include "workbench_state.h"

#include "study/study_runner.h"

#include <qcustomplot.h>

namespace {

const char *kStudy = R"({
  "schemaVersion": 1, "name": "dock",
  "models": ["zoo:resnet18", {"source": "zoo:squeezenet1_0", "name": "squeeze", "weight": 2}],
  "hardware": {"schemaVersion": 1, "buffer": {"mode": "shared"}},
  "axes": [{"path": "dram_gbps", "values": [8, 16]},
           {"path": "buffer.shared_bytes", "values": [262144, 524288, 1048576]}],
  "search": {"algorithms": ["greedy", "dp"], "objective": "cost", "co_explore": false}
})";

QString makeDb(const QTemporaryDir &dir)
{
    const QString path = dir.filePath("dock.sqlite");
    auto s = cocco::studyFromJson(kStudy, "dock.json", ".");
    auto db = cocco::ResultsDb::open(path.toStdString(), true);
    if (!s.ok() || !db.ok() || !db.value()->attachStudy(*s, kStudy, false).ok() || !cocco::runStudy(*s, *db.value(), {}).ok())
        qFatal("cannot make the study database");
    return path;
}

} // namespace

class TestUiStudy : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_db;

private slots:
    void initTestCase() { m_db = makeDb(m_dir); }

    void modelsUnderTester()
    {
        ui::WorkbenchState state;
        ui::StudyDock dock(&state);
        QAbstractItemModelTester t1(dock.tableModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(dock.filterModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QString error;
        QVERIFY2(dock.openStudy(m_db, &error), qPrintable(error));
        QCOMPARE(dock.tableModel()->rowCount(), 24);
        QCOMPARE(dock.tableModel()->headerData(1, Qt::Horizontal).toString(), QStringLiteral("dram_gbps"));
        QCOMPARE(dock.tableModel()->headerData(2, Qt::Horizontal).toString(), QStringLiteral("buffer.shared_bytes"));
        dock.setFilters("squeeze", "");
        QCOMPARE(dock.filterModel()->rowCount(), 12);
        dock.setFilters("squeeze", "dp");
        QCOMPARE(dock.filterModel()->rowCount(), 6);
        dock.setFilters("squeeze", "dp", "buffer.shared_bytes", "524288");
        QCOMPARE(dock.filterModel()->rowCount(), 2);
        dock.setFilters("", "");
        QCOMPARE(dock.filterModel()->rowCount(), 24);
        QVERIFY(dock.reload(&error)); // re-reading keeps the testers happy too
    }

    void sortsByRawValues()
    {
        ui::WorkbenchState state;
        ui::StudyDock dock(&state);
        QString error;
        QVERIFY(dock.openStudy(m_db, &error));
        const int col = dock.tableModel()->metricColumn("energy_pj");
        dock.filterModel()->sort(col, Qt::AscendingOrder);
        double last = -1;
        for (int r = 0; r < dock.filterModel()->rowCount(); ++r) {
            const double v = dock.filterModel()->index(r, col).data(ui::StudyTableModel::RawRole).toDouble();
            QVERIFY(v >= last); // numerically, not as text
            last = v;
        }
    }

    void plotAndFront()
    {
        ui::WorkbenchState state;
        ui::StudyDock dock(&state);
        QString error;
        QVERIFY(dock.openStudy(m_db, &error));
        dock.setPlot("energy_pj", "buffer.shared_bytes", "model");
        QCOMPARE(dock.plottedSeries(), 2);
        QCOMPARE(dock.metricPlot()->graphCount(), 4); // every run faint + the best per value, per model
        QCOMPARE(dock.metricPlot()->graph(1)->data()->size(), 3);
        dock.setFilters("resnet18", "");
        dock.setPlot("energy_pj", "dram_gbps", "algorithm");
        QCOMPARE(dock.plottedSeries(), 2);
        QCOMPARE(dock.metricPlot()->graph(0)->data()->size(), 6); // 2 bandwidths x 3 capacities
        // One front per (algorithm, dram_gbps), each naming its best capacity.
        QCOMPARE(dock.frontSummary().count("best buffer.shared_bytes"), 4);
        dock.resize(1100, 620);
        for (int t = 0; t < dock.tabs()->count(); ++t) {
            dock.tabs()->setCurrentIndex(t);
            testsupport::saveShot(&dock, qPrintable(QString("study_dock_%1").arg(t)), QSize(1100, 620));
        }
    }

    void doubleClickLoadsTheDesign()
    {
        ui::WorkbenchState state;
        ui::StudyDock dock(&state);
        QString error;
        QVERIFY(dock.openStudy(m_db, &error));
        QSignalSpy loaded(&dock, &ui::StudyDock::runLoaded);
        const int row = 7;
        const cocco::RunRecord run = dock.tableModel()->run(row);
        QCOMPARE(run.status, std::string("ok"));
        const QModelIndex proxy = dock.filterModel()->mapFromSource(dock.tableModel()->index(row, 0));
        emit dock.table()->doubleClicked(proxy);
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(loaded.at(0).at(0).toString(), QString::fromStdString(run.key));
        QVERIFY(state.hasModel());
        QCOMPARE(state.results().size(), size_t(1));
        QCOMPARE(state.cost().emaBytes, run.emaBytes);
        QCOMPARE(state.cost().energyPj, run.energyPj);
        QCOMPARE(state.hardware().sharedBufferBytes, run.axisValues[1].get<int64_t>());
    }

    void openStudyFromTheMainWindow()
    {
        ui::WorkbenchState state;
        ui::MainWindow w(&state);
        QString error;
        QVERIFY(!w.openStudy(m_dir.filePath("missing.sqlite"), &error));
        QVERIFY2(error.contains("missing.sqlite"), qPrintable(error));
        QVERIFY2(w.openStudy(m_db, &error), qPrintable(error));
        QCOMPARE(w.studyDock()->tableModel()->rowCount(), 24);
        bool found = false;
        for (const auto &f : w.figures())
            found = found || f.name == QLatin1String("study_suite_front");
        QVERIFY(found);
    }
};

QTEST_MAIN(TestUiStudy)
#include "tst_ui_study.moc"
