// Issue 14: the study file (errors naming file and field, product size, stable keys, hardware
// points through the hardware reader), the results database (jobs 1 = jobs 2, resume, changed
// study refused unless extended, shard merge = one shot, export) and suite fronts.
#include <QTemporaryDir>
#include <QtTest>

#include "study/study_runner.h"
#include "study/suite_front.h"

#include "model/model_json.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <cmath>
#include <fstream>

using namespace cocco;
using nlohmann::json;

namespace {

const char *kSmall = R"({
  "schemaVersion": 1, "name": "small",
  "models": ["zoo:resnet18", {"source": "zoo:squeezenet1_0", "name": "squeeze", "weight": 2}],
  "hardware": {"schemaVersion": 1, "buffer": {"mode": "shared"}},
  "axes": [{"path": "dram_gbps", "values": [8, 16.5]},
           {"path": "buffer.shared_bytes", "values": [262144, 524288, 1048576]}],
  "search": {"algorithms": ["greedy", "dp"], "objective": "cost", "co_explore": false}
})";

Study parse(const std::string &text)
{
    auto s = studyFromJson(text, "s.json", ".");
    if (!s.ok())
        qFatal("study: %s", s.message().c_str());
    return s.value();
}

// Every column but the timing, one string per row, in key order.
QStringList content(const ResultsDb &db)
{
    auto rows = db.rows();
    if (!rows.ok())
        qFatal("%s", rows.message().c_str());
    QStringList out;
    for (auto r : rows.value()) {
        r.seconds = 0;
        out << QString::fromStdString(runRecordToJson(r));
    }
    out.sort();
    return out;
}

std::unique_ptr<ResultsDb> runInto(const QString &path, const Study &s, const std::string &text, StudyRunOptions opt = {})
{
    auto db = ResultsDb::open(path.toStdString(), true);
    if (!db.ok())
        qFatal("%s", db.message().c_str());
    Status st = db.value()->attachStudy(s, text, false);
    if (!st.ok())
        qFatal("%s", st.message().c_str());
    auto sum = runStudy(s, *db.value(), opt);
    if (!sum.ok())
        qFatal("%s", sum.message().c_str());
    return std::move(db).value();
}

} // namespace

