// Tile derivation and footprint (method §2.2, §2.3): the two worked examples, full edges,
// clamping, upsampling windows and the halo (SIDE) term.
#include "support/layers.h"
#include "cost/tiling.h"

#include <QtTest>

using namespace cocco;

namespace {

using testsupport::mk;

WindowRelation win(int k, int s)
{
    return WindowRelation::sliding(k, s);
}

// Method §2.2 worked example: inputs -2 (id 0) and -1 (id 1); nodes 0, 1, 2 are ids 2, 3, 4.
Network example1()
{
    Network n;
    n.name = "example1";
    n.addLayer(mk("m2", OpKind::Input, {}, {1, 8, 64, 1}));
    n.addLayer(mk("m1", OpKind::Input, {}, {1, 8, 64, 1}));
    Layer a = mk("n0", OpKind::Conv, {0}, {1, 8, 32, 1});
    a.windows = {win(3, 2)};
    Layer b = mk("n1", OpKind::Conv, {0, 1}, {1, 8, 64, 1});
    b.windows = {win(3, 1), win(3, 1)};
    Layer c = mk("n2", OpKind::Conv, {1}, {1, 8, 64, 1});
    c.windows = {win(1, 1)};
    n.addLayer(a);
    n.addLayer(b);
    n.addLayer(c);
    return n;
}

// Method §2.2 second example: input -1 (id 0) feeds n0 (5x5/2) and n1 (1x1/1); n1 feeds n2 (3x3/2);
// n3 adds n0 and n2.
Network example2()
{
    Network n;
    n.name = "example2";
    n.addLayer(mk("in", OpKind::Input, {}, {1, 8, 16, 16}));
    Layer a = mk("n0", OpKind::Conv, {0}, {1, 8, 8, 8});
    a.windows = {win(5, 2)};
    Layer b = mk("n1", OpKind::Conv, {0}, {1, 8, 16, 16});
    b.windows = {win(1, 1)};
    Layer c = mk("n2", OpKind::Conv, {2}, {1, 8, 8, 8});
    c.windows = {win(3, 2)};
    Layer d = mk("n3", OpKind::Eltwise, {1, 3}, {1, 8, 8, 8});
    n.addLayer(a);
    n.addLayer(b);
    n.addLayer(c);
    n.addLayer(d);
    return n;
}

} // namespace

class TestCostTiling : public QObject {
    Q_OBJECT
private slots:
    void workedExample1()
    {
        Network n = example1();
        QVERIFY(n.finalize().ok());
        TilingOptions opt;
        opt.tileRows = 2; // Δ = x = 2 for the output nodes
        const SubgraphTiling t = deriveTiling(n, {2, 3, 4}, opt);
        QCOMPARE(t.nodes.size(), size_t(5));
        const TileNode *m2 = t.node(0), *m1 = t.node(1);
        QVERIFY(m2 && m1);
        QVERIFY(m2->external && m1->external);
        QCOMPARE(m2->h.delta, int64_t(4));
        QCOMPARE(m2->h.x, int64_t(6));
        QCOMPARE(m1->h.delta, int64_t(2));
        QCOMPARE(m1->h.x, int64_t(4));
        for (int id = 2; id <= 4; ++id) {
            QVERIFY(t.node(id)->output);
            QCOMPARE(t.node(id)->h.delta, int64_t(2));
            QCOMPARE(t.node(id)->h.x, int64_t(2));
        }
        // Update counts for (-2, -1, 0, 1, 2) = (1, 2, 1, 2, 2).
        const int64_t expect[] = {1, 2, 1, 2, 2};
        for (int id = 0; id < 5; ++id)
            QCOMPARE(t.node(id)->h.upd, expect[id]);
        // Footprint: 8 channels x x_h x full width 1.
        QCOMPARE(t.mainBytes, int64_t(8 * (6 + 4 + 2 + 2 + 2)));
        QCOMPARE(t.sideBytes, int64_t(0));
    }

    void workedExample2ConsumptionCentric()
    {
        Network n = example2();
        QVERIFY(n.finalize().ok());
        TilingOptions opt;
        opt.tileRows = 1;
        opt.tileCols = 1;
        const SubgraphTiling t = deriveTiling(n, {1, 2, 3, 4}, opt);
        // A 1x1 tile of n3 needs 1x1 of n2, which needs 3x3 of n1.
        QCOMPARE(t.node(4)->h.x, int64_t(1));
        QCOMPARE(t.node(4)->w.x, int64_t(1));
        QCOMPARE(t.node(3)->h.x, int64_t(1));
        QCOMPARE(t.node(3)->w.x, int64_t(1));
        QCOMPARE(t.node(2)->h.x, int64_t(3));
        QCOMPARE(t.node(2)->w.x, int64_t(3));
        QCOMPARE(t.node(2)->h.delta, int64_t(2));
        QCOMPARE(t.node(1)->h.x, int64_t(1));
        // The input feeds n0 (5x5/2, Δ(n0)=1) and n1 (Δ=2): Δ = lcm(2, 2) = 2, x = max(f(1)=5, f(2)=2).
        QCOMPARE(t.node(0)->h.delta, int64_t(2));
        QCOMPARE(t.node(0)->h.x, int64_t(5));
        // Halo of n1 (consumer 3x3/2): 1 row, kept for the columns not in the tile: 8 x 1 x (16 - 3).
        QCOMPARE(t.node(2)->haloRows, int64_t(1));
        QCOMPARE(t.node(2)->sideBytes, int64_t(8 * 1 * 13));
        QCOMPARE(t.node(2)->mainBytes, int64_t(8 * 3 * 3));
        // Input: halo = max(5-2, 1-1) = 3 rows over 16 - 5 columns.
        QCOMPARE(t.node(0)->sideBytes, int64_t(8 * 3 * 11));
        // Outputs have no consumer in S: no SIDE.
        QCOMPARE(t.node(4)->sideBytes, int64_t(0));
        // Update counts: n3 and n2 advance 1 per update, n1 and the input advance 2 per update.
        QCOMPARE(t.node(4)->h.upd, int64_t(1));
        QCOMPARE(t.node(0)->h.upd, int64_t(1));
        QCOMPARE(t.elementaryOps, int64_t(64));
    }

