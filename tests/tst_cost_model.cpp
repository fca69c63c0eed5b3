// CostModel on hand-built networks: the hand-computed 3-layer chain of docs/cost-model.md,
// validity reasons, spilling, batch scaling, memoisation and thread safety.
#include "support/layers.h"
#include "cost/cost_model.h"
#include "cost/layer_cost.h"

#include <QtTest>

#include <cmath>
#include <thread>

using namespace cocco;

namespace {

using testsupport::mk;

Layer conv(const std::string &name, int input, int cin, int cout, int k, int hw)
{
    Layer l = mk(name, OpKind::Conv, {input}, {1, cout, hw, hw});
    l.windows = {WindowRelation::sliding(k, 1, 1, k / 2, k / 2)};
    l.inChannels = cin;
    l.params = int64_t(cin) * cout * k * k;
    l.macs = l.params * hw * hw;
    return l;
}

// The worked example of docs/cost-model.md: in 8x8x8 -> conv1 3x3 (16) -> conv2 3x3 (16) -> conv3 1x1 (8).
std::shared_ptr<const Network> chain()
{
    auto n = std::make_shared<Network>();
    n->name = "chain3";
    n->addLayer(mk("in", OpKind::Input, {}, {1, 8, 8, 8}));
    n->addLayer(conv("conv1", 0, 8, 16, 3, 8));
    n->addLayer(conv("conv2", 1, 16, 16, 3, 8));
    n->addLayer(conv("conv3", 2, 16, 8, 1, 8));
    if (!n->finalize().ok())
        return nullptr;
    return n;
}

Partition labels(std::vector<int> l)
{
    Partition p;
    p.label = std::move(l);
    return p;
}

} // namespace

class TestCostModel : public QObject {
    Q_OBJECT
private slots:
    void chainWhole()
    {
        auto net = chain();
        QVERIFY(net);
        HardwareConfig hw;
        CostModel m(net, hw);
        const PartitionCost pc = m.evaluate(labels({-1, 0, 0, 0}));
        QVERIFY2(pc.valid, pc.reason.c_str());
        QCOMPARE(pc.subgraphs.size(), size_t(1));
        const SubgraphCost &s = pc.subgraphs[0];
        // Footprint: in 8ch x 3 rows x 8, conv1 16ch x 3 rows, conv2 16ch x 1 row, conv3 8ch x 1 row.
        QCOMPARE(s.mainBytes, int64_t(192 + 384 + 128 + 64));
        QCOMPARE(s.sideBytes, int64_t(0));
        QCOMPARE(s.weightBytes, int64_t(1152 + 2304 + 128));
        QCOMPARE(s.emaBytes, 3584.0 + 512 + 512);
        QCOMPARE(pc.emaBytes, 4608.0);
        // Utilisation: K = 16 of 128 columns (conv1, conv2), K = 8 (conv3).
        QCOMPARE(peUtilisation(*net, 1, hw), 0.125);
        QCOMPARE(peUtilisation(*net, 3, hw), 0.0625);
        QCOMPARE(pc.computeCycles, 576.0 + 1152.0 + 128.0);
        QCOMPARE(pc.dramCycles, 4608.0 / 16.0);
        QCOMPARE(pc.latencyCycles, 1856.0);
        QCOMPARE(pc.latencyMs, 1856.0 / 1e6);
        QCOMPARE(pc.energyDramPj, 460800.0);
        // SRAM: activations 6144 B at 3.0 pJ (1 MiB), weights 2 x 3584 B at 3.0 x sqrt(1.125).
        QVERIFY(qFuzzyCompare(pc.energySramPj, 6144 * 3.0 + 7168 * 3.0 * std::sqrt(1.125)));
        QVERIFY(qFuzzyCompare(pc.energyMacPj, 22937.6));
        QVERIFY(qFuzzyCompare(pc.energyPj, pc.energyDramPj + pc.energySramPj + pc.energyMacPj));
        QVERIFY(qFuzzyCompare(pc.bwAvgGBps, 4608.0 / 1856.0));
        QCOMPARE(pc.bwPeakGBps, pc.bwAvgGBps);
        QCOMPARE(pc.bufferBytes, int64_t(1024 + 1152) * 1024);
        QCOMPARE(s.elementaryOps, int64_t(8));
    }

