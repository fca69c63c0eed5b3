#include "app_identity.h"

#include "model/version.h"

#include <QCoreApplication>
#include <QFile>

// The resources live in the static cocco_ui library: without a reference the linker drops them.
static void initResources()
{
    static const bool registered = [] {
        Q_INIT_RESOURCE(cocco_workbench);
        return true;
    }();
    (void)registered;
}

namespace ui {

void setApplicationMetadata()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Cocco"));
    QCoreApplication::setApplicationName(QStringLiteral("Cocco Workbench"));
    QCoreApplication::setApplicationVersion(QString::fromStdString(cocco::versionString()));
}

QIcon applicationIcon()
{
    initResources();
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/cocco/icons/%1.png").arg(size), QSize(size, size));
    return icon;
}

QString aboutText()
{
    initResources();
    QFile file(QStringLiteral(":/cocco/about.html"));
    const QString text = file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    return text.arg(QString::fromStdString(cocco::versionString()).toHtmlEscaped(), QString::fromLatin1(qVersion()));
}

} // namespace ui
