// Runs the built `cocco` CLI as a user would, for the CLI tests.
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace testsupport {

struct CliRun {
    int code = -1; // exit code; -1 = did not finish in time, -2 = crashed
    QByteArray out, err;
};

inline QString coccoBinary() { return QStringLiteral(COCCO_BINARY_DIR "/app/cli/cocco"); }

inline CliRun runCocco(const QStringList &args, int timeoutMs = 300000)
{
    QProcess p;
    p.start(coccoBinary(), args);
    CliRun r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace testsupport
