// The algorithm registry (issue 11): the built-ins with their traits, and an algorithm added from
// this file with one registerAlgorithm() call — the worked example of docs/search.md — running
// through runSearch like any built-in (budget, determinism, sweep, names, errors).
#include "search/evolution/operators.h"
#include "search/framework/budget_scope.h"
#include "search/registry.h"
#include "search/search.h"
#include "support/zoo_models.h"

#include <QtTest>

#include <algorithm>

using namespace cocco;

namespace {

// Pure random sampling: random designs until the budget is spent.
AlgorithmInfo randomAlgorithm()
{
    AlgorithmInfo a;
    a.name = "toy-random";
    a.summary = "random designs until the budget is spent";
    a.capacities = CapacityGenes::FromConfig;
    a.run = [](AlgorithmJob &job) {
        Operators ops(job.run.space());
        BudgetScope budget(job.run, job.run.config().sampleBudget, 100);
        std::vector<Genome> batch(100);
        std::vector<SampleEval> out;
        while (!budget.done()) {
            batch.resize(100);
            for (Genome &g : batch)
                ops.randomGenome(g, 0.3, job.rng);
            if (!budget.evaluate(batch, out))
                break;
            job.run.report("toy-random");
        }
        return okStatus();
    };
    return a;
}

} // namespace

class TestSearchRegistry : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(registerAlgorithm(randomAlgorithm())); }

    void builtinsInOrderWithTraits()
    {
        const std::vector<Algorithm> names = allAlgorithms();
        const std::vector<Algorithm> builtins{"greedy", "dp", "exact", "sa", "ga", "rs-ga", "gs-ga", "fixed-s", "fixed-m", "fixed-l"};
        QVERIFY(names.size() >= builtins.size());
        QVERIFY(std::equal(builtins.begin(), builtins.end(), names.begin()));
        for (const char *b : {"greedy", "dp", "exact"}) {
            const AlgorithmInfo *a = findAlgorithm(b);
            QVERIFY(a && a->traits.baseline && a->traits.deterministic && !a->traits.budgeted);
        }
        for (const char *p : {"rs-ga", "gs-ga", "fixed-s", "fixed-m", "fixed-l"})
            QVERIFY(findAlgorithm(p)->traits.picksCapacities);
        QVERIFY(findAlgorithm("exact")->traits.slow);
        QVERIFY(findAlgorithm("ga")->traits.seedable && !findAlgorithm("ga")->traits.deterministic);
        // Colours are distinct, so plots tell the algorithms apart.
        std::vector<uint32_t> colours;
        for (const Algorithm &a : builtins)
            colours.push_back(algorithmColor(a));
        std::sort(colours.begin(), colours.end());
        QVERIFY(std::adjacent_find(colours.begin(), colours.end()) == colours.end());
    }

    void registeredAlgorithmRuns()
    {
        QVERIFY(findAlgorithm("toy-random"));
        QCOMPARE(allAlgorithms().back(), Algorithm("toy-random"));
        QVERIFY(algorithmList().find("toy-random") != std::string::npos);
        Algorithm parsed;
        QVERIFY(parseAlgorithm("toy-random", &parsed));
        QCOMPARE(QString(algorithmName(parsed)), QString("toy-random"));

        CostModel model(testsupport::zooModel("resnet18"), HardwareConfig{});
        SearchConfig cfg;
        cfg.algorithm = "toy-random";
        cfg.objective = Objective::Cost;
        cfg.coExplore = true;
        cfg.sampleBudget = 1500;
        cfg.seed = 3;
        auto r = runSearch(model, cfg);
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QVERIFY(r->samples > 0 && r->samples <= cfg.sampleBudget);
        QVERIFY(r->best.cost.valid);
        QCOMPARE(r->best.objective, objectiveValue(model.totals(r->best.partition, r->best.hw), r->best.hw, cfg.objective, cfg.alpha));
        QVERIFY(!r->history.empty() && !r->pareto.empty());
        // Seeded like every algorithm: same seed, same result, at any thread count.
        SearchConfig again = cfg;
        again.threads = 1;
        auto r2 = runSearch(model, again);
        QVERIFY(r2.ok());
        QCOMPARE(r2->best.partition.label, r->best.partition.label);
        QCOMPARE(r2->best.objective, r->best.objective);
        QCOMPARE(r2->samples, r->samples);
        SearchConfig other = cfg;
        other.seed = 4;
        auto r3 = runSearch(model, other);
        QVERIFY(r3.ok());
        QVERIFY(r3->best.partition.label != r->best.partition.label || r3->best.objective != r->best.objective);
        // It chooses no capacities of its own: a capacity sweep takes it.
        SweepConfig sc;
        sc.base = cfg;
        sc.base.sampleBudget = 300;
        sc.algorithms = {"toy-random"};
        sc.capacityIndices = {0, 10};
        auto sw = runSweep(model, sc);
        QVERIFY2(sw.ok(), sw.ok() ? "" : sw.message().c_str());
        QCOMPARE(sw->points.size(), size_t(2));
    }

    void registrationErrors()
    {
        std::string error;
        QVERIFY(!registerAlgorithm(randomAlgorithm(), &error));
        QVERIFY(error.find("registered already") != std::string::npos);
        AlgorithmInfo unnamed = randomAlgorithm();
        unnamed.name.clear();
        QVERIFY(!registerAlgorithm(unnamed, &error));
        AlgorithmInfo noRun;
        noRun.name = "toy-nothing";
        QVERIFY(!registerAlgorithm(noRun, &error));
        QVERIFY(error.find("run function") != std::string::npos);
        QVERIFY(!findAlgorithm("toy-nothing"));

        CostModel model(testsupport::zooModel("resnet18"), HardwareConfig{});
        SearchConfig cfg;
        cfg.algorithm = "no-such-algorithm";
        auto r = runSearch(model, cfg);
        QVERIFY(!r.ok());
        QVERIFY(r.message().find("unknown algorithm 'no-such-algorithm'") != std::string::npos);
        QVERIFY(r.message().find("greedy") != std::string::npos);
        SweepConfig sc;
        sc.algorithms = {"rs-ga"};
        QVERIFY(!runSweep(model, sc).ok());
    }
};

QTEST_GUILESS_MAIN(TestSearchRegistry)
#include "tst_search_registry.moc"
