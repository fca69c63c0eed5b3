// Re-partitioning windows of subgraphs with the baselines' cores (search/window.h): greedy
// merging from any partition with frozen groups, the exact search on a convex layer set, and the
// GA's window operator keeping the rest of the design and a valid, fitting partition.
#include "search/framework/subgraph_eval.h"
#include "search/baselines/baselines.h"
#include "search/local/window.h"
#include "support/run_fixture.h"
#include "support/random_partition.h"
#include "support/zoo_models.h"

#include <QtTest>

#include <algorithm>
#include <random>

using namespace cocco;
using testsupport::modelRows;
using testsupport::zooModel;

class TestSearchWindow : public QObject {
    Q_OBJECT
private slots:
    // greedyMerge from singletons, everything mergeable, is the greedy baseline.
    void greedyMergeFromSingletonsIsGreedy_data()
    {
        modelRows({"resnet50", "googlenet", "randwire_a", "nasnet_a_mobile"});
    }
    void greedyMergeFromSingletonsIsGreedy()
    {
        QFETCH(QString, model);
        auto net = zooModel(model.toStdString());
        const HardwareConfig hw;
        CostModel m(net, hw);
        auto g = greedySearch(m, hw, Objective::Ema, 0.002, {}, 0);
        QVERIFY(g.ok());
        const auto &order = net->computeOrder();
        std::vector<int> group(net->size(), -1);
        for (size_t i = 0; i < order.size(); ++i)
            group[static_cast<size_t>(order[i])] = static_cast<int>(i);
        testsupport::RunFixture fx(m, hw);
        SubgraphEvaluator ctx(fx.run, hw);
        StopReason stop = StopReason::Completed;
        const std::vector<int> merged = baseline::greedyMerge(ctx, group, std::vector<char>(order.size(), 1), stop);
        QCOMPARE(stop, StopReason::Completed);
        QCOMPARE(ctx.evaluations(), g->evaluations);
        QCOMPARE(baseline::labelInExecutionOrder(*net, merged).label, g->partition.label);
    }

