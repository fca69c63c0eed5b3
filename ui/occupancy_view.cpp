#include "occupancy_view.h"

#include "workbench_state.h"

#include <qcustomplot.h>

namespace ui {

OccupancyView::OccupancyView(WorkbenchState *state, QWidget *parent) : QWidget(parent), m_state(state) {}
OccupancyView::~OccupancyView() = default;

QList<QPair<QString, QCustomPlot *>> OccupancyView::figures() const { return {}; }

} // namespace ui
