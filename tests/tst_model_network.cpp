// Network model: graph queries, JSON round trip, malformed files.
#include "support/layers.h"
#include "model/model_json.h"
#include "model/network.h"
#include "model/partition.h"

#include <QtTest>

using namespace cocco;

namespace {
using testsupport::mk;

// in -> a -> b -> d ; a -> c -> d   (diamond)
Network diamond()
{
    Network n;
    n.name = "diamond";
    n.addLayer(mk("in", OpKind::Input, {}));
    n.addLayer(mk("a", OpKind::Conv, {0}));
    n.addLayer(mk("b", OpKind::Conv, {1}));
    n.addLayer(mk("c", OpKind::Conv, {1}));
    n.addLayer(mk("d", OpKind::Eltwise, {2, 3}));
    return n;
}
} // namespace

class TestNetwork : public QObject {
    Q_OBJECT
private slots:
    void queries()
    {
        Network n = diamond();
        QVERIFY(n.finalize().ok());
        QCOMPARE(n.computeOrder().size(), size_t(4));
        QCOMPARE(n.depth(4), 3);
        QCOMPARE(n.maxDepth(), 3);
        QVERIFY(n.isOutput(4));
        QVERIFY(!n.isOutput(1));
        QVERIFY(n.weaklyConnected({1, 2, 3}));
        QVERIFY(!n.weaklyConnected({2, 3}));
        QVERIFY(n.convex({1, 2, 3, 4}));
        QVERIFY(!n.convex({1, 4}));   // path a -> b -> d leaves and re-enters
        QVERIFY(n.convex({2, 4}));     // c feeds d from outside, but no path leaves {b, d} and returns
    }
    void topoIsTopological()
    {
        Network n = diamond();
        QVERIFY(n.finalize().ok());
        for (int v = 0; v < int(n.size()); ++v)
            for (int u : n.preds(v))
                QVERIFY(n.topoIndex(u) < n.topoIndex(v));
    }
    void roundTrip()
    {
        Network n = diamond();
        n.mutableLayer(1).windows[0] = WindowRelation::sliding(3, 2, 1, 1, 1);
        n.mutableLayer(4).windows[1] = WindowRelation::fullEdge();
        n.mutableLayer(1).params = 123;
        n.mutableLayer(1).macs = 456;
        QVERIFY(n.finalize().ok());
        const std::string text = networkToJson(n);
        auto back = networkFromJson(text, "mem.json");
        QVERIFY2(back.ok(), back.ok() ? "" : back.message().c_str());
        QCOMPARE(networkToJson(back.value()), text);
        QVERIFY(back->layers() == n.layers());
    }
    void malformed_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expect");
        const QString ok = R"("layers":[{"name":"x","op":"Input","shape":[1,3,8,8]},{"name":"y","op":"Conv","shape":[1,8,8,8],"inputs":[{"from":"x"}]}])";
        QTest::newRow("not json") << "{" << "not valid JSON";
        QTest::newRow("no version") << "{" + ok + "}" << "schemaVersion";
        QTest::newRow("wrong version") << R"({"schemaVersion":7,)" + ok + "}" << "schemaVersion: unsupported version 7";
        QTest::newRow("empty") << R"({"schemaVersion":1,"layers":[]})" << "empty";
        QTest::newRow("missing shape") << R"({"schemaVersion":1,"layers":[{"name":"x","op":"Input"}]})" << "'x'";
        QTest::newRow("wrong type") << R"({"schemaVersion":1,"layers":[{"name":"x","op":"Input","shape":"big"}]})" << "shape";
        QTest::newRow("zero shape") << R"({"schemaVersion":1,"layers":[{"name":"x","op":"Input","shape":[1,0,8,8]}]})" << "shape[1]";
        QTest::newRow("negative shape") << R"({"schemaVersion":1,"layers":[{"name":"x","op":"Input","shape":[1,3,-8,8]}]})" << "shape[2]";
        QTest::newRow("unknown op") << R"({"schemaVersion":1,"layers":[{"name":"x","op":"Frobnicate","shape":[1,3,8,8]}]})" << "Frobnicate";
        QTest::newRow("dangling") << R"({"schemaVersion":1,"layers":[{"name":"x","op":"Input","shape":[1,3,8,8]},{"name":"y","op":"Conv","shape":[1,8,8,8],"inputs":[{"from":"nope"}]}]})" << "nope";
        QTest::newRow("duplicate") << R"({"schemaVersion":1,"layers":[{"name":"x","op":"Input","shape":[1,3,8,8]},{"name":"x","op":"Conv","shape":[1,8,8,8],"inputs":[{"from":"x"}]}]})" << "duplicate";
        QTest::newRow("cycle") << R"({"schemaVersion":1,"layers":[{"name":"x","op":"Input","shape":[1,3,8,8]},{"name":"a","op":"Conv","shape":[1,8,8,8],"inputs":[{"from":"x"},{"from":"b"}]},{"name":"b","op":"Conv","shape":[1,8,8,8],"inputs":[{"from":"a"}]}]})" << "cycle";
        QTest::newRow("non-utf8") << QString::fromLatin1("{\"schemaVersion\":1,\"name\":\"\\xff\",") + ok + "}" << "";
        QTest::newRow("top array") << "[]" << "object";
    }
    void malformed()
    {
        QFETCH(QString, text);
        QFETCH(QString, expect);
        std::string bytes = text.toStdString();
        if (QString(QTest::currentDataTag()) == "non-utf8")
            bytes = std::string("{\"schemaVersion\":1,\"name\":\"\xff\",") + ok().toStdString() + "}";
        auto r = networkFromJson(bytes, "bad.json");
        QVERIFY(!r.ok());
        QVERIFY2(r.message().rfind("bad.json", 0) == 0, r.message().c_str());
        QVERIFY2(QString::fromStdString(r.message()).contains(expect), r.message().c_str());
    }
    void partitionRules()
    {
        Network n = diamond();
        QVERIFY(n.finalize().ok());
        QVERIFY(checkPartition(n, Partition::singletons(n), 64).ok());
        QVERIFY(checkPartition(n, Partition::whole(n), 64).ok());
        QVERIFY(!checkPartition(n, Partition::whole(n), 3).ok());
        Partition bad;
        bad.label = {-1, 1, 0, 1, 1}; // b (0) before a (1) but a feeds b
        auto st = checkPartition(n, bad, 64);
        QVERIFY(!st.ok());
        QVERIFY(QString::fromStdString(st.message()).contains("rule 1"));
        Partition disc;
        disc.label = {-1, 0, 1, 1, 2}; // b and c not connected
        st = checkPartition(n, disc, 64);
        QVERIFY(QString::fromStdString(st.message()).contains("rule 2"));
        for (int len = 1; len <= 5; ++len)
            QVERIFY(checkPartition(n, Partition::fixedLength(n, len), 64).ok());
        // Interleaved subgraphs: S = {a, d}, T = {b, c}; renumbering must keep rule 1 (T before S is
        // impossible here, so use a chain where first appearance and dependency order differ).
        Network chain;
        chain.addLayer(mk("x", OpKind::Input, {}));
        chain.addLayer(mk("a", OpKind::Conv, {0}));
        chain.addLayer(mk("b", OpKind::Conv, {0}));
        chain.addLayer(mk("d", OpKind::Eltwise, {1, 2}));
        QVERIFY(chain.finalize().ok());
        Partition inter;
        inter.label = {-1, 1, 0, 1}; // {a, d} after {b}; a comes first in topological order
        QVERIFY(checkPartition(chain, inter, 64).ok());
        const Partition canon = normalized(chain, inter);
        QVERIFY(checkPartition(chain, canon, 64).ok());
        QCOMPARE(canon.label, (std::vector<int>{-1, 1, 0, 1}));
        auto back = partitionFromJson(n, partitionToJson(n, disc), "p.json");
        QVERIFY(back.ok());
        QVERIFY(normalized(n, back.value()) == normalized(n, disc));
    }

private:
    static QString ok()
    {
        return R"("layers":[{"name":"x","op":"Input","shape":[1,3,8,8]},{"name":"y","op":"Conv","shape":[1,8,8,8],"inputs":[{"from":"x"}]}])";
    }
};

QTEST_GUILESS_MAIN(TestNetwork)
#include "tst_model_network.moc"
