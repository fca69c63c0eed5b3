// `cocco search / compare / sweep` as a user runs them: exit codes and usage, the result files,
// and the evaluate-reproduces-search round trip through the exported partition and hardware.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

#include "support/cocco_cli.h"

namespace {
using Run = testsupport::CliRun;
Run cocco(const QStringList &args) { return testsupport::runCocco(args); }

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}
} // namespace

class TestSearchCli : public QObject {
    Q_OBJECT
private slots:
    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("search no model") << QStringList{"search"};
        QTest::newRow("search two models") << QStringList{"search", "zoo:vgg16", "zoo:resnet50"};
        QTest::newRow("unknown algo") << QStringList{"search", "zoo:vgg16", "--algo", "magic"};
        QTest::newRow("unknown objective") << QStringList{"search", "zoo:vgg16", "--objective", "money"};
        QTest::newRow("zero budget") << QStringList{"search", "zoo:vgg16", "--budget", "0"};
        QTest::newRow("bad buffer") << QStringList{"search", "zoo:vgg16", "--buffer", "huge"};
        QTest::newRow("bad alpha") << QStringList{"search", "zoo:vgg16", "--alpha", "x"};
        QTest::newRow("negative time") << QStringList{"search", "zoo:vgg16", "--time-limit", "-1"};
        QTest::newRow("both modes") << QStringList{"search", "zoo:vgg16", "--co-explore", "--partition-only"};
        QTest::newRow("unknown option") << QStringList{"search", "zoo:vgg16", "--bogus"};
        QTest::newRow("compare bad algos") << QStringList{"compare", "zoo:vgg16", "--algos", "ga,nope"};
        QTest::newRow("compare zero seeds") << QStringList{"compare", "zoo:vgg16", "--seeds", "0"};
        QTest::newRow("sweep without -o") << QStringList{"sweep", "zoo:vgg16"};
        QTest::newRow("sweep bad points") << QStringList{"sweep", "zoo:vgg16", "--points", "1,x", "-o", "/tmp/x"};
    }
    void badArguments()
    {
        QFETCH(QStringList, args);
        const Run r = cocco(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("usage"), r.err.constData());
    }

    void missingFilesExitOne()
    {
        Run r = cocco({"search", "/nonexistent/model.json"});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("/nonexistent/model.json"));
        r = cocco({"search", "zoo:vgg16", "--hw", "/nonexistent/hw.json"});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("/nonexistent/hw.json"));
    }

    // Issue 16: a GA run whose certified bound (the LP bound on ResNet-18) meets its best design
    // says it is optimal; a short one, whose bound stays below, gives the gap only.
    void boundProvesOptimality()
    {
        Run r = cocco({"search", "zoo:resnet18", "--budget", "20000", "--threads", "1"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("best         12634256 (ema)"), r.out.constData());
        QVERIFY2(r.out.contains("gap +0.000%, optimal: the bound proves it)"), r.out.constData());
        r = cocco({"search", "zoo:resnet18", "--budget", "200", "--threads", "1"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("(certified lower bound; gap +") && !r.out.contains("optimal"), r.out.constData());
    }

    // Issue 11: when stderr is not a terminal (here a pipe) the progress has no carriage returns
    // and at most one line per 10 % of the budget (or per minute).
    void progressInAPipeHasNoCarriageReturns()
    {
        const Run r = cocco({"search", "zoo:resnet50", "--algo", "ga", "--budget", "40000", "--threads", "1", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(!r.err.contains('\r'));
        const double seconds = QJsonDocument::fromJson(r.out).object().value("seconds").toDouble();
        int lines = 0;
        for (const QByteArray &line : r.err.split('\n')) {
            if (line.isEmpty())
                continue;
            ++lines;
            QVERIFY2(line.contains("samples") && line.contains("/40000"), line.constData());
        }
        QVERIFY2(lines <= 10 + int(seconds / 60), r.err.constData());
        if (seconds > 2) // long enough to pass 10 % steps after the quiet first half second
            QVERIFY2(lines >= 1, qPrintable(QString::number(seconds)));
        qInfo("%d progress lines for a %.1f s run", lines, seconds);
    }

    // On a terminal (a pseudo-terminal from util-linux's `script`) the line is live: rewritten with \r.
    void progressOnATerminalIsOneLiveLine()
    {
        const QString script = QStandardPaths::findExecutable("script");
        if (script.isEmpty())
            QSKIP("util-linux `script` is not installed");
        QTemporaryDir dir;
        const QString json = dir.filePath("r.json");
        QProcess p;
        p.start(script, {"-qec", testsupport::coccoBinary() + " search zoo:resnet50 --algo ga --budget 30000 --threads 1 --json >"
                                     + json, "/dev/null"});
        QVERIFY(p.waitForFinished(120000));
        const QByteArray tty = p.readAllStandardOutput();
        QCOMPARE(p.exitCode(), 0);
        const double seconds = readJson(json).value("seconds").toDouble();
        if (seconds > 1) // the line starts after half a second
            QVERIFY2(tty.contains("\rga: samples") || tty.contains("\rdone: samples"), tty.constData());
        QVERIFY(!tty.contains("\n\rga:")); // one line, rewritten in place
    }

    void runCommandErrors_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << "{" << 1 << "cfg.json: not valid JSON";
        QTest::newRow("no model") << R"({"schemaVersion": 1})" << 1 << "cfg.json: model: missing";
        QTest::newRow("bad seed") << R"({"schemaVersion": 1, "model": "zoo:vgg16", "search": {"seed": -4}})" << 1
                                  << "cfg.json: search: seed: must be a non-negative integer, got -4";
        QTest::newRow("bad hardware") << R"({"schemaVersion": 1, "model": "zoo:vgg16", "hardware": {"schemaVersion": 1, "dram_gbps": 0}})"
                                      << 1 << "cfg.json: hardware: dram_gbps: must be a positive number";
        QTest::newRow("missing model") << R"({"schemaVersion": 1, "model": "/nonexistent/m.json"})" << 1
                                       << "/nonexistent/m.json";
    }
    void runCommandErrors()
    {
        QFETCH(QString, config);
        QFETCH(int, code);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath("cfg.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(config.toUtf8());
        f.close();
        const Run r = cocco({"run", path});
        QCOMPARE(r.code, code);
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
        QCOMPARE(cocco({"run"}).code, 2); // usage
    }

    // search -o r.json writes r.json, r.partition.json and r.hw.json; `cocco evaluate` on the
    // exported partition and hardware prints exactly the totals the search reported.
    void evaluateReproducesSearch_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::newRow("ga co-exploration separate") << QStringList{"--algo", "ga", "--objective", "cost"};
        QTest::newRow("ga co-exploration shared") << QStringList{"--algo", "ga", "--objective", "cost", "--buffer", "shared"};
        QTest::newRow("sa energy") << QStringList{"--algo", "sa", "--objective", "energy"};
        QTest::newRow("gs-ga") << QStringList{"--algo", "gs-ga", "--objective", "cost", "--inner-budget", "500"};
        QTest::newRow("dp ema") << QStringList{"--algo", "dp"};
    }
    void evaluateReproducesSearch()
    {
        QFETCH(QStringList, extra);
        QTemporaryDir dir;
        const QString out = dir.filePath("r.json");
        Run r = cocco(QStringList{"search", "zoo:googlenet", "--budget", "2000", "--quiet", "-o", out} + extra);
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("best"));
        const QJsonObject res = readJson(out);
        QCOMPARE(res.value("schemaVersion").toInt(), 1);
        for (const char *key : {"ema_bytes", "energy_pj", "latency_cycles", "buffer_bytes", "cost", "bw_avg_gbps",
                                "bw_peak_gbps", "partition", "hardware", "history", "pareto", "samples", "seconds",
                                "stop_reason", "seed", "config"})
            QVERIFY2(res.contains(key), key);
        QVERIFY(QFile::exists(dir.filePath("r.partition.json")));
        QVERIFY(QFile::exists(dir.filePath("r.hw.json")));
        Run e = cocco({"evaluate", "zoo:googlenet", "--partition", dir.filePath("r.partition.json"), "--hw",
                       dir.filePath("r.hw.json"), "--json"});
        QVERIFY2(e.code == 0, e.err.constData());
        const QJsonObject ev = QJsonDocument::fromJson(e.out).object();
        QVERIFY(ev.value("valid").toBool());
        for (const char *key : {"ema_bytes", "energy_pj", "latency_cycles", "buffer_bytes", "bw_avg_gbps", "bw_peak_gbps"})
            QVERIFY2(ev.value(key).toDouble() == res.value(key).toDouble(), key); // exactly
        QCOMPARE(ev.value("subgraph_count").toInt(), res.value("partition").toArray().size());
    }

    void searchJsonToStdout()
    {
        const Run r = cocco({"search", "zoo:resnet18", "--budget", "500", "--json", "--seed", "7"});
        QCOMPARE(r.code, 0);
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(j.value("algorithm").toString(), QString("ga"));
        QCOMPARE(j.value("seed").toInt(), 7);
        QCOMPARE(j.value("stop_reason").toString(), QString("budget"));
        QCOMPARE(j.value("samples").toInt(), 500);
        QVERIFY(!j.value("history").toArray().isEmpty());
        // The same seed gives the same best design at a different thread count.
        const Run again = cocco({"search", "zoo:resnet18", "--budget", "500", "--json", "--seed", "7", "--threads", "1"});
        const QJsonObject k = QJsonDocument::fromJson(again.out).object();
        QCOMPARE(k.value("partition").toArray(), j.value("partition").toArray());
        QCOMPARE(k.value("best_objective").toDouble(), j.value("best_objective").toDouble());
    }

    void compareJson()
    {
        const Run r = cocco({"compare", "zoo:resnet18", "--algos", "greedy,ga,fixed-m", "--seeds", "3", "--budget",
                             "400", "--objective", "cost", "--json", "--quiet"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        const QJsonArray algos = j.value("algorithms").toArray();
        QCOMPARE(algos.size(), 3);
        QCOMPARE(algos[0].toObject().value("algorithm").toString(), QString("greedy"));
        QCOMPARE(algos[0].toObject().value("runs").toInt(), 1); // deterministic: one run
        const QJsonObject ga = algos[1].toObject();
        QCOMPARE(ga.value("runs").toInt(), 3);
        QVERIFY(ga.value("min").toDouble() <= ga.value("median").toDouble());
        QVERIFY(ga.value("median").toDouble() <= ga.value("max").toDouble());
        QCOMPARE(ga.value("values").toArray().size(), 3);
        // The table form names every algorithm.
        const Run t = cocco({"compare", "zoo:resnet18", "--algos", "dp,sa", "--seeds", "2", "--budget", "300", "--quiet"});
        QCOMPARE(t.code, 0);
        QVERIFY(t.out.contains("median") && t.out.contains("dp") && t.out.contains("sa"));
    }

    void sweepWritesFronts()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath("sweep");
        const Run r = cocco({"sweep", "zoo:resnet18", "--points", "0,10,20,30", "--budget", "300", "-o", dir, "--quiet"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject j = readJson(dir + "/sweep.json");
        QCOMPARE(j.value("points").toArray().size(), 12);
        QCOMPARE(j.value("objective").toString(), QString("energy"));
        for (const char *algo : {"greedy", "dp", "ga"})
            for (const char *kind : {"energy", "bandwidth"}) {
                QFile f(dir + "/front_" + algo + "_" + kind + ".csv");
                QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
                const QList<QByteArray> lines = f.readAll().split('\n');
                QVERIFY(lines[0].startsWith("buffer_bytes,"));
                QVERIFY(lines[0].endsWith(std::string(kind) == "energy" ? "energy_pj" : "bw_avg_gbps"));
                QVERIFY(lines.size() >= 3); // header, at least one point, trailing newline
            }
    }
};

QTEST_GUILESS_MAIN(TestSearchCli)
#include "tst_search_cli.moc"
