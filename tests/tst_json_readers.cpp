// The JSON reading kit (model/json_reader.h) and every reader built on it (hardware, model,
// partition, search config, search result, experiment config, session): one wording of
// "missing" / "wrong type" / "out of range" / "unknown key", always "FILE: PATH: WHAT" (issue 11).
#include "cost/hardware.h"
#include "io/experiment.h"
#include "model/json_reader.h"
#include "model/model_json.h"
#include "search/result_json.h"
#include "zoo/zoo.h"

#include <QtTest>

using namespace cocco;

namespace {

// The network of the fuzzer's seed files (x -> a -> b -> c), the one fuzz_json_readers uses.
Network chain() { return loadNetworkJsonFile(COCCO_TEST_DATA "/json-readers/chain3.json").value(); }

// The message of whichever reader `kind` names, reading `text` as file "f.json".
std::string readError(const QString &kind, const std::string &text)
{
    static const Network net = chain();
    auto msg = [](const auto &r) { return r.ok() ? std::string("(accepted)") : r.message(); };
    if (kind == "hardware")
        return msg(hardwareFromJson(text, "f.json"));
    if (kind == "model")
        return msg(networkFromJson(text, "f.json"));
    if (kind == "partition")
        return msg(partitionFromJson(net, text, "f.json"));
    if (kind == "search")
        return msg(searchConfigFromJson(text, "f.json"));
    if (kind == "result")
        return msg(searchResultFromJson(net, text, "f.json"));
    if (kind == "config")
        return msg(experimentConfigFromJson(text, "f.json"));
    if (kind == "session")
        return msg(sessionFromJson(net, text, "f.json"));
    return "unknown reader";
}

} // namespace

