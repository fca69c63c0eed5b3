// The workbench's side of the experiment files: the formats themselves (config, results, session,
// fronts CSV) are core's (io/experiment.h), so the CLI reads what the GUI writes; this adds the Qt
// file access, written atomically through QSaveFile.
#pragma once

#include "io/experiment.h"

#include <QString>

#include <string>

namespace ui {

// Atomic text write (QSaveFile); false with *error naming the file.
bool writeTextFile(const QString &path, const std::string &text, QString *error);
bool readTextFile(const QString &path, std::string *text, QString *error);

} // namespace ui
