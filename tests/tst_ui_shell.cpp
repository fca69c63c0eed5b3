// The main window end to end, headless: load -> small search -> views updated -> every export
// valid and non-empty -> cancel mid-run leaves a usable window; load errors; the layer table model
// under QAbstractItemModelTester; the details dock; the scripted mode.
#include "support/ui_fixtures.h"
#include "graph_view.h"
#include "layer_table_model.h"
#include "layer_table_view.h"
#include "main_window.h"
#include "scripted_run.h"
#include "search_panel.h"
#include "subgraph_details.h"
#include "workbench_state.h"

#include "io/model_loader.h"
#include "onnx/onnx_builder.h"
#include "session.h"

#include <QAbstractItemModelTester>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

namespace {
QByteArray head(const QString &path, int n = 8)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.read(n);
}

void checkFigureFile(const QString &path)
{
    QFileInfo fi(path);
    QVERIFY2(fi.exists(), qPrintable(path));
    QVERIFY2(fi.size() > 500, qPrintable(path + QStringLiteral(" is too small")));
    const QByteArray h = head(path);
    if (fi.suffix() == QLatin1String("png"))
        QVERIFY2(h.startsWith("\x89PNG\r\n"), qPrintable(path));
    else if (fi.suffix() == QLatin1String("pdf"))
        QVERIFY2(h.startsWith("%PDF-"), qPrintable(path));
    else
        QVERIFY2(h.startsWith("<?xml"), qPrintable(path));
}

bool waitForLayout(ui::MainWindow &w)
{
    if (!w.graphView()->isLayoutPending())
        return true;
    QSignalSpy spy(w.graphView(), &ui::GraphView::layoutFinished);
    return spy.wait(30000);
}

bool runAndWait(ui::MainWindow &w, int timeoutMs = 120000)
{
    QSignalSpy done(w.searchPanel(), &ui::SearchPanel::runFinished);
    w.searchPanel()->run();
    return done.count() > 0 || done.wait(timeoutMs);
}

void setSearch(ui::WorkbenchState *s, cocco::Algorithm a, int64_t budget, uint64_t seed)
{
    cocco::SearchConfig c = s->searchConfig();
    c.algorithm = a;
    c.sampleBudget = budget;
    c.seed = seed;
    c.threads = 2;
    s->setSearchConfig(c);
}
} // namespace

