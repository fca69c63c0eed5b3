// Search framework: repair always yields valid, fitting partitions (property test over random
// operator sequences on every zoo model and on hand-built graphs), determinism across thread
// counts, cancel latency, the Pareto archive, and search results that the cost model reproduces.
#include "search/framework/design_space.h"
#include "search/evolution/operators.h"
#include "search/framework/pareto.h"
#include "search/registry.h"
#include "search/search.h"
#include "zoo/zoo.h"

#include <QtTest>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

using namespace cocco;

namespace {

Layer mk(const std::string &name, OpKind op, std::vector<int> inputs, Shape s = {1, 16, 8, 8})
{
    Layer l;
    l.name = name;
    l.op = op;
    l.out = s;
    l.inputs = std::move(inputs);
    l.windows.assign(l.inputs.size(), WindowRelation::sliding(3, 1, 1, 1, 1));
    if (op == OpKind::Conv) {
        l.params = 16 * 16 * 9;
        l.macs = l.params * s.h * s.w;
        l.inChannels = 16;
    }
    return l;
}

// in -> a -> b -> d ; a -> c -> d ; b -> e ; c -> e   (two reconvergent diamonds)
std::shared_ptr<Network> diamonds()
{
    auto n = std::make_shared<Network>();
    n->name = "diamonds";
    n->addLayer(mk("in", OpKind::Input, {}));
    n->addLayer(mk("a", OpKind::Conv, {0}));
    n->addLayer(mk("b", OpKind::Conv, {1}));
    n->addLayer(mk("c", OpKind::Conv, {1}));
    n->addLayer(mk("d", OpKind::Eltwise, {2, 3}));
    n->addLayer(mk("e", OpKind::Eltwise, {2, 3}));
    n->addLayer(mk("f", OpKind::Eltwise, {4, 5}));
    if (!n->finalize().ok())
        return nullptr;
    return n;
}

std::shared_ptr<const Network> zoo(const std::string &name)
{
    auto r = buildZooModel(name);
    if (!r.ok())
        return nullptr;
    return std::make_shared<Network>(std::move(r).value());
}

// Valid by the model's own rules and fitting on the genome's hardware.
QString invalidReason(const DesignSpace &space, const Genome &g)
{
    const Partition p = space.partitionOf(g);
    const HardwareConfig hw = space.hardwareOf(g);
    Status s = checkPartition(space.network(), p, hw.maxSubgraphNodes);
    if (!s.ok())
        return QString::fromStdString(s.message());
    const PartitionCost c = space.model().totals(p, hw);
    if (!c.valid)
        return QString::fromStdString(c.reason);
    return {};
}

SearchConfig smallGa(uint64_t seed, int64_t budget)
{
    SearchConfig c;
    c.algorithm = Algorithm("ga");
    c.seed = seed;
    c.sampleBudget = budget;
    c.population = 40;
    return c;
}

} // namespace

class TestSearchFramework : public QObject {
    Q_OBJECT
private slots:
    void names()
    {
        for (Algorithm a : allAlgorithms()) {
            Algorithm b;
            QVERIFY(parseAlgorithm(algorithmName(a), &b));
            QCOMPARE(a, b);
        }
        QCOMPARE(QString(algorithmName(Algorithm("rs-ga"))), QString("rs-ga"));
        Objective o;
        QVERIFY(parseObjective("cost", &o) && o == Objective::Cost);
        QVERIFY(!parseObjective("money", &o));
        StopReason r;
        QVERIFY(parseStopReason("gave-up", &r) && r == StopReason::GaveUp);
        QCOMPARE(QString(stopReasonName(StopReason::TimeLimit)), QString("time-limit"));
    }

    void objectiveCostAddsBuffer()
    {
        PartitionCost c;
        c.emaBytes = 10;
        c.energyPj = 1000;
        c.latencyCycles = 7;
        HardwareConfig hw;
        QCOMPARE(objectiveValue(c, hw, Objective::Cost, 0.002), double(hw.bufferBytes()) + 2.0);
        QCOMPARE(objectiveValue(c, hw, Objective::Ema, 0.002), 10.0);
        hw.mode = BufferMode::Shared;
        QCOMPARE(objectiveValue(c, hw, Objective::Cost, 0.5), double(hw.sharedBufferBytes) + 500.0);
    }