    void fullEdgeIsBarrier()
    {
        Network n;
        n.name = "barrier";
        n.addLayer(mk("in", OpKind::Input, {}, {1, 16, 7, 7}));
        Layer c = mk("conv", OpKind::Conv, {0}, {1, 16, 7, 7});
        c.windows = {win(3, 1)};
        Layer g = mk("gap", OpKind::GlobalPool, {1}, {1, 16, 1, 1});
        g.windows = {WindowRelation::fullEdge()};
        n.addLayer(c);
        n.addLayer(g);
        QVERIFY(n.finalize().ok());
        const SubgraphTiling t = deriveTiling(n, {1, 2}, TilingOptions{});
        // The conv's whole tensor is held before the pooling can emit anything.
        QCOMPARE(t.node(1)->h.x, int64_t(7));
        QCOMPARE(t.node(1)->h.delta, int64_t(7));
        QCOMPARE(t.node(1)->w.x, int64_t(7));
        // ... and the conv itself runs as an output-like producer: its input needs all 7 rows + halo,
        // clamped to the extent.
        QCOMPARE(t.node(0)->h.x, int64_t(7));
        QCOMPARE(t.mainBytes, int64_t(16 * 49 + 16 * 49 + 16));
    }

    void upsampleWindow()
    {
        // Resize x2 then 3x3 conv: one input row feeds two output rows, f(n) = F + (ceil(n/up) - 1)·s.
        Network n;
        n.name = "up";
        n.addLayer(mk("in", OpKind::Input, {}, {1, 8, 8, 8}));
        Layer r = mk("resize", OpKind::Resize, {0}, {1, 8, 16, 16});
        r.windows[0].h.upsample = 2;
        r.windows[0].w.upsample = 2;
        Layer c = mk("conv", OpKind::Conv, {1}, {1, 8, 16, 16});
        c.windows = {win(3, 1)};
        n.addLayer(r);
        n.addLayer(c);
        QVERIFY(n.finalize().ok());
        TilingOptions opt;
        opt.tileRows = 2;
        const SubgraphTiling t = deriveTiling(n, {1, 2}, opt);
        QCOMPARE(t.node(2)->h.x, int64_t(2));
        QCOMPARE(t.node(1)->h.delta, int64_t(2));
        QCOMPARE(t.node(1)->h.x, int64_t(4)); // 3 + (2 - 1)·1
        // Two resize rows need one input row: a_v = ceil(2·1/2) = 1.
        QCOMPARE(t.node(0)->h.delta, int64_t(1));
        QCOMPARE(t.node(0)->h.x, int64_t(1));
        // One update of the resize (2 rows) consumes one input row: both update once.
        QCOMPARE(t.node(0)->h.upd, int64_t(1));
        QCOMPARE(t.node(1)->h.upd, int64_t(1));
        QCOMPARE(t.elementaryOps, int64_t(8));
    }

    void clampAndWholeHeight()
    {
        Network n;
        n.name = "clamp";
        n.addLayer(mk("in", OpKind::Input, {}, {1, 3, 4, 4}));
        Layer c = mk("conv", OpKind::Conv, {0}, {1, 10, 4, 4});
        c.windows = {win(7, 1)};
        n.addLayer(c);
        QVERIFY(n.finalize().ok());
        TilingOptions opt;
        const SubgraphTiling t = deriveTiling(n, {1}, opt);
        QCOMPARE(t.node(0)->h.x, int64_t(4)); // f(1) = 7, clamped to the extent 4
        // Channels padded to 8 (3 -> 8, 10 -> 16).
        QCOMPARE(t.node(0)->mainBytes, int64_t(8 * 4 * 4));
        QCOMPARE(t.node(1)->mainBytes, int64_t(16 * 1 * 4));
        opt.tileRows = 0; // whole height
        const SubgraphTiling w = deriveTiling(n, {1}, opt);
        QCOMPARE(w.node(1)->h.x, int64_t(4));
        QCOMPARE(w.elementaryOps, int64_t(1));
        opt.elementBytes = 2;
        opt.tileRows = 1;
        QCOMPARE(deriveTiling(n, {1}, opt).mainBytes, 2 * t.mainBytes);
    }
};

QTEST_GUILESS_MAIN(TestCostTiling)
#include "tst_cost_tiling.moc"
