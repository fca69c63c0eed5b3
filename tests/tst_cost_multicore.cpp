// Multi-core cost (method §8, issue 12): the hand-computed 2-core example of docs/cost-model.md;
// k = 1 reproduces the single-core numbers bit for bit on every zoo model (a table written by the
// single-core model before the multi-core change); properties on random partitions.
#include "support/layers.h"
#include "support/random_partition.h"
#include "support/zoo_models.h"
#include "cost/cost_model.h"

#include <QtTest>

#include <cmath>

#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <thread>
#include <sstream>

using namespace cocco;

namespace {

// The 2-core example of docs/cost-model.md: in 4x4x8 -> conv1 3x3 (16) -> conv2 1x1 (256).
std::shared_ptr<const Network> wideningPair()
{
    using testsupport::mk;
    auto n = std::make_shared<Network>();
    n->name = "widening2";
    n->addLayer(mk("in", OpKind::Input, {}, {1, 8, 4, 4}));
    Layer c1 = mk("conv1", OpKind::Conv, {0}, {1, 16, 4, 4});
    c1.windows = {WindowRelation::sliding(3, 1, 1, 1, 1)};
    c1.inChannels = 8;
    c1.params = 8 * 16 * 9;
    c1.macs = c1.params * 16;
    n->addLayer(c1);
    Layer c2 = mk("conv2", OpKind::Conv, {1}, {1, 256, 4, 4});
    c2.windows = {WindowRelation::sliding(1, 1, 1, 0, 0)};
    c2.inChannels = 16;
    c2.params = 16 * 256;
    c2.macs = c2.params * 16;
    n->addLayer(c2);
    if (!n->finalize().ok())
        return nullptr;
    return n;
}

Partition whole(const Network &net)
{
    return Partition::whole(net);
}

const char *kReferencePath = COCCO_TEST_DATA "/cost/k1_reference.tsv";

// The hardware variants of the reference table: default separate, shared, batch 4.
HardwareConfig referenceHardware(int variant)
{
    HardwareConfig hw;
    if (variant == 1)
        hw.mode = BufferMode::Shared;
    if (variant == 2)
        hw.batch = 4;
    return hw;
}

// Deterministic partitions of a network: singletons, fixed length 4 and a random one, each split
// to fit the default hardware.
std::vector<Partition> referencePartitions(const CostModel &m)
{
    const Network &net = m.network();
    const HardwareConfig hw;
    std::mt19937_64 rng(20261201);
    return {Partition::singletons(net), splitToFit(m, Partition::fixedLength(net, 4), hw),
            splitToFit(m, testsupport::randomPartition(net, rng, 0.7, hw.maxSubgraphNodes), hw)};
}

// One row: model, partition, variant and the totals as hex floats (exact).
std::string referenceRow(const std::string &model, size_t part, int variant, const PartitionCost &c)
{
    char buf[512];
    std::snprintf(buf, sizeof buf, "%s\t%zu\t%d\t%d\t%d\t%a\t%a\t%a\t%a\t%a\t%a\t%a\t%lld\t%lld", model.c_str(), part,
                  variant, c.valid ? 1 : 0, c.spillingCount, c.emaBytes, c.energyPj, c.energyDramPj, c.energySramPj,
                  c.energyMacPj, c.computeCycles, c.latencyCycles, static_cast<long long>(c.peakActBytes),
                  static_cast<long long>(c.peakWeightBytes));
    return buf;
}

std::vector<std::string> rowsOf(const std::string &model)
{
    auto net = testsupport::zooModel(model);
    CostModel m(net, HardwareConfig{});
    std::vector<std::string> rows;
    const std::vector<Partition> parts = referencePartitions(m);
    for (size_t i = 0; i < parts.size(); ++i)
        for (int variant = 0; variant < 3; ++variant)
            rows.push_back(referenceRow(model, i, variant, m.totals(parts[i], referenceHardware(variant))));
    return rows;
}

} // namespace