    // A labelling whose subgraphs form a cycle ({a, d} needs b, b needs a) is split, not rejected.
    void repairBreaksCycles()
    {
        auto net = diamonds();
        QVERIFY(net);
        CostModel model(net, HardwareConfig{});
        DesignSpace space(model, model.hardware(), Objective::Ema, 0.002, false);
        RepairScratch s;
        Genome g;
        g.label = {-1, 0, 1, 2, 0, 1, 2}; // a,d | b,e | c,f: d needs b and c
        space.repairAndEvaluate(g, s);
        QVERIFY2(invalidReason(space, g).isEmpty(), qPrintable(invalidReason(space, g)));
        QVERIFY(s.changed);
        // Already valid: only renumbered, canonical labels in execution order.
        Genome h;
        h.label = {-1, 7, 7, 7, 7, 3, 9};
        space.repairAndEvaluate(h, s);
        QVERIFY(!s.changed);
        QCOMPARE(h.label, (std::vector<int>{-1, 0, 0, 0, 0, 1, 2}));
        QCOMPARE(h.groups, 3);
        // Same set partition, different labels -> identical canonical genome and hash.
        Genome k;
        k.label = {-1, 1, 1, 1, 1, 0, 5};
        const SampleEval ek = space.repairAndEvaluate(k, s);
        QCOMPARE(k.label, h.label);
        QCOMPARE(ek.hash, hashGenome(h));
    }

    // Evaluating a genome in the search gives exactly CostModel::totals of its partition.
    void evaluationMatchesCostModel()
    {
        auto net = zoo("resnet18");
        QVERIFY(net);
        CostModel model(net, HardwareConfig{});
        for (bool co : {false, true}) {
            DesignSpace space(model, model.hardware(), Objective::Cost, 0.002, co);
            Operators ops(space);
            Rng rng(7);
            RepairScratch s;
            for (int i = 0; i < 50; ++i) {
                Genome g;
                ops.randomGenome(g, 0.3, rng);
                const SampleEval e = space.repairAndEvaluate(g, s);
                const HardwareConfig hw = space.hardwareOf(g);
                const PartitionCost c = model.totals(space.partitionOf(g), hw);
                QVERIFY(c.valid);
                QCOMPARE(e.emaBytes, c.emaBytes);
                QCOMPARE(e.energyPj, c.energyPj);
                QCOMPARE(e.latencyCycles, c.latencyCycles);
                QCOMPARE(e.bwAvgGBps, c.bwAvgGBps);
                QCOMPARE(e.bwPeakGBps, c.bwPeakGBps);
                QCOMPARE(e.objective, objectiveValue(c, hw, Objective::Cost, 0.002));
            }
        }
    }

