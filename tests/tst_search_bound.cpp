// Certified lower bounds and the branch-and-bound solver (issue 16): on random small DAGs, every
// bound is at most the brute-force optimum (each objective, separate and shared buffers, partition
// only and over capacity candidates), and `bnb` proves the brute-force optimum with a bound equal
// to it; stopped early it still returns a valid design and a bound below the optimum.
#include "search/exact/branch_bound.h"
#include "search/exact/partition_bound.h"
#include "search/result_json.h"
#include "support/partition_brute_force.h"
#include "support/random_dag.h"
#include "zoo/net_builder.h"
#include "zoo/zoo.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <random>

using namespace cocco;
using testsupport::bruteForce;
using testsupport::kObjectives;
using testsupport::weightedDag;

namespace {

// Tiny buffers so that fitting cuts the graph: 16x16x8 tensors need 128 bytes per row.
HardwareConfig tinyHardware(uint64_t seed)
{
    HardwareConfig hw;
    const int64_t act[] = {768, 1536, 3072, 64 * kKiB};
    const int64_t wgt[] = {1200, 2400, 64 * kKiB};
    hw.actBufferBytes = act[seed % 4];
    hw.weightBufferBytes = wgt[(seed / 4) % 3];
    if (seed % 3 == 0) {
        hw.mode = BufferMode::Shared;
        hw.sharedBufferBytes = act[seed % 4] + wgt[(seed / 4) % 3];
    }
    hw.maxSubgraphNodes = seed % 5 == 0 ? 3 : 64;
    return hw;
}

// The share bound with an enumeration that always finishes on these graphs.
double shareBound(const CostModel &m, const HardwareConfig &hw, Objective o, double alpha, int *exhaustive = nullptr)
{
    PartitionBound b(m, hw, o, alpha);
    b.tighten(modelEvaluator(m, hw, o, alpha), 1 << 20);
    if (exhaustive)
        *exhaustive = b.exhaustiveLayers();
    return b.objectiveBound();
}

bool atMost(double bound, double optimum) { return bound <= optimum + 1e-9 * std::abs(optimum) + 1e-9; }
bool close(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(std::abs(a), std::abs(b)) + 1e-9; }

QString numbers(const char *what, double bound, double optimum)
{
    return QString("%1: bound %2, optimum %3").arg(what).arg(bound, 0, 'g', 17).arg(optimum, 0, 'g', 17);
}

} // namespace

