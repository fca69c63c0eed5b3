// The local search module (issue 11): the sample ledger's scopes, accounts and shares; the
// don't-look memory (a rejected change is skipped on any base that kept the subgraphs it touches,
// nothing else is); and LocalSearch climbs from a design outside any GA — strictly improving
// steps, within the climb's share, deterministic, every step a valid fitting design.
#include "search/framework/sample_ledger.h"
#include "search/local/local_search.h"
#include "support/run_fixture.h"
#include "support/zoo_models.h"

#include <QtTest>

#include <random>

using namespace cocco;

namespace {

// Canonical genome of the partition `label` (compute layers in topological order).
Genome canonical(const DesignSpace &space, std::vector<int> groupOfPosition)
{
    Genome g;
    g.label.assign(space.network().size(), -1);
    const auto &order = space.order();
    for (size_t i = 0; i < order.size(); ++i)
        g.label[static_cast<size_t>(order[i])] = groupOfPosition[i];
    g.groups = *std::max_element(groupOfPosition.begin(), groupOfPosition.end()) + 1;
    return g;
}

// Layers in topological order, each alone, but the positions in `merge` joined with the next.
std::vector<int> singletonsMerging(size_t n, std::initializer_list<size_t> merge)
{
    std::vector<int> g(n);
    int next = -1;
    for (size_t i = 0; i < n; ++i) {
        const bool joined = i > 0 && std::find(merge.begin(), merge.end(), i - 1) != merge.end();
        g[i] = joined ? next : ++next;
    }
    return g;
}

} // namespace

class TestSearchLocal : public QObject {
    Q_OBJECT
private slots:
    void ledgerScopesAccountsShares()
    {
        SampleLedger ledger(100);
        QVERIFY(ledger.limited());
        SampleLedger::Account windows;
        const SampleLedger::Scope ga = ledger.scope(60);
        ledger.spend(10);
        {
            const SampleLedger::Open open(ledger, windows);
            ledger.spend(5);
        }
        ledger.spend(3);
        QCOMPARE(ledger.used(), int64_t(18));
        QCOMPARE(windows.spent(), int64_t(5));
        QCOMPARE(ga.used(), int64_t(18));
        QCOMPARE(ga.left(), int64_t(42));
        // A quarter of what the scope used, plus 2: 18 / 4 + 2 - 5 = 1 left.
        const Share share{4, 2};
        QCOMPARE(share.allowance(ga, windows), int64_t(1));
        QVERIFY(share.allows(ga, windows));
        {
            const SampleLedger::Open open(ledger, windows);
            ledger.spend(1);
        }
        QVERIFY(!share.allows(ga, windows));
        // A scope never reaches past the ledger's budget.
        const SampleLedger::Scope late = ledger.scope(1000);
        QCOMPARE(late.left(), ledger.remaining());
        ledger.spend(200);
        QVERIFY(ledger.exhausted());
        QCOMPARE(ledger.remaining(), int64_t(0));
        QCOMPARE(ga.left(), int64_t(0));
    }

