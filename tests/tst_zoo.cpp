// Model zoo: exact PyTorch counts for the CNNs, structural sanity and JSON round trips for every
// model, published-figure comparisons for the others, RandWire determinism, samples up to date.
#include "model/model_json.h"
#include "zoo/randwire.h"
#include "zoo/zoo.h"

#include <QtTest>

#include <cmath>
#include <set>

using namespace cocco;

namespace {
// Output extent of a sliding window per method §2.1 / PyTorch's floor formula, given the padding
// the window relation records (ceil-mode pools record the extra end padding they touch).
int64_t slidingExtent(int64_t in, const Window1D &w)
{
    return (in + w.padBegin + w.padEnd - w.effectiveKernel()) / w.stride + 1;
}

void addNameRows()
{
    QTest::addColumn<QString>("name");
    for (const std::string &n : zooNames())
        QTest::newRow(n.c_str()) << QString::fromStdString(n);
}
} // namespace

class TestZoo : public QObject {
    Q_OBJECT
private slots:
    void names()
    {
        const auto names = zooNames();
        const std::vector<std::string> required = {"vgg16", "resnet50", "resnet152", "googlenet", "mobilenetv2",
                                                   "transformer", "gpt1", "randwire_a", "randwire_b",
                                                   "nasnet_a_mobile", "nasnet_a_large"};
        QVERIFY(names.size() >= required.size());
        for (size_t i = 0; i < required.size(); ++i)
            QCOMPARE(names[i], required[i]); // stable order: the required ones first, as specified
        for (const auto &n : names)
            for (char ch : n)
                QVERIFY(!std::isupper(static_cast<unsigned char>(ch)));
        QCOMPARE(std::set<std::string>(names.begin(), names.end()).size(), names.size());
    }

    void unknownNameListsValidNames()
    {
        auto r = buildZooModel("resnet51");
        QVERIFY(!r.ok());
        QVERIFY(r.message().find("resnet51") != std::string::npos);
        for (const auto &n : zooNames())
            QVERIFY2(r.message().find(n) != std::string::npos, n.c_str());
    }