    void chainShared()
    {
        auto net = chain();
        HardwareConfig hw;
        hw.mode = BufferMode::Shared;
        hw.sharedBufferBytes = 1152 * kKiB;
        CostModel m(net, hw);
        const PartitionCost pc = m.evaluate(Partition::whole(*net));
        QVERIFY(pc.valid);
        QCOMPARE(pc.bufferBytes, 1152 * kKiB);
        // Both kinds of traffic are charged at e_sram(S).
        QVERIFY(qFuzzyCompare(pc.energySramPj, (6144 + 7168) * 3.0 * std::sqrt(1.125)));
        // Fit: activations + weights = 768 + 3584 must not exceed S.
        hw.sharedBufferBytes = 768 + 3584;
        QVERIFY(m.evaluate(Partition::whole(*net), hw).valid);
        hw.sharedBufferBytes = 768 + 3583;
        const PartitionCost tight = m.evaluate(Partition::whole(*net), hw);
        QVERIFY(!tight.valid);
        QVERIFY2(tight.reason.find("needs 4.2 KiB (768 B activations + 3.5 KiB weights), shared buffer is 4.2 KiB")
                     != std::string::npos,
                 tight.reason.c_str());
    }

    void sideRowsWithColumnTiles()
    {
        // With 2-column output tiles the 3x3 windows keep 2 halo rows for the columns outside the tile.
        auto net = chain();
        HardwareConfig hw;
        hw.tileCols = 2;
        CostModel m(net, hw);
        const PartitionCost pc = m.evaluate(Partition::whole(*net));
        const SubgraphCost &s = pc.subgraphs[0];
        // Δ_w = 2 everywhere (stride 1); x_w: conv3 2, conv2 f(2) = 2 (1x1), conv1 f(2) = 4, in f(2) = 4;
        // x_h as before (1, 1, 3, 3).
        QCOMPARE(s.mainBytes, int64_t(8 * 1 * 2 + 16 * 1 * 2 + 16 * 3 * 4 + 8 * 3 * 4));
        // SIDE: conv1 and in have halo 2 (consumer 3x3/1): 16·2·(8-4) + 8·2·(8-4); conv2 has halo 0.
        QCOMPARE(s.sideBytes, int64_t(16 * 2 * 4 + 8 * 2 * 4));
        QCOMPARE(s.elementaryOps, int64_t(8 * 4));
    }

    void chainSingletons()
    {
        auto net = chain();
        CostModel m(net, HardwareConfig{});
        const PartitionCost pc = m.evaluate(Partition::singletons(*net));
        QVERIFY(pc.valid);
        QCOMPARE(pc.subgraphCount, 3);
        // Σ (weights + inputs + outputs) = (1152 + 512 + 1024) + (2304 + 1024 + 1024) + (128 + 1024 + 512).
        QCOMPARE(pc.emaBytes, 8704.0);
        QCOMPARE(pc.subgraphs[1].emaBytes, 4352.0);
        // Merging never raises EMA or energy.
        const PartitionCost whole = m.evaluate(Partition::whole(*net));
        QVERIFY(whole.emaBytes < pc.emaBytes);
        QVERIFY(whole.energyPj < pc.energyPj);
        QCOMPARE(whole.computeCycles, pc.computeCycles);
    }

    void batchScalesActivationsOnly()
    {
        auto net = chain();
        HardwareConfig hw;
        CostModel m(net, hw);
        hw.batch = 4;
        const Partition p = labels({-1, 0, 0, 1});
        const PartitionCost one = m.evaluate(p), four = m.evaluate(p, hw);
        const double weights = 1152 + 2304 + 128;
        QCOMPARE(four.emaBytes - weights, 4 * (one.emaBytes - weights));
        QCOMPARE(four.computeCycles, 4 * one.computeCycles);
        QVERIFY(qFuzzyCompare(four.energyMacPj, 4 * one.energyMacPj));
        // Footprint does not depend on the batch: samples run one after another.
        QCOMPARE(four.peakActBytes, one.peakActBytes);
        QCOMPARE(m.profilesComputed(), uint64_t(2)); // the batch change reused both profiles
    }

    void validityReasons_data()
    {
        QTest::addColumn<QVector<int>>("label");
        QTest::addColumn<int>("maxNodes");
        QTest::addColumn<QString>("expect");
        QTest::newRow("order") << QVector<int>{-1, 1, 0, 1} << 64 << "rule 1 (order) broken: 'conv1' (subgraph 1) feeds 'conv2'";
        QTest::newRow("connected") << QVector<int>{-1, 0, 1, 0} << 64 << "rule 1";
        QTest::newRow("size") << QVector<int>{-1, 0, 0, 0} << 2 << "has 3 layers, limit 2";
        QTest::newRow("unlabelled") << QVector<int>{-1, 0, -1, 1} << 64 << "'conv2' belongs to no subgraph";
        QTest::newRow("input labelled") << QVector<int>{0, 0, 0, 0} << 64 << "input 'in' cannot belong";
    }
    void validityReasons()
    {
        QFETCH(QVector<int>, label);
        QFETCH(int, maxNodes);
        QFETCH(QString, expect);
        auto net = chain();
        HardwareConfig hw;
        hw.maxSubgraphNodes = maxNodes;
        CostModel m(net, hw);
        const PartitionCost pc = m.evaluate(labels(std::vector<int>(label.begin(), label.end())));
        QVERIFY(!pc.valid);
        QVERIFY2(pc.reason.find(expect.toStdString()) != std::string::npos, pc.reason.c_str());
    }

