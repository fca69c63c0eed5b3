// Config / results / session JSON: round trips, readable errors, and the issue's promise that an
// exported config run again with the same seed reproduces the results exactly.
#include "graph_view.h"
#include "main_window.h"
#include "search_panel.h"
#include "session.h"
#include "workbench_state.h"

#include "io/experiment.h"
#include "io/model_loader.h"
#include "scripted_run.h"
#include "search/result_json.h"
#include "support/cocco_cli.h"
#include "support/ui_fixtures.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace cocco;

namespace {
bool runAndWait(ui::MainWindow &w)
{
    QSignalSpy done(w.searchPanel(), &ui::SearchPanel::runFinished);
    w.searchPanel()->run();
    return done.count() > 0 || done.wait(120000);
}

SearchConfig unusualSearch()
{
    SearchConfig c;
    c.algorithm = Algorithm("sa");
    c.objective = Objective::Cost;
    c.coExplore = true;
    c.alpha = 0.0035;
    c.seed = 987654321012345ULL;
    c.sampleBudget = 12345;
    c.timeLimitSeconds = 7.5;
    c.threads = 3;
    c.population = 64;
    c.tournament = 5;
    c.elite = 4;
    c.crossoverRate = 0.75;
    c.mutationRate = 0.125;
    c.seedWithHeuristics = true;
    c.innerBudget = 777;
    c.saInitialTemperature = 0.2;
    c.saCooling = 0.9995;
    c.exactStateLimit = 4242;
    c.convergenceSamples = 999;
    return c;
}

void compareSearch(const SearchConfig &a, const SearchConfig &b)
{
    QCOMPARE(a.algorithm, b.algorithm);
    QCOMPARE(a.objective, b.objective);
    QCOMPARE(a.coExplore, b.coExplore);
    QCOMPARE(a.alpha, b.alpha);
    QCOMPARE(a.seed, b.seed);
    QCOMPARE(a.sampleBudget, b.sampleBudget);
    QCOMPARE(a.timeLimitSeconds, b.timeLimitSeconds);
    QCOMPARE(a.threads, b.threads);
    QCOMPARE(a.population, b.population);
    QCOMPARE(a.tournament, b.tournament);
    QCOMPARE(a.elite, b.elite);
    QCOMPARE(a.crossoverRate, b.crossoverRate);
    QCOMPARE(a.mutationRate, b.mutationRate);
    QCOMPARE(a.seedWithHeuristics, b.seedWithHeuristics);
    QCOMPARE(a.innerBudget, b.innerBudget);
    QCOMPARE(a.saInitialTemperature, b.saInitialTemperature);
    QCOMPARE(a.saCooling, b.saCooling);
    QCOMPARE(a.exactStateLimit, b.exactStateLimit);
    QCOMPARE(a.convergenceSamples, b.convergenceSamples);
}
} // namespace

