// Issue 14: `cocco study` as a user runs it - usage and file errors, plan, a study killed midway
// and restarted (every row once, the same rows as one uninterrupted run), `--jobs 1` = `--jobs 2`,
// and under MPI (`mpirun -n 2`, also killed and restarted) the same rows again.
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include "support/cocco_cli.h"

#include "study/study_runner.h"

#include <csignal>
#include <unistd.h>

using namespace cocco;
using testsupport::runCocco;

namespace {

// 16 GA runs of ~0.1-0.2 s: long enough to be killed in the middle.
const char *kSlow = R"({
  "schemaVersion": 1, "name": "kill-me",
  "models": ["zoo:resnet18"],
  "hardware": {"schemaVersion": 1, "buffer": {"mode": "shared"}},
  "axes": [{"path": "dram_gbps", "values": [8, 16]},
           {"path": "buffer.shared_bytes", "values": [262144, 524288, 786432, 1048576]}],
  "search": {"algorithms": ["ga"], "objective": "ema", "budget": 2000, "seeds": [1, 2]}
})";
constexpr int kSlowRuns = 16;

QString writeStudy(const QTemporaryDir &dir, const char *text)
{
    const QString p = dir.filePath("study.json");
    QFile f(p);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(p));
    f.write(text);
    return p;
}

int64_t rowsIn(const QString &path)
{
    if (!QFile::exists(path))
        return 0;
    auto db = ResultsDb::open(path.toStdString(), false);
    if (!db.ok())
        return 0;
    auto n = db.value()->rowCount();
    return n.ok() ? n.value() : 0;
}

// Every column but the timing, in key order; also checks each study run is there exactly once.
QStringList content(const QString &path, const QString &studyPath)
{
    auto db = ResultsDb::open(path.toStdString(), false);
    if (!db.ok())
        qFatal("%s", db.message().c_str());
    auto rows = db.value()->rows();
    auto study = loadStudyFile(studyPath.toStdString());
    if (!rows.ok() || !study.ok())
        qFatal("cannot read %s", qPrintable(path));
    std::multiset<std::string> keys;
    QStringList out;
    for (auto r : rows.value()) {
        keys.insert(r.key);
        r.seconds = 0;
        out << QString::fromStdString(runRecordToJson(r));
    }
    std::multiset<std::string> expected;
    for (const auto &r : studyRuns(study.value()))
        expected.insert(r.key);
    if (keys != expected)
        qWarning("%s: %zu rows, not every study run once", qPrintable(path), keys.size());
    out.sort();
    return keys == expected ? out : QStringList{};
}

QString mpirun() { return QStandardPaths::findExecutable("mpirun"); }
// One node, no ssh/rsh needed (a fresh CI container may have none), and no cross-memory-attach
// copies, which containers without ptrace rights refuse (rows are larger than the eager limit).
QProcessEnvironment mpiEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!env.contains("OMPI_MCA_plm"))
        env.insert("OMPI_MCA_plm", "isolated");
    if (!env.contains("OMPI_MCA_btl_vader_single_copy_mechanism"))
        env.insert("OMPI_MCA_btl_vader_single_copy_mechanism", "none");
    return env;
}
// Starts the command in its own process group, waits until the database has at least `rows` rows,
// then kills the whole group at once (mpirun and every rank: a lost job, not a clean shutdown).
bool startAndKill(const QString &program, const QStringList &args, const QString &db, int rows)
{
    QProcess p;
    p.setProcessEnvironment(mpiEnvironment());
    p.setChildProcessModifier([] { ::setsid(); });
    p.start(program, args);
    if (!p.waitForStarted())
        return false;
    QElapsedTimer t;
    t.start();
    while (rowsIn(db) < rows && p.state() == QProcess::Running && t.elapsed() < 60000)
        QThread::msleep(10);
    const bool stillRunning = p.state() == QProcess::Running;
    ::kill(-static_cast<pid_t>(p.processId()), SIGKILL);
    p.waitForFinished(30000);
    return stillRunning;
}

QStringList mpiArgs(int ranks)
{
    return {"--allow-run-as-root", "--oversubscribe", "-n", QString::number(ranks), testsupport::coccoBinary()};
}

} // namespace

class TestStudyCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_study, m_reference;