    // Property: any sequence of operators on any zoo model, repaired, is a valid partition that
    // fits its capacities (separate and shared buffers, small capacities force splits).
    void repairPropertyZoo_data()
    {
        QTest::addColumn<QString>("name");
        for (const std::string &n : zooNames())
            QTest::newRow(n.c_str()) << QString::fromStdString(n);
    }
    void repairPropertyZoo()
    {
        QFETCH(QString, name);
        auto net = zoo(name.toStdString());
        QVERIFY(net);
        for (BufferMode mode : {BufferMode::Separate, BufferMode::Shared}) {
            HardwareConfig hw;
            hw.mode = mode;
            hw.maxSubgraphNodes = 24; // small, so the node-limit split is exercised too
            CostModel model(net, hw);
            DesignSpace space(model, hw, Objective::Ema, 0.002, true);
            Operators ops(space);
            Rng rng(std::hash<std::string>{}(name.toStdString()) ^ uint64_t(mode));
            RepairScratch s;
            std::vector<Genome> pool;
            for (int i = 0; i < 6; ++i) {
                Genome g;
                ops.randomGenome(g, i == 0 ? 0.0 : 0.1 * i, rng);
                space.repairAndEvaluate(g, s);
                QVERIFY2(invalidReason(space, g).isEmpty(), qPrintable(invalidReason(space, g)));
                pool.push_back(g);
            }
            using M = Operators::Mutation;
            for (int step = 0; step < 60; ++step) {
                const Genome &a = pool[rng() % pool.size()];
                const Genome &b = pool[rng() % pool.size()];
                Genome c;
                ops.crossover(a, b, c, rng);
                const int muts = int(rng() % 6);
                for (int k = 0; k < muts; ++k)
                    ops.mutate(c, static_cast<M>(rng() % 4), rng);
                if (rng() % 3 == 0) { // a transplant needs canonical labels
                    space.repairAndEvaluate(c, s);
                    ops.transplant(c, rng);
                }
                if (rng() % 4 == 0) // arbitrary garbage labels
                    for (int &l : c.label)
                        if (l >= 0)
                            l = int(rng() % 7);
                space.repairAndEvaluate(c, s);
                QVERIFY2(invalidReason(space, c).isEmpty(), qPrintable(invalidReason(space, c)));
                pool[rng() % pool.size()] = c;
            }
        }
    }

    // Transplants copy the grouping of a run of subgraphs onto every region with the same
    // structure, and only there: a chain of eight identical convolutions with one pair merged
    // gets that pair at every matching shift, but never onto the first convolution (it reads the
    // network input: another signature).
    void transplantCopiesRepeatedBlocks()
    {
        auto n = std::make_shared<Network>();
        n->name = "blocks";
        n->addLayer(mk("in", OpKind::Input, {}));
        for (int i = 0; i < 8; ++i)
            n->addLayer(mk("c" + std::to_string(i), OpKind::Conv, {i}));
        n->addLayer(mk("out", OpKind::Eltwise, {8}, {1, 16, 8, 8}));
        QVERIFY(n->finalize().ok());
        CostModel model(n, HardwareConfig{});
        DesignSpace space(model, model.hardware(), Objective::Ema, 0.002, false);
        Operators ops(space);
        RepairScratch s;
        // c0 reads the network input and has its own signature; c1..c7 match each other (c7 feeds
        // `out`, one position on, like the others). Subgraphs: c0 | c1 | c2 c3 | c4 | c5 | c6 | c7 | out.
        Genome g;
        g.label = {-1, 0, 1, 2, 2, 3, 4, 5, 6, 7};
        space.repairAndEvaluate(g, s);
        QCOMPARE(g.groups, 8);
        std::vector<Genome> out;
        ops.transplantNeighbours(g, out, 1000);
        QVERIFY(!out.empty());
        std::set<std::vector<int>> merged; // the layers merged in pairs, per neighbour
        for (Genome &c : out) {
            space.repairAndEvaluate(c, s);
            QVERIFY2(invalidReason(space, c).isEmpty(), qPrintable(invalidReason(space, c)));
            std::vector<int> pairs;
            for (const auto &sg : subgraphsOf(space.partitionOf(c))) {
                QVERIFY(sg.size() <= 2); // a copy of a singleton or of the pair, nothing else
                if (sg.size() == 2)
                    pairs.push_back(sg.front());
            }
            merged.insert(pairs);
        }
        // The pair (c2, c3) = layers 3, 4 copied onto (c1, c2) = layers 2, 3 .. (c6, c7) = 7, 8.
        for (int first : {2, 4, 5, 6, 7})
            QVERIFY2(std::any_of(merged.begin(), merged.end(),
                                 [&](const std::vector<int> &p) { return std::find(p.begin(), p.end(), first) != p.end(); }),
                     qPrintable(QString("no neighbour merges layers %1, %2").arg(first).arg(first + 1)));
        for (const auto &p : merged)
            for (int first : p) {
                QVERIFY(first >= 2 && first <= 7); // never onto c0 = layer 1 nor onto `out`
            }
        // A network without repeated structure has nothing to transplant.
        auto d = diamonds();
        CostModel dm(d, HardwareConfig{});
        DesignSpace ds(dm, dm.hardware(), Objective::Ema, 0.002, false);
        Operators dops(ds);
        Genome h;
        h.label = {-1, 0, 1, 2, 3, 4, 5};
        ds.repairAndEvaluate(h, s);
        out.clear();
        dops.transplantNeighbours(h, out, 1000);
        for (Genome &c : out) {
            ds.repairAndEvaluate(c, s);
            QVERIFY2(invalidReason(ds, c).isEmpty(), qPrintable(invalidReason(ds, c)));
        }
    }

