// Hardware panel: sliders + spin boxes for every HardwareConfig field; a change re-evaluates the
// current partition at once through the state and shows each metric's change.
#pragma once

#include <QWidget>

namespace ui {

class WorkbenchState;

class HardwarePanel : public QWidget {
    Q_OBJECT
public:
    explicit HardwarePanel(WorkbenchState *state, QWidget *parent = nullptr);
    ~HardwarePanel() override;

private:
    WorkbenchState *m_state;
};

} // namespace ui