private slots:
    void initTestCase()
    {
        m_study = writeStudy(m_dir, kSlow);
        m_reference = m_dir.filePath("reference.sqlite");
        const auto r = runCocco({"study", "run", m_study, "-o", m_reference, "--jobs", "1"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.err.isEmpty(), r.err.constData()); // no progress line when stderr is not a terminal
        QVERIFY(r.out.contains("16 runs, 0 already done, 16 run now (0 failed)"));
        QCOMPARE(content(m_reference, m_study).size(), kSlowRuns);
    }

    void usage_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no subcommand") << QStringList{"study"};
        QTest::newRow("unknown subcommand") << QStringList{"study", "brew"};
        QTest::newRow("run without -o") << QStringList{"study", "run", "s.json"};
        QTest::newRow("bad jobs") << QStringList{"study", "run", "s.json", "-o", "r.sqlite", "--jobs", "0"};
        QTest::newRow("bad shard") << QStringList{"study", "run", "s.json", "-o", "r.sqlite", "--shard", "2/2"};
        QTest::newRow("export both") << QStringList{"study", "export", "r.sqlite", "--csv", "a", "--json", "b"};
        QTest::newRow("merge without -o") << QStringList{"study", "merge", "a.sqlite"};
    }
    void usage()
    {
        QFETCH(QStringList, args);
        const auto r = runCocco(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("usage"), r.err.constData());
    }

    void studyFileErrorNamesFileAndField()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath("bad.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"schemaVersion": 1, "models": ["zoo:resnet18"], "axes": [{"path": "pe_array.rowz", "values": [2]}]})");
        f.close();
        for (const QString &sub : {QStringLiteral("plan"), QStringLiteral("run")}) {
            const auto r = runCocco({"study", sub, f.fileName(), "-o", dir.filePath("r.sqlite")});
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains("bad.json: axes[0] (pe_array.rowz): unknown axis path"), r.err.constData());
        }
        QVERIFY(!QFile::exists(dir.filePath("r.sqlite")));
    }

    void planCountsAndEstimates()
    {
        const auto r = runCocco({"study", "plan", m_study, "--jobs", "2"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("runs         16 = 1 models x 8 hardware points x 1 algorithms x 1 alphas x 2 seeds"), r.out.constData());
        QVERIFY(r.out.contains("estimate "));
        QVERIFY(r.out.contains("at --jobs 2"));
    }

    void killedAndRestarted()
    {
        const QString db = m_dir.filePath("killed.sqlite");
        QVERIFY(startAndKill(testsupport::coccoBinary(), {"study", "run", m_study, "-o", db}, db, 3));
        const int64_t before = rowsIn(db);
        QVERIFY2(before >= 3 && before < kSlowRuns, qPrintable(QString::number(before)));
        const auto r = runCocco({"study", "run", m_study, "-o", db, "--jobs", "2"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains(QByteArray::number(qlonglong(before)) + " already done"), r.out.constData());
        QCOMPARE(content(db, m_study), content(m_reference, m_study));
        const auto status = runCocco({"study", "status", db});
        QVERIFY2(status.out.contains("16/16 done (16 ok, 0 failed), 0 to go"), status.out.constData());
    }

    void changedStudyRefused()
    {
        QTemporaryDir dir;
        std::string text = kSlow;
        text.replace(text.find("[1, 2]"), 6, "[1, 2, 3]");
        const QString changed = writeStudy(dir, text.c_str());
        const QString db = dir.filePath("r.sqlite");
        QVERIFY(QFile::copy(m_reference, db));
        auto r = runCocco({"study", "run", changed, "-o", db});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("different study") && r.err.contains("--extend"), r.err.constData());
        r = runCocco({"study", "run", changed, "-o", db, "--extend", "--jobs", "2"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("24 runs, 16 already done, 8 run now"), r.out.constData());
    }

    void shardsAndMerge()
    {
        QTemporaryDir dir;
        QStringList parts;
        for (int i = 0; i < 2; ++i) {
            parts << dir.filePath(QString("p%1.sqlite").arg(i));
            const auto r = runCocco({"study", "run", m_study, "-o", parts.last(), "--shard", QString("%1/2").arg(i), "--jobs", "2"});
            QVERIFY2(r.code == 0, r.err.constData());
        }
        const QString all = dir.filePath("all.sqlite");
        auto r = runCocco(QStringList{"study", "merge"} + parts + QStringList{"-o", all});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(content(all, m_study), content(m_reference, m_study));
        r = runCocco(QStringList{"study", "merge"} + parts + QStringList{"-o", all});
        QCOMPARE(r.code, 1); // never overwrites
        r = runCocco({"study", "export", all, "--csv", dir.filePath("all.csv")});
        QVERIFY2(r.code == 0, r.err.constData());
        QFile csv(dir.filePath("all.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll().count('\n'), kSlowRuns + 1);
        r = runCocco({"study", "front", all});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("best buffer.shared_bytes = "), r.out.constData());
    }

    void mpiSameRows()
    {
#ifndef COCCO_HAVE_MPI
        QSKIP("built without MPI");
#endif
        if (mpirun().isEmpty())
            QSKIP("mpirun not found");
        const QString db = m_dir.filePath("mpi.sqlite");
        QProcess p;
        p.setProcessEnvironment(mpiEnvironment());
        p.start(mpirun(), mpiArgs(2) + QStringList{"study", "run", m_study, "-o", db});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QVERIFY(p.readAllStandardOutput().contains("(2 MPI ranks)"));
        QCOMPARE(content(db, m_study), content(m_reference, m_study));
    }

    void mpiKilledAndRestarted()
    {
#ifndef COCCO_HAVE_MPI
        QSKIP("built without MPI");
#endif
        if (mpirun().isEmpty())
            QSKIP("mpirun not found");
        const QString db = m_dir.filePath("mpi-killed.sqlite");
        const QStringList args = mpiArgs(2) + QStringList{"study", "run", m_study, "-o", db};
        QVERIFY(startAndKill(mpirun(), args, db, 3));
        const int64_t before = rowsIn(db);
        QVERIFY2(before >= 3 && before < kSlowRuns, qPrintable(QString::number(before)));
        QProcess p;
        p.setProcessEnvironment(mpiEnvironment());
        p.start(mpirun(), args);
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QCOMPARE(content(db, m_study), content(m_reference, m_study));
    }
};

QTEST_GUILESS_MAIN(TestStudyCli)
#include "tst_study_cli.moc"