    // Property: from random valid partitions with random groups frozen and the others dissolved
    // into single layers, greedyMerge keeps the frozen groups, numbers its result in a topological
    // order, returns a valid partition whose merged subgraphs fit (the random frozen ones need
    // not) and never raises the dissolved layers' objective.
    void greedyMergeKeepsFrozenGroups_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("shared");
        for (const char *name : {"resnet50", "googlenet", "randwire_a", "nasnet_a_mobile", "transformer"}) {
            QTest::newRow((std::string(name) + " separate").c_str()) << QString(name) << false;
            QTest::newRow((std::string(name) + " shared").c_str()) << QString(name) << true;
        }
    }
    void greedyMergeKeepsFrozenGroups()
    {
        QFETCH(QString, model);
        QFETCH(bool, shared);
        auto net = zooModel(model.toStdString());
        HardwareConfig hw;
        hw.mode = shared ? BufferMode::Shared : BufferMode::Separate;
        CostModel m(net, hw);
        std::mt19937_64 rng(42);
        for (int trial = 0; trial < 12; ++trial) {
            const Partition p = testsupport::randomPartition(*net, rng, 0.4 + 0.05 * trial, hw.maxSubgraphNodes);
            QVERIFY(checkPartition(*net, p, hw.maxSubgraphNodes).ok());
            const auto subgraphs = subgraphsOf(p);
            std::vector<char> frozen(subgraphs.size());
            for (char &f : frozen)
                f = (rng() % 3) != 0;
            // Ids in label order (randomPartition labels are topological), dissolved groups one
            // id per layer in topological order.
            std::vector<std::vector<int>> members(subgraphs.size());
            for (int v : net->computeOrder())
                members[static_cast<size_t>(p.label[static_cast<size_t>(v)])].push_back(v);
            std::vector<int> group(net->size(), -1);
            std::vector<char> mergeable;
            std::vector<int> dissolved;
            for (size_t l = 0; l < members.size(); ++l)
                for (int v : members[l]) {
                    if (!frozen[l] || v == members[l].front())
                        mergeable.push_back(frozen[l] ? 0 : 1);
                    group[static_cast<size_t>(v)] = static_cast<int>(mergeable.size()) - 1;
                    if (!frozen[l])
                        dissolved.push_back(v);
                }
            testsupport::RunFixture fx(m, hw);
            SubgraphEvaluator ctx(fx.run, hw);
            StopReason stop = StopReason::Completed;
            const std::vector<int> merged = baseline::greedyMerge(ctx, group, mergeable, stop);
            QCOMPARE(stop, StopReason::Completed);
            // Topological numbering 0..k-1.
            int k = 0;
            for (int v : net->computeOrder()) {
                QVERIFY(merged[static_cast<size_t>(v)] >= 0);
                k = std::max(k, merged[static_cast<size_t>(v)] + 1);
                for (int u : net->preds(v))
                    if (merged[static_cast<size_t>(u)] >= 0)
                        QVERIFY(merged[static_cast<size_t>(u)] <= merged[static_cast<size_t>(v)]);
            }
            Partition q;
            q.label = merged;
            const auto result = subgraphsOf(q);
            QCOMPARE(static_cast<int>(result.size()), k);
            const Status st = checkPartition(*net, q, hw.maxSubgraphNodes);
            QVERIFY2(st.ok(), st.ok() ? "" : st.message().c_str());
            // Frozen groups come back whole and alone.
            for (size_t l = 0; l < members.size(); ++l)
                if (frozen[l]) {
                    std::vector<int> sorted = members[l];
                    std::sort(sorted.begin(), sorted.end());
                    QCOMPARE(result[static_cast<size_t>(merged[static_cast<size_t>(sorted.front())])], sorted);
                }
            // The dissolved layers' subgraphs cost no more than the layers alone.
            double singles = 0, after = 0;
            std::vector<char> counted(result.size(), 0);
            for (int v : dissolved) {
                singles += subgraphObjective(m.subgraphCost(*m.profile({v}), hw), Objective::Ema, 0.002);
                const int id = merged[static_cast<size_t>(v)];
                if (!counted[static_cast<size_t>(id)]) {
                    counted[static_cast<size_t>(id)] = 1;
                    const auto &layers = result[static_cast<size_t>(id)];
                    const SubgraphCost c = m.subgraphCost(*m.profile(layers), hw);
                    QVERIFY(c.fits || layers.size() == 1); // merged subgraphs fit
                    after += subgraphObjective(c, Objective::Ema, 0.002);
                }
            }
            QVERIFY(after <= singles * (1 + 1e-12));
        }
    }

    // exactCut on every layer, without a bound, is the exact search; with a bound just below the
    // optimum it finds nothing (its rounding tolerance is 1e-9 relative).
    void exactCutOnWholeNetwork_data()
    {
        modelRows({"resnet18", "squeezenet1_0", "mobilenetv2"});
    }
    void exactCutOnWholeNetwork()
    {
        QFETCH(QString, model);
        auto net = zooModel(model.toStdString());
        const HardwareConfig hw;
        CostModel m(net, hw);
        auto ex = exactSearch(m, hw, Objective::Ema, 0.002, {}, 60, 2000000);
        QVERIFY(ex.ok());
        QCOMPARE(ex->stop, StopReason::Optimal);
        testsupport::RunFixture fx(m, hw);
        SubgraphEvaluator ctx(fx.run, hw);
        StopReason stop = StopReason::Completed;
        const std::vector<int> group = baseline::exactCut(ctx, net->computeOrder(), 1e300, 2000000, stop);
        QCOMPARE(stop, StopReason::Optimal);
        QVERIFY(!group.empty());
        // Numbered in execution order already.
        for (int v : net->computeOrder())
            for (int u : net->preds(v))
                if (group[static_cast<size_t>(u)] >= 0)
                    QVERIFY(group[static_cast<size_t>(u)] <= group[static_cast<size_t>(v)]);
        Partition p;
        p.label = group;
        QVERIFY(checkPartition(*net, p, hw.maxSubgraphNodes).ok());
        QCOMPARE(objectiveValue(m.totals(p, hw), hw, Objective::Ema, 0.002), ex->objective);
        SubgraphEvaluator ctx2(fx.run, hw);
        QVERIFY(baseline::exactCut(ctx2, net->computeOrder(), ex->objective * (1 - 1e-6), 2000000, stop).empty());
        QCOMPARE(stop, StopReason::Optimal);
    }

    // Property: on random canonical designs, every window method either leaves the genome alone
    // or returns a valid partition numbered in a topological order that keeps every subgraph
    // outside the window, needs no repair (it fits), and for Exact costs strictly less.
    void repartitionWindowKeepsTheRest_data() { modelRows({"resnet50", "googlenet", "randwire_a", "nasnet_a_mobile"}); }
    void repartitionWindowKeepsTheRest()
    {
        QFETCH(QString, model);
        auto net = zooModel(model.toStdString());
        const HardwareConfig hw;
        CostModel m(net, hw);
        testsupport::RunFixture fx(m, hw);
        const DesignSpace &space = fx.space;
        RepairScratch scratch;
        std::mt19937_64 rng(7);
        int changed = 0, exactImproved = 0;
        for (int trial = 0; trial < 10; ++trial) {
            Genome g = space.fromPartition(testsupport::randomPartition(*net, rng, 0.5 + 0.04 * trial, hw.maxSubgraphNodes), hw);
            const SampleEval before = space.repairAndEvaluate(g, scratch);
            const int first = static_cast<int>(rng() % static_cast<uint64_t>(g.groups));
            const int count = 2 + static_cast<int>(rng() % 5);
            for (WindowMethod method : {WindowMethod::Greedy, WindowMethod::Dp, WindowMethod::Exact}) {
                const int width = method == WindowMethod::Exact ? 2 : count;
                // Subgraph evaluations are samples of the run's ledger.
                auto window = [&](Genome &x, int64_t grant, int64_t *evaluations, EvalMemo *memo = nullptr) {
                    const int64_t before = fx.run.samples();
                    const bool ok = repartitionWindow(fx.run, x, first, width, method, grant, memo);
                    *evaluations = fx.run.samples() - before;
                    return ok;
                };
                // An evaluation limit is a hard one: reached, nothing changes.
                Genome limited = g;
                int64_t limitedEvaluations = -1;
                const bool limitedOk = window(limited, 3, &limitedEvaluations);
                QVERIFY(limitedEvaluations >= 0 && limitedEvaluations <= 3);
                if (!limitedOk)
                    QCOMPARE(limited.label, g.label);
                Genome c = g;
                int64_t evaluations = -1;
                const bool ok = window(c, int64_t(1) << 40, &evaluations);
                QVERIFY(evaluations >= 0);
                if (evaluations > 3)
                    QVERIFY(!limitedOk);
                // With a memo: the same window again costs nothing and gives the same design.
                EvalMemo memo;
                Genome m1 = g, m2 = g;
                int64_t e1 = -1, e2 = -1;
                const bool ok1 = window(m1, int64_t(1) << 40, &e1, &memo);
                const bool ok2 = window(m2, int64_t(1) << 40, &e2, &memo);
                QVERIFY(e1 <= evaluations); // repeats inside one window are free too
                QCOMPARE(e2, int64_t(0));
                QCOMPARE(ok1, ok);
                QCOMPARE(ok2, ok);
                QCOMPARE(m1.label, c.label);
                QCOMPARE(m2.label, c.label);
                if (!ok) {
                    QCOMPARE(c.label, g.label);
                    continue;
                }
                ++changed;
                QVERIFY(evaluations > 0);
                for (int v : net->computeOrder()) {
                    QVERIFY(c.label[static_cast<size_t>(v)] >= 0 && c.label[static_cast<size_t>(v)] < c.groups);
                    for (int u : net->preds(v))
                        if (c.label[static_cast<size_t>(u)] >= 0)
                            QVERIFY(c.label[static_cast<size_t>(u)] <= c.label[static_cast<size_t>(v)]);
                }
                const Partition p = space.partitionOf(c);
                QVERIFY(checkPartition(*net, p, hw.maxSubgraphNodes).ok());
                // Subgraphs outside the window are kept, layer for layer.
                const auto oldSets = subgraphsOf(space.partitionOf(g)), newSets = subgraphsOf(p);
                const int last = std::min(g.groups, first + width);
                for (int l = 0; l < g.groups; ++l)
                    if (l < first || l >= last)
                        QVERIFY(std::find(newSets.begin(), newSets.end(), oldSets[static_cast<size_t>(l)]) != newSets.end());
                const SampleEval after = space.repairAndEvaluate(c, scratch);
                QVERIFY(!after.repaired);
                if (method == WindowMethod::Exact) {
                    QVERIFY(after.objective < before.objective);
                    ++exactImproved;
                }
            }
        }
        QVERIFY(changed > 0);
        QVERIFY(exactImproved > 0);
    }
};

QTEST_GUILESS_MAIN(TestSearchWindow)
#include "tst_search_window.moc"