class TestShell : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // QSettings go to a test location
        QCoreApplication::setOrganizationName(QStringLiteral("CoccoTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_shell"));
        qRegisterMetaType<cocco::SearchProgress>();
        qRegisterMetaType<cocco::SearchResult>();
    }

    void layerTableModel()
    {
        ui::WorkbenchState state;
        ui::LayerTableView view(&state);
        QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(view.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(view.model()->rowCount(), 0);
        auto m = cocco::loadModel("zoo:resnet18");
        QVERIFY(m.ok());
        state.setModel(std::move(m.value()));
        QCOMPARE(view.model()->rowCount(), int(state.network()->size()));
        state.setPartition(cocco::Partition::fixedLength(*state.network(), 3));

        // Sorting by MACs is numeric (raw values), not by the formatted "1.23 M" text.
        view.proxy()->sort(ui::LayerTableModel::ColMacs, Qt::DescendingOrder);
        qlonglong prev = std::numeric_limits<qlonglong>::max();
        for (int r = 0; r < view.proxy()->rowCount(); ++r) {
            const qlonglong v = view.proxy()->index(r, ui::LayerTableModel::ColMacs)
                                    .data(ui::LayerTableModel::kSortRole).toLongLong();
            QVERIFY(v <= prev);
            prev = v;
        }
        // Subgraph column shows the partition's label.
        const int id = state.network()->find("layer1.0.conv1");
        const QModelIndex idx = view.model()->index(id, ui::LayerTableModel::ColSubgraph);
        QCOMPARE(idx.data(ui::LayerTableModel::kSortRole).toInt(), state.partition().label[size_t(id)]);

        // Filter and selection sync with the state.
        view.proxy()->setFilterFixedString(QStringLiteral("layer4.1"));
        QVERIFY(view.proxy()->rowCount() > 0 && view.proxy()->rowCount() < view.model()->rowCount());
        view.proxy()->setFilterFixedString(QString());
        state.selectLayer(id);
        QCOMPARE(view.table()->currentIndex().data(ui::LayerTableModel::kLayerIdRole).toInt(), id);
        view.table()->setCurrentIndex(view.proxy()->mapFromSource(view.model()->index(3, 1)));
        QCOMPARE(state.selectedLayer(), 3);

        auto other = cocco::loadModel("zoo:googlenet");
        QVERIFY(other.ok());
        state.setModel(std::move(other.value()));
        QCOMPARE(view.model()->rowCount(), int(state.network()->size()));
    }

    // A new partition or design keeps the selected layer and moves the selected subgraph with it.
    void selectionFollowsPartition()
    {
        ui::WorkbenchState state;
        auto m = cocco::loadModel("zoo:resnet18");
        QVERIFY(m.ok());
        state.setModel(std::move(m.value()));
        const int id = state.network()->find("layer3.0.conv1");
        state.selectLayer(id);
        QSignalSpy sel(&state, &ui::WorkbenchState::selectionChanged);
        cocco::Design d;
        d.hw = state.hardware();
        d.partition = cocco::Partition::whole(*state.network());
        state.setDesign(d);
        QCOMPARE(state.selectedLayer(), id);
        QCOMPARE(state.selectedSubgraph(), 0);
        QCOMPARE(sel.count(), 1);
        state.setPartition(cocco::Partition::singletons(*state.network()));
        QCOMPARE(state.selectedSubgraph(), state.partition().label[size_t(id)]);
        // A subgraph selected on its own disappears when its label does.
        state.selectSubgraph(int(state.subgraphs().size()) - 1);
        state.setPartition(cocco::Partition::whole(*state.network()));
        QCOMPARE(state.selectedSubgraph(), -1);
    }

    // ONNX input with a dynamic batch: the load error names it, --input-shape fixes it, the import
    // report is shown and the shapes travel in the exported config.
    void onnxDynamicInput()
    {
        cocco::OnnxModelBuilder b;
        b.input("images", {-1, 3, 32, 32});
        b.initializer("w", {8, 3, 3, 3});
        const int conv = b.node("Conv", {"images", "w"}, {"y"}, "conv1");
        b.attr(conv, "pads", std::vector<int64_t>{1, 1, 1, 1});
        b.node("Relu", {"y"}, {"z"}, "relu1");
        b.output("z");
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("dyn.onnx"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            const std::string bytes = b.bytes();
            f.write(bytes.data(), qint64(bytes.size()));
        }
        ui::WorkbenchState state;
        ui::MainWindow w(&state);
        QString error;
        QVERIFY(!w.loadModel(path, {}, &error));
        QVERIFY2(error.contains(QStringLiteral("dynamic")) && error.contains(QStringLiteral("images")), qPrintable(error));

        const QString out = dir.filePath(QStringLiteral("out"));
        ui::ScriptOptions opt;
        QVERIFY2(ui::parseScriptOptions({QStringLiteral("cocco-workbench"), QStringLiteral("--model"), path,
                                         QStringLiteral("--input-shape"), QStringLiteral("images=1,3,32,32"),
                                         QStringLiteral("--export-figures"), out, QStringLiteral("--quit")},
                                        &opt, &error),
                 qPrintable(error));
        ui::ScriptedRun run(&w, opt);
        QSignalSpy finished(&run, &ui::ScriptedRun::finished);
        run.start();
        QVERIFY(finished.count() > 0 || finished.wait(30000));
        QCOMPARE(finished.first().at(0).toInt(), 0);
        QVERIFY(!w.importReport().isEmpty());

        std::string text;
        QVERIFY(ui::readTextFile(out + QStringLiteral("/config.json"), &text, &error));
        auto cfg = cocco::experimentConfigFromJson(text, "config.json");
        QVERIFY(cfg.ok());
        QCOMPARE(cfg->inputShapes.at("images"), (std::vector<int64_t>{1, 3, 32, 32}));
        ui::WorkbenchState state2;
        ui::MainWindow w2(&state2);
        QVERIFY2(w2.applyConfig(cfg.value(), &error), qPrintable(error));
        QCOMPARE(state2.network()->size(), state.network()->size());
    }

    // Dropping a JSON model file onto the window opens it.
    void dropModelFile()
    {
        ui::WorkbenchState state;
        ui::MainWindow w(&state);
        w.show();
        const QString path = QStringLiteral(COCCO_SOURCE_DIR "/samples/models/resnet18.json");
        QVERIFY(QFileInfo::exists(path));
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &drop);
        QVERIFY(state.hasModel());
        QCOMPARE(state.modelSpec(), path);
        QVERIFY(waitForLayout(w));
        // Other files are refused.
        QMimeData other;
        other.setUrls({QUrl::fromLocalFile(QStringLiteral("/tmp/picture.png"))});
        QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &other, Qt::LeftButton, Qt::NoModifier);
        refused.setAccepted(false);
        QCoreApplication::sendEvent(&w, &refused);
        QVERIFY(!refused.isAccepted());
    }

    void loadErrorsKeepTheModel()
    {
        ui::WorkbenchState state;
        ui::MainWindow w(&state);
        QString error;
        QVERIFY(w.loadModel(QStringLiteral("zoo:resnet18"), {}, &error));
        QVERIFY(!w.loadModel(QStringLiteral("zoo:no-such-model"), {}, &error));
        QVERIFY2(error.contains(QStringLiteral("no-such-model")), qPrintable(error));
        QVERIFY(!w.loadModel(QStringLiteral("/nonexistent/model.onnx"), {}, &error));
        QVERIFY(!error.isEmpty());
        QCOMPARE(state.modelSpec(), QStringLiteral("zoo:resnet18"));
        QVERIFY(waitForLayout(w));
        // Only models that loaded go to the recent list (QSettings, test location).
        const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
        QVERIFY(!recent.isEmpty());
        QCOMPARE(recent.first(), QStringLiteral("zoo:resnet18"));
        QVERIFY(!recent.contains(QStringLiteral("zoo:no-such-model")));
    }

    void loadSearchExport()
    {
        ui::WorkbenchState state;
        ui::MainWindow w(&state);
        w.show();
        QString error;
        QVERIFY2(w.loadModel(QStringLiteral("zoo:resnet18"), {}, &error), qPrintable(error));
        QVERIFY(waitForLayout(w));
        const size_t singletons = state.subgraphs().size();
        setSearch(&state, cocco::Algorithm("ga"), 1500, 5);
        QSignalSpy progress(&state, &ui::WorkbenchState::searchProgress);
        QVERIFY(runAndWait(w));
        QCOMPARE(state.results().size(), size_t(1));
        const cocco::SearchResult &r = state.results().front();
        QVERIFY(!r.history.empty());
        // The best design is shown: fewer subgraphs than singletons, and the state's cost matches it.
        QCOMPARE(state.partition().label, r.best.partition.label);
        QVERIFY(state.subgraphs().size() < singletons);
        QVERIFY(state.cost().valid);
        QVERIFY(qAbs(state.cost().emaBytes - r.best.cost.emaBytes) <= 1e-6 * r.best.cost.emaBytes);

        // Clicking a node shows its properties in the details dock.
        QVERIFY(w.graphView()->findLayer(QStringLiteral("layer2.0.conv1")));
        const QString html = w.details()->html();
        QVERIFY(html.contains(QStringLiteral("layer2.0.conv1")));
        QVERIFY(html.contains(QStringLiteral("Share of activation buffer")));
        QVERIFY(html.contains(QStringLiteral("Subgraph %1").arg(state.selectedSubgraph())));

        QTemporaryDir dir;
        QStringList written;
        QVERIFY2(w.exportFigures(dir.path(), {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf")},
                                 &written, &error),
                 qPrintable(error));
        QVERIFY(written.size() >= 3 * 4); // graph + at least the Pareto, convergence and occupancy plots
        QVERIFY(written.contains(dir.filePath(QStringLiteral("graph.png"))));
        for (const QString &f : written)
            checkFigureFile(f);

        const QString results = dir.filePath(QStringLiteral("results.json"));
        const QString config = dir.filePath(QStringLiteral("config.json"));
        const QString fronts = dir.filePath(QStringLiteral("fronts.csv"));
        QVERIFY2(w.exportResults(results, &error), qPrintable(error));
        QVERIFY2(w.exportConfig(config, &error), qPrintable(error));
        QVERIFY2(w.exportFrontsCsv(fronts, &error), qPrintable(error));
        QFile rf(results);
        QVERIFY(rf.open(QIODevice::ReadOnly));
        const auto rj = nlohmann::json::parse(rf.readAll().toStdString());
        QCOMPARE(rj.at("schemaVersion").get<int>(), 1);
        QCOMPARE(rj.at("results").size(), size_t(1));
        QVERIFY(!rj.at("results")[0].at("partition").empty());
        QFile cf(fronts);
        QVERIFY(cf.open(QIODevice::ReadOnly));
        QVERIFY(cf.readAll().count('\n') >= 1 + int(r.pareto.size()));

        // Unknown format and unwritable folder are errors, not crashes.
        QVERIFY(!w.exportFigures(dir.path(), {QStringLiteral("bmp")}, nullptr, &error));
        QVERIFY(!w.exportConfig(QStringLiteral("/proc/no/such/dir/config.json"), &error));
    }

    void cancelMidRunLeavesUsableWindow()
    {
        ui::WorkbenchState state;
        ui::MainWindow w(&state);
        w.show();
        QString error;
        QVERIFY(w.loadModel(QStringLiteral("zoo:resnet50"), {}, &error));
        QVERIFY(waitForLayout(w));
        setSearch(&state, cocco::Algorithm("ga"), 50000000, 1);
        QSignalSpy done(w.searchPanel(), &ui::SearchPanel::runFinished);
        QSignalSpy progress(&state, &ui::WorkbenchState::searchProgress);
        w.searchPanel()->run();
        QVERIFY(w.searchPanel()->isRunning());
        QVERIFY(progress.wait(20000)); // it really runs
        QElapsedTimer t;
        t.start();
        w.searchPanel()->cancel();
        QVERIFY(done.count() > 0 || done.wait(10000));
        QVERIFY2(t.elapsed() < 5000, "cancel took too long");
        QVERIFY(!w.searchPanel()->isRunning());
        QCOMPARE(state.results().back().stopReason, cocco::StopReason::Cancelled);

        // Still usable: select, repartition, run again.
        QVERIFY(w.graphView()->findLayer(QStringLiteral("layer1.0.conv1")));
        setSearch(&state, cocco::Algorithm("greedy"), 100000, 1);
        const size_t before = state.results().size();
        QVERIFY(runAndWait(w));
        QCOMPARE(state.results().size(), before + 1);
        QVERIFY(state.cost().valid);
    }

    void scriptedMode_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<bool>("expectFiles");
        QTest::newRow("greedy") << QStringList{QStringLiteral("--model"), QStringLiteral("zoo:resnet18"), QStringLiteral("--algo"),
                                               QStringLiteral("greedy"), QStringLiteral("--formats"), QStringLiteral("png,svg")}
                                << 0 << true;
        QTest::newRow("no-search") << QStringList{QStringLiteral("--model"), QStringLiteral("zoo:googlenet")} << 0 << true;
        QTest::newRow("bad-model") << QStringList{QStringLiteral("--model"), QStringLiteral("zoo:nope")} << 1 << false;
        QTest::newRow("bad-hw") << QStringList{QStringLiteral("--model"), QStringLiteral("zoo:resnet18"), QStringLiteral("--hw"),
                                               QStringLiteral("/no/such/hw.json")}
                                << 1 << false;
    }
    void scriptedMode()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(bool, expectFiles);
        QTemporaryDir dir;
        QStringList argv{QStringLiteral("cocco-workbench")};
        argv << args << QStringLiteral("--export-figures") << dir.path() << QStringLiteral("--quit");
        ui::WorkbenchState state;
        ui::MainWindow w(&state);
        const testsupport::ScriptedOutcome done = testsupport::runScripted(w, argv);
        QVERIFY2(done.exitCode != -1, qPrintable(done.message)); // the options parse
        QCOMPARE(done.exitCode, exitCode);
        if (exitCode != 0)
            QVERIFY(!done.message.isEmpty());
        if (expectFiles) {
            for (const char *f : {"graph.png", "results.json", "config.json", "fronts.csv"})
                QVERIFY2(QFileInfo::exists(dir.filePath(QLatin1String(f))), f);
            checkFigureFile(dir.filePath(QStringLiteral("graph.png")));
        }
    }

    void scriptOptionErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("budget") << QStringList{QStringLiteral("--budget"), QStringLiteral("-3")};
        QTest::newRow("seed") << QStringList{QStringLiteral("--seed"), QStringLiteral("x")};
        QTest::newRow("algo") << QStringList{QStringLiteral("--algo"), QStringLiteral("magic")};
        QTest::newRow("format") << QStringList{QStringLiteral("--formats"), QStringLiteral("png,bmp")};
        QTest::newRow("objective") << QStringList{QStringLiteral("--objective"), QStringLiteral("speed")};
    }
    void scriptOptionErrors()
    {
        QFETCH(QStringList, args);
        ui::ScriptOptions opt;
        QString error;
        QVERIFY(!ui::parseScriptOptions(QStringList{QStringLiteral("cocco-workbench")} + args, &opt, &error));
        QVERIFY(error.startsWith(QStringLiteral("--")));
    }
};

QTEST_MAIN(TestShell)
#include "tst_ui_shell.moc"