    void disconnectedSubgraph()
    {
        // in -> a, in -> b: {a, b} is not weakly connected through layers of S.
        auto n = std::make_shared<Network>();
        n->name = "fork";
        n->addLayer(mk("in", OpKind::Input, {}, {1, 8, 4, 4}));
        n->addLayer(mk("a", OpKind::Pool, {0}, {1, 8, 4, 4}));
        n->addLayer(mk("b", OpKind::Pool, {0}, {1, 8, 4, 4}));
        QVERIFY(n->finalize().ok());
        CostModel m(n, HardwareConfig{});
        const PartitionCost pc = m.evaluate(labels({-1, 0, 0}));
        QVERIFY(!pc.valid);
        QVERIFY2(pc.reason.find("rule 2 (connected) broken: subgraph 0") != std::string::npos, pc.reason.c_str());
        // Totals are still computed, so a search can rank invalid candidates if it wants to.
        QCOMPARE(pc.emaBytes, 128.0 + 128 + 128);
    }

    void multiLayerDoesNotFit()
    {
        auto net = chain();
        HardwareConfig hw;
        hw.actBufferBytes = 700; // whole chain needs 768 B of activations
        CostModel m(net, hw);
        const PartitionCost pc = m.evaluate(labels({-1, 0, 0, 0}));
        QVERIFY(!pc.valid);
        QCOMPARE(pc.unfitCount, 1);
        QVERIFY2(pc.reason.find("subgraph 0 (first layer 'conv1') needs 768 B of activations, activation buffer is 700 B")
                     != std::string::npos,
                 pc.reason.c_str());
        QVERIFY(!pc.subgraphs[0].fits);
        QVERIFY(!pc.subgraphs[0].spilling);
        std::string why;
        QVERIFY(!CostModel::fits(*m.profile({1, 2, 3}), hw, &why));
        QVERIFY(CostModel::fits(*m.profile({3}), hw, &why));
        // Unsorted or repeated ids reach the same cached profile.
        QCOMPARE(m.profile({3, 1, 2, 2}).get(), m.profile({1, 2, 3}).get());
    }

    void singleLayerSpills()
    {
        // A 4096 x 1000 FC with a 1 MiB weight buffer: 4,096,000 B of weights -> 4 chunks, input re-read 4x.
        auto n = std::make_shared<Network>();
        n->name = "fc";
        n->addLayer(mk("in", OpKind::Input, {}, {1, 4096, 1, 1}));
        Layer fc = mk("fc", OpKind::Fc, {0}, {1, 1000, 1, 1});
        fc.windows = {WindowRelation::fullEdge()};
        fc.inChannels = 4096;
        fc.params = 4096 * 1000;
        fc.macs = fc.params;
        n->addLayer(fc);
        QVERIFY(n->finalize().ok());
        HardwareConfig hw;
        hw.weightBufferBytes = kMiB;
        CostModel m(n, hw);
        const PartitionCost pc = m.evaluate(Partition::singletons(*n));
        QVERIFY2(pc.valid, pc.reason.c_str());
        QCOMPARE(pc.spillingCount, 1);
        const SubgraphCost &s = pc.subgraphs[0];
        QVERIFY(s.spilling && !s.fits);
        QCOMPARE(s.spillChunks, int64_t(4));
        QCOMPARE(s.emaBytes, 4096000.0 + 4 * 4096 + 1000);
        QVERIFY(s.reason.find("weights") != std::string::npos);
        hw.mode = BufferMode::Shared;
        hw.sharedBufferBytes = 2 * kMiB;
        const PartitionCost sh = m.evaluate(Partition::singletons(*n), hw);
        QCOMPARE(sh.subgraphs[0].spillChunks, int64_t(2)); // (4096000 + act) / 2 MiB -> 2 chunks
    }

    void vectorOpsNeverFree()
    {
        auto n = std::make_shared<Network>();
        n->name = "vec";
        n->addLayer(mk("in", OpKind::Input, {}, {1, 64, 16, 16}));
        n->addLayer(mk("add", OpKind::Eltwise, {0, 0}, {1, 64, 16, 16}));
        QVERIFY(n->finalize().ok());
        HardwareConfig hw;
        QCOMPARE(layerComputeCycles(*n, 1, hw), 2 * 64.0 * 256 / 1024); // reads two inputs
        QCOMPARE(peUtilisation(*n, 1, hw), 1.0);
        // Depth-wise conv: 1 reduction channel of 8 rows.
        Layer dw = mk("dw", OpKind::Conv, {0}, {1, 64, 16, 16});
        dw.windows = {WindowRelation::sliding(3, 1, 1, 1, 1)};
        dw.groups = 64;
        dw.inChannels = 64;
        dw.params = 64 * 9;
        dw.macs = dw.params * 256;
        n->addLayer(dw);
        QVERIFY(n->finalize().ok());
        QCOMPARE(peUtilisation(*n, 2, hw), 1.0 / 8 * 64.0 / 128);
    }