class TestCostMulticore : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        // COCCO_WRITE_K1_REFERENCE=1 regenerates the table (only ever from the single-core model).
        if (qEnvironmentVariableIsSet("COCCO_WRITE_K1_REFERENCE")) {
            std::ofstream out(kReferencePath);
            for (const std::string &model : zooNames())
                for (const std::string &row : rowsOf(model))
                    out << row << "\n";
        }
    }

    void twoCoreExample()
    {
        auto net = wideningPair();
        QVERIFY(net);
        HardwareConfig hw;
        CostModel m(net, hw);
        const PartitionCost one = m.evaluate(whole(*net));
        QVERIFY2(one.valid, one.reason.c_str());
        const SubgraphCost &s1 = one.subgraphs.at(0);
        // One core: tiles in 8ch x 3 rows x 4, conv1 16ch x 1 row, conv2 256ch x 1 row.
        QCOMPARE(s1.mainBytes, int64_t(96 + 64 + 1024));
        QCOMPARE(s1.weightBytes, int64_t(1152 + 4096));
        QCOMPARE(s1.emaBytes, 5248.0 + 128 + 4096);
        QCOMPARE(s1.computeCycles, 144.0 + 64.0); // conv1 fills 16 of 128 columns
        QCOMPARE(s1.dramCycles, 9472.0 / 16);
        QCOMPARE(s1.nocBytes, 0.0);
        QCOMPARE(s1.latencyCycles, 592.0);
        QVERIFY(s1.bound == LatencyBound::Dram);

        hw.cores = 2;
        const PartitionCost two = m.evaluate(whole(*net), hw);
        QVERIFY2(two.valid, two.reason.c_str());
        const SubgraphCost &s2 = two.subgraphs.at(0);
        // Per core: conv2's output tile keeps 128 of 256 channels; weights 8 of 16 and 128 of 256
        // channels.
        QCOMPARE(s2.mainBytes, int64_t(96 + 64 + 512));
        QCOMPARE(s2.actBytes, int64_t(672));
        QCOMPARE(s2.weightBytes, int64_t(576 + 2048));
        QCOMPARE(two.peakWeightBytes, int64_t(2624));
        // EMA unchanged; DRAM time over two ports.
        QCOMPARE(s2.emaBytes, 9472.0);
        QCOMPARE(s2.dramCycles, 296.0);
        // conv1: 8 channels still take a 128-column pass (144); conv2: 128 channels, 32 cycles.
        QCOMPARE(s2.computeCycles, 144.0 + 32.0);
        // Gathers: the input (128 B) and conv1's output (256 B), half of each from the other core.
        QCOMPARE(s2.nocBytes, 192.0);
        QCOMPARE(s2.nocCycles, 192.0 / (2 * 64.0));
        QCOMPARE(s2.latencyCycles, 296.0);
        QVERIFY(s2.bound == LatencyBound::Dram);
        QCOMPARE(s2.energyNocPj, 384.0);
        QCOMPARE(s2.energyDramPj, s1.energyDramPj);
        QCOMPARE(s2.energyMacPj, s1.energyMacPj);
        // SRAM: the gathered bytes are written once more into the receiving buffer.
        QVERIFY(qFuzzyCompare(s2.energySramPj - s1.energySramPj, 3.0 * 192));
        QVERIFY(qFuzzyCompare(two.energyPj, one.energyPj + 384.0 + 3.0 * 192));
        QCOMPARE(two.bufferBytes, 2 * one.bufferBytes);
        QCOMPARE(two.perCoreBufferBytes, one.bufferBytes);

        // A slow crossbar bounds the latency: 192 B / (2 x 0.25 B/cycle) = 384 cycles.
        hw.nocGBps = 0.25;
        const SubgraphCost s3 = m.evaluate(whole(*net), hw).subgraphs.at(0);
        QCOMPARE(s3.latencyCycles, 384.0);
        QVERIFY(s3.bound == LatencyBound::Noc);

        // Per-core fits: 5248 B of weights exceed a 4000 B weight buffer, 2624 B per core do not.
        hw = HardwareConfig{};
        hw.weightBufferBytes = 4000;
        QVERIFY(!m.totals(whole(*net), hw).valid);
        hw.cores = 2;
        QVERIFY(m.totals(whole(*net), hw).valid);
        // Batch 2: gathers and activation traffic twice, weights once.
        hw.batch = 2;
        const SubgraphCost b2 = m.evaluate(whole(*net), hw).subgraphs.at(0);
        QCOMPARE(b2.nocBytes, 384.0);
        QCOMPARE(b2.emaBytes, 5248.0 + 2 * (128 + 4096));
        QCOMPARE(b2.weightBytes, int64_t(2624));
        // No new profile was needed for any of these core counts.
        QCOMPARE(m.cachedProfiles(), size_t(1));
    }

    // Properties on random partitions of zoo models at 1, 2, 4 and 8 cores.
    void properties_data() { testsupport::modelRows({"resnet50", "googlenet", "mobilenetv2", "randwire_a"}); }
    void properties()
    {
        QFETCH(QString, model);
        auto net = testsupport::zooModel(model.toStdString());
        const HardwareConfig base;
        CostModel m(net, base);
        std::mt19937_64 rng(7);
        for (int trial = 0; trial < 4; ++trial) {
            const Partition p = splitToFit(m, testsupport::randomPartition(*net, rng, 0.3 + 0.2 * trial, 64), base);
            const PartitionCost c1 = m.evaluate(p, base);
            QCOMPARE(c1.nocBytes, 0.0);
            double prevNoc = 0;
            for (int k : {2, 4, 8}) {
                HardwareConfig hw = base;
                hw.cores = k;
                const PartitionCost ck = m.evaluate(p, hw);
                QCOMPARE(ck.subgraphs.size(), c1.subgraphs.size());
                // Same EMA, except that a spilling layer needs fewer chunks with its per-core share.
                if (c1.spillingCount == 0)
                    QCOMPARE(ck.emaBytes, c1.emaBytes);
                QVERIFY(ck.emaBytes <= c1.emaBytes);
                QVERIFY(ck.nocBytes > prevNoc);
                prevNoc = ck.nocBytes;
                for (size_t i = 0; i < ck.subgraphs.size(); ++i) {
                    const SubgraphCost &a = c1.subgraphs[i], &b = ck.subgraphs[i];
                    // Whole channels per core: at most one channel of each layer above W / k.
                    int64_t channelWorth = 0;
                    for (int v : b.layers) {
                        const int64_t w = layerWeightBytes(*net, v, hw);
                        const int64_t ch = std::max<int64_t>(1, net->layer(v).out.c);
                        channelWorth += (w + ch - 1) / ch;
                    }
                    QVERIFY(b.weightBytes <= (a.weightBytes + k - 1) / k + channelWorth);
                    QVERIFY(b.weightBytes * k >= a.weightBytes);
                    QVERIFY(b.actBytes <= a.actBytes);
                    QVERIFY(b.latencyCycles >= a.computeCycles / k * (1 - 1e-12));
                    if (!a.spilling) // a spilling layer may need fewer chunks, so less EMA
                        QVERIFY(b.latencyCycles >= a.dramCycles / k * (1 - 1e-12));
                    QVERIFY(b.computeCycles <= a.computeCycles * (1 + 1e-12));
                    QVERIFY(b.nocBytes >= 0);
                    if (b.nocBytes > 0 && a.nocBytes == 0)
                        QVERIFY(b.energyPj > a.energyPj - 1e-6 * a.energyPj || b.fits != a.fits);
                }
            }
        }
    }

    // Two threads evaluating the same profiles at different core counts (the per-profile share
    // cache) get the numbers of models that never saw another core count.
    void coreCountsAcrossThreads()
    {
        auto net = testsupport::zooModel("googlenet");
        const HardwareConfig base;
        CostModel shared(net, base);
        std::mt19937_64 rng(3);
        std::vector<Partition> parts;
        for (int i = 0; i < 24; ++i)
            parts.push_back(splitToFit(shared, testsupport::randomPartition(*net, rng, 0.6, 64), base));
        std::vector<double> expect[2];
        for (int t = 0; t < 2; ++t) {
            HardwareConfig hw = base;
            hw.cores = t == 0 ? 2 : 4;
            CostModel own(net, hw);
            for (const Partition &p : parts)
                expect[t].push_back(own.totals(p, hw).energyPj + own.totals(p, hw).latencyCycles);
        }
        bool same[2] = {true, true};
        auto work = [&](int t) {
            HardwareConfig hw = base;
            hw.cores = t == 0 ? 2 : 4;
            for (int round = 0; round < 20; ++round)
                for (size_t i = 0; i < parts.size(); ++i) {
                    const PartitionCost c = shared.totals(parts[i], hw);
                    same[t] = same[t] && c.energyPj + c.latencyCycles == expect[t][i];
                }
        };
        std::thread a(work, 0), b(work, 1);
        a.join();
        b.join();
        QVERIFY(same[0]);
        QVERIFY(same[1]);
    }

    void k1Identity_data()
    {
        QTest::addColumn<QString>("model");
        for (const std::string &n : zooNames())
            QTest::newRow(n.c_str()) << QString::fromStdString(n);
    }
    void k1Identity()
    {
        QFETCH(QString, model);
        std::ifstream in(kReferencePath);
        QVERIFY2(in, kReferencePath);
        std::vector<std::string> expected;
        const std::string prefix = model.toStdString() + "\t";
        for (std::string line; std::getline(in, line);)
            if (line.rfind(prefix, 0) == 0)
                expected.push_back(line);
        const std::vector<std::string> actual = rowsOf(model.toStdString());
        QCOMPARE(actual.size(), expected.size());
        for (size_t i = 0; i < actual.size(); ++i)
            QCOMPARE(QString::fromStdString(actual[i]), QString::fromStdString(expected[i]));
    }
};

QTEST_GUILESS_MAIN(TestCostMulticore)
#include "tst_cost_multicore.moc"
