// Issue 15: the bash completion of `cocco` (resources/completion/cocco.bash) offers what the program
// really has: its commands, each command's options, the registered algorithms, the objectives,
// the zoo models and the hardware samples. The script reads all of them from the program, so these
// checks compare its answers with the core's own lists.
#include "search/search.h"
#include "zoo/zoo.h"

#include "support/cocco_cli.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QtTest>

namespace {
const QString kScript = QStringLiteral(COCCO_SOURCE_DIR "/resources/completion/cocco.bash");

// The words bash would offer for `line` (the cursor at its end), with the built binary as `cocco`.
QStringList complete(const QString &line)
{
    const QString full = testsupport::coccoBinary() + QLatin1Char(' ') + line;
    QProcess bash;
    bash.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    bash.start(QStringLiteral("bash"),
               {QStringLiteral("-c"),
                QStringLiteral("source \"$1\"; COMP_LINE=\"$2\"; COMP_POINT=${#COMP_LINE}; read -r -a COMP_WORDS <<<\"$2\"; "
                               "_cocco; printf '%s\\n' \"${COMPREPLY[@]}\""),
                QStringLiteral("bash"), kScript, full});
    if (!bash.waitForFinished(30000))
        return {QStringLiteral("<timeout>")};
    return QString::fromUtf8(bash.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

QSet<QString> asSet(const QStringList &l) { return QSet<QString>(l.begin(), l.end()); }

QStringList zooNames()
{
    QStringList out;
    for (const std::string &n : cocco::zooNames())
        out << QString::fromStdString(n);
    return out;
}
} // namespace

class TestCliCompletion : public QObject {
    Q_OBJECT
private slots:
    void commands()
    {
        const auto help = testsupport::runCocco({QStringLiteral("--help")});
        QCOMPARE(help.code, 0);
        QStringList expected{QStringLiteral("--help"), QStringLiteral("--version")};
        const QString text = QString::fromUtf8(help.out);
        const QString list = text.mid(text.indexOf(QLatin1String("commands:")));
        const QRegularExpression line(QStringLiteral("^  ([a-z]+) "), QRegularExpression::MultilineOption);
        for (auto it = line.globalMatch(list); it.hasNext();)
            expected << it.next().captured(1);
        QVERIFY(expected.contains(QLatin1String("search")) && expected.contains(QLatin1String("samples")));
        QCOMPARE(asSet(complete(QString())), asSet(expected));
        QCOMPARE(complete(QStringLiteral("sw")), QStringList{QStringLiteral("sweep")});
    }

    void algorithmsAreTheRegisteredOnes()
    {
        QStringList expected;
        for (cocco::Algorithm a : cocco::allAlgorithms())
            expected << QString::fromLatin1(cocco::algorithmName(a));
        QCOMPARE(asSet(complete(QStringLiteral("search zoo:resnet18 --algo "))), asSet(expected));
        QCOMPARE(complete(QStringLiteral("compare zoo:resnet18 --algos ga,rs")), QStringList{QStringLiteral("ga,rs-ga")});
    }

    void objectives()
    {
        const QStringList got = complete(QStringLiteral("search zoo:resnet18 --objective "));
        QCOMPARE(got.size(), 4);
        for (const QString &o : got) {
            cocco::Objective parsed;
            QVERIFY2(cocco::parseObjective(o.toStdString(), &parsed), qPrintable(o));
            QCOMPARE(QString::fromLatin1(cocco::objectiveName(parsed)), o);
        }
        QCOMPARE(asSet(complete(QStringLiteral("sweep m --buffer "))), (QSet<QString>{"separate", "shared"}));
    }

    void zooModels()
    {
        QCOMPARE(asSet(complete(QStringLiteral("zoo export "))), asSet(zooNames()));
        QCOMPARE(asSet(complete(QStringLiteral("zoo "))), (QSet<QString>{"list", "export"}));
        // zoo:NAME is completed past the colon (a word break for bash).
        QStringList res;
        for (const QString &n : zooNames())
            if (n.startsWith(QLatin1String("res")))
                res << n;
        QCOMPARE(asSet(complete(QStringLiteral("info zoo:res"))), asSet(res));
    }

    void hardwareSamples()
    {
        const QStringList got = complete(QStringLiteral("evaluate zoo:resnet18 --hw sep"));
        QVERIFY2(got.contains(QLatin1String("separate_s")) && got.contains(QLatin1String("separate_l")), qPrintable(got.join(' ')));
    }

    void options_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QStringList>("present");
        QTest::addColumn<QStringList>("absent");
        QTest::newRow("search") << "search" << QStringList{"--algo", "--hw", "--budget", "--seed", "--co-explore", "--json", "--quiet", "-o"}
                                << QStringList{"--partition", "--algos"};
        QTest::newRow("evaluate") << "evaluate" << QStringList{"--hw", "--partition", "--singletons", "--whole", "--fixed-length", "--tiles"}
                                  << QStringList{"--algo", "--budget"};
        QTest::newRow("info") << "info" << QStringList{"--json", "--input-shape"} << QStringList{"--hw"};
        QTest::newRow("sweep") << "sweep" << QStringList{"--algos", "--points", "-o"} << QStringList{"--algo"};
        QTest::newRow("samples") << "samples" << QStringList{"--dir"} << QStringList{"--json"};
    }
    void options()
    {
        QFETCH(QString, command);
        QFETCH(QStringList, present);
        QFETCH(QStringList, absent);
        const QSet<QString> got = asSet(complete(command + QStringLiteral(" m -")));
        for (const QString &o : present)
            QVERIFY2(got.contains(o), qPrintable(o));
        for (const QString &o : absent)
            QVERIFY2(!got.contains(o), qPrintable(o));
        // Every offered option is one the command accepts: it is not refused as unknown.
        for (const QString &o : got) {
            if (o == QLatin1String("--help"))
                continue;
            const auto run = testsupport::runCocco({command, o});
            QVERIFY2(!run.err.contains("unknown option"), qPrintable(command + ' ' + o + ": " + run.err));
        }
    }
};

QTEST_GUILESS_MAIN(TestCliCompletion)
#include "tst_cli_completion.moc"
