// `cocco evaluate` end to end: runs the built CLI (COCCO_BINARY_DIR/app/cli/cocco) and checks
// its numbers against the core and the hand-computed example of docs/cost-model.md.
#include "cost/cost_model.h"
#include "zoo/zoo.h"

#include <QtTest>

#include "support/cocco_cli.h"

#include <nlohmann/json.hpp>

using namespace cocco;

namespace {

const char *kChain = R"({"schemaVersion": 1, "name": "chain3", "layers": [
  {"name": "in", "op": "Input", "shape": [1, 8, 8, 8]},
  {"name": "conv1", "op": "Conv", "shape": [1, 16, 8, 8], "params": 1152, "macs": 73728, "inChannels": 8,
   "inputs": [{"from": "in", "window": {"h": {"kernel": 3, "stride": 1, "pad": [1, 1]}, "w": {"kernel": 3, "stride": 1, "pad": [1, 1]}}}]},
  {"name": "conv2", "op": "Conv", "shape": [1, 16, 8, 8], "params": 2304, "macs": 147456, "inChannels": 16,
   "inputs": [{"from": "conv1", "window": {"h": {"kernel": 3, "stride": 1, "pad": [1, 1]}, "w": {"kernel": 3, "stride": 1, "pad": [1, 1]}}}]},
  {"name": "conv3", "op": "Conv", "shape": [1, 8, 8, 8], "params": 128, "macs": 8192, "inChannels": 16,
   "inputs": [{"from": "conv2"}]}
]})";

using Run = testsupport::CliRun;

} // namespace

class TestCostCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    Run run(const QStringList &args) { return testsupport::runCocco(QStringList{"evaluate"} + args); }
    QString write(const QString &name, const QByteArray &text)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(text);
        return path;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFileInfo::exists(testsupport::coccoBinary()), "the cocco CLI is not built (ninja cocco)");
        QVERIFY(m_dir.isValid());
    }

    // --cores K (issue 12): per-core figures, crossbar bytes and bounds in the JSON.
    void cores()
    {
        const Run one = run({"zoo:resnet50", "--fixed-length", "4", "--json"});
        const Run four = run({"zoo:resnet50", "--fixed-length", "4", "--cores", "4", "--json"});
        QCOMPARE(one.code, 0);
        QCOMPARE(four.code, 0);
        const auto a = nlohmann::json::parse(one.out.toStdString()), b = nlohmann::json::parse(four.out.toStdString());
        QCOMPARE(a["cores"].get<int>(), 1);
        QCOMPARE(a["noc_bytes"].get<double>(), 0.0);
        QCOMPARE(b["cores"].get<int>(), 4);
        QCOMPARE(b["hardware"]["cores"].get<int>(), 4);
        QVERIFY(b["noc_bytes"].get<double>() > 0);
        QCOMPARE(b["buffer_bytes"].get<int64_t>(), 4 * b["per_core_buffer_bytes"].get<int64_t>());
        QCOMPARE(b["per_core_buffer_bytes"].get<int64_t>(), a["buffer_bytes"].get<int64_t>());
        QVERIFY(b["latency_cycles"].get<double>() < a["latency_cycles"].get<double>());
        QVERIFY(b["peak_weight_bytes"].get<int64_t>() < a["peak_weight_bytes"].get<int64_t>());
        for (const auto &s : b["subgraphs"]) {
            const std::string bound = s["bound"].get<std::string>();
            QVERIFY(bound == "compute" || bound == "dram" || bound == "noc");
            QVERIFY(s["noc_cycles"].get<double>() >= 0);
        }
        const Run bad = run({"zoo:resnet50", "--singletons", "--cores", "65"});
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.err.contains("--cores"));

        // cocco search --cores: the result file records cores, the per-core and total buffer and
        // per-subgraph crossbar figures with their bound.
        const Run s = testsupport::runCocco({"search", "zoo:resnet18", "--algo", "greedy", "--cores", "2", "--json", "--quiet"});
        QCOMPARE(s.code, 0);
        const auto r = nlohmann::json::parse(s.out.toStdString());
        QCOMPARE(r["cores"].get<int>(), 2);
        QCOMPARE(r["buffer_bytes"].get<int64_t>(), 2 * r["per_core_buffer_bytes"].get<int64_t>());
        QVERIFY(r["noc_bytes"].get<double>() > 0);
        QCOMPARE(r["subgraph_costs"].size(), size_t(r["subgraph_count"].get<int>()));
        double noc = 0;
        for (const auto &g : r["subgraph_costs"]) {
            noc += g["noc_bytes"].get<double>();
            QVERIFY(g["latency_cycles"].get<double>() >= g["noc_cycles"].get<double>());
        }
        QVERIFY(std::fabs(noc - r["noc_bytes"].get<double>()) <= 1e-9 * noc);
        QCOMPARE(testsupport::runCocco({"search", "zoo:resnet18", "--cores", "0", "--quiet"}).code, 2);
    }

    void handExample()
    {
        const Run r = run({write("chain3.json", kChain), "--whole", "--json"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j["ema_bytes"].get<double>(), 4608.0);
        QCOMPARE(j["latency_cycles"].get<double>(), 1856.0);
        QCOMPARE(j["buffer_bytes"].get<int64_t>(), int64_t(2228224));
        QVERIFY(std::fabs(j["energy_pj"].get<double>() - 524978.04) < 0.01);
        QVERIFY(std::fabs(j["bw_avg_gbps"].get<double>() - 4608.0 / 1856.0) < 1e-9);
        QCOMPARE(j["subgraphs"].size(), size_t(1));
        QCOMPARE(j["subgraphs"][0]["act_bytes"].get<int64_t>(), int64_t(768));
        QVERIFY(j.contains("bw_peak_gbps") && j.contains("valid"));
        const Run tiles = run({m_dir.filePath("chain3.json"), "--whole", "--json", "--tiles"});
        const auto t = nlohmann::json::parse(tiles.out.toStdString())["subgraphs"][0]["tiles"];
        QCOMPARE(t.size(), size_t(4));
        QCOMPARE(t[0]["tensor"].get<std::string>(), std::string("in"));
        QCOMPARE(t[0]["role"].get<std::string>(), std::string("input"));
        QCOMPARE(t[0]["x_h"].get<int64_t>(), int64_t(3));
        QCOMPARE(t[1]["main_bytes"].get<int64_t>(), int64_t(384));
        const Run text = run({m_dir.filePath("chain3.json"), "--singletons"});
        QCOMPARE(text.code, 0);
        QVERIFY(text.out.contains("EMA          8704 bytes"));
    }

    void matchesCore_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<int>("length");
        QTest::newRow("singletons") << "--singletons" << 0;
        QTest::newRow("fixed 3") << "--fixed-length" << 3;
    }
    void matchesCore()
    {
        QFETCH(QString, mode);
        QFETCH(int, length);
        QStringList args{"zoo:resnet50", mode};
        if (length > 0)
            args << QString::number(length);
        const QString saved = m_dir.filePath("part_" + QString::number(length) + ".json");
        const Run r = run(args + QStringList{"--json", "--write-partition", saved});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QVERIFY(j["valid"].get<bool>());
        auto net = std::make_shared<const Network>(buildZooModel("resnet50").value());
        const HardwareConfig hw;
        CostModel m(net, hw);
        const Partition p = length > 0 ? splitToFit(m, Partition::fixedLength(*net, length), hw) : Partition::singletons(*net);
        const PartitionCost c = m.evaluate(p);
        QCOMPARE(j["ema_bytes"].get<double>(), c.emaBytes);
        QCOMPARE(j["subgraph_count"].get<int>(), c.subgraphCount);
        // The written partition file evaluates to the same numbers.
        const Run again = run({"zoo:resnet50", "--partition", saved, "--json"});
        QCOMPARE(again.code, 0);
        QCOMPARE(nlohmann::json::parse(again.out.toStdString())["ema_bytes"].get<double>(), c.emaBytes);
    }

    void hardwareAndBatch()
    {
        const QString hw = QStringLiteral(COCCO_SOURCE_DIR) + "/samples/hw/shared_s.json";
        const Run r = run({write("chain3.json", kChain), "--whole", "--hw", hw, "--batch", "2", "--json"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j["buffer_bytes"].get<int64_t>(), int64_t(576 * 1024));
        QCOMPARE(j["hardware"]["batch"].get<int>(), 2);
        QCOMPARE(j["ema_bytes"].get<double>(), 3584.0 + 2 * 1024);
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("no mode") << QStringList{"zoo:resnet50"} << 2 << "give exactly one of";
        QTest::newRow("two modes") << QStringList{"zoo:resnet50", "--whole", "--singletons"} << 2 << "give exactly one of";
        QTest::newRow("bad length") << QStringList{"zoo:resnet50", "--fixed-length", "0"} << 2 << "--fixed-length";
        QTest::newRow("unknown option") << QStringList{"zoo:resnet50", "--whole", "--fast"} << 2 << "unknown option --fast";
        QTest::newRow("missing model") << QStringList{"/nonexistent/m.json", "--whole"} << 1 << "/nonexistent/m.json";
        QTest::newRow("missing hw") << QStringList{"zoo:resnet50", "--whole", "--hw", "/nonexistent/hw.json"} << 1
                                    << "/nonexistent/hw.json";
        QTest::newRow("missing partition") << QStringList{"zoo:resnet50", "--partition", "/nonexistent/p.json"} << 1
                                           << "/nonexistent/p.json";
    }
    void errors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, message);
        const Run r = run(args);
        QCOMPARE(r.code, code);
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
    }

    void badHardwareNamesField()
    {
        const QString hw = write("bad_hw.json", R"({"schemaVersion": 1, "dram_gbps": 0})");
        const Run r = run({write("chain3.json", kChain), "--whole", "--hw", hw});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("dram_gbps: must be a positive number"), r.err.constData());
    }

    void invalidPartitionIsData()
    {
        const QString p = write("order.json", R"({"subgraphs": [["conv2"], ["conv1", "conv3"]]})");
        const Run r = run({write("chain3.json", kChain), "--partition", p});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("valid        NO: rule 1 (order) broken"), r.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestCostCli)
#include "tst_cost_cli.moc"
