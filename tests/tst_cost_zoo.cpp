// Properties of the cost model on every zoo model (method §2-§3): singletons traffic, the
// compulsory minimum, lower bound for valid partitions, merges never hurt, batch scaling.
#include "support/random_partition.h"
#include "cost/cost_model.h"
#include "zoo/zoo.h"

#include <QtTest>

#include <random>

using namespace cocco;

namespace {

HardwareConfig unbounded()
{
    HardwareConfig hw;
    hw.actBufferBytes = hw.weightBufferBytes = hw.sharedBufferBytes = int64_t(1) << 45;
    hw.maxSubgraphNodes = 1 << 20;
    return hw;
}

int64_t tensorBytes(const Network &n, int id)
{
    const Shape &s = n.layer(id).out;
    return s.c * s.h * s.w;
}

using testsupport::randomPartition;

} // namespace

class TestCostZoo : public QObject {
    Q_OBJECT
private slots:
    void properties_data()
    {
        QTest::addColumn<QString>("name");
        for (const std::string &n : zooNames())
            QTest::newRow(n.c_str()) << QString::fromStdString(n);
    }
    void properties()
    {
        QFETCH(QString, name);
        auto built = buildZooModel(name.toStdString());
        QVERIFY2(built.ok(), built.ok() ? "" : built.message().c_str());
        auto net = std::make_shared<const Network>(std::move(built.value()));
        const HardwareConfig big = unbounded();
        CostModel m(net, big);

        // Singletons: EMA = Σ over layers of (weights + inputs + outputs).
        double expect = 0, weights = 0, netIn = 0, netOut = 0;
        for (int v : net->computeOrder()) {
            std::vector<int> producers = net->preds(v);
            std::sort(producers.begin(), producers.end());
            producers.erase(std::unique(producers.begin(), producers.end()), producers.end());
            expect += double(net->layer(v).params + tensorBytes(*net, v));
            for (int u : producers)
                expect += double(tensorBytes(*net, u));
            weights += double(net->layer(v).params);
            if (net->isOutput(v))
                netOut += double(tensorBytes(*net, v));
        }
        for (int u : net->inputLayers())
            netIn += double(tensorBytes(*net, u));
        const PartitionCost single = m.evaluate(Partition::singletons(*net));
        QVERIFY2(single.valid, single.reason.c_str());
        QCOMPARE(single.emaBytes, expect);

        // One whole-network subgraph with an unbounded buffer reaches the compulsory minimum.
        const PartitionCost whole = m.totals(Partition::whole(*net), big);
        QVERIFY2(whole.valid, whole.reason.c_str());
        const double minimum = weights + netIn + netOut;
        QCOMPARE(whole.emaBytes, minimum);

        // Valid partitions on the default hardware never go below it; merges that fit never hurt.
        const HardwareConfig hw;
        std::mt19937_64 rng(12345);
        std::vector<Partition> parts;
        for (int len : {2, 3, 5, 8})
            parts.push_back(splitToFit(m, Partition::fixedLength(*net, len), hw));
        for (double join : {0.3, 0.6, 0.9})
            parts.push_back(splitToFit(m, randomPartition(*net, rng, join, hw.maxSubgraphNodes), hw));
        int merges = 0;
        for (const Partition &p : parts) {
            const PartitionCost c = m.totals(p, hw);
            QVERIFY2(c.valid, c.reason.c_str());
            QVERIFY(c.emaBytes >= minimum);
            QVERIFY(c.emaBytes <= single.emaBytes + 1e-6 || c.spillingCount > 0);
            // Try merging the two subgraphs on a few random edges.
            std::uniform_int_distribution<size_t> pick(0, net->computeOrder().size() - 1);
            for (int trial = 0; trial < 12; ++trial) {
                const int v = net->computeOrder()[pick(rng)];
                const int lv = p.label[static_cast<size_t>(v)];
                for (int u : net->preds(v)) {
                    const int lu = p.label[static_cast<size_t>(u)];
                    if (lu < 0 || lu == lv)
                        continue;
                    Partition q = p;
                    for (int &l : q.label)
                        if (l == lv)
                            l = lu;
                    const PartitionCost mc = m.totals(q, hw);
                    if (!mc.valid || mc.spillingCount > c.spillingCount)
                        continue;
                    ++merges;
                    QVERIFY(mc.emaBytes <= c.emaBytes);
                    QVERIFY(mc.energyPj <= c.energyPj * (1 + 1e-12));
                    break;
                }
            }
        }
        QVERIFY(merges > 0);

        // Batch N scales activation traffic by N and weight traffic not at all.
        HardwareConfig b3 = hw;
        b3.batch = 3;
        const PartitionCost one = m.evaluate(parts[1], hw), three = m.evaluate(parts[1], b3);
        double w = 0;
        for (const SubgraphCost &s : one.subgraphs)
            w += s.weightEmaBytes;
        QVERIFY(qFuzzyCompare(three.emaBytes - w, 3 * (one.emaBytes - w)));
        QVERIFY(qFuzzyCompare(three.computeCycles, 3 * one.computeCycles));
        QCOMPARE(three.peakActBytes, one.peakActBytes);
    }
};

QTEST_GUILESS_MAIN(TestCostZoo)
#include "tst_cost_zoo.moc"
