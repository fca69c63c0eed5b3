// One deterministic palette: subgraph id -> colour, shared by the graph view, tables, occupancy
// chart and legends.
#pragma once

#include <QColor>

namespace ui {

// Fill colour of subgraph `id` (>= 0); light enough for black text. Negative ids (network inputs,
// unassigned) get a neutral grey.
QColor subgraphColor(int id);
// A darker variant of the same hue for outlines and bar edges.
QColor subgraphOutline(int id);

} // namespace ui
