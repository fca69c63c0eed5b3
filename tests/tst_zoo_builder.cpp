// NetBuilder: output shapes, window relations, params and MACs per call, and errors as values.
#include "zoo/net_builder.h"

#include <QtTest>

using namespace cocco;

class TestZooBuilder : public QObject {
    Q_OBJECT
private slots:
    // Output extent and recorded window for convs and pools (PyTorch's formulas).
    void slidingShapes_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("in");
        QTest::addColumn<int>("k");
        QTest::addColumn<int>("s");
        QTest::addColumn<int>("pad");
        QTest::addColumn<int>("dilation");
        QTest::addColumn<bool>("ceil");
        QTest::addColumn<int>("out");
        QTest::addColumn<int>("padEnd");
        QTest::newRow("resnet conv1") << "conv" << 224 << 7 << 2 << 3 << 1 << false << 112 << 3;
        QTest::newRow("same 3x3") << "conv" << 56 << 3 << 1 << 1 << 1 << false << 56 << 1;
        QTest::newRow("valid stride 2, odd") << "conv" << 331 << 3 << 2 << 0 << 1 << false << 165 << 0;
        QTest::newRow("dilated") << "conv" << 32 << 3 << 1 << 2 << 2 << false << 32 << 2;
        QTest::newRow("floor pool") << "max" << 112 << 3 << 2 << 1 << 1 << false << 56 << 1;
        // GoogLeNet's ceil-mode pools read one padded row more than declared.
        QTest::newRow("ceil pool 112") << "max" << 112 << 3 << 2 << 0 << 1 << true << 56 << 1;
        QTest::newRow("ceil pool 14 k2") << "max" << 14 << 2 << 2 << 0 << 1 << true << 7 << 0;
        QTest::newRow("ceil pool 13") << "avg" << 13 << 3 << 2 << 0 << 1 << true << 6 << 0;
        // PyTorch drops a last window that would start in the right padding: ceil gives 4, kept 3.
        QTest::newRow("ceil drops padded window") << "max" << 5 << 2 << 2 << 1 << 1 << true << 3 << 1;
        QTest::newRow("ceil pool 27") << "max" << 27 << 3 << 2 << 0 << 1 << true << 13 << 0;
        QTest::newRow("ceil pool 8 k3") << "max" << 8 << 3 << 2 << 0 << 1 << true << 4 << 1;
    }
    void slidingShapes()
    {
        QFETCH(QString, kind);
        QFETCH(int, in);
        QFETCH(int, k);
        QFETCH(int, s);
        QFETCH(int, pad);
        QFETCH(int, dilation);
        QFETCH(bool, ceil);
        QFETCH(int, out);
        QFETCH(int, padEnd);
        NetBuilder b("t");
        const int x = b.input("x", 8, in, in);
        int y;
        if (kind == "conv")
            y = b.conv("y", x, 16, k, s, pad, 1, false, dilation);
        else if (kind == "max")
            y = b.maxPool("y", x, k, s, pad, ceil);
        else
            y = b.avgPool("y", x, k, s, pad, ceil);
        auto net = b.finish();
        QVERIFY2(net.ok(), net.ok() ? "" : net.message().c_str());
        const Layer &l = net->layer(y);
        QCOMPARE(l.out.h, int64_t(out));
        QCOMPARE(l.out.w, int64_t(out));
        const Window1D &w = l.windows[0].h;
        QCOMPARE(w.kernel, k);
        QCOMPARE(w.stride, s);
        QCOMPARE(w.dilation, dilation);
        QCOMPARE(w.padBegin, pad);
        QCOMPARE(w.padEnd, padEnd);
        QVERIFY(l.windows[0].w == w);
        QVERIFY(!l.windows[0].full);
    }

    void countsPerLayer()
    {
        NetBuilder b("t");
        const int x = b.input("x", 32, 14, 14);
        const int c = b.conv("c", x, 64, 3, 1, 1, 2, true);  // grouped, with bias
        const int d = b.dwConv("d", c, 5, 2);                 // depth-wise, stride 2
        const int g = b.globalPool("g", d);
        const int f = b.fc("f", g, 10);
        const int flat = b.fc("flat", d, 7, false);           // FC after a flatten
        auto net = b.finish();
        QVERIFY(net.ok());
        const Layer &lc = net->layer(c);
        QCOMPARE(lc.params, int64_t(64 * 16 * 9 + 64));
        QCOMPARE(lc.macs, int64_t(64 * 16 * 9) * 14 * 14);
        QCOMPARE(lc.inChannels, int64_t(32));
        QCOMPARE(lc.groups, 2);
        const Layer &ld = net->layer(d);
        QCOMPARE(ld.out, (Shape{1, 64, 7, 7}));
        QCOMPARE(ld.groups, 64);
        QCOMPARE(ld.inChannels, int64_t(64));
        QCOMPARE(ld.params, int64_t(64 * 25));
        QCOMPARE(ld.macs, int64_t(64 * 25 * 49));
        QCOMPARE(ld.windows[0].h.padBegin, 2);
        QVERIFY(net->layer(g).windows[0].full);
        QCOMPARE(net->layer(g).out, (Shape{1, 64, 1, 1}));
        QCOMPARE(net->layer(g).params + net->layer(g).macs, int64_t(0));
        QVERIFY(!net->layer(f).windows[0].full); // 1x1 input: position to position
        QCOMPARE(net->layer(f).params, int64_t(64 * 10 + 10));
        QVERIFY(net->layer(flat).windows[0].full);
        QCOMPARE(net->layer(flat).inChannels, int64_t(64 * 49));
        QCOMPARE(net->layer(flat).params, int64_t(64 * 49 * 7));
        QCOMPARE(net->layer(flat).macs, int64_t(64 * 49 * 7));
    }

    void sequenceLayers()
    {
        NetBuilder b("t");
        const int x = b.input("x", 64, 10); // [tokens = 10, hidden = 64]
        const int q = b.linear("q", x, 64);
        const int k = b.linear("k", x, 64);
        const int s = b.matmul("s", q, k, 4 * 10, 64, 4); // 4 heads
        const int p = b.softmax("p", s);
        const int n = b.layerNorm("n", b.add("a", {q, k}));
        auto net = b.finish();
        QVERIFY(net.ok());
        QCOMPARE(net->layer(q).out, (Shape{1, 64, 10, 1}));
        QCOMPARE(net->layer(q).macs, int64_t(10 * 64 * 64));
        QCOMPARE(net->layer(s).out, (Shape{1, 40, 10, 1}));
        QCOMPARE(net->layer(s).macs, int64_t(4 * 10 * 10 * 16));
        QVERIFY(!net->layer(s).windows[0].full);
        QVERIFY(net->layer(s).windows[1].full);
        QCOMPARE(net->layer(p).out, net->layer(s).out);
        QCOMPARE(net->layer(n).op, OpKind::LayerNorm);
    }

    void concatChannels()
    {
        NetBuilder b("t");
        const int x = b.input("x", 8, 6, 6);
        const int a = b.conv("a", x, 3, 1);
        const int c = b.conv("c", x, 5, 3, 1, 1);
        const int cat = b.concat("cat", {a, c, x});
        auto net = b.finish();
        QVERIFY(net.ok());
        QCOMPARE(net->layer(cat).out, (Shape{1, 16, 6, 6}));
        QCOMPARE(net->layer(cat).windows.size(), size_t(3));
    }

    void errors_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("expect");
        QTest::newRow("add shapes") << 0 << "different shape";
        QTest::newRow("concat spatial") << 1 << "different spatial size";
        QTest::newRow("groups") << 2 << "not divisible by groups";
        QTest::newRow("kernel too big") << 3 << "does not fit";
        QTest::newRow("unknown id") << 4 << "unknown layer id";
        QTest::newRow("duplicate name") << 5 << "duplicate layer name";
    }
    void errors()
    {
        QFETCH(int, which);
        QFETCH(QString, expect);
        NetBuilder b("bad");
        const int x = b.input("x", 6, 8, 8);
        const int y = b.conv("y", x, 6, 3, 2, 1);
        switch (which) {
        case 0: b.add("a", {x, y}); break;
        case 1: b.concat("c", {x, y}); break;
        case 2: b.conv("g", x, 8, 1, 1, 0, 4); break;
        case 3: b.conv("k", y, 6, 7); break;
        case 4: b.conv("u", 42, 6, 1); break;
        case 5: b.conv("y", y, 6, 1); break;
        }
        auto net = b.finish();
        QVERIFY(!net.ok());
        QVERIFY2(QString::fromStdString(net.message()).contains(expect), net.message().c_str());
        QVERIFY2(net.message().find("bad") != std::string::npos, net.message().c_str()); // names the model
    }
};

QTEST_GUILESS_MAIN(TestZooBuilder)
#include "tst_zoo_builder.moc"