    void dontLookSkipsRejectedChanges()
    {
        CostModel m(testsupport::zooModel("resnet18"), HardwareConfig{});
        const DesignSpace space(m, m.hardware(), Objective::Ema, 0.002, false);
        const size_t n = space.order().size();
        const Genome base = canonical(space, singletonsMerging(n, {}));
        // Merging subgraphs 0 and 1, 1 and 2; a capacity-only neighbour.
        auto mergeOf = [&](const Genome &b, int a, int into) {
            Genome c = b;
            for (int &l : c.label)
                if (l == a)
                    l = into;
            return c;
        };
        Genome capOnly = base;
        capOnly.cap0 += 1;
        DontLook dl(space.order());
        std::vector<Genome> nb{mergeOf(base, 1, 0), mergeOf(base, 2, 1), capOnly};
        std::vector<std::pair<int, int>> touched{{0, 1}, {1, 2}, {-1, -1}};
        std::vector<uint64_t> keys;
        dl.filter(base, nb, touched, keys);
        QCOMPARE(nb.size(), size_t(3));
        QVERIFY(keys[0] != 0 && keys[1] != 0 && keys[0] != keys[1]);
        QCOMPARE(keys[2], uint64_t(0)); // capacity steps have no key
        dl.reject(keys[0]);
        dl.reject(keys[2]);
        // Same base: the rejected merge is skipped, the others are kept.
        nb = {mergeOf(base, 1, 0), mergeOf(base, 2, 1), capOnly};
        touched = {{0, 1}, {1, 2}, {-1, -1}};
        dl.filter(base, nb, touched, keys);
        QCOMPARE(nb.size(), size_t(2));
        QCOMPARE(nb[0].label, mergeOf(base, 2, 1).label);
        QCOMPARE(touched[0], std::make_pair(1, 2));
        // A base that changed elsewhere (layers 10 and 11 merged) kept subgraphs 0 and 1: the
        // same merge is skipped there too. On a base that changed subgraph 1, it is not.
        const Genome far = canonical(space, singletonsMerging(n, {10}));
        nb = {mergeOf(far, 1, 0)};
        touched = {{0, 1}};
        dl.filter(far, nb, touched, keys);
        QVERIFY(nb.empty());
        const Genome near = canonical(space, singletonsMerging(n, {1}));
        nb = {mergeOf(near, 1, 0)};
        touched = {{0, 1}};
        dl.filter(near, nb, touched, keys);
        QCOMPARE(nb.size(), size_t(1));
        // Capacity neighbours are never skipped.
        nb = {capOnly};
        touched = {{-1, -1}};
        dl.filter(base, nb, touched, keys);
        QCOMPARE(nb.size(), size_t(1));
    }

    void climbFromAnyDesign_data() { testsupport::modelRows({"resnet18", "googlenet"}); }
    void climbFromAnyDesign()
    {
        QFETCH(QString, model);
        CostModel m(testsupport::zooModel(model.toStdString()), HardwareConfig{});
        auto climbOnce = [&](std::vector<double> *objectives, Genome *last) {
            testsupport::RunFixture fx(m, m.hardware(), Objective::Cost, 0.002, true, 20000);
            BudgetScope budget(fx.run, 20000, 100);
            Operators ops(fx.space);
            LocalSearch local(budget, ops);
            Rng rng(5);
            std::vector<Genome> start(1);
            ops.randomGenome(start[0], 0.5, rng);
            std::vector<SampleEval> ev;
            if (!budget.evaluate(start, ev))
                return int64_t(-1);
            objectives->push_back(ev[0].objective);
            const bool improved = local.climb(start[0], ev[0], [&](const Genome &g, const SampleEval &e) {
                objectives->push_back(e.objective);
                *last = g;
                const Design d = fx.run.designOf(g);
                QVERIFY(d.cost.valid);
                QCOMPARE(d.objective, e.objective);
            });
            if (!improved)
                *last = start[0];
            return fx.run.samples();
        };
        std::vector<double> a, b;
        Genome lastA, lastB;
        const int64_t spentA = climbOnce(&a, &lastA);
        const int64_t spentB = climbOnce(&b, &lastB);
        QVERIFY(spentA > 0);
        QVERIFY(a.size() >= 2); // a random design is never a local optimum
        for (size_t i = 1; i < a.size(); ++i)
            QVERIFY(a[i] < a[i - 1]);
        // One climb: at most its share (at least kClimbMinSamples) plus the step that crossed it.
        QVERIFY(spentA <= 1 + kClimbMinSamples + 20000);
        QCOMPARE(a, b);
        QCOMPARE(spentA, spentB);
        QCOMPARE(lastA.label, lastB.label);
    }
};

QTEST_GUILESS_MAIN(TestSearchLocal)
#include "tst_search_local.moc"
