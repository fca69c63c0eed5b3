#include "session.h"

#include <QFile>
#include <QSaveFile>

namespace ui {

bool writeTextFile(const QString &path, const std::string &text, QString *error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, f.errorString());
        return false;
    }
    if (f.write(text.data(), qint64(text.size())) != qint64(text.size())) {
        *error = QStringLiteral("%1: %2").arg(path, f.errorString());
        f.cancelWriting();
        return false;
    }
    if (!f.commit()) {
        *error = QStringLiteral("%1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

bool readTextFile(const QString &path, std::string *text, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, f.errorString());
        return false;
    }
    const QByteArray data = f.readAll();
    text->assign(data.constData(), size_t(data.size()));
    return true;
}

} // namespace ui
