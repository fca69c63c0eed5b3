#include "hardware_panel.h"

#include "workbench_state.h"

namespace ui {

HardwarePanel::HardwarePanel(WorkbenchState *state, QWidget *parent) : QWidget(parent), m_state(state) {}
HardwarePanel::~HardwarePanel() = default;

} // namespace ui