class TestJsonReaders : public QObject {
    Q_OBJECT
private slots:
    void field_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expect");
        QTest::newRow("missing") << R"({"a":{}})" << "a.b: missing";
        QTest::newRow("type") << R"({"a":{"b":"x"}})" << "a.b: expected an integer, got string";
        QTest::newRow("range") << R"({"a":{"b":0}})" << "a.b: must be in [1, 10], got 0";
        QTest::newRow("too big") << R"({"a":{"b":18446744073709551615}})" << "a.b: must be in [1, 10], got 18446744073709551615";
        QTest::newRow("not object") << R"({"a":[1]})" << "a: expected an object, got array";
        QTest::newRow("unknown") << R"({"a":{"b":1,"c":2}})" << "a.c: unknown key";
        QTest::newRow("element") << R"({"a":{"b":1},"l":[1,"two"]})" << "l[1]: expected an integer, got string";
    }
    void field()
    {
        QFETCH(QString, text);
        QFETCH(QString, expect);
        auto r = readJson(text.toStdString(), "f.json", [](const JsonField &root) {
            const JsonField a = root.at("a");
            a.allowKeys({"b"});
            const int64_t b = a.at("b").integer(1, 10);
            if (auto l = root.find("l"))
                for (size_t i = 0; i < l->size(); ++i)
                    (*l)[i].integer();
            return b;
        });
        QVERIFY(!r.ok());
        QCOMPARE(QString::fromStdString(r.message()), "f.json: " + expect);
    }

    void unsignedRange()
    {
        auto seed = readJson(R"({"seed": 18446744073709551615})", "f.json",
                             [](const JsonField &root) { return root.at("seed").unsignedInteger(); });
        QVERIFY(seed.ok());
        QCOMPARE(*seed, std::numeric_limits<uint64_t>::max());
        auto neg = readJson(R"({"seed": -1})", "f.json", [](const JsonField &root) { return root.at("seed").unsignedInteger(); });
        QCOMPARE(QString::fromStdString(neg.message()), QStringLiteral("f.json: seed: must be a non-negative integer, got -1"));
    }

    // The same kinds of mistakes in every reader give the same wording, with the file and path.
    void readers_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expect");
        const QString cfg = R"("schemaVersion":1,"model":"zoo:vgg16")";
        for (const char *kind : {"hardware", "model", "partition", "result", "config", "session"})
            QTest::addRow("%s not json", kind) << kind << "{" << "f.json: not valid JSON at byte 2";
        for (const char *kind : {"hardware", "model", "result", "config"})
            QTest::addRow("%s no version", kind) << kind << "{}" << "f.json: schemaVersion: missing";
        for (const char *kind : {"hardware", "model", "partition", "result", "config", "session"})
            QTest::addRow("%s version", kind) << kind << R"({"schemaVersion": 9})" << "f.json: schemaVersion: unsupported version 9";
        QTest::newRow("hardware type") << "hardware" << R"({"schemaVersion":1,"batch":"2"})" << "f.json: batch: expected an integer, got string";
        QTest::newRow("hardware range") << "hardware" << R"({"schemaVersion":1,"buffer":{"act_bytes":0}})"
                                        << "f.json: buffer.act_bytes: must be in [1, 1125899906842624], got 0";
        QTest::newRow("hardware positive") << "hardware" << R"({"schemaVersion":1,"dram_gbps":-3})" << "f.json: dram_gbps: must be a positive number";
        QTest::newRow("hardware unknown") << "hardware" << R"({"schemaVersion":1,"buffer":{"act_kib":3}})" << "f.json: buffer.act_kib: unknown key";
        QTest::newRow("model missing") << "model" << R"({"schemaVersion":1,"layers":[{"name":"x","op":"Input"}]})"
                                       << "f.json: layer 'x'.shape: missing";
        QTest::newRow("model type") << "model" << R"({"schemaVersion":1,"layers":[{"name":"x","op":"Input","shape":[1,3,8,"8"]}]})"
                                    << "f.json: layer 'x'.shape[3]: expected an integer, got string";
        QTest::newRow("model range") << "model" << R"({"schemaVersion":1,"layers":[{"name":"x","op":"Input","shape":[1,0,8,8]}]})"
                                     << "f.json: layer 'x'.shape[1]: must be at least 1, got 0";
        QTest::newRow("partition missing") << "partition" << R"({"schemaVersion":1})" << "f.json: subgraphs: missing";
        QTest::newRow("partition type") << "partition" << R"({"subgraphs":[["a"],[7]]})" << "f.json: subgraphs[1][0]: expected a string, got integer";
        QTest::newRow("partition name") << "partition" << R"({"subgraphs":[["a"],["q"]]})" << "f.json: subgraphs[1]: no layer named 'q'";
        QTest::newRow("search type") << "search" << R"({"seed":"one"})" << "f.json: seed: expected a non-negative integer, got string";
        QTest::newRow("search unknown") << "search" << R"({"seeds":1})" << "f.json: seeds: unknown key";
        QTest::newRow("search algorithm") << "search" << R"({"algorithm":"magic"})" << "f.json: algorithm: unknown algorithm 'magic'";
        QTest::newRow("result missing") << "result" << R"({"schemaVersion":1})" << "f.json: config: missing";
        QTest::newRow("config missing") << "config" << R"({"schemaVersion":1})" << "f.json: model: missing";
        QTest::newRow("config type") << "config" << "{" + cfg + R"(,"inputShapes":{"x":[1,"3"]}})"
                                     << "f.json: inputShapes.x[1]: expected an integer, got string";
        QTest::newRow("config range") << "config" << "{" + cfg + R"(,"inputShapes":{"x":[1,0]}})"
                                      << "f.json: inputShapes.x[1]: must be at least 1, got 0";
        QTest::newRow("config unknown") << "config" << "{" + cfg + R"(,"serch":{}})" << "f.json: serch: unknown key";
        QTest::newRow("config nested hardware") << "config" << "{" + cfg + R"(,"hardware":{"schemaVersion":1,"batch":-2}})"
                                                << "f.json: hardware: batch: must be in [1, 1048576], got -2";
        QTest::newRow("config nested search") << "config" << "{" + cfg + R"(,"search":{"sample_budget":"many"}})"
                                              << "f.json: search: sample_budget: expected an integer, got string";
        QTest::newRow("session partition") << "session"
                                           << R"({"schemaVersion":1,"kind":"cocco-session","config":{)" + cfg
                + R"(},"partition":{"labels":[0,"x"]}})"
                                           << "f.json: partition.labels[1]: expected an integer, got string";
    }
    void readers()
    {
        QFETCH(QString, kind);
        QFETCH(QString, text);
        QFETCH(QString, expect);
        const std::string message = readError(kind, text.toStdString());
        QVERIFY2(QString::fromStdString(message).startsWith(expect), message.c_str());
    }

    // The fuzzer's seed files (tests/data/json-readers) are valid for their readers, and read
    // back write the same text again: the seeds start the fuzzer inside every reader.
    void seedFiles_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("file");
        QTest::newRow("hardware") << "hardware" << "hardware.json";
        QTest::newRow("model") << "model" << "chain3.json";
        QTest::newRow("partition") << "partition" << "partition.json";
        QTest::newRow("search") << "search" << "search.json";
        QTest::newRow("result") << "result" << "result.json";
        QTest::newRow("config") << "config" << "config.json";
        QTest::newRow("results config") << "config" << "results.json";
        QTest::newRow("session") << "session" << "session.json";
    }
    void seedFiles()
    {
        QFETCH(QString, kind);
        QFETCH(QString, file);
        auto text = readTextFile(COCCO_TEST_DATA "/json-readers/" + file.toStdString());
        QVERIFY(text.ok());
        QCOMPARE(QString::fromStdString(readError(kind, *text)), QStringLiteral("(accepted)"));
    }

    void configFileFindsItsModel()
    {
        auto c = loadExperimentConfigFile(COCCO_TEST_DATA "/json-readers/config.json");
        QVERIFY2(c.ok(), c.ok() ? "" : c.message().c_str());
        QCOMPARE(QString::fromStdString(c->modelSpec), QStringLiteral(COCCO_TEST_DATA "/json-readers/chain3.json"));
        QCOMPARE(c->search.seed, uint64_t(5000000000ULL));
        QVERIFY(loadModel(c->modelSpec, loadOptionsOf(*c)).ok());
        QVERIFY(validateExperimentConfig(*c).ok());
        ExperimentConfig bad = *c;
        bad.search.population = 1;
        QVERIFY(validateExperimentConfig(bad).message().rfind("search: population", 0) == 0);
        bad = *c;
        bad.hardware.batch = 0;
        QVERIFY(validateExperimentConfig(bad).message().rfind("hardware: batch", 0) == 0);
    }
};

QTEST_GUILESS_MAIN(TestJsonReaders)
#include "tst_json_readers.moc"
