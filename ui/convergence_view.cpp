#include "convergence_view.h"

#include "workbench_state.h"

#include <qcustomplot.h>

namespace ui {

ConvergenceView::ConvergenceView(WorkbenchState *state, QWidget *parent) : QWidget(parent), m_state(state) {}
ConvergenceView::~ConvergenceView() = default;

QList<QPair<QString, QCustomPlot *>> ConvergenceView::figures() const { return {}; }

} // namespace ui
