// cocco-workbench: the desktop GUI. Without options it opens zoo:resnet50 (or the model, config or
// session given); with --export-figures / --screenshot / --quit it runs scripted (see
// ui/scripted_run.h). --help and --version need no display.
#include "app_identity.h"
#include "main_window.h"
#include "scripted_run.h"
#include "startup_files.h"
#include "workbench_state.h"

#include "search/search.h"

#include <QApplication>
#include <QTimer>

#include <cstdio>
#include <cstring>

namespace {
// The options QCommandLineParser answers by printing and exiting (addHelpOption, addVersionOption).
bool asksForHelpOrVersion(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--") == 0)
            return false;
        for (const char *o : {"-h", "--help", "-?", "--help-all", "-v", "--version"})
            if (std::strcmp(argv[i], o) == 0)
                return true;
    }
    return false;
}
} // namespace

int main(int argc, char **argv)
{
    ui::ScriptOptions options;
    QString error;
    if (asksForHelpOrVersion(argc, argv)) {
        // A QApplication needs a display; the parser prints help or version and exits with only a
        // QCoreApplication. It returns when the word was an option's value (--model -v): go on.
        QCoreApplication core(argc, argv);
        ui::setApplicationMetadata();
        ui::parseScriptOptions(QCoreApplication::arguments(), &options, &error);
        options = {};
    }

    QApplication app(argc, argv);
    ui::setApplicationMetadata();
    QApplication::setWindowIcon(ui::applicationIcon());
    QGuiApplication::setDesktopFileName(QStringLiteral("cocco-workbench"));
    qRegisterMetaType<cocco::SearchProgress>();
    qRegisterMetaType<cocco::SearchResult>();

    if (!ui::parseScriptOptions(QApplication::arguments(), &options, &error)) {
        std::fprintf(stderr, "cocco-workbench: %s\n", qPrintable(error));
        return 2;
    }
    ui::routeStartupFile(&options);

    ui::WorkbenchState state;
    ui::MainWindow window(&state);

    if (!options.scripted()) {
        // Interactive: last window layout, then the requested file (errors in a message box) or
        // the default model. (Scripted runs keep the default layout so screenshots are reproducible.)
        window.restoreSettings();
        window.show();
        QTimer::singleShot(0, &window, [&window, options] { ui::openStartupFiles(&window, options); });
        return app.exec();
    }
    window.show();

    ui::ScriptedRun run(&window, options);
    int exitCode = 0;
    QObject::connect(&run, &ui::ScriptedRun::finished, &app, [&](int code, const QString &message) {
        exitCode = code;
        if (code != 0)
            std::fprintf(stderr, "cocco-workbench: %s\n", qPrintable(message));
        if (options.quit || code != 0)
            QApplication::exit(code);
    });
    QTimer::singleShot(0, &run, &ui::ScriptedRun::start);
    const int rc = app.exec();
    return exitCode != 0 ? exitCode : rc;
}