    void paretoArchive()
    {
        ParetoArchive a(4);
        Genome g;
        auto ev = [](int64_t buf, double e, double ema) {
            SampleEval s;
            s.bufferBytes = buf;
            s.energyPj = e;
            s.emaBytes = ema;
            s.bwAvgGBps = 1;
            s.latencyCycles = 1;
            return s;
        };
        QVERIFY(a.offer(ev(100, 10, 10), g, 1));
        QVERIFY(!a.offer(ev(100, 10, 10), g, 2));  // equal: not new
        QVERIFY(!a.offer(ev(110, 11, 10), g, 3));  // dominated
        QVERIFY(a.offer(ev(90, 12, 10), g, 4));    // trade-off
        QVERIFY(a.offer(ev(80, 9, 9), g, 5));      // dominates both
        QCOMPARE(a.size(), size_t(1));
        for (int i = 0; i < 20; ++i)
            a.offer(ev(200 - i, 5 + i, 9), g, 10 + i);
        QVERIFY(a.size() <= a.cap() + a.cap() / 5 + 1);
        const auto pts = a.sorted();
        for (size_t i = 0; i < pts.size(); ++i)
            for (size_t j = 0; j < pts.size(); ++j)
                QVERIFY(i == j || !ParetoArchive::dominates(pts[i].v, pts[j].v));
        const auto f = paretoFront2d({3, 1, 2, 4}, {1, 3, 2, 0.5});
        QCOMPARE(f, (std::vector<size_t>{1, 2, 0, 3}));
        const auto f2 = paretoFront2d({1, 2, 3}, {1, 2, 3});
        QCOMPARE(f2, (std::vector<size_t>{0}));
    }