    // torchvision: conv + FC weights and biases (BatchNorm excluded), conv + FC MACs.
    void exactCounts_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<qint64>("params");
        QTest::addColumn<qint64>("macs");
        QTest::newRow("vgg16") << "vgg16" << qint64(138357544) << qint64(15470264320);
        QTest::newRow("resnet50") << "resnet50" << qint64(25503912) << qint64(4089184256);
        QTest::newRow("resnet152") << "resnet152" << qint64(60041384) << qint64(11513626624);
        QTest::newRow("googlenet") << "googlenet" << qint64(6610344) << qint64(1498376192);
        QTest::newRow("mobilenetv2") << "mobilenetv2" << qint64(3470760) << qint64(300774272);
        // Extras: torchvision resnet18 (11,689,512 with 9,600 BN params) and squeezenet1_0.
        QTest::newRow("resnet18") << "resnet18" << qint64(11679912) << qint64(1814073344);
        QTest::newRow("squeezenet1_0") << "squeezenet1_0" << qint64(1248424) << qint64(818924576);
    }
    void exactCounts()
    {
        QFETCH(QString, name);
        QFETCH(qint64, params);
        QFETCH(qint64, macs);
        auto net = buildZooModel(name.toStdString());
        QVERIFY2(net.ok(), net.ok() ? "" : net.message().c_str());
        QCOMPARE(qint64(net->totalParams()), params);
        QCOMPARE(qint64(net->totalMacs()), macs);
    }

    // Transformer stacks: counts derived from the architecture, not copied from the output.
    void transformerCounts_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("blocks");
        QTest::addColumn<int>("d");
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("ffn");
        QTest::newRow("transformer") << "transformer" << 6 << 512 << 8 << 2048;
        QTest::newRow("gpt1") << "gpt1" << 12 << 768 << 12 << 3072;
    }
    void transformerCounts()
    {
        QFETCH(QString, name);
        QFETCH(int, blocks);
        QFETCH(int, d);
        QFETCH(int, heads);
        QFETCH(int, ffn);
        const int64_t T = 512, D = d, F = ffn;
        auto net = buildZooModel(name.toStdString());
        QVERIFY(net.ok());
        const int64_t perBlockParams = 4 * (D * D + D) + (D * F + F) + (F * D + D);
        const int64_t perBlockMacs = T * (4 * D * D + 2 * D * F) + 2 * heads * T * T * (D / heads);
        QCOMPARE(net->totalParams(), blocks * perBlockParams);
        QCOMPARE(net->totalMacs(), blocks * perBlockMacs);
        // Attention scores: C = heads·tokens, H = tokens; right operands are full edges.
        const int qk = net->find(name == "gpt1" ? "dec0.attn.qk" : "enc0.attn.qk");
        QVERIFY(qk >= 0);
        const Layer &l = net->layer(qk);
        QCOMPARE(l.op, OpKind::MatMul);
        QCOMPARE(l.out.c, heads * T);
        QCOMPARE(l.out.h, T);
        QVERIFY(!l.windows[0].full);
        QVERIFY(l.windows[1].full);
        QCOMPARE(l.macs, heads * T * T * (D / heads));
    }

    // Published figures (see docs/zoo.md): params and MACs within the given relative tolerance.
    void publishedFigures_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("params");
        QTest::addColumn<double>("macs");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("nasnet_a_mobile") << "nasnet_a_mobile" << 5.3e6 << 564e6 << 0.02;
        QTest::newRow("nasnet_a_large") << "nasnet_a_large" << 88.9e6 << 23.8e9 << 0.02;
        // RandWire's figures are means over random graphs (±0.1M params in the paper).
        QTest::newRow("randwire_a") << "randwire_a" << 5.6e6 << 583e6 << 0.05;
        QTest::newRow("randwire_b") << "randwire_b" << 31.9e6 << 4.0e9 << 0.05;
    }
    void publishedFigures()
    {
        QFETCH(QString, name);
        QFETCH(double, params);
        QFETCH(double, macs);
        QFETCH(double, tolerance);
        auto net = buildZooModel(name.toStdString());
        QVERIFY(net.ok());
        QVERIFY2(std::abs(double(net->totalParams()) / params - 1.0) < tolerance, std::to_string(net->totalParams()).c_str());
        QVERIFY2(std::abs(double(net->totalMacs()) / macs - 1.0) < tolerance, std::to_string(net->totalMacs()).c_str());
    }

    void structure_data() { addNameRows(); }
    void structure()
    {
        QFETCH(QString, name);
        auto net = buildZooModel(name.toStdString());
        QVERIFY2(net.ok(), net.ok() ? "" : net.message().c_str());
        QCOMPARE(net->name, name.toStdString());
        QCOMPARE(net->inputLayers().size(), size_t(1));
        QCOMPARE(net->outputLayers().size(), size_t(1));
        std::set<std::string> names;
        for (int id = 0; id < int(net->size()); ++id) {
            const Layer &l = net->layer(id);
            const std::string where = name.toStdString() + ": " + l.name;
            QVERIFY2(names.insert(l.name).second, where.c_str());
            QVERIFY2(l.out.n == 1 && l.out.c > 0 && l.out.h > 0 && l.out.w > 0, where.c_str());
            const bool weighted = l.op == OpKind::Conv || l.op == OpKind::Fc;
            if (weighted) {
                QVERIFY2(l.params > 0 && l.macs > 0 && l.inChannels > 0, where.c_str());
                QVERIFY2(l.inChannels % l.groups == 0 && l.out.c % l.groups == 0, where.c_str());
            } else {
                QVERIFY2(l.params == 0, where.c_str());
                QVERIFY2(l.macs == 0 || l.op == OpKind::MatMul, where.c_str());
            }
            for (size_t k = 0; k < l.inputs.size(); ++k) {
                const Shape &in = net->layer(l.inputs[k]).out;
                const WindowRelation &w = l.windows[k];
                if (w.full)
                    continue;
                if (l.op == OpKind::Conv)
                    QCOMPARE(in.c, l.inChannels);
                // Every sliding window reproduces the output extent from the input extent.
                QVERIFY2(slidingExtent(in.h, w.h) == l.out.h, where.c_str());
                QVERIFY2(slidingExtent(in.w, w.w) == l.out.w, where.c_str());
                if (l.op == OpKind::Eltwise)
                    QVERIFY2(in == l.out, where.c_str());
            }
            if (l.op == OpKind::GlobalPool)
                QVERIFY2(l.windows.front().full && l.out.h == 1 && l.out.w == 1, where.c_str());
            if (l.op == OpKind::Fc && net->layer(l.inputs.front()).out.h * net->layer(l.inputs.front()).out.w > 1
                && l.out.h == 1)
                QVERIFY2(l.windows.front().full, where.c_str()); // FC after a flatten
        }
    }

    void jsonRoundTrip_data() { addNameRows(); }
    void jsonRoundTrip()
    {
        QFETCH(QString, name);
        auto net = buildZooModel(name.toStdString());
        QVERIFY(net.ok());
        const std::string text = networkToJson(net.value());
        auto back = networkFromJson(text, name.toStdString() + ".json");
        QVERIFY2(back.ok(), back.ok() ? "" : back.message().c_str());
        QVERIFY(back->layers() == net->layers());
        QCOMPARE(networkToJson(back.value()), text);
        // Building twice gives the same model (no hidden state, RandWire seeded).
        QCOMPARE(networkToJson(buildZooModel(name.toStdString()).value()), text);
    }

    // The committed samples are what the zoo builds now (tools/regen_samples.sh refreshes them).
    void samplesUpToDate_data() { addNameRows(); }
    void samplesUpToDate()
    {
        QFETCH(QString, name);
        const std::string path = std::string(COCCO_SOURCE_DIR) + "/samples/models/" + name.toStdString() + ".json";
        auto text = readTextFile(path);
        QVERIFY2(text.ok(), (path + " is missing: run tools/regen_samples.sh").c_str());
        auto net = buildZooModel(name.toStdString());
        QVERIFY(net.ok());
        QVERIFY2(text.value() == networkToJson(net.value()), (path + " is stale: run tools/regen_samples.sh").c_str());
    }

    void wattsStrogatzGraph_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("k");
        QTest::addColumn<double>("p");
        QTest::newRow("ring") << 16 << 4 << 0.0;
        QTest::newRow("paper") << 32 << 4 << 0.75;
        QTest::newRow("random") << 32 << 4 << 1.0;
        QTest::newRow("wide") << 10 << 8 << 0.5;
    }
    void wattsStrogatzGraph()
    {
        QFETCH(int, n);
        QFETCH(int, k);
        QFETCH(double, p);
        for (uint64_t seed : {1u, 2u, 3u}) {
            const auto e = wattsStrogatz(n, k, p, seed);
            QCOMPARE(int(e.size()), n * k / 2); // rewiring keeps the edge count
            std::set<std::pair<int, int>> unique(e.begin(), e.end());
            QCOMPARE(unique.size(), e.size());
            for (const auto &ed : e)
                QVERIFY(ed.first < ed.second && ed.first >= 0 && ed.second < n);
            QVERIFY(e == wattsStrogatz(n, k, p, seed));
            if (p == 0.0)
                for (const auto &ed : e) // ring lattice: neighbours within k/2 around the ring
                    QVERIFY(std::min(ed.second - ed.first, n - (ed.second - ed.first)) <= k / 2);
        }
        if (p > 0.0)
            QVERIFY(wattsStrogatz(n, k, p, 1) != wattsStrogatz(n, k, p, 2));
    }

    void randWireSeeds()
    {
        RandWireConfig c;
        c.seed = 7;
        const std::string a = networkToJson(buildRandWire(c).value());
        QCOMPARE(networkToJson(buildRandWire(c).value()), a);
        c.seed = 8;
        const std::string b = networkToJson(buildRandWire(c).value());
        QVERIFY(a != b);
        c.nodes = 2;
        QVERIFY(!buildRandWire(c).ok());
    }
};

QTEST_GUILESS_MAIN(TestZoo)
#include "tst_zoo.moc"