class TestSearchBound : public QObject {
    Q_OBJECT
private slots:
    void boundsBelowBruteForce_data()
    {
        QTest::addColumn<int>("seed");
        for (int seed = 1; seed <= 40; ++seed)
            QTest::newRow(qPrintable(QString("seed %1").arg(seed))) << seed;
    }
    void boundsBelowBruteForce()
    {
        QFETCH(int, seed);
        // Odd seeds: random_dag.h (no weights), even seeds: weighted layers; 5 to 8 compute layers.
        const int n = 5 + seed % 4;
        auto net = testsupport::smallDag(n, static_cast<uint64_t>(seed));
        const HardwareConfig hw = tinyHardware(static_cast<uint64_t>(seed));
        CostModel m(net, hw);
        const double alpha = 0.002;
        const std::vector<double> brute = bruteForce(m, hw, alpha);
        for (size_t o = 0; o < 4; ++o) {
            const Objective obj = kObjectives[o];
            QVERIFY(std::isfinite(brute[o]));
            int exhaustive = 0;
            const double share = shareBound(m, hw, obj, alpha, &exhaustive);
            QCOMPARE(exhaustive, static_cast<int>(net->computeOrder().size()));
            QVERIFY2(atMost(share, brute[o]), qPrintable(numbers(objectiveName(obj), share, brute[o])));
            const double cheap = searchLowerBound(m, hw, obj, alpha, false, kResultBoundSubgraphsPerLayer);
            QVERIFY2(atMost(cheap, brute[o]), qPrintable(numbers("result bound", cheap, brute[o])));
            QVERIFY(cheap > 0);

            SearchConfig cfg;
            cfg.algorithm = "bnb";
            cfg.objective = obj;
            cfg.alpha = alpha;
            auto r = runSearch(m, cfg);
            QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
            QCOMPARE(r->stopReason, StopReason::Optimal);
            QVERIFY2(close(r->best.objective, brute[o]), qPrintable(numbers("bnb optimum", r->best.objective, brute[o])));
            QCOMPARE(r->lowerBound, r->best.objective);
            QCOMPARE(r->gap, 0.0);
            QVERIFY(r->best.cost.valid);

            // Stopped at once: still a valid design and a bound that holds.
            cfg.exactStateLimit = 2;
            auto early = runSearch(m, cfg);
            QVERIFY(early.ok());
            QVERIFY(early->best.cost.valid);
            QVERIFY2(atMost(early->lowerBound, brute[o]), qPrintable(numbers("bnb stopped", early->lowerBound, brute[o])));
            QVERIFY(early->best.objective >= brute[o] * (1 - 1e-12));
            QVERIFY(early->stopReason == StopReason::Optimal || early->stopReason == StopReason::GaveUp);
            if (early->stopReason == StopReason::GaveUp)
                QVERIFY(early->gap >= 0);

            // With a time limit and no room for states: both best-first searches give up, the
            // split cut ratios run in between; the bound still holds.
            cfg.timeLimitSeconds = 0.05;
            auto timed = runSearch(m, cfg);
            QVERIFY(timed.ok());
            QVERIFY(timed->best.cost.valid);
            QVERIFY2(atMost(timed->lowerBound, brute[o]), qPrintable(numbers("bnb timed", timed->lowerBound, brute[o])));
            QVERIFY(timed->lowerBound >= early->lowerBound * (1 - 1e-12) || timed->stopReason == StopReason::Optimal);
        }
    }

    // The ratios certified by minimum cuts (cut_bound.h) alone, without any enumeration: at most
    // the brute-force optimum on every graph and objective, and above the intrinsic bound on some.
    void cutBoundBelowBruteForce()
    {
        int tighter = 0, cases = 0;
        for (int seed = 1; seed <= 60; ++seed) {
            const int n = 5 + seed % 4;
            auto net = testsupport::smallDag(n, static_cast<uint64_t>(seed));
            const HardwareConfig hw = tinyHardware(static_cast<uint64_t>(seed));
            CostModel m(net, hw);
            const std::vector<double> brute = bruteForce(m, hw, 0.002);
            for (size_t o = 0; o < 4; ++o) {
                PartitionBound b(m, hw, kObjectives[o], 0.002);
                const double intrinsic = b.objectiveBound();
                QVERIFY(b.cutFormHolds());
                QVERIFY(b.tightenByCuts({}));
                const double cut = b.objectiveBound();
                QVERIFY2(atMost(cut, brute[o]),
                         qPrintable(numbers(objectiveName(kObjectives[o]), cut, brute[o]) + QString(" seed %1").arg(seed)));
                QVERIFY(cut >= intrinsic);
                ++cases;
                tighter += cut > intrinsic * (1 + 1e-6) ? 1 : 0;
                // Split families: never below the whole family's ratio, never above the optimum.
                PartitionBound bs(m, hw, kObjectives[o], 0.002);
                QVERIFY(bs.tightenByCuts({}, 0, 8));
                const double split = bs.objectiveBound();
                QVERIFY2(atMost(split, brute[o]),
                         qPrintable(numbers("split", split, brute[o]) + QString(" seed %1").arg(seed)));
                QVERIFY(split >= cut);
                // Stopped half-way with keepDone: the layers whose pairs all finished are raised,
                // the bound stays between the intrinsic one and the optimum.
                PartitionBound bh(m, hw, kObjectives[o], 0.002);
                const int64_t half = std::max<int64_t>(1, bh.cutPairs() / 2);
                int64_t polls = 0;
                bh.tightenByCuts([&] { return ++polls > half; }, 0, 8, true);
                const double partial = bh.objectiveBound();
                QVERIFY2(atMost(partial, brute[o]),
                         qPrintable(numbers("stopped", partial, brute[o]) + QString(" seed %1").arg(seed)));
                QVERIFY(partial >= intrinsic && partial <= split * (1 + 1e-9));
            }
        }
        QVERIFY2(tighter * 2 > cases, qPrintable(QString("tighter on %1 of %2").arg(tighter).arg(cases)));
    }