    // Same seed -> the same best design, history and archive at 1, 2 and 4 threads.
    void deterministicAcrossThreads_data()
    {
        QTest::addColumn<QString>("algo");
        QTest::addColumn<bool>("co");
        QTest::addColumn<QString>("name");
        QTest::addColumn<qint64>("budget");
        QTest::newRow("ga partition-only") << QString("ga") << false << "resnet50" << qint64(3000);
        QTest::newRow("ga co-exploration") << QString("ga") << true << "resnet50" << qint64(3000);
        QTest::newRow("sa co-exploration") << QString("sa") << true << "resnet50" << qint64(3000);
        QTest::newRow("rs-ga") << QString("rs-ga") << true << "resnet50" << qint64(3000);
        QTest::newRow("gs-ga") << QString("gs-ga") << true << "resnet50" << qint64(3000);
        QTest::newRow("fixed-m") << QString("fixed-m") << false << "resnet50" << qint64(3000);
        // The exact solvers of issue 16: one thread whatever `threads` says, but checked like the rest.
        QTest::newRow("bnb") << QString("bnb") << false << "resnet50" << qint64(3000);
        QTest::newRow("coopt") << QString("coopt") << true << "resnet50" << qint64(3000);
        // Long enough for the polish, its windows (memo), transplants and don't-look keys.
        QTest::newRow("ga nasnet_a_mobile") << QString("ga") << false << "nasnet_a_mobile" << qint64(30000);
        QTest::newRow("ga nasnet_a_mobile co") << QString("ga") << true << "nasnet_a_mobile" << qint64(30000);
    }
    void deterministicAcrossThreads()
    {
        QFETCH(QString, algo);
        QFETCH(bool, co);
        QFETCH(QString, name);
        QFETCH(qint64, budget);
        auto net = zoo(name.toStdString());
        QVERIFY(net);
        std::vector<SearchResult> results;
        for (int threads : {1, 2, 4}) {
            CostModel model(net, HardwareConfig{}); // fresh cache each time
            SearchConfig cfg = smallGa(42, budget);
            cfg.algorithm = algo.toStdString();
            cfg.objective = co ? Objective::Cost : Objective::Ema;
            cfg.coExplore = co;
            cfg.innerBudget = 1000;
            cfg.threads = threads;
            auto r = runSearch(model, cfg);
            QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
            QVERIFY(r->best.cost.valid);
            for (const auto &w : r->warnings)
                QVERIFY2(w.rfind("internal", 0) != 0, w.c_str());
            results.push_back(r.value());
        }
        for (size_t i = 1; i < results.size(); ++i) {
            const SearchResult &a = results[0], &b = results[i];
            QCOMPARE(b.best.partition.label, a.best.partition.label);
            QVERIFY(b.best.hw == a.best.hw);
            QCOMPARE(b.best.objective, a.best.objective);
            QCOMPARE(b.samples, a.samples);
            QCOMPARE(b.history.size(), a.history.size());
            for (size_t k = 0; k < a.history.size(); ++k) {
                QCOMPARE(b.history[k].samples, a.history[k].samples);
                QCOMPARE(b.history[k].best, a.history[k].best);
            }
            QCOMPARE(b.pareto.size(), a.pareto.size());
            for (size_t k = 0; k < a.pareto.size(); ++k)
                QCOMPARE(b.pareto[k].design.partition.label, a.pareto[k].design.partition.label);
        }
        // History is monotone and ends at the last sample.
        const SearchResult &a = results[0];
        QVERIFY(!a.history.empty());
        for (size_t k = 1; k < a.history.size(); ++k) {
            QVERIFY(a.history[k].best <= a.history[k - 1].best);
            QVERIFY(a.history[k].samples > a.history[k - 1].samples);
        }
        QCOMPARE(a.history.back().samples, a.samples);
        QCOMPARE(a.history.back().best, a.best.objective);
        if (findAlgorithm(algo.toStdString())->traits.budgeted) // the others run to completion
            QVERIFY(a.samples <= budget);
    }

    void differentSeedsDiffer()
    {
        auto net = zoo("resnet50");
        CostModel model(net, HardwareConfig{});
        SearchConfig c1 = smallGa(1, 800), c2 = smallGa(2, 800);
        auto a = runSearch(model, c1), b = runSearch(model, c2);
        QVERIFY(a.ok() && b.ok());
        QVERIFY(a->history.size() != b->history.size() || a->history.front().best != b->history.front().best
                || a->best.partition.label != b->best.partition.label);
    }

