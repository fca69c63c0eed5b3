#include "capacity_line.h"

#include <qcustomplot.h>

namespace ui {

namespace {
// Lines above this share of the y range are labelled below: above them the text would run past
// the axis rect's top at the docks' default heights.
constexpr double kLabelBelowFrom = 0.75;
} // namespace

void addCapacityLine(QCustomPlot *plot, const QString &buffer, double kib, const QString &text, double yMax)
{
    auto *line = new QCPItemStraightLine(plot);
    line->point1->setCoords(0, kib);
    line->point2->setCoords(1, kib);
    line->setPen(QPen(buffer == QLatin1String("W") ? QColor(120, 60, 0) : QColor(176, 0, 32), 1.5, Qt::DashLine));
    auto *label = new QCPItemText(plot);
    const bool left = buffer == QLatin1String("A");
    label->setPositionAlignment((left ? Qt::AlignLeft : Qt::AlignRight) | (kib > kLabelBelowFrom * yMax ? Qt::AlignTop : Qt::AlignBottom));
    label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    label->position->setTypeY(QCPItemPosition::ptPlotCoords);
    label->position->setCoords(left ? 0.005 : 0.995, kib);
    label->setText(text);
    label->setColor(line->pen().color());
    label->setFont(QFont(plot->font().family(), 8));
}

} // namespace ui
