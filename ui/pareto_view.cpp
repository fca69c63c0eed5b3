#include "pareto_view.h"

#include "workbench_state.h"

#include <qcustomplot.h>

namespace ui {

ParetoView::ParetoView(WorkbenchState *state, QWidget *parent) : QWidget(parent), m_state(state) {}
ParetoView::~ParetoView() = default;

QList<QPair<QString, QCustomPlot *>> ParetoView::figures() const { return {}; }

} // namespace ui
