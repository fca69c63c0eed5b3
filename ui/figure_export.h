// "Render to a path": every figure (graph, plots, occupancy) is exported through here as PNG, PDF
// or SVG (chosen by the suffix), written atomically through QSaveFile.
#pragma once

#include <QSize>
#include <QString>

#include <functional>

class QPainter;
class QCustomPlot;
class QWidget;

namespace ui {

// paint(painter, size) draws the figure into a painter whose device is `size` pixels/points.
// Returns false with *error set (naming the file) on failure; never leaves a partial file.
bool exportFigure(const QString &path, QSize size, const std::function<void(QPainter &, QSize)> &paint,
                  QString *error);
bool exportPlot(QCustomPlot *plot, const QString &path, QString *error, QSize size = {});
bool exportWidget(QWidget *widget, const QString &path, QString *error);

// The suffixes exportFigure understands.
QStringList figureFormats(); // {"png", "pdf", "svg"}

} // namespace ui
