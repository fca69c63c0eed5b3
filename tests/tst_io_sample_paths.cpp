// Issue 15: the one lookup of the samples directory, from the build tree and by $COCCO_SAMPLES_DIR
// (the installed layout, ../share/cocco/samples next to the executable, is checked on an
// installed copy by tests/install/check_install.sh).
#include "io/sample_paths.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

class TestSamplePaths : public QObject {
    Q_OBJECT
private slots:
    void init() { unsetenv("COCCO_SAMPLES_DIR"); }
    void cleanup() { unsetenv("COCCO_SAMPLES_DIR"); }

    void buildTreeFindsTheSourceSamples()
    {
        const std::string dir = cocco::samplesDirectory();
        QVERIFY(!dir.empty());
        QVERIFY(fs::equivalent(dir, fs::path(COCCO_SOURCE_DIR) / "samples"));
        const auto files = cocco::sampleFiles();
        QVERIFY(std::find(files.begin(), files.end(), "hw/default.json") != files.end());
        QVERIFY(std::find(files.begin(), files.end(), "models/resnet50.json") != files.end());
        QVERIFY(std::is_sorted(files.begin(), files.end()));
    }

    void environmentOverrides()
    {
        QTemporaryDir tmp;
        fs::create_directories(fs::path(tmp.path().toStdString()) / "hw");
        std::ofstream(fs::path(tmp.path().toStdString()) / "hw" / "mine.json") << "{}";
        setenv("COCCO_SAMPLES_DIR", tmp.path().toLocal8Bit().constData(), 1);
        QVERIFY(fs::equivalent(cocco::samplesDirectory(), tmp.path().toStdString()));
        QCOMPARE(cocco::sampleFiles(), std::vector<std::string>{"hw/mine.json"});
        // A directory that does not exist is skipped, not an error.
        setenv("COCCO_SAMPLES_DIR", "/nonexistent/cocco-samples", 1);
        QVERIFY(fs::equivalent(cocco::samplesDirectory(), fs::path(COCCO_SOURCE_DIR) / "samples"));
    }

    void hardwareArgument_data()
    {
        QTest::addColumn<QString>("arg");
        QTest::addColumn<QString>("expected"); // relative to the source tree; "=" means unchanged
        QTest::newRow("name") << "separate_s" << "samples/hw/separate_s.json";
        QTest::newRow("name.json") << "shared_l.json" << "samples/hw/shared_l.json";
        QTest::newRow("unknown name") << "no_such_config" << "=";
        QTest::newRow("path") << "hw/separate_s.json" << "=";
        QTest::newRow("empty") << "" << "=";
    }
    void hardwareArgument()
    {
        QFETCH(QString, arg);
        QFETCH(QString, expected);
        const std::string got = cocco::resolveHardwareArgument(arg.toStdString());
        if (expected == QLatin1String("="))
            QCOMPARE(QString::fromStdString(got), arg);
        else
            QVERIFY2(fs::equivalent(got, fs::path(COCCO_SOURCE_DIR) / expected.toStdString()), got.c_str());
    }

    void anExistingFileWinsOverASample()
    {
        QTemporaryDir tmp;
        QVERIFY(QDir::setCurrent(tmp.path()));
        std::ofstream("separate_s") << "{}";
        QCOMPARE(cocco::resolveHardwareArgument("separate_s"), std::string("separate_s"));
    }
};

QTEST_GUILESS_MAIN(TestSamplePaths)
#include "tst_io_sample_paths.moc"