class TestStudyFile : public QObject {
    Q_OBJECT
private slots:
    void errors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        const QString m = R"("models": ["zoo:resnet18"])";
        QTest::newRow("not json") << "{" << "s.json: not valid JSON";
        QTest::newRow("no version") << "{" + m + "}" << "s.json: schemaVersion: missing";
        QTest::newRow("version 2") << R"({"schemaVersion": 2, )" + m + "}" << "s.json: schemaVersion: unsupported version 2";
        QTest::newRow("unknown key") << R"({"schemaVersion": 1, "modles": []})" << "s.json: modles: unknown key";
        QTest::newRow("no models") << R"({"schemaVersion": 1, "models": []})" << "s.json: models: the list is empty";
        QTest::newRow("model without source") << R"({"schemaVersion": 1, "models": [{"weight": 1}]})"
                                              << "s.json: models[0].source: missing";
        QTest::newRow("negative weight") << R"({"schemaVersion": 1, "models": [{"source": "zoo:vgg16", "weight": -1}]})"
                                         << "s.json: models[0].weight: must be a finite number >= 0";
        QTest::newRow("same label") << R"({"schemaVersion": 1, "models": ["zoo:vgg16", "zoo:vgg16"]})"
                                    << "s.json: models[1]: model name 'vgg16' is used twice";
        QTest::newRow("unknown axis path") << R"({"schemaVersion": 1, )" + m + R"(, "axes": [{"path": "dram_gbs", "values": [1]}]})"
                                           << "s.json: axes[0] (dram_gbs): unknown axis path";
        QTest::newRow("axis path is an object") << R"({"schemaVersion": 1, )" + m + R"(, "axes": [{"path": "pe_array", "values": [1]}]})"
                                                << "s.json: axes[0] (pe_array): unknown axis path";
        QTest::newRow("empty value list") << R"({"schemaVersion": 1, )" + m + R"(, "axes": [{"path": "dram_gbps", "values": []}]})"
                                          << "s.json: axes[0] (dram_gbps).values: empty value list";
        QTest::newRow("bad value range")
            << R"({"schemaVersion": 1, )" + m + R"(, "axes": [{"path": "dram_gbps", "values": [8]}, {"path": "pe_array.rows", "values": [4, 0]}]})"
            << "s.json: axes[1] (pe_array.rows): bad value 0: pe_array.rows: must be in [1, 1024]";
        QTest::newRow("bad value type") << R"({"schemaVersion": 1, )" + m + R"(, "axes": [{"path": "buffer.mode", "values": ["shared", "both"]}]})"
                                        << "s.json: axes[0] (buffer.mode): bad value \"both\": buffer.mode: expected";
        QTest::newRow("integer field given 1.5") << R"({"schemaVersion": 1, )" + m + R"(, "axes": [{"path": "batch", "values": [1.5]}]})"
                                                 << "s.json: axes[0] (batch): bad value 1.5: batch: expected an integer";
        QTest::newRow("value twice") << R"({"schemaVersion": 1, )" + m + R"(, "axes": [{"path": "batch", "values": [1, 1]}]})"
                                     << "s.json: axes[0] (batch): value 1 is listed twice";
        QTest::newRow("axis twice") << R"({"schemaVersion": 1, )" + m
                + R"(, "axes": [{"path": "batch", "values": [1]}, {"path": "batch", "values": [2]}]})"
                                    << "s.json: axes[1] (batch): the path is already an axis";
        QTest::newRow("grid on a non-capacity") << R"({"schemaVersion": 1, )" + m + R"(, "axes": [{"path": "batch", "grid": "hardware"}]})"
                                                << "s.json: axes[0] (batch).grid: a grid is only allowed";
        QTest::newRow("empty grid")
            << R"({"schemaVersion": 1, )" + m
                + R"(, "axes": [{"path": "buffer.act_bytes", "grid": {"min_bytes": 10, "max_bytes": 5, "step_bytes": 1}}]})"
            << "s.json: axes[0] (buffer.act_bytes).grid: max_bytes is below min_bytes";
        QTest::newRow("values and grid") << R"({"schemaVersion": 1, )" + m
                + R"(, "axes": [{"path": "buffer.act_bytes", "values": [1], "grid": "hardware"}]})"
                                         << "s.json: axes[0] (buffer.act_bytes): give exactly one of";
        QTest::newRow("unknown algorithm") << R"({"schemaVersion": 1, )" + m + R"(, "search": {"algorithms": ["greedy", "magic"]}})"
                                           << "s.json: search.algorithms[1]: unknown algorithm \"magic\"";
        QTest::newRow("empty seeds") << R"({"schemaVersion": 1, )" + m + R"(, "search": {"seeds": []}})"
                                     << "s.json: search.seeds: the list is empty";
        QTest::newRow("seed twice") << R"({"schemaVersion": 1, )" + m + R"(, "search": {"seeds": [3, 3]}})"
                                    << "s.json: search.seeds: a seed is listed twice";
        QTest::newRow("zero budget") << R"({"schemaVersion": 1, )" + m + R"(, "search": {"budget": 0}})"
                                     << "s.json: search.budget: must be in [1,";
        QTest::newRow("unknown search key") << R"({"schemaVersion": 1, )" + m + R"(, "search": {"budgte": 5}})"
                                            << "s.json: search.budgte: unknown key";
        QTest::newRow("bad inline hardware") << R"({"schemaVersion": 1, )" + m + R"(, "hardware": {"schemaVersion": 1, "dram_gbps": 0}})"
                                             << "s.json: hardware: dram_gbps: must be a positive number";
        QTest::newRow("missing hardware file") << R"({"schemaVersion": 1, )" + m + R"(, "hardware": "/nonexistent/hw.json"})"
                                               << "s.json: hardware: /nonexistent/hw.json";
    }
    void errors()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        auto s = studyFromJson(text.toStdString(), "s.json", ".");
        QVERIFY(!s.ok());
        QVERIFY2(QString::fromStdString(s.message()).startsWith(message), s.message().c_str());
    }

    void productSizeAndKeys()
    {
        const Study s = parse(R"({"schemaVersion": 1, "models": ["zoo:resnet18", "zoo:vgg16"],
            "axes": [{"path": "dram_gbps", "values": [8, 16, 32]}, {"path": "buffer.mode", "values": ["separate", "shared"]}],
            "search": {"algorithms": ["greedy", "ga"], "alphas": [0.001, 0.002], "seeds": [1, 2, 3]}})");
        // Greedy is deterministic (registry trait): one seed. Per point 2 alphas x (1 + 3 seeds).
        QCOMPARE(studySeedCount(s, "greedy"), size_t(1));
        QCOMPARE(studySeedCount(s, "ga"), size_t(3));
        QCOMPARE(studyRunCount(s), int64_t(2 * 3 * 2 * 2 * (1 + 3)));
        const auto runs = studyRuns(s);
        QCOMPARE(int64_t(runs.size()), studyRunCount(s));
        std::set<std::string> keys;
        for (size_t i = 0; i < runs.size(); ++i) {
            QCOMPARE(runs[i].index, int64_t(i));
            keys.insert(runs[i].key);
        }
        QCOMPARE(keys.size(), runs.size());
        QCOMPARE(QString::fromStdString(runs[0].key),
                 QStringLiteral("model=resnet18;dram_gbps=8;buffer.mode=\"separate\";algorithm=greedy;alpha=0.001;seed=1"));
        // Seeds fastest, then alphas, algorithms, the last axis, the first axis, models.
        QCOMPARE(runs[1].alpha, 0.002);
        QCOMPARE(runs[1].algorithm, Algorithm("greedy"));
        QCOMPARE(runs[2].algorithm, Algorithm("ga"));
        QCOMPARE(runs[3].seed, uint64_t(2));
        QCOMPARE(runs[5].alpha, 0.002);
        QCOMPARE(runs[8].axisValue, (std::vector<int>{0, 1}));
        QCOMPARE(runs[16].axisValue, (std::vector<int>{1, 0}));
        QCOMPARE(runs[48].model, 1);
        // Extending a list keeps every key of the smaller study.
        const Study bigger = parse(R"({"schemaVersion": 1, "models": ["zoo:resnet18", "zoo:vgg16"],
            "axes": [{"path": "dram_gbps", "values": [8, 16, 32, 64]}, {"path": "buffer.mode", "values": ["separate", "shared"]}],
            "search": {"algorithms": ["greedy", "ga", "dp"], "alphas": [0.001, 0.002], "seeds": [1, 2, 3, 4]}})");
        std::set<std::string> biggerKeys;
        for (const auto &r : studyRuns(bigger))
            biggerKeys.insert(r.key);
        for (const auto &k : keys)
            QVERIFY(biggerKeys.count(k));
        QVERIFY(s.canonicalText != bigger.canonicalText);
    }

    void hardwarePoints()
    {
        const Study s = parse(R"({"schemaVersion": 1, "models": ["zoo:resnet18"],
            "hardware": {"schemaVersion": 1, "buffer": {"mode": "shared"}},
            "axes": [{"path": "pe_array.rows", "values": [2, 8]}, {"path": "energy.sram_pj_per_byte_1mib", "values": [1.5]},
                     {"path": "buffer.shared_bytes", "grid": "hardware"}]})");
        QCOMPARE(s.axes[2].values.size(), s.base.sharedGrid.values().size());
        auto hw = studyHardware(s, {1, 0, 3});
        QVERIFY(hw.ok());
        QCOMPARE(hw->peRows, 8);
        QCOMPARE(hw->energy.sramPjPerByte1MiB, 1.5);
        QCOMPARE(hw->sharedBufferBytes, s.base.sharedGrid.values()[3]);
        QCOMPARE(hw->mode, BufferMode::Shared);
        QCOMPARE(hw->peCols, s.base.peCols);
    }

    // Values valid one by one can make an invalid point: that run is a failed row naming the point.
    void invalidPointIsAFailedRow()
    {
        const std::string text = R"({"schemaVersion": 1, "models": ["zoo:resnet18", "zoo:no_such_model"],
            "axes": [{"path": "grids.act.min_bytes", "values": [131072, 2097152]},
                     {"path": "grids.act.max_bytes", "values": [262144]}]})";
        const Study s = parse(text);
        QTemporaryDir dir;
        auto db = runInto(dir.filePath("r.sqlite"), s, text);
        auto rows = db->rows();
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), size_t(4));
        int ok = 0;
        for (const auto &r : *rows) {
            if (r.status == "ok") {
                ++ok;
                QVERIFY(r.objective > 0);
                QCOMPARE(json::parse(r.resultJson).at("kind").get<std::string>(), std::string("cocco-search-result"));
                continue;
            }
            QCOMPARE(r.status, std::string("failed"));
            if (r.model == "no_such_model")
                QVERIFY2(r.message.find("unknown zoo model") != std::string::npos, r.message.c_str());
            else
                QVERIFY2(r.message.find("hardware point grids.act.min_bytes=2097152, grids.act.max_bytes=262144: grids.act") == 0,
                         r.message.c_str());
        }
        QCOMPARE(ok, 1);
    }

    void jobsDoNotChangeRows()
    {
        const Study s = parse(kSmall);
        QTemporaryDir dir;
        auto one = runInto(dir.filePath("one.sqlite"), s, kSmall);
        StudyRunOptions two;
        two.jobs = 2;
        auto other = runInto(dir.filePath("two.sqlite"), s, kSmall, two);
        const QStringList a = content(*one), b = content(*other);
        QCOMPARE(a.size(), 24);
        QCOMPARE(a, b);
    }

    void resumeExtendAndRefuse()
    {
        const Study s = parse(kSmall);
        QTemporaryDir dir;
        const QString path = dir.filePath("r.sqlite");
        {
            // A "killed" first session: half of the rows.
            auto db = ResultsDb::open(path.toStdString(), true);
            QVERIFY(db.ok());
            QVERIFY(db.value()->attachStudy(s, kSmall, false).ok());
            StudyModelCache models(s);
            for (const auto &r : studyRuns(s))
                if (r.index % 2 == 0)
                    QVERIFY(db.value()->insert(executeStudyRun(s, r, models, 1)).ok());
        }
        auto db = ResultsDb::open(path.toStdString(), true);
        QVERIFY(db.ok());
        QVERIFY(db.value()->attachStudy(s, kSmall, false).ok());
        auto sum = runStudy(s, *db.value(), {});
        QVERIFY(sum.ok());
        QCOMPARE(sum->alreadyDone, int64_t(12));
        QCOMPARE(sum->ran, int64_t(12));
        QCOMPARE(*db.value()->rowCount(), int64_t(24));
        auto again = runStudy(s, *db.value(), {});
        QCOMPARE(again->ran, int64_t(0));
        QCOMPARE(*db.value()->rowCount(), int64_t(24));
        QTemporaryDir ref;
        QCOMPARE(content(*db.value()), content(*runInto(ref.filePath("ref.sqlite"), s, kSmall)));

        // A changed study is refused, unless extended; the new runs are added, the old rows stay.
        std::string changed = kSmall;
        changed.replace(changed.find("[8, 16.5]"), 9, "[8, 16.5, 32]");
        const Study s2 = parse(changed);
        Status refused = db.value()->attachStudy(s2, changed, false);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.message().find("different study") != std::string::npos, refused.message().c_str());
        QVERIFY(db.value()->attachStudy(s2, changed, true).ok());
        auto ext = runStudy(s2, *db.value(), {});
        QVERIFY(ext.ok());
        QCOMPARE(ext->alreadyDone, int64_t(24));
        QCOMPARE(ext->ran, int64_t(12));
        QCOMPARE(db.value()->storedStudy()->studyText, changed);
    }

    void shardsMergeToOneShot()
    {
        const Study s = parse(kSmall);
        QTemporaryDir dir;
        std::vector<std::string> parts;
        int64_t sum = 0;
        for (int i = 0; i < 3; ++i) {
            StudyRunOptions o;
            o.shardIndex = i;
            o.shardCount = 3;
            const QString p = dir.filePath(QString("part%1.sqlite").arg(i));
            sum += *runInto(p, s, kSmall, o)->rowCount();
            parts.push_back(p.toStdString());
        }
        QCOMPARE(sum, int64_t(24)); // the shards partition the study
        const std::string all = dir.filePath("all.sqlite").toStdString();
        QVERIFY(mergeResults(parts, all).ok());
        auto merged = ResultsDb::open(all, false);
        QVERIFY(merged.ok());
        QCOMPARE(content(*merged.value()), content(*runInto(dir.filePath("one.sqlite"), s, kSmall)));
        // Files of another study are refused, and nothing is written.
        std::string other = kSmall;
        other.replace(other.find("\"small\""), 7, "\"other\"");
        runInto(dir.filePath("other.sqlite"), parse(other), other);
        Status st = mergeResults({parts[0], dir.filePath("other.sqlite").toStdString()}, dir.filePath("bad.sqlite").toStdString());
        QVERIFY(!st.ok());
        QVERIFY2(st.message().find("different study") != std::string::npos, st.message().c_str());
        QVERIFY(!QFile::exists(dir.filePath("bad.sqlite")));
    }

    void foreignFilesRefused()
    {
        QTemporaryDir dir;
        const std::string text = dir.filePath("notes.txt").toStdString();
        QVERIFY(writeFileAtomic(text, "not a database, just text\n").ok());
        auto a = ResultsDb::open(text, true);
        QVERIFY(!a.ok());
        QVERIFY2(a.message().find(text + ": ") == 0, a.message().c_str());
        const std::string other = dir.filePath("other.sqlite").toStdString();
        {
            auto db = ResultsDb::open(other, true); // empty so far: becomes a results file only on attach
            QVERIFY(db.ok());
        }
        sqlite3 *raw = nullptr;
        QCOMPARE(sqlite3_open(other.c_str(), &raw), SQLITE_OK);
        QCOMPARE(sqlite3_exec(raw, "CREATE TABLE t(x)", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(raw);
        auto b = ResultsDb::open(other, true);
        QVERIFY(!b.ok());
        QVERIFY2(b.message().find("holds other tables") != std::string::npos, b.message().c_str());
        QFile f(QString::fromStdString(text));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("not a database, just text\n")); // untouched
    }

    void exports()
    {
        const Study s = parse(kSmall);
        QTemporaryDir dir;
        auto db = runInto(dir.filePath("r.sqlite"), s, kSmall);
        QVERIFY(exportCsv(*db, dir.filePath("r.csv").toStdString()).ok());
        QVERIFY(exportJson(*db, dir.filePath("r.json").toStdString()).ok());
        QFile csv(dir.filePath("r.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QCOMPARE(lines.size(), 1 + 24 + 1);
        QVERIFY(lines[0].startsWith("run_key,run_index,model,dram_gbps,buffer.shared_bytes,algorithm,alpha,seed,status"));
        std::ifstream in(dir.filePath("r.json").toStdString());
        const json j = json::parse(in);
        QCOMPARE(j.at("runs").size(), size_t(24));
        QCOMPARE(j.at("runs")[0].at("axes").at("dram_gbps").get<int>(), 8);
        QCOMPARE(j.at("runs")[0].at("result").at("kind").get<std::string>(), std::string("cocco-search-result"));
        QCOMPARE(j.at("study").at("name").get<std::string>(), std::string("small"));
    }

    // Worked example: two models (weights 1 and 2), two capacities; the suite cost is the largest
    // buffer plus alpha times the weighted energies, each model with its best seed.
    void suiteFrontWorkedExample()
    {
        const Study s = parse(R"({"schemaVersion": 1, "models": ["zoo:resnet18", {"source": "zoo:vgg16", "weight": 2}],
            "hardware": {"schemaVersion": 1, "buffer": {"mode": "shared"}},
            "axes": [{"path": "buffer.shared_bytes", "values": [1000, 2000]}],
            "search": {"alpha": 0.5, "seeds": [1, 2]}})");
        std::vector<RunRecord> rows;
        auto row = [&](const char *model, int cap, uint64_t seed, double objective, double energy) {
            RunRecord r;
            r.key = std::string(model) + std::to_string(cap) + "-" + std::to_string(seed);
            r.model = model;
            r.axisValues = {json(cap)};
            r.algorithm = "greedy";
            r.alpha = 0.5;
            r.seed = seed;
            r.status = "ok";
            r.objective = objective;
            r.energyPj = energy;
            r.bufferBytes = cap;
            rows.push_back(r);
        };
        row("resnet18", 1000, 1, 10, 400);
        row("resnet18", 1000, 2, 9, 380); // the better seed counts
        row("vgg16", 1000, 1, 20, 1000);
        row("resnet18", 2000, 1, 8, 100);
        row("vgg16", 2000, 1, 15, 300);
        row("vgg16", 2000, 2, 14, 250);
        auto set = suiteFronts(s, rows, "", "cost");
        QVERIFY2(set.ok(), set.ok() ? "" : set.message().c_str());
        QCOMPARE(set->axis, std::string("buffer.shared_bytes"));
        QCOMPARE(set->fronts.size(), size_t(1));
        const SuiteFront &f = set->fronts[0];
        QCOMPARE(f.points[0].total, 1000 + 0.5 * (380 + 2 * 1000)); // 2190
        QCOMPARE(f.points[1].total, 2000 + 0.5 * (100 + 2 * 250));  // 2300
        QCOMPARE(f.best, 0);
        auto energy = suiteFronts(s, rows, "buffer.shared_bytes", "energy_pj");
        QCOMPARE(energy->fronts[0].points[1].total, 100 + 2.0 * 250);
        QCOMPARE(energy->fronts[0].best, 1);
        // A missing model makes the point incomplete: it cannot be the best.
        rows.erase(rows.begin() + 3);
        auto partial = suiteFronts(s, rows, "", "energy_pj");
        QVERIFY(!partial->fronts[0].points[1].complete);
        QVERIFY(std::isnan(partial->fronts[0].points[1].perModel[0]));
        QCOMPARE(partial->fronts[0].best, 0);
        QVERIFY(!suiteFronts(s, rows, "dram_gbps", "cost").ok());
        QVERIFY(!suiteFronts(s, rows, "", "money").ok());
    }
};

QTEST_GUILESS_MAIN(TestStudyFile)
#include "tst_study_file.moc"