    void memoisation()
    {
        auto net = chain();
        HardwareConfig hw;
        CostModel m(net, hw);
        m.totals(labels({-1, 0, 0, 1}), hw);
        QCOMPARE(m.profilesComputed(), uint64_t(2));
        // Capacity changes keep the cached profiles.
        hw.actBufferBytes = 512 * kKiB;
        hw.mode = BufferMode::Shared;
        m.setHardware(hw);
        m.totals(labels({-1, 0, 0, 1}), hw);
        QCOMPARE(m.profilesComputed(), uint64_t(2));
        // A local change recomputes only the changed subgraphs.
        m.totals(labels({-1, 0, 1, 1}), hw);
        QCOMPARE(m.profilesComputed(), uint64_t(4));
        QCOMPARE(m.cachedProfiles(), size_t(4));
        // Labels need not be compact.
        const PartitionCost a = m.totals(labels({-1, 5, 9, 9}), hw), b = m.totals(labels({-1, 0, 1, 1}), hw);
        QCOMPARE(a.emaBytes, b.emaBytes);
        const PartitionCost c = m.evaluate(labels({-1, 5, 1000000, 1000000}), hw);
        QCOMPARE(c.emaBytes, b.emaBytes);
        QCOMPARE(c.subgraphs[1].label, 1000000);
        QCOMPARE(m.profilesComputed(), uint64_t(4));
        // Tile changes do invalidate.
        hw.tileRows = 2;
        m.setHardware(hw);
        QCOMPARE(m.cachedProfiles(), size_t(0));
        m.clearCache();
    }

    // transientProfile answers from the cache, else computes a profile equal to the cached one
    // without keeping it (bnb's best-first, issue 16).
    void transientProfiles()
    {
        auto net = chain();
        HardwareConfig hw;
        CostModel m(net, hw);
        const auto kept = m.profile({1, 2});
        QCOMPARE(m.cachedProfiles(), size_t(1));
        QCOMPARE(m.transientProfile({1, 2}).get(), kept.get());
        QCOMPARE(m.transientProfile({2, 1}).get(), kept.get());
        QCOMPARE(m.profilesComputed(), uint64_t(1));
        const auto once = m.transientProfile({2, 3});
        QCOMPARE(m.profilesComputed(), uint64_t(2));
        QCOMPARE(m.cachedProfiles(), size_t(1));
        const auto cached = m.profile({2, 3});
        QVERIFY(cached.get() != once.get());
        QCOMPARE(m.cachedProfiles(), size_t(2));
        QCOMPARE(once->layers, cached->layers);
        QCOMPARE(once->mainBytes, cached->mainBytes);
        QCOMPARE(once->sideBytes, cached->sideBytes);
        QCOMPARE(once->weightBytes, cached->weightBytes);
        QCOMPARE(once->inputBytes, cached->inputBytes);
        QCOMPARE(once->outputBytes, cached->outputBytes);
        QCOMPARE(once->macs, cached->macs);
        QCOMPARE(once->computeCycles, cached->computeCycles);
        QCOMPARE(once->splits.size(), cached->splits.size());
        const SubgraphCost a = m.subgraphCost(*once, hw), b = m.subgraphCost(*cached, hw);
        QCOMPARE(a.emaBytes, b.emaBytes);
        QCOMPARE(a.energyPj, b.energyPj);
        QCOMPARE(a.fits, b.fits);
    }

    void threadsAgree()
    {
        auto net = chain();
        HardwareConfig hw;
        CostModel m(net, hw);
        const std::vector<Partition> parts = {labels({-1, 0, 0, 0}), labels({-1, 0, 1, 2}), labels({-1, 0, 0, 1}),
                                              labels({-1, 0, 1, 1})};
        std::vector<double> ref;
        for (const Partition &p : parts)
            ref.push_back(CostModel(net, hw).totals(p, hw).energyPj);
        std::vector<int> bad(2, 0);
        auto work = [&](int t) {
            for (int i = 0; i < 2000; ++i) {
                const size_t k = size_t(i + t) % parts.size();
                if (m.totals(parts[k], hw).energyPj != ref[k])
                    ++bad[size_t(t)];
            }
        };
        std::thread a(work, 0), b(work, 1);
        a.join();
        b.join();
        QCOMPARE(bad[0] + bad[1], 0);
    }
};

QTEST_GUILESS_MAIN(TestCostModel)
#include "tst_cost_model.moc"
