#include "palette.h"

#include <cmath>

namespace ui {

namespace {
// Twelve well-separated hues, then the same hues at other saturation/value so neighbouring ids
// never look alike.
constexpr int kHues[] = {210, 30, 120, 0, 270, 55, 180, 330, 90, 240, 15, 150};
}

QColor subgraphColor(int id)
{
    if (id < 0)
        return QColor(220, 220, 220);
    const int hue = kHues[id % 12];
    const int round = (id / 12) % 3;
    const int sat = round == 0 ? 110 : (round == 1 ? 70 : 150);
    const int val = round == 0 ? 245 : (round == 1 ? 230 : 225);
    return QColor::fromHsv(hue, sat, val);
}

QColor subgraphOutline(int id)
{
    if (id < 0)
        return QColor(120, 120, 120);
    return subgraphColor(id).darker(170);
}

} // namespace ui