    // Cancel: the search returns within 100 ms of the flag being set.
    void cancelWithin100ms_data()
    {
        QTest::addColumn<QString>("algo");
        QTest::newRow("ga") << QString("ga");
        QTest::newRow("sa") << QString("sa");
        QTest::newRow("gs-ga") << QString("gs-ga");
    }
    void cancelWithin100ms()
    {
        QFETCH(QString, algo);
        auto net = zoo("googlenet");
        CostModel model(net, HardwareConfig{});
        SearchConfig cfg = smallGa(3, 100000000);
        cfg.algorithm = algo.toStdString();
        cfg.objective = Objective::Cost;
        cfg.coExplore = true;
        std::atomic<bool> cancel{false};
        SearchControl ctl;
        ctl.cancel = &cancel;
        std::atomic<int64_t> progressCalls{0};
        ctl.onProgress = [&](const SearchProgress &) { ++progressCalls; };
        std::chrono::steady_clock::time_point setAt;
        std::thread canceller([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(400));
            setAt = std::chrono::steady_clock::now();
            cancel.store(true);
        });
        auto r = runSearch(model, cfg, ctl);
        const auto returned = std::chrono::steady_clock::now();
        canceller.join();
        QVERIFY(r.ok());
        QCOMPARE(int(r->stopReason), int(StopReason::Cancelled));
        const double ms = std::chrono::duration<double, std::milli>(returned - setAt).count();
        qInfo("cancel latency %.1f ms (%lld samples)", ms, static_cast<long long>(r->samples));
        QVERIFY2(ms < 100, qPrintable(QString::number(ms)));
        QVERIFY(r->best.cost.valid);
        QVERIFY(progressCalls.load() > 0);
    }

    void timeLimitStops()
    {
        auto net = zoo("resnet50");
        CostModel model(net, HardwareConfig{});
        SearchConfig cfg = smallGa(3, 100000000);
        cfg.timeLimitSeconds = 0.3;
        const auto t0 = std::chrono::steady_clock::now();
        auto r = runSearch(model, cfg);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        QVERIFY(r.ok());
        QCOMPARE(int(r->stopReason), int(StopReason::TimeLimit));
        QVERIFY(s < 1.0);
    }

    void budgetIsExact()
    {
        auto net = zoo("resnet50");
        CostModel model(net, HardwareConfig{});
        SearchConfig cfg = smallGa(5, 777);
        auto r = runSearch(model, cfg);
        QVERIFY(r.ok());
        QCOMPARE(r->samples, int64_t(777));
        QCOMPARE(int(r->stopReason), int(StopReason::Budget));
    }

    // A tiny network has few designs: the search ends as converged instead of looping.
    void tinySpaceConverges()
    {
        auto net = diamonds();
        CostModel model(net, HardwareConfig{});
        for (Algorithm a : {Algorithm("ga"), Algorithm("sa"), Algorithm("gs-ga")}) {
            SearchConfig cfg = smallGa(1, 100000);
            cfg.algorithm = a;
            auto r = runSearch(model, cfg);
            QVERIFY(r.ok());
            QVERIFY(r->samples < 100000);
            QVERIFY(r->stopReason == StopReason::Converged);
            QVERIFY(r->best.cost.valid);
        }
    }

    void badConfigIsAnError_data()
    {
        QTest::addColumn<QString>("field");
        QTest::newRow("budget") << "budget";
        QTest::newRow("population") << "population";
        QTest::newRow("elite") << "elite";
        QTest::newRow("rate") << "rate";
    }
    // The automatic population (issue 16): 50 for short runs, 100 for long ones; a value set is kept.
    void automaticPopulation()
    {
        QCOMPARE(SearchConfig{}.population, 0);
        QCOMPARE(gaPopulation(0, 1000), kGaShortRunPopulation);
        QCOMPARE(gaPopulation(0, kGaLongRunSamples - 1), kGaShortRunPopulation);
        QCOMPARE(gaPopulation(0, kGaLongRunSamples), kGaLongRunPopulation);
        QCOMPARE(gaPopulation(0, 400000), kGaLongRunPopulation);
        QCOMPARE(gaPopulation(64, 1000), 64);
        QCOMPARE(gaPopulation(64, 400000), 64);
        SearchConfig cfg;
        cfg.population = 1;
        QVERIFY(validateSearchConfig(cfg).message().find("population") != std::string::npos);
        cfg.population = 0;
        QVERIFY(validateSearchConfig(cfg).ok());
    }
    void badConfigIsAnError()
    {
        QFETCH(QString, field);
        auto net = diamonds();
        CostModel model(net, HardwareConfig{});
        SearchConfig cfg;
        if (field == "budget")
            cfg.sampleBudget = 0;
        else if (field == "population")
            cfg.population = 1;
        else if (field == "elite")
            cfg.elite = gaPopulation(cfg.population, cfg.sampleBudget);
        else
            cfg.mutationRate = 1.5;
        auto r = runSearch(model, cfg);
        QVERIFY(!r.ok());
        QVERIFY(!r.message().empty());
    }
};

QTEST_GUILESS_MAIN(TestSearchFramework)
#include "tst_search_framework.moc"
