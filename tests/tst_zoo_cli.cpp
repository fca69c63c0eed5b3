// `cocco zoo list / export`: exit codes, output, and that exported files equal the zoo models.
// Runs the built cocco binary (build the `cocco` target first; the test skips when it is absent).
#include "model/model_json.h"
#include "zoo/zoo.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace cocco;

namespace {
struct Run {
    int exitCode = -1;
    QString out, err;
};

QString binary()
{
    return QStringLiteral(COCCO_BINARY_DIR "/app/cli/cocco");
}

Run runCocco(const QStringList &args)
{
    QProcess p;
    p.start(binary(), args);
    Run r;
    if (!p.waitForFinished(60000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}
} // namespace

class TestZooCli : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (!QFileInfo(binary()).isExecutable())
            QSKIP("cocco binary not built (ninja cocco)");
    }

    void exitCodes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("errContains");
        QTest::newRow("no subcommand") << QStringList{"zoo"} << 2 << "expected 'list' or 'export'";
        QTest::newRow("unknown subcommand") << QStringList{"zoo", "show"} << 2 << "unknown subcommand";
        QTest::newRow("list extra arg") << QStringList{"zoo", "list", "x"} << 2 << "takes no arguments";
        QTest::newRow("export without -o") << QStringList{"zoo", "export", "vgg16"} << 2 << "needs -o";
        QTest::newRow("export without name") << QStringList{"zoo", "export", "-o", "x.json"} << 2 << "exactly one model";
        QTest::newRow("export --all with name") << QStringList{"zoo", "export", "--all", "vgg16", "-o", "d"} << 2 << "no model name";
        QTest::newRow("unknown option") << QStringList{"zoo", "list", "--bogus"} << 2 << "unknown option";
        QTest::newRow("unknown model") << QStringList{"zoo", "export", "resnet51", "-o", "/tmp/never.json"} << 1 << "valid names";
        QTest::newRow("unwritable") << QStringList{"zoo", "export", "vgg16", "-o", "/nonexistent-dir/x.json"} << 1 << "nonexistent-dir";
        QTest::newRow("folder is a file") << QStringList{"zoo", "export", "--all", "-o", "/proc/version/x"} << 1 << "cannot create folder";
    }
    void exitCodes()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, errContains);
        const Run r = runCocco(args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(errContains), qPrintable(r.err));
    }

    void list()
    {
        const Run r = runCocco({"zoo", "list"});
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), int(zooNames().size()) + 1); // header + one line per model
        const auto net = buildZooModel("resnet50").value();
        bool found = false;
        for (const QString &l : lines) {
            const QStringList f = l.split(' ', Qt::SkipEmptyParts);
            if (f.value(0) != "resnet50")
                continue;
            found = true;
            QCOMPARE(f.size(), 4);
            QCOMPARE(f[1].toLongLong(), qint64(net.computeOrder().size()));
            QCOMPARE(f[2].toLongLong(), qint64(25503912));
            QCOMPARE(f[3].toLongLong(), qint64(4089184256));
        }
        QVERIFY(found);
    }

    void exportOneAndAll()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString one = dir.filePath("g.json");
        QCOMPARE(runCocco({"zoo", "export", "googlenet", "-o", one}).exitCode, 0);
        auto text = readTextFile(one.toStdString());
        QVERIFY(text.ok());
        QVERIFY(text.value() == networkToJson(buildZooModel("googlenet").value()));

        const QString all = dir.filePath("new/sub"); // created by the command
        QCOMPARE(runCocco({"zoo", "export", "--all", "-o", all}).exitCode, 0);
        for (const std::string &name : zooNames()) {
            auto t = readTextFile((all + "/" + QString::fromStdString(name + ".json")).toStdString());
            QVERIFY2(t.ok(), name.c_str());
            QVERIFY2(t.value() == networkToJson(buildZooModel(name).value()), name.c_str());
        }
        // Exported files load back through the model loader path (`cocco info FILE`).
        const Run info = runCocco({"info", all + "/randwire_a.json"});
        QCOMPARE(info.exitCode, 0);
        QVERIFY(info.out.contains("5513865"));
    }
};

QTEST_GUILESS_MAIN(TestZooCli)
#include "tst_zoo_cli.moc"
