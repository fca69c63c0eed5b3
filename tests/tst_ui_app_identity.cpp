// Issue 15: who the workbench is. The icon and the About text come from the resources compiled in;
// the window and Help > About show them; files given on the command line (what a desktop's "Open
// with" passes) open as what they are.
#include "app_identity.h"
#include "main_window.h"
#include "scripted_run.h"
#include "session.h"
#include "startup_files.h"
#include "workbench_state.h"

#include "model/version.h"
#include "support/ui_fixtures.h"

#include <QAction>
#include <QApplication>
#include <QMenuBar>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include "io/experiment.h"

#include <QtTest>

class TestAppIdentity : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        ui::setApplicationMetadata();
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_app_identity"));
    }

    void versionIsTheProgramVersion()
    {
        ui::setApplicationMetadata();
        QCOMPARE(QCoreApplication::applicationVersion(), QString::fromStdString(cocco::versionString()));
        QVERIFY(QCoreApplication::applicationVersion().startsWith(QLatin1String(cocco::programVersion())));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_app_identity"));
    }

    void iconHasEverySize_data()
    {
        QTest::addColumn<int>("size");
        for (int s : {16, 22, 24, 32, 48, 64, 128, 256})
            QTest::newRow(qPrintable(QString::number(s))) << s;
    }
    void iconHasEverySize()
    {
        QFETCH(int, size);
        const QIcon icon = ui::applicationIcon();
        QVERIFY(icon.availableSizes().contains(QSize(size, size)));
        const QImage img = icon.pixmap(QSize(size, size)).toImage();
        QCOMPARE(img.size(), QSize(size, size));
        // The die fills the middle: opaque and dark; the corners stay transparent.
        const QColor mid = img.pixelColor(size / 2, size / 2);
        QCOMPARE(mid.alpha(), 255);
        QVERIFY(img.pixelColor(0, 0).alpha() < 40);
    }

    void aboutTextNamesVersionLicenceAndPaper()
    {
        const QString text = ui::aboutText();
        QVERIFY(text.contains(QString::fromStdString(cocco::versionString()).toHtmlEscaped()));
        QVERIFY(text.contains(QLatin1String("GPL-3.0-or-later")));
        QVERIFY(text.contains(QLatin1String("Cocco: Hardware-Mapping Co-Exploration")));
        QVERIFY(text.contains(QLatin1String("ASPLOS")));
        QVERIFY(text.contains(QLatin1String("2024")));
        QVERIFY(text.contains(QLatin1String(qVersion())));
        QVERIFY(!text.contains(QLatin1String("%1")) && !text.contains(QLatin1String("%2")));
    }

    void windowAndAboutBoxShowTheIcon()
    {
        ui::WorkbenchState state;
        ui::MainWindow window(&state);
        QVERIFY(!window.windowIcon().isNull());
        QCOMPARE(window.windowIcon().availableSizes(), ui::applicationIcon().availableSizes());

        QAction *about = nullptr;
        for (QAction *menu : window.menuBar()->actions())
            if (menu->menu())
                for (QAction *a : menu->menu()->actions())
                    if (a->text().contains(QLatin1String("About Cocco")))
                        about = a;
        QVERIFY(about);
        QString shown;
        bool hasIcon = false;
        QTimer::singleShot(0, [&] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (box) {
                shown = box->text();
                hasIcon = !box->iconPixmap().isNull();
                testsupport::saveShot(box, "about");
                box->accept();
            }
        });
        about->trigger(); // modal: returns once the timer closed the box
        QCOMPARE(shown, ui::aboutText());
        QVERIFY(hasIcon);
    }

    void experimentFilesOpenAsSessions()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto write = [&](const char *name, const std::string &text) {
            const QString path = dir.filePath(QString::fromLatin1(name));
            QString error;
            if (!ui::writeTextFile(path, text, &error))
                qWarning("%s", qPrintable(error));
            return path;
        };
        cocco::ExperimentConfig config;
        config.modelSpec = "zoo:resnet18";
        const QString cfg = write("config.json", cocco::experimentConfigToJson(config));
        const QString model = QStringLiteral(COCCO_SOURCE_DIR "/samples/models/resnet18.json");
        const QString garbage = write("garbage.json", "{ not json");
        const QString otherKind = write("other.json", R"({"kind": "cocco-search-result"})");
        QVERIFY(ui::isExperimentFile(cfg));
        QVERIFY(!ui::isExperimentFile(model));
        QVERIFY(!ui::isExperimentFile(garbage));
        QVERIFY(!ui::isExperimentFile(otherKind));
        QVERIFY(!ui::isExperimentFile(dir.filePath(QStringLiteral("missing.json"))));
        QVERIFY(!ui::isExperimentFile(QStringLiteral("zoo:resnet18")));

        ui::ScriptOptions byFile;
        byFile.model = cfg;
        ui::routeStartupFile(&byFile);
        QCOMPARE(byFile.sessionPath, cfg);
        QVERIFY(byFile.model.isEmpty());
        ui::ScriptOptions byModel;
        byModel.model = model;
        ui::routeStartupFile(&byModel);
        QCOMPARE(byModel.model, model);
        QVERIFY(byModel.sessionPath.isEmpty());

        // What an interactive start then does with it: the config's model is loaded.
        ui::WorkbenchState state;
        ui::MainWindow window(&state);
        ui::openStartupFiles(&window, byFile);
        QVERIFY(state.hasModel());
        QCOMPARE(state.modelSpec(), QStringLiteral("zoo:resnet18"));
    }
};

QTEST_MAIN(TestAppIdentity)
#include "tst_ui_app_identity.moc"