    // The LP bound (PartitionBound::tightenByLp): on random small DAGs, each objective, separate
    // and shared buffers and a node limit of 3 on some, the certified π − δ stays at most the
    // brute-force optimum, with the enumeration's columns and without any (the pricing alone must
    // then find them), with few splits (large corrections δ) as with many, and after one LP solve
    // without the growing pricing (duals of an LP that lacks columns: only δ keeps them below the
    // optimum) as after fifty. It
    // reaches the optimum on most of them.
    void lpBoundBelowBruteForce()
    {
        int reached = 0, cases = 0;
        for (int seed = 1; seed <= 40; ++seed) {
            const int n = 5 + seed % 4;
            auto net = seed % 2 ? testsupport::smallDag(n, static_cast<uint64_t>(seed))
                                : std::make_shared<const Network>(weightedDag(n, static_cast<uint64_t>(seed)));
            const HardwareConfig hw = tinyHardware(static_cast<uint64_t>(seed));
            CostModel m(net, hw);
            const std::vector<double> brute = bruteForce(m, hw, 0.002);
            for (size_t o = 0; o < 4; ++o) {
                const Objective obj = kObjectives[o];
                for (const int64_t perLayer : {int64_t(0), int64_t(1) << 20})
                    for (const int splits : {0, 2, 256})
                    for (const int rounds : {1, 50}) {
                        PartitionBound b(m, hw, obj, 0.002);
                        const auto eval = modelEvaluator(m, hw, obj, 0.002);
                        b.tighten(eval, perLayer, true);
                        PartitionBound::LpStats st;
                        LpOptions options;
                        options.splits = splits;
                        options.maxRounds = rounds;
                        options.growRounds = rounds == 1 ? 0 : kLpGrowRounds;
                        QVERIFY(b.tightenByLp(eval, {}, {}, options, &st));
                        const double lp = st.certified + (obj == Objective::Cost ? double(hw.bufferBytes()) : 0.0);
                        const QString where = QString(" seed %1 %2 columns %3 splits %4 rounds %5")
                                                  .arg(seed).arg(objectiveName(obj)).arg(perLayer).arg(splits).arg(rounds);
                        QVERIFY2(st.rounds > 0, qPrintable(where));
                        QVERIFY2(atMost(lp, brute[o]), qPrintable(numbers("lp", lp, brute[o]) + where));
                        QVERIFY2(atMost(b.objectiveBound(), brute[o]), qPrintable(numbers("bound", b.objectiveBound(), brute[o]) + where));
                        if (perLayer > 0 && splits == 256 && rounds == 50) {
                            ++cases;
                            reached += close(b.objectiveBound(), brute[o]) || b.objectiveBound() >= brute[o] * (1 - 1e-7) ? 1 : 0;
                        }
                    }
            }
        }
        QVERIFY2(reached * 2 > cases, qPrintable(QString("optimum reached on %1 of %2").arg(reached).arg(cases)));
    }

