#include "search_panel.h"

#include "workbench_state.h"

namespace ui {

SearchPanel::SearchPanel(WorkbenchState *state, QWidget *parent) : QWidget(parent), m_state(state) {}
SearchPanel::~SearchPanel() = default;

void SearchPanel::run() {}
void SearchPanel::cancel() {}
void SearchPanel::compare() {}

} // namespace ui