class TestSession : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("CoccoTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_session"));
        qRegisterMetaType<SearchProgress>();
        qRegisterMetaType<SearchResult>();
    }

    void configRoundTrip()
    {
        cocco::ExperimentConfig c;
        c.modelSpec = "/models/yolo.onnx";
        c.inputShapes["images"] = {1, 3, 640, 640};
        c.hardware.mode = BufferMode::Shared;
        c.hardware.sharedBufferBytes = 2048 * kKiB;
        c.hardware.dramGBps = 25.6;
        c.hardware.energy.sramPjPerByte1MiB = 2.5;
        c.hardware.batch = 4;
        c.search = unusualSearch();
        const std::string text = cocco::experimentConfigToJson(c);
        auto back = cocco::experimentConfigFromJson(text, "cfg.json");
        QVERIFY2(back.ok(), back.ok() ? "" : back.message().c_str());
        QCOMPARE(back->modelSpec, c.modelSpec);
        QVERIFY(back->inputShapes == c.inputShapes);
        QVERIFY(back->hardware == c.hardware);
        compareSearch(back->search, c.search);
        QCOMPARE(cocco::experimentConfigToJson(back.value()), text);
    }

    void configErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expect");
        QTest::newRow("not-json") << QStringLiteral("{oops") << QStringLiteral("cfg.json");
        QTest::newRow("array") << QStringLiteral("[1]") << QStringLiteral("object");
        QTest::newRow("version") << QStringLiteral(R"({"schemaVersion": 99, "model": "zoo:vgg16"})") << QStringLiteral("schemaVersion");
        QTest::newRow("no-model") << QStringLiteral(R"({"schemaVersion": 1})") << QStringLiteral("model");
        QTest::newRow("algorithm") << QStringLiteral(R"({"schemaVersion": 1, "model": "zoo:vgg16", "search": {"algorithm": "magic"}})")
                                   << QStringLiteral("algorithm");
        QTest::newRow("type") << QStringLiteral(R"({"schemaVersion": 1, "model": "zoo:vgg16", "search": {"seed": "one"}})")
                              << QStringLiteral("seed");
        QTest::newRow("hardware") << QStringLiteral(R"({"schemaVersion": 1, "model": "zoo:vgg16", "hardware": {"schemaVersion": 1, "batch": -2}})")
                                  << QStringLiteral("batch");
    }
    void configErrors()
    {
        QFETCH(QString, text);
        QFETCH(QString, expect);
        auto r = cocco::experimentConfigFromJson(text.toStdString(), "cfg.json");
        QVERIFY(!r.ok());
        QVERIFY2(QString::fromStdString(r.message()).contains(expect), r.message().c_str());
    }

    // Export the config of a GUI run, open it elsewhere, run with the same seed: identical results.
    void exportedConfigReproducesRun_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<bool>("coExplore");
        QTest::newRow("ga") << QString("ga") << false;
        QTest::newRow("ga-coexplore") << QString("ga") << true;
        QTest::newRow("sa") << QString("sa") << false;
    }
    void exportedConfigReproducesRun()
    {
        QFETCH(QString, algorithm);
        QFETCH(bool, coExplore);
        QTemporaryDir dir;
        const QString cfgPath = dir.filePath(QStringLiteral("config.json"));
        SearchResult guiResult;
        {
            ui::WorkbenchState state;
            ui::MainWindow w(&state);
            QString error;
            QVERIFY(w.loadModel(QStringLiteral("zoo:resnet18"), {}, &error));
            HardwareConfig hw = state.hardware();
            hw.actBufferBytes = 768 * kKiB; // not the default: must travel through the file
            hw.dramGBps = 12;
            state.setHardware(hw);
            SearchConfig c = state.searchConfig();
            c.algorithm = algorithm.toStdString();
            c.coExplore = coExplore;
            c.objective = coExplore ? Objective::Cost : Objective::Ema;
            c.sampleBudget = 1200;
            c.seed = 4711;
            c.threads = 2;
            state.setSearchConfig(c);
            QVERIFY(runAndWait(w));
            QCOMPARE(state.results().size(), size_t(1));
            guiResult = state.results().front();
            QVERIFY2(w.exportConfig(cfgPath, &error), qPrintable(error));
        }
        std::string text;
        QString error;
        QVERIFY(ui::readTextFile(cfgPath, &text, &error));
        auto cfg = cocco::experimentConfigFromJson(text, cfgPath.toStdString());
        QVERIFY2(cfg.ok(), cfg.ok() ? "" : cfg.message().c_str());
        auto model = loadModel(cfg->modelSpec);
        QVERIFY(model.ok());
        auto net = std::make_shared<const Network>(model->net);
        for (int threads : {1, 2}) {
            CostModel cm(net, cfg->hardware);
            SearchConfig sc = cfg->search;
            sc.threads = threads; // never changes the result
            auto r = runSearch(cm, sc);
            QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
            QCOMPARE(r->best.objective, guiResult.best.objective);
            QCOMPARE(r->best.partition.label, guiResult.best.partition.label);
            QVERIFY(r->best.hw == guiResult.best.hw);
            QCOMPARE(r->samples, guiResult.samples);
        }
        // And through a second window opening the file (the File > Open Config path).
        ui::WorkbenchState state2;
        ui::MainWindow w2(&state2);
        QVERIFY2(w2.openSession(cfgPath, &error), qPrintable(error));
        QVERIFY(runAndWait(w2));
        QCOMPARE(state2.results().front().best.objective, guiResult.best.objective);
        QCOMPARE(state2.results().front().best.partition.label, guiResult.best.partition.label);
    }

    // Issue 11: `cocco-workbench --seed 5000000000 ... --export-figures D --quit` must run with that
    // seed and write it to D/config.json, and `cocco run D/config.json` must give the workbench's
    // result bit for bit (best objective, samples, partition, capacities).
    void cliRunReproducesScriptedRun_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QString>("seed");
        QTest::addColumn<bool>("coExplore");
        QTest::newRow("ga seed 5e9") << "ga" << "5000000000" << false;
        QTest::newRow("sa co-explore seed 2^64-1") << "sa" << "18446744073709551615" << true;
        QTest::newRow("greedy") << "greedy" << "7" << false;
    }
    void cliRunReproducesScriptedRun()
    {
        QFETCH(QString, algorithm);
        QFETCH(QString, seed);
        QFETCH(bool, coExplore);
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("out"));
        QStringList argv{QStringLiteral("cocco-workbench"), QStringLiteral("--model"), QStringLiteral("zoo:resnet18"),
                         QStringLiteral("--algo"), algorithm, QStringLiteral("--budget"), QStringLiteral("700"),
                         QStringLiteral("--seed"), seed, QStringLiteral("--threads"), QStringLiteral("2"),
                         QStringLiteral("--export-figures"), out, QStringLiteral("--quit")};
        if (coExplore)
            argv << QStringLiteral("--co-explore") << QStringLiteral("--objective") << QStringLiteral("cost");
        ui::WorkbenchState state;
        ui::MainWindow w(&state);
        const testsupport::ScriptedOutcome done = testsupport::runScripted(w, argv);
        QVERIFY2(done.exitCode == 0, qPrintable(done.message));
        QCOMPARE(state.results().size(), size_t(1));
        const SearchResult &gui = state.results().front();
        QCOMPARE(QString::number(gui.config.seed), seed); // the run used the seed asked for

        const QString cfgPath = out + QStringLiteral("/config.json");
        auto cfg = loadExperimentConfigFile(cfgPath.toStdString());
        QVERIFY2(cfg.ok(), cfg.ok() ? "" : cfg.message().c_str());
        QCOMPARE(QString::number(cfg->search.seed), seed);
        const testsupport::CliRun cli = testsupport::runCocco({QStringLiteral("run"), cfgPath, QStringLiteral("--json"),
                                                               QStringLiteral("--quiet")});
        QVERIFY2(cli.code == 0, cli.err.constData());
        auto back = searchResultFromJson(*state.network(), cli.out.toStdString(), "cocco run");
        QVERIFY2(back.ok(), back.ok() ? "" : back.message().c_str());
        QCOMPARE(back->best.objective, gui.best.objective); // exact: doubles are written to read back
        QCOMPARE(back->samples, gui.samples);
        QCOMPARE(back->best.partition.label, gui.best.partition.label);
        QVERIFY(back->best.hw == gui.best.hw);
        QCOMPARE(back->config.seed, gui.config.seed);
        QCOMPARE(back->stopReason, gui.stopReason);
    }

    void sessionRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("session.json"));
        std::string first;
        Partition shown;
        std::vector<SearchResult> results;
        QString error;
        {
            ui::WorkbenchState state;
            ui::MainWindow w(&state);
            QVERIFY(w.loadModel(QStringLiteral("zoo:googlenet"), {}, &error));
            SearchConfig c = state.searchConfig();
            c.algorithm = Algorithm("ga");
            c.sampleBudget = 800;
            c.seed = 3;
            c.coExplore = true;
            c.objective = Objective::Cost;
            state.setSearchConfig(c);
            QVERIFY(runAndWait(w));
            c.algorithm = Algorithm("greedy");
            c.coExplore = false;
            state.setSearchConfig(c);
            QVERIFY(runAndWait(w));
            QCOMPARE(state.results().size(), size_t(2));
            state.setPartition(Partition::fixedLength(*state.network(), 5));
            shown = state.partition();
            results = state.results();
            QVERIFY2(w.saveSession(path, &error), qPrintable(error));
            QVERIFY(ui::readTextFile(path, &first, &error));
        }
        ui::WorkbenchState state;
        ui::MainWindow w(&state);
        QVERIFY2(w.openSession(path, &error), qPrintable(error));
        QCOMPARE(state.modelSpec(), QStringLiteral("zoo:googlenet"));
        QCOMPARE(state.partition().label, shown.label);
        QCOMPARE(state.results().size(), results.size());
        for (size_t i = 0; i < results.size(); ++i) {
            const SearchResult &a = results[i], &b = state.results()[i];
            QCOMPARE(b.best.objective, a.best.objective);
            QCOMPARE(b.best.partition.label, a.best.partition.label);
            QVERIFY(b.best.hw == a.best.hw);
            QCOMPARE(b.best.cost.energyPj, a.best.cost.energyPj);
            QCOMPARE(b.pareto.size(), a.pareto.size());
            QCOMPARE(b.history.size(), a.history.size());
            QCOMPARE(b.stopReason, a.stopReason);
            compareSearch(b.config, a.config);
            for (size_t k = 0; k < a.pareto.size(); ++k)
                QCOMPARE(b.pareto[k].design.partition.label, a.pareto[k].design.partition.label);
        }
        // Saving again gives the same bytes.
        const QString again = dir.filePath(QStringLiteral("again.json"));
        QVERIFY(w.saveSession(again, &error));
        std::string second;
        QVERIFY(ui::readTextFile(again, &second, &error));
        QCOMPARE(second, first);
    }

    void sessionErrors()
    {
        auto model = loadModel("zoo:resnet18");
        QVERIFY(model.ok());
        const Network &net = model->net;
        const std::string badLayer = R"({"schemaVersion":1,"kind":"cocco-session","config":{"schemaVersion":1,"model":"zoo:resnet18"},
            "partition":{"subgraphs":[["no_such_layer"]]}})";
        auto r = cocco::sessionFromJson(net, badLayer, "s.json");
        QVERIFY(!r.ok());
        QVERIFY2(QString::fromStdString(r.message()).contains(QStringLiteral("no_such_layer")), r.message().c_str());
        const std::string badLabels = R"({"schemaVersion":1,"kind":"cocco-session","config":{"schemaVersion":1,"model":"zoo:resnet18"},
            "partition":{"labels":[0,1]}})";
        r = cocco::sessionFromJson(net, badLabels, "s.json");
        QVERIFY(!r.ok());
        QVERIFY(QString::fromStdString(r.message()).contains(QStringLiteral("labels")));
    }

    void frontsCsv()
    {
        SearchResult r;
        r.config.algorithm = Algorithm("ga");
        ParetoPoint p;
        p.bufferBytes = 1024;
        p.energyPj = 12.5;
        r.pareto = {p, p};
        const std::string csv = cocco::frontsToCsv({r});
        QVERIFY(csv.rfind("result,algorithm,buffer_bytes,energy_pj", 0) == 0);
        QCOMPARE(std::count(csv.begin(), csv.end(), '\n'), std::ptrdiff_t(3));
        QVERIFY(csv.find("0,ga,1024,12.5,") != std::string::npos);
    }
};

QTEST_MAIN(TestSession)
#include "tst_ui_session.moc"
