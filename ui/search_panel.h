// Search panel: algorithm and budget settings, Run / Cancel / Compare; the search runs on a worker
// thread and its results reach the state.
#pragma once

#include <QWidget>

namespace ui {

class WorkbenchState;

class SearchPanel : public QWidget {
    Q_OBJECT
public:
    explicit SearchPanel(WorkbenchState *state, QWidget *parent = nullptr);
    ~SearchPanel() override;

    bool isRunning() const { return m_running; }

public slots:
    void run();
    void cancel();
    void compare();

signals:
    // After state->addResult(...) of a finished / cancelled run or of the last run of a compare.
    void runFinished();

private:
    WorkbenchState *m_state;
    bool m_running = false;
};

} // namespace ui
