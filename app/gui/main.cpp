// cocco-workbench: the desktop GUI. Without options it opens zoo:resnet50 (or the model given);
// with --export-figures / --screenshot / --quit it runs scripted (see ui/scripted_run.h).
#include "main_window.h"
#include "scripted_run.h"
#include "workbench_state.h"

#include "search/search.h"

#include <QApplication>
#include <QTimer>

#include <cstdio>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Cocco"));
    QApplication::setApplicationName(QStringLiteral("Cocco Workbench"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    qRegisterMetaType<cocco::SearchProgress>();
    qRegisterMetaType<cocco::SearchResult>();

    ui::ScriptOptions options;
    QString error;
    if (!ui::parseScriptOptions(QApplication::arguments(), &options, &error)) {
        std::fprintf(stderr, "cocco-workbench: %s\n", qPrintable(error));
        return 2;
    }

    ui::WorkbenchState state;
    ui::MainWindow window(&state);

    if (!options.scripted()) {
        // Interactive: last window layout, then the requested model (errors in a message box) or
        // the default one. (Scripted runs keep the default layout so screenshots are reproducible.)
        window.restoreSettings();
        window.show();
        const QString spec = options.model.isEmpty() ? QStringLiteral("zoo:resnet50") : options.model;
        const cocco::LoadOptions load = options.load;
        QTimer::singleShot(0, &window, [&window, spec, load] { window.openModelInteractive(spec, load); });
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
