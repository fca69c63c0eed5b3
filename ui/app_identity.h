// Who the workbench is: application name and version (the one from project(), with the git
// commit), its icon and the About text, both from the resources compiled in
// (resources/cocco_workbench.qrc).
#pragma once

#include <QIcon>
#include <QString>

namespace ui {

// Organisation, application name (QSettings keys) and version. Works with a QCoreApplication, so
// --help and --version can be answered without a display.
void setApplicationMetadata();

// The application icon in every rendered size (16 to 256 px).
QIcon applicationIcon();

// The About box's rich text: version, method citation, licence.
QString aboutText();

} // namespace ui
