// The genetic algorithm and its neighbours: reaches the exact optimum on small zoo models, small
// property tests (never worse than its heuristic seeds, never past the budget, co-exploration on
// the grid), operators keep what they should, and results survive the JSON round trip exactly.
// The quality figures (every zoo model, up to 400k samples) come from tools/make_results.sh.
#include "search/baselines/baselines.h"
#include "search/framework/design_space.h"
#include "search/evolution/evolution.h"
#include "search/evolution/operators.h"
#include "search/result_json.h"
#include "search/search.h"
#include "zoo/zoo.h"

#include <QtTest>

#include <algorithm>
#include <limits>

using namespace cocco;

namespace {

std::shared_ptr<const Network> zoo(const std::string &name)
{
    auto r = buildZooModel(name);
    if (!r.ok())
        return nullptr;
    return std::make_shared<Network>(std::move(r).value());
}

int64_t samplesToReach(const SearchResult &r, double target)
{
    for (const auto &h : r.history)
        if (h.best <= target)
            return h.samples;
    return -1;
}

} // namespace

class TestSearchGa : public QObject {
    Q_OBJECT
private slots:
    // Issue quality (a) on the two models where the GA finds the exact optimum within a few
    // thousand samples; the quality runs (every zoo model, 400k samples, 5 seeds) are in
    // tools/make_results.sh (docs/results.md), not here (issue 11).
    void reachesExactOptimum_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<qint64>("budget");
        QTest::newRow("vgg16") << "vgg16" << qint64(5000);
        QTest::newRow("resnet18") << "resnet18" << qint64(5000);
    }
    void reachesExactOptimum()
    {
        QFETCH(QString, name);
        QFETCH(qint64, budget);
        auto net = zoo(name.toStdString());
        QVERIFY(net);
        CostModel model(net, HardwareConfig{});
        auto ex = exactSearch(model, model.hardware(), Objective::Ema, 0.002, {}, 60, 2000000);
        QVERIFY(ex.ok());
        QCOMPARE(int(ex->stop), int(StopReason::Optimal));
        SearchConfig cfg;
        cfg.objective = Objective::Ema;
        cfg.sampleBudget = budget;
        cfg.seed = 1;
        auto r = runSearch(model, cfg);
        QVERIFY(r.ok());
        QCOMPARE(r->best.objective, ex->objective);
        QVERIFY(r->samples <= budget);
        QVERIFY(samplesToReach(r.value(), ex->objective) > 0);
    }

    // Properties at any budget: with heuristic seeding the GA is never worse than greedy or DP
    // (their designs are in the first population and the elite keeps the best); unseeded or
    // seeded, the window operators' subgraph evaluations are samples and the run never spends
    // more than its budget; the history is monotone and ends at the best.
    void seededNeverWorseWithinBudget_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("seeded");
        QTest::addColumn<int>("objective");
        QTest::addColumn<qint64>("budget");
        QTest::newRow("googlenet seeded ema") << "googlenet" << true << int(Objective::Ema) << qint64(3000);
        QTest::newRow("randwire_a seeded energy") << "randwire_a" << true << int(Objective::Energy) << qint64(3000);
        QTest::newRow("transformer seeded latency") << "transformer" << true << int(Objective::Latency) << qint64(2000);
        QTest::newRow("nasnet_a_mobile ema") << "nasnet_a_mobile" << false << int(Objective::Ema) << qint64(4000);
        QTest::newRow("nasnet_a_mobile seeded ema") << "nasnet_a_mobile" << true << int(Objective::Ema) << qint64(2500);
    }
    void seededNeverWorseWithinBudget()
    {
        QFETCH(QString, name);
        QFETCH(bool, seeded);
        QFETCH(int, objective);
        QFETCH(qint64, budget);
        auto net = zoo(name.toStdString());
        QVERIFY(net);
        const Objective o = static_cast<Objective>(objective);
        CostModel model(net, HardwareConfig{});
        SearchConfig cfg;
        cfg.objective = o;
        cfg.sampleBudget = budget;
        cfg.seedWithHeuristics = seeded;
        auto r = runSearch(model, cfg);
        QVERIFY(r.ok());
        QVERIFY(r->samples <= budget);
        QVERIFY(!r->history.empty());
        for (size_t i = 1; i < r->history.size(); ++i) {
            QVERIFY(r->history[i].samples >= r->history[i - 1].samples);
            QVERIFY(r->history[i].best <= r->history[i - 1].best);
        }
        QCOMPARE(r->history.back().best, r->best.objective);
        if (seeded) {
            auto g = greedySearch(model, model.hardware(), o, 0.002, {}, 0);
            auto d = dpSearch(model, model.hardware(), o, 0.002, {}, 0);
            QVERIFY(g.ok() && d.ok());
            QVERIFY(r->best.objective <= g->objective);
            QVERIFY(r->best.objective <= d->objective);
        }
    }

    // Anytime quality (issue 16): on chains the unseeded GA matches min(greedy, DP) within 10 x
    // DP's subgraph evaluations, on every seed tried. Before the first population was polished at
    // once, GPT-1 needed about 11 x (0 of 5 seeds within 10 x). Every zoo model, 5 seeds, EMA and
    // cost: tools/make_results.sh table (g).
    void unseededMatchesHeuristicsEarly_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("objective");
        QTest::addColumn<int>("seed");
        for (int seed = 1; seed <= 3; ++seed) {
            QTest::addRow("gpt1 ema seed %d", seed) << "gpt1" << int(Objective::Ema) << seed;
            QTest::addRow("gpt1 cost seed %d", seed) << "gpt1" << int(Objective::Cost) << seed;
            QTest::addRow("transformer ema seed %d", seed) << "transformer" << int(Objective::Ema) << seed;
        }
    }
    void unseededMatchesHeuristicsEarly()
    {
        QFETCH(QString, name);
        QFETCH(int, objective);
        QFETCH(int, seed);
        auto net = zoo(name.toStdString());
        QVERIFY(net);
        const Objective o = static_cast<Objective>(objective);
        CostModel model(net, HardwareConfig{});
        auto g = greedySearch(model, model.hardware(), o, 0.002, {}, 0);
        auto d = dpSearch(model, model.hardware(), o, 0.002, {}, 0);
        QVERIFY(g.ok() && d.ok());
        const double target = std::min(g->objective, d->objective);
        SearchConfig cfg;
        cfg.objective = o;
        cfg.seed = static_cast<uint64_t>(seed);
        cfg.sampleBudget = 10 * d->evaluations;
        auto r = runSearch(model, cfg);
        QVERIFY(r.ok());
        QVERIFY2(r->best.objective <= target * (1 + 1e-12),
                 qPrintable(QString("GA %1 after %2 samples, min(greedy, DP) %3")
                                .arg(r->best.objective, 0, 'f', 0).arg(r->samples).arg(target, 0, 'f', 0)));
    }

    // Issue 16, table (h): at 2k and 5k samples, co-exploring ResNet-50 with a shared buffer, the
    // GA's median over 5 seeds is no worse than fixed-M's (whose capacity is the optimum's). With
    // random first capacities only, the GA's median was 1.5 % above (9,833,818 against 9,687,340);
    // a quarter of the first population now starts at S, M and L.
    void shortCoExplorationUsesReferencePoints_data()
    {
        QTest::addColumn<int>("budget");
        QTest::newRow("2k") << 2000;
        QTest::newRow("5k") << 5000;
    }
    void shortCoExplorationUsesReferencePoints()
    {
        QFETCH(int, budget);
        auto net = zoo("resnet50");
        QVERIFY(net);
        HardwareConfig hw;
        hw.mode = BufferMode::Shared;
        CostModel model(net, hw);
        auto median = [&](const char *algo) {
            std::vector<double> v;
            for (int seed = 1; seed <= 5; ++seed) {
                SearchConfig cfg;
                cfg.algorithm = algo;
                cfg.objective = Objective::Cost;
                cfg.coExplore = true;
                cfg.sampleBudget = budget;
                cfg.seed = static_cast<uint64_t>(seed);
                auto r = runSearch(model, cfg);
                v.push_back(r.ok() ? r->best.objective : std::numeric_limits<double>::infinity());
            }
            std::sort(v.begin(), v.end());
            return v[2];
        };
        const double ga = median("ga"), fixedM = median("fixed-m");
        QVERIFY2(ga <= fixedM * (1 + 1e-12), qPrintable(QString("GA median %1, fixed-M median %2").arg(ga, 0, 'f', 0).arg(fixedM, 0, 'f', 0)));
    }

    // Short unseeded co-exploration runs select harder (ga.cpp, kPressureTournament and
    // kPressureElite): the method's tournament 3 and elite 2 give the same run as 5 and 8 there;
    // at kPressureSamples, partition-only or seeded, the configured sizes are used as they are.
    void shortCoExplorationSelectsHarder()
    {
        auto net = zoo("googlenet");
        QVERIFY(net);
        HardwareConfig hw;
        CostModel model(net, hw);
        auto run = [&](int64_t budget, bool coExplore, bool seeded, int tournament, int elite) {
            SearchConfig cfg;
            cfg.objective = coExplore ? Objective::Cost : Objective::Ema;
            cfg.coExplore = coExplore;
            cfg.sampleBudget = budget;
            cfg.seedWithHeuristics = seeded;
            cfg.tournament = tournament;
            cfg.elite = elite;
            auto r = runSearch(model, cfg);
            // The run's trajectory (each improvement of the best and the sample it came at), then
            // the Pareto archive of everything it evaluated (energy against EMA).
            std::vector<std::pair<double, double>> trace;
            if (r.ok()) {
                for (const HistoryPoint &h : r->history)
                    trace.emplace_back(double(h.samples), h.best);
                for (const ParetoPoint &p : r->pareto)
                    trace.emplace_back(p.emaBytes, p.energyPj);
            }
            return trace;
        };
        for (int64_t budget : {2000, 5000})
            QCOMPARE(run(budget, true, false, 3, 2), run(budget, true, false, 5, 8));
        QVERIFY(run(20000, true, false, 3, 2) != run(20000, true, false, 5, 8));
        QVERIFY(run(20000, false, false, 3, 2) != run(20000, false, false, 5, 8));
        QVERIFY(run(5000, true, true, 3, 2) != run(5000, true, true, 5, 8));
    }

    // A short unseeded co-exploration run's first climb takes at least kPressureClimbSamples, and
    // the whole budget when less than kPressureEvolutionSamples would be left after it (ga.cpp):
    // on NASNet-A Large one climb step costs about 1,600 samples, so at 2k no generation runs; at
    // 5k the evolution starts after the climb; a partition-only run keeps the method's share and
    // evolves after its first step (issue 16, docs/results.md table (h)).
    void shortCoExplorationClimbsFirst()
    {
        auto net = zoo("nasnet_a_large");
        QVERIFY(net);
        HardwareConfig hw;
        hw.mode = BufferMode::Shared;
        CostModel model(net, hw);
        // The generations the run reported and the sample count at the first one (-1: none).
        auto run = [&](int64_t budget, bool coExplore) {
            SearchConfig cfg;
            cfg.objective = coExplore ? Objective::Cost : Objective::Ema;
            cfg.coExplore = coExplore;
            cfg.sampleBudget = budget;
            int generations = 0;
            int64_t first = -1;
            SearchControl ctl;
            ctl.onProgress = [&](const SearchProgress &p) {
                if (p.generation.generation > generations) {
                    generations = p.generation.generation;
                    if (first < 0)
                        first = p.generation.samples;
                }
            };
            auto r = runSearch(model, cfg, ctl);
            return r.ok() && r->samples == budget ? std::make_pair(generations, first) : std::make_pair(-1, int64_t(-1));
        };
        const auto co2k = run(2000, true);
        QCOMPARE(co2k.first, 0);
        const auto co5k = run(5000, true);
        QVERIFY(co5k.first > 0);
        QVERIFY(co5k.second >= kPressureClimbSamples);
        const auto part2k = run(2000, false);
        QVERIFY(part2k.first > 0);
    }

    // Co-exploration properties: the chosen capacities are grid candidates, the result is the
    // cost model's value of its design, and fixed M stays on its reference point.
    void coExplorationProperties_data()
    {
        QTest::addColumn<bool>("shared");
        QTest::newRow("separate") << false;
        QTest::newRow("shared") << true;
    }
    void coExplorationProperties()
    {
        QFETCH(bool, shared);
        auto net = zoo("resnet50");
        HardwareConfig hw;
        hw.mode = shared ? BufferMode::Shared : BufferMode::Separate;
        CostModel model(net, hw);
        SearchConfig cfg;
        cfg.objective = Objective::Cost;
        cfg.coExplore = true;
        cfg.sampleBudget = 4000;
        auto r = runSearch(model, cfg);
        QVERIFY(r.ok());
        QVERIFY(r->best.cost.valid);
        const auto grid = shared ? hw.sharedGrid.values() : hw.actGrid.values();
        const int64_t cap = shared ? r->best.hw.sharedBufferBytes : r->best.hw.actBufferBytes;
        QVERIFY(std::find(grid.begin(), grid.end(), cap) != grid.end());
        QCOMPARE(r->best.objective, objectiveValue(model.totals(r->best.partition, r->best.hw), r->best.hw, cfg.objective, cfg.alpha));
        SearchConfig fixedCfg = cfg;
        fixedCfg.algorithm = Algorithm("fixed-m");
        fixedCfg.sampleBudget = 1500;
        auto f = runSearch(model, fixedCfg);
        QVERIFY(f.ok());
        QCOMPARE(f->best.hw.bufferBytes(), fixedReferenceHardware(hw, Algorithm("fixed-m")).bufferBytes());
    }

    void operators()
    {
        auto net = zoo("resnet18");
        CostModel model(net, HardwareConfig{});
        DesignSpace space(model, model.hardware(), Objective::Ema, 0.002, true);
        Operators ops(space);
        Rng rng(11);
        RepairScratch s;
        Genome a;
        ops.randomGenome(a, 0.3, rng);
        space.repairAndEvaluate(a, s);
        // Crossover of a design with itself is the design (capacity included).
        Genome c;
        ops.crossover(a, a, c, rng);
        space.repairAndEvaluate(c, s);
        QCOMPARE(c.label, a.label);
        QCOMPARE(c.cap0, a.cap0);
        // Every neighbour differs from its origin after repair.
        std::vector<Genome> nb;
        std::vector<std::pair<int, int>> touched;
        ops.neighbours(a, nb, &touched);
        QVERIFY(!nb.empty());
        QCOMPARE(touched.size(), nb.size());
        int same = 0;
        for (Genome &n : nb) {
            space.repairAndEvaluate(n, s);
            same += n == a;
        }
        QVERIFY2(same < int(nb.size()) / 2, qPrintable(QString("%1 of %2").arg(same).arg(nb.size())));
        // Capacity mutation stays on the grid.
        for (int i = 0; i < 200; ++i) {
            ops.mutate(a, Operators::Mutation::Capacity, rng);
            QVERIFY(a.cap0 >= 0 && a.cap0 < space.capCount0());
            QVERIFY(a.cap1 >= 0 && a.cap1 < space.capCount1());
        }
    }

    // search -> JSON -> partition + hardware -> cost model: the same totals, bit for bit.
    void resultJsonRoundTrip_data()
    {
        QTest::addColumn<QString>("algo");
        QTest::addColumn<bool>("shared");
        QTest::newRow("ga separate") << QString("ga") << false;
        QTest::newRow("ga shared") << QString("ga") << true;
        QTest::newRow("rs-ga") << QString("rs-ga") << false;
        QTest::newRow("greedy") << QString("greedy") << false;
    }
    void resultJsonRoundTrip()
    {
        QFETCH(QString, algo);
        QFETCH(bool, shared);
        auto net = zoo("googlenet");
        HardwareConfig hw;
        hw.mode = shared ? BufferMode::Shared : BufferMode::Separate;
        CostModel model(net, hw);
        SearchConfig cfg;
        cfg.algorithm = algo.toStdString();
        cfg.objective = Objective::Cost;
        cfg.coExplore = true;
        cfg.sampleBudget = 3000;
        cfg.innerBudget = 1000;
        auto r = runSearch(model, cfg);
        QVERIFY(r.ok());
        const std::string text = searchResultToJson(*net, r.value(), "zoo:googlenet");
        auto back = searchResultFromJson(*net, text, "mem.json");
        QVERIFY2(back.ok(), back.ok() ? "" : back.message().c_str());
        QVERIFY(back->best.hw == r->best.hw);
        QCOMPARE(normalized(*net, back->best.partition).label, normalized(*net, r->best.partition).label);
        const PartitionCost c = model.totals(back->best.partition, back->best.hw);
        QCOMPARE(c.emaBytes, r->best.cost.emaBytes);
        QCOMPARE(c.energyPj, r->best.cost.energyPj);
        QCOMPARE(c.latencyCycles, r->best.cost.latencyCycles);
        QCOMPARE(c.bwAvgGBps, r->best.cost.bwAvgGBps);
        QCOMPARE(objectiveValue(c, back->best.hw, Objective::Cost, cfg.alpha), r->best.objective);
        QCOMPARE(back->best.objective, r->best.objective);
        QCOMPARE(back->samples, r->samples);
        QCOMPARE(int(back->stopReason), int(r->stopReason));
        QCOMPARE(back->history.size(), r->history.size());
        QCOMPARE(back->history.back().best, r->history.back().best);
        QCOMPARE(back->pareto.size(), r->pareto.size());
        for (size_t i = 0; i < r->pareto.size(); ++i) {
            QCOMPARE(back->pareto[i].design.partition.label, r->pareto[i].design.partition.label);
            QCOMPARE(back->pareto[i].energyPj, r->pareto[i].energyPj);
            QVERIFY(back->pareto[i].design.hw == r->pareto[i].design.hw);
        }
        QCOMPARE(back->config.sampleBudget, cfg.sampleBudget);
        QCOMPARE(QString::fromStdString(back->config.algorithm), algo);
        // Writing the config alone reads back identically.
        auto cfgBack = searchConfigFromJson(searchConfigToJson(cfg), "cfg.json");
        QVERIFY(cfgBack.ok());
        QCOMPARE(searchConfigToJson(cfgBack.value()), searchConfigToJson(cfg));
    }

    void resultJsonErrorsNameTheField_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expect");
        QTest::newRow("not json") << "{" << "mem.json";
        QTest::newRow("no version") << "{}" << "schemaVersion";
        QTest::newRow("bad config") << R"({"schemaVersion":1,"config":{"population":"x"}})" << "config.population";
        QTest::newRow("unknown config key") << R"({"schemaVersion":1,"config":{"bogus":1}})" << "config.bogus";
    }
    void resultJsonErrorsNameTheField()
    {
        QFETCH(QString, text);
        QFETCH(QString, expect);
        auto net = zoo("resnet18");
        auto r = searchResultFromJson(*net, text.toStdString(), "mem.json");
        QVERIFY(!r.ok());
        QVERIFY2(QString::fromStdString(r.message()).contains(expect), r.message().c_str());
    }

    void sweepFronts()
    {
        auto net = zoo("resnet18");
        CostModel model(net, HardwareConfig{});
        SweepConfig sc;
        sc.base.objective = Objective::Energy;
        sc.base.sampleBudget = 2000;
        sc.capacityIndices = {0, 5, 10, 20, 30};
        auto r = runSweep(model, sc);
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QCOMPARE(r->points.size(), size_t(15));
        QCOMPARE(r->energyFront.size(), size_t(3));
        for (const auto &front : r->energyFront) {
            QVERIFY(!front.empty());
            for (size_t i = 1; i < front.size(); ++i) {
                QVERIFY(front[i].best.cost.bufferBytes > front[i - 1].best.cost.bufferBytes);
                QVERIFY(front[i].best.cost.energyPj < front[i - 1].best.cost.energyPj);
            }
        }
        // At each capacity the GA is about as good as greedy and DP on the sweep's objective, with a
        // small budget per point.
        for (size_t i = 0; i < 5; ++i) {
            const double greedy = r->points[i].best.objective, dp = r->points[5 + i].best.objective;
            const double ga = r->points[10 + i].best.objective;
            QVERIFY2(ga <= std::max(greedy, dp) * 1.02, qPrintable(QString::number(i)));
        }
        SweepConfig bad = sc;
        bad.algorithms = {Algorithm("rs-ga")};
        QVERIFY(!runSweep(model, bad).ok());
    }
};

QTEST_GUILESS_MAIN(TestSearchGa)
#include "tst_search_ga.moc"