    // On the zoo the LP is tight where bnb proves the optimum: ResNet-18, ResNet-50 and GoogLeNet
    // (EMA, separate buffers) get their proven optimum as the certified bound, also as the bound
    // after a 400k-sample search.
    void lpBoundReachesZooOptima_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<double>("optimum");
        QTest::newRow("resnet18") << QString("resnet18") << 12634256.0;
        QTest::newRow("resnet50") << QString("resnet50") << 31482000.0;
        QTest::newRow("googlenet") << QString("googlenet") << 7242160.0;
    }
    void lpBoundReachesZooOptima()
    {
        QFETCH(QString, model);
        QFETCH(double, optimum);
        auto built = buildZooModel(model.toStdString());
        QVERIFY(built.ok());
        auto net = std::make_shared<const Network>(std::move(built).value());
        const HardwareConfig hw;
        CostModel m(net, hw);
        const auto eval = modelEvaluator(m, hw, Objective::Ema, 0.002);
        PartitionBound b(m, hw, Objective::Ema, 0.002);
        b.tighten(eval, 512, true);
        PartitionBound::LpStats st;
        QVERIFY(b.tightenByLp(eval, {}, {}, {}, &st));
        QVERIFY2(b.usesLp(), qPrintable(numbers("lp", st.certified, optimum)));
        QVERIFY2(atMost(b.objectiveBound(), optimum), qPrintable(numbers("lp", b.objectiveBound(), optimum)));
        QVERIFY2(b.objectiveBound() >= optimum * (1 - 1e-7), qPrintable(numbers("lp", b.objectiveBound(), optimum)));
        // The bound every search result carries: with an allowance of 400k samples' cuts, the same.
        const double result = searchLowerBound(m, hw, Objective::Ema, 0.002, false, kResultBoundSubgraphsPerLayer,
                                               static_cast<int64_t>(kResultBoundCutsPerSample * 400000));
        QVERIFY2(atMost(result, optimum) && result >= optimum * (1 - 1e-7), qPrintable(numbers("result bound", result, optimum)));
    }

    // On real networks: the cut form bounds every subgraph the enumeration evaluates (thousands),
    // the cut ratios raise the share bound, and the result stays below the optimum bnb proves.
    void cutBoundOnZoo_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("objective");
        for (const char *model : {"resnet50", "googlenet"})
            for (int o = 0; o < 4; ++o)
                QTest::newRow(qPrintable(QString("%1 %2").arg(model, objectiveName(kObjectives[static_cast<size_t>(o)]))))
                    << QString(model) << o;
    }
    void cutBoundOnZoo()
    {
        QFETCH(QString, model);
        QFETCH(int, objective);
        const Objective obj = kObjectives[static_cast<size_t>(objective)];
        auto built = buildZooModel(model.toStdString());
        QVERIFY(built.ok());
        auto net = std::make_shared<const Network>(std::move(built).value());
        const HardwareConfig hw;
        CostModel m(net, hw);
        PartitionBound b(m, hw, obj, 0.002);
        b.tighten(modelEvaluator(m, hw, obj, 0.002), 512);
        QVERIFY(b.cutFormHolds());
        const double share = b.objectiveBound();
        QVERIFY(b.tightenByCuts({}, 0, 4));
        const double cut = b.objectiveBound();
        // Latency: where every subgraph is compute-bound there is nothing to add.
        if (obj == Objective::Latency)
            QVERIFY(cut >= share);
        else
            QVERIFY2(cut > share, qPrintable(numbers("cut over share", cut, share)));
        SearchConfig cfg;
        cfg.algorithm = "bnb";
        cfg.objective = obj;
        auto r = runSearch(m, cfg);
        QVERIFY(r.ok());
        QCOMPARE(r->stopReason, StopReason::Optimal);
        QVERIFY2(atMost(cut, r->best.objective), qPrintable(numbers("cut bound", cut, r->best.objective)));
    }

    // The searches over down-sets (exact, bnb's best-first) compute the profiles of subgraphs not
    // seen before and drop them (SubgraphEvaluator::TransientProfiles): cached, they took about
    // 2.7 KB a state. GoogLeNet: both still prove the optimum, and most of the profiles they
    // computed are not kept; what is kept is what the heuristics and the bounds cached.
    void downSetSearchesKeepFewProfiles_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::newRow("exact") << "exact";
        QTest::newRow("bnb") << "bnb";
    }
    void downSetSearchesKeepFewProfiles()
    {
        QFETCH(QString, algorithm);
        auto built = buildZooModel("googlenet");
        QVERIFY(built.ok());
        auto net = std::make_shared<const Network>(std::move(built).value());
        const HardwareConfig hw;
        CostModel m(net, hw);
        SearchConfig cfg;
        cfg.algorithm = algorithm.toStdString();
        auto r = runSearch(m, cfg);
        QVERIFY(r.ok());
        QCOMPARE(r->stopReason, StopReason::Optimal);
        QCOMPARE(r->best.cost.emaBytes, 7242160.0);
        const uint64_t computed = m.profilesComputed(), kept = m.cachedProfiles();
        QVERIFY2(2 * kept < computed, qPrintable(QString("%1 of %2 profiles kept").arg(kept).arg(computed)));
    }

    // The bound after a search adds the cut ratios when their estimated cuts fit the search's share
    // (kResultBoundCutsPerSample), and the LP bound within its allowance (kResultBoundLpShare):
    // ResNet-18 after 200 GA samples keeps the share bound, after 20k it is the proven optimum.
    void resultBoundUsesCutsWhenAffordable()
    {
        auto built = buildZooModel("resnet18");
        QVERIFY(built.ok());
        auto net = std::make_shared<const Network>(std::move(built).value());
        const HardwareConfig hw;
        CostModel m(net, hw);
        const double share = searchLowerBound(m, hw, Objective::Ema, 0.002, false, kResultBoundSubgraphsPerLayer);
        const double optimum = 12634256; // bnb and exact, docs/results.md table (e)
        SearchConfig cfg;
        cfg.sampleBudget = 200;
        auto small = runSearch(m, cfg);
        QVERIFY(small.ok());
        QCOMPARE(small->lowerBound, share);
        cfg.sampleBudget = 20000;
        auto large = runSearch(m, cfg);
        QVERIFY(large.ok());
        QVERIFY2(large->lowerBound > share * 1.02, qPrintable(numbers("after 20k samples", large->lowerBound, share)));
        QVERIFY2(atMost(large->lowerBound, optimum), qPrintable(numbers("against the proven optimum", large->lowerBound, optimum)));
        QVERIFY2(large->lowerBound >= optimum * (1 - 1e-7), qPrintable(numbers("LP bound", large->lowerBound, optimum)));
        QVERIFY(close(large->gap, (large->best.objective - large->lowerBound) / large->lowerBound));
    }

    // Several cores: crossbar traffic is not a cut function, so the cut ratios stay out.
    void cutBoundNotOnSeveralCores()
    {
        auto net = testsupport::smallDag(7, 4);
        HardwareConfig hw = tinyHardware(4);
        hw.cores = 2;
        CostModel m(net, hw);
        PartitionBound b(m, hw, Objective::Ema, 0.002);
        const double before = b.objectiveBound();
        QVERIFY(!b.cutFormHolds());
        QVERIFY(b.tightenByCuts({}));
        QCOMPARE(b.objectiveBound(), before);
    }

    // Over capacity candidates: the co-exploration bound is at most the best objective of any
    // capacity pair (brute force per pair) on a small grid.
    void coExplorationBoundBelowEveryCapacity_data()
    {
        QTest::addColumn<int>("seed");
        QTest::addColumn<bool>("shared");
        for (int seed = 1; seed <= 6; ++seed)
            QTest::newRow(qPrintable(QString("seed %1").arg(seed))) << seed << (seed % 2 == 0);
    }
    void coExplorationBoundBelowEveryCapacity()
    {
        QFETCH(int, seed);
        QFETCH(bool, shared);
        auto net = std::make_shared<const Network>(testsupport::randomDag(7, static_cast<uint64_t>(seed)));
        HardwareConfig hw;
        hw.mode = shared ? BufferMode::Shared : BufferMode::Separate;
        hw.actGrid = {512, 2048, 512};
        hw.weightGrid = {1024, 4096, 1536};
        hw.sharedGrid = {1024, 8192, 1024};
        CostModel m(net, hw);
        std::vector<double> best(4, std::numeric_limits<double>::infinity());
        std::vector<HardwareConfig> points;
        for (int64_t a : shared ? hw.sharedGrid.values() : hw.actGrid.values())
            for (int64_t w : shared ? std::vector<int64_t>{0} : hw.weightGrid.values()) {
                HardwareConfig h = hw;
                (shared ? h.sharedBufferBytes : h.actBufferBytes) = a;
                if (!shared)
                    h.weightBufferBytes = w;
                points.push_back(h);
            }
        for (const HardwareConfig &h : points) {
            const std::vector<double> b = bruteForce(m, h, 0.002);
            for (size_t o = 0; o < 4; ++o)
                best[o] = std::min(best[o], b[o]);
        }
        for (size_t o = 0; o < 4; ++o) {
            const double bound = searchLowerBound(m, hw, kObjectives[o], 0.002, true, 0);
            QVERIFY2(atMost(bound, best[o]), qPrintable(numbers(objectiveName(kObjectives[o]), bound, best[o])));
        }
    }

    // Every search result carries a bound at most its best objective, and the gap between them.
    void everyResultCarriesABound()
    {
        auto net = std::make_shared<const Network>(testsupport::randomDag(12, 5));
        CostModel m(net, tinyHardware(3));
        for (const char *algo : {"greedy", "dp", "exact", "ga", "sa", "fixed-m"}) {
            SearchConfig cfg;
            cfg.algorithm = algo;
            cfg.sampleBudget = 2000;
            auto r = runSearch(m, cfg);
            QVERIFY(r.ok());
            QVERIFY2(std::isfinite(r->lowerBound) && r->lowerBound > 0, algo);
            QVERIFY2(r->lowerBound <= r->best.objective * (1 + 1e-12), algo);
            QVERIFY(close(r->gap, (r->best.objective - r->lowerBound) / r->lowerBound));
        }
        SearchConfig co;
        co.objective = Objective::Cost;
        co.coExplore = true;
        co.sampleBudget = 2000;
        auto r = runSearch(m, co);
        QVERIFY(r.ok());
        QVERIFY(std::isfinite(r->lowerBound) && r->lowerBound <= r->best.objective);
    }

    // The result file carries the bound and the gap, and reads them back; without them they stay
    // unknown (files written before issue 16).
    void resultFileRoundTrip()
    {
        auto net = std::make_shared<const Network>(weightedDag(8, 3));
        CostModel m(net, tinyHardware(5));
        SearchConfig cfg;
        cfg.algorithm = "bnb";
        auto r = runSearch(m, cfg);
        QVERIFY(r.ok());
        const std::string text = searchResultToJson(*net, *r, "test");
        QVERIFY(text.find("\"lower_bound\"") != std::string::npos && text.find("\"gap\"") != std::string::npos);
        auto back = searchResultFromJson(*net, text, "test");
        QVERIFY2(back.ok(), back.ok() ? "" : back.message().c_str());
        QCOMPARE(back->lowerBound, r->lowerBound);
        QCOMPARE(back->gap, r->gap);
        SearchResult unknown = *r;
        unknown.lowerBound = unknown.gap = std::numeric_limits<double>::quiet_NaN();
        const std::string old = searchResultToJson(*net, unknown, "test");
        QVERIFY(old.find("lower_bound") == std::string::npos);
        auto none = searchResultFromJson(*net, old, "test");
        QVERIFY(none.ok() && std::isnan(none->lowerBound) && std::isnan(none->gap));
    }

    // Same result at any thread count and on a rerun (the determinism the other searches have).
    void deterministic()
    {
        auto net = std::make_shared<const Network>(testsupport::randomDag(40, 11));
        CostModel m(net, tinyHardware(7));
        SearchConfig cfg;
        cfg.algorithm = "bnb";
        cfg.exactStateLimit = 3000;
        cfg.threads = 1;
        auto a = runSearch(m, cfg);
        cfg.threads = 4;
        auto b = runSearch(m, cfg);
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(a->best.partition.label, b->best.partition.label);
        QCOMPARE(a->lowerBound, b->lowerBound);
        QCOMPARE(a->stopReason, b->stopReason);
        QCOMPARE(a->samples, b->samples);
    }
};

QTEST_GUILESS_MAIN(TestSearchBound)
#include "tst_search_bound.moc"
