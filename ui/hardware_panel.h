// Hardware panel: a slider + spin box for every HardwareConfig field the user tunes (buffers,
// DRAM bandwidth, PE array, clock, energy constants, element size, batch, max subgraph nodes)
// and the one buffer-mode widget (α, a search setting, is on the Search panel). A change is validated by core and applied to the state at once,
// which re-evaluates the current partition; the metrics box shows each metric and its change.
#pragma once

#include "cost/hardware.h"

#include <QWidget>

#include <functional>
#include <utility>
#include <vector>

class QComboBox;
class QLabel;
class QGroupBox;
class QFormLayout;
class QGridLayout;

namespace ui {

class WorkbenchState;
class SliderSpin;

class HardwarePanel : public QWidget {
    Q_OBJECT
public:
    explicit HardwarePanel(WorkbenchState *state, QWidget *parent = nullptr);
    ~HardwarePanel() override;

    // The config of the last edit the panel refused, else the state's hardware (for tests).
    cocco::HardwareConfig editedHardware() const;
    // The message of the last rejected edit, empty when the widgets hold a valid config.
    QString validationMessage() const;
    // Text of the metrics box row `name` ("EMA", "Energy", ..., "Cost"): value and change.
    QString metricText(const QString &name) const;

private:
    struct MetricRow {
        QString name;
        QLabel *value = nullptr;
        QLabel *delta = nullptr;
    };

    void onFieldEdited(SliderSpin *field, double value);
    void onModeEdited();
    void apply(const cocco::HardwareConfig &hw);
    void onStateHardwareChanged();
    void onCostChanged();
    void syncFromState();
    void updateMetrics();
    void updateModeEnabling();
    SliderSpin *addField(QFormLayout *form, const QString &label, const QString &name, double minimum,
                         double maximum, double step, int decimals, const QString &suffix, const QString &tip);
    void addMetricRow(QGridLayout *grid, const QString &name, const QString &tip);
    void setMetric(size_t row, int decimals);

    WorkbenchState *m_state;
    QComboBox *m_mode = nullptr;
    SliderSpin *m_act = nullptr, *m_weight = nullptr, *m_shared = nullptr;
    SliderSpin *m_dram = nullptr, *m_peRows = nullptr, *m_peCols = nullptr, *m_macRows = nullptr,
               *m_macCols = nullptr, *m_clock = nullptr;
    SliderSpin *m_eDram = nullptr, *m_eSram = nullptr, *m_eMac = nullptr;
    SliderSpin *m_elem = nullptr, *m_batch = nullptr, *m_maxNodes = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_status = nullptr;
    std::vector<MetricRow> m_metrics;
    // Which HardwareConfig field each slider edits.
    std::vector<std::pair<SliderSpin *, std::function<void(cocco::HardwareConfig &, double)>>> m_setters;
    bool m_rejected = false;
    cocco::HardwareConfig m_rejectedHw;
    // Values shown now and the distinct values shown before them (the Δ is their difference).
    std::vector<double> m_now, m_before;
};

} // namespace ui
