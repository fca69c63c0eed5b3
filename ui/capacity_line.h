// A dashed horizontal capacity line with its label ("A = 1024 KiB"), shared by the occupancy and
// timeline plots: A on the left, W and S on the right, so close capacities never print over each other;
// a line in the top quarter of the y range has its label below it, where the axis rect cannot clip it.
#pragma once

#include <QString>

class QCustomPlot;

namespace ui {

// `buffer` is "A", "W" or "S" (it picks the colour and the side); `text` the label to print; `yMax`
// the top of the y range the plot will show.
void addCapacityLine(QCustomPlot *plot, const QString &buffer, double kib, const QString &text, double yMax);

} // namespace ui
