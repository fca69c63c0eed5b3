#include "hardware_panel.h"

#include "slider_spin.h"
#include "workbench_state.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

constexpr double kKiBd = 1024.0;

enum Metric { Ema, Energy, EDram, ESram, EMac, Latency, BwAvg, BwPeak, Buffer, Cost, MetricCount };

struct MetricSpec {
    const char *name;
    const char *unit;
    int decimals;
    const char *tip;
};

const MetricSpec kMetricSpecs[MetricCount] = {
    {"EMA", "MiB", 3, "External memory access of the current partition"},
    {"Energy", "µJ", 2, "Total energy: DRAM + SRAM + MAC"},
    {"  DRAM", "µJ", 2, "DRAM access energy"},
    {"  SRAM", "µJ", 2, "On-chip buffer access energy"},
    {"  MAC", "µJ", 2, "Arithmetic energy"},
    {"Latency", "ms", 3, "Sum over subgraphs of max(compute, DRAM) time"},
    {"Bandwidth avg", "GB/s", 2, "Total EMA / total compute time"},
    {"Bandwidth peak", "GB/s", 2, "Largest bandwidth requirement of one subgraph"},
    {"Buffer", "KiB", 0, "A + W (separate) or S (shared)"},
    {"Cost", "MB-eq", 4, "Co-exploration objective: buffer bytes + α · energy pJ (shown ×1e-6)"},
};

void gridRange(SliderSpin *s, const cocco::CapacityGrid &g)
{
    s->setRange(double(g.minBytes) / kKiBd, double(g.maxBytes) / kKiBd, double(g.stepBytes) / kKiBd);
}

// Shows a value from the state; a value outside the slider's range (from a hardware file) widens it.
void showValue(SliderSpin *s, double v)
{
    if (v < s->minimum() || v > s->maximum())
        s->setRange(std::min(v, s->minimum()), std::max(v, s->maximum()), s->step());
    s->setValueSilently(v);
}

} // namespace

HardwarePanel::HardwarePanel(WorkbenchState *state, QWidget *parent) : QWidget(parent), m_state(state)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);
    auto *inner = new QWidget(scroll);
    scroll->setWidget(inner);
    auto *lay = new QVBoxLayout(inner);

    auto *buffers = new QGroupBox(tr("On-chip buffers"), inner);
    auto *bf = new QFormLayout(buffers);
    m_mode = new QComboBox(buffers);
    m_mode->setObjectName(QStringLiteral("bufferMode"));
    m_mode->addItem(tr("Separate (A + W)"));
    m_mode->addItem(tr("Shared (S)"));
    m_mode->setToolTip(tr("Separate activation and weight buffers, or one shared buffer"));
    bf->addRow(tr("Mode"), m_mode);
    const cocco::HardwareConfig &hw0 = state->hardware();
    m_act = addField(bf, tr("A (activations)"), QStringLiteral("actBuffer"), 128, 2048, 64, 0, tr(" KiB"),
                     tr("Global / activation buffer, snapped to the capacity grid"));
    m_weight = addField(bf, tr("W (weights)"), QStringLiteral("weightBuffer"), 144, 2304, 72, 0, tr(" KiB"),
                        tr("Weight buffer, snapped to the capacity grid"));
    m_shared = addField(bf, tr("S (shared)"), QStringLiteral("sharedBuffer"), 128, 3072, 64, 0, tr(" KiB"),
                        tr("One buffer for activations and weights, snapped to the capacity grid"));
    gridRange(m_act, hw0.actGrid);
    gridRange(m_weight, hw0.weightGrid);
    gridRange(m_shared, hw0.sharedGrid);
    lay->addWidget(buffers);

    auto *compute = new QGroupBox(tr("Compute and DRAM"), inner);
    auto *cf = new QFormLayout(compute);
    m_dram = addField(cf, tr("DRAM bandwidth"), QStringLiteral("dramBandwidth"), 1, 512, 1, 0, tr(" GB/s"),
                      tr("DRAM bandwidth in GB/s (1e9 bytes/s)"));
    m_peRows = addField(cf, tr("PE rows"), QStringLiteral("peRows"), 1, 64, 1, 0, {}, tr("Rows of the PE array"));
    m_peCols = addField(cf, tr("PE columns"), QStringLiteral("peCols"), 1, 64, 1, 0, {}, tr("Columns of the PE array"));
    m_macRows = addField(cf, tr("MAC rows / PE"), QStringLiteral("macRowsPerPe"), 1, 64, 1, 0, {},
                         tr("MAC array inside one PE: input channels"));
    m_macCols = addField(cf, tr("MAC cols / PE"), QStringLiteral("macColsPerPe"), 1, 64, 1, 0, {},
                         tr("MAC array inside one PE: output channels"));
    m_clock = addField(cf, tr("Clock"), QStringLiteral("clock"), 0.1, 4, 0.05, 2, tr(" GHz"), tr("Clock frequency"));
    lay->addWidget(compute);

    auto *energy = new QGroupBox(tr("Energy constants"), inner);
    auto *ef = new QFormLayout(energy);
    m_eDram = addField(ef, tr("DRAM"), QStringLiteral("energyDram"), 1, 1000, 0.5, 1, tr(" pJ/B"),
                       tr("Energy per byte of DRAM access"));
    m_eSram = addField(ef, tr("SRAM @ 1 MiB"), QStringLiteral("energySram"), 0.05, 50, 0.05, 2, tr(" pJ/B"),
                       tr("Energy per byte accessed in a 1 MiB SRAM; scales with sqrt(capacity / 1 MiB)"));
    m_eMac = addField(ef, tr("MAC"), QStringLiteral("energyMac"), 0.01, 10, 0.01, 2, tr(" pJ"),
                      tr("Energy per INT8 multiply-accumulate"));
    lay->addWidget(energy);

    auto *work = new QGroupBox(tr("Workload"), inner);
    auto *wf = new QFormLayout(work);
    m_elem = addField(wf, tr("Element size"), QStringLiteral("elementBytes"), 1, 4, 1, 0, tr(" B"),
                      tr("Bytes per tensor / weight element"));
    m_batch = addField(wf, tr("Batch"), QStringLiteral("batch"), 1, 64, 1, 0, {}, tr("Samples per inference (N)"));
    m_maxNodes = addField(wf, tr("Max subgraph nodes"), QStringLiteral("maxSubgraphNodes"), 1, 256, 1, 0, {},
                          tr("Region register file size: most layers one subgraph may hold"));
    lay->addWidget(work);

    m_error = new QLabel(inner);
    m_error->setObjectName(QStringLiteral("validationMessage"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();
    lay->addWidget(m_error);

    auto *metrics = new QGroupBox(tr("Metrics of the current partition"), inner);
    auto *mg = new QGridLayout(metrics);
    for (const MetricSpec &m : kMetricSpecs)
        addMetricRow(mg, QString::fromUtf8(m.name).trimmed(), QString::fromUtf8(m.tip));
    m_status = new QLabel(metrics);
    m_status->setObjectName(QStringLiteral("costStatus"));
    m_status->setWordWrap(true);
    mg->addWidget(m_status, MetricCount, 0, 1, 3);
    lay->addWidget(metrics);
    lay->addStretch(1);

    m_now.assign(MetricCount, std::nan(""));
    m_before.assign(MetricCount, std::nan(""));

    using Hw = cocco::HardwareConfig;
    auto toInt = [](double v) { return static_cast<int>(std::lround(v)); };
    m_setters = {
        {m_act, [](Hw &hw, double v) { hw.actBufferBytes = hw.actGrid.snap(v * kKiBd); }},
        {m_weight, [](Hw &hw, double v) { hw.weightBufferBytes = hw.weightGrid.snap(v * kKiBd); }},
        {m_shared, [](Hw &hw, double v) { hw.sharedBufferBytes = hw.sharedGrid.snap(v * kKiBd); }},
        {m_dram, [](Hw &hw, double v) { hw.dramGBps = v; }},
        {m_peRows, [toInt](Hw &hw, double v) { hw.peRows = toInt(v); }},
        {m_peCols, [toInt](Hw &hw, double v) { hw.peCols = toInt(v); }},
        {m_macRows, [toInt](Hw &hw, double v) { hw.macRowsPerPe = toInt(v); }},
        {m_macCols, [toInt](Hw &hw, double v) { hw.macColsPerPe = toInt(v); }},
        {m_clock, [](Hw &hw, double v) { hw.clockGHz = v; }},
        {m_eDram, [](Hw &hw, double v) { hw.energy.dramPjPerByte = v; }},
        {m_eSram, [](Hw &hw, double v) { hw.energy.sramPjPerByte1MiB = v; }},
        {m_eMac, [](Hw &hw, double v) { hw.energy.macPj = v; }},
        {m_elem, [toInt](Hw &hw, double v) { hw.elementBytes = toInt(v); }},
        {m_batch, [toInt](Hw &hw, double v) { hw.batch = toInt(v); }},
        {m_maxNodes, [toInt](Hw &hw, double v) { hw.maxSubgraphNodes = toInt(v); }},
    };
    connect(m_mode, &QComboBox::currentIndexChanged, this, &HardwarePanel::onModeEdited);
    for (const auto &field : m_setters) {
        SliderSpin *s = field.first;
        connect(s, &SliderSpin::valueEdited, this, [this, s](double v) { onFieldEdited(s, v); });
    }
    connect(m_state, &WorkbenchState::hardwareChanged, this, &HardwarePanel::onStateHardwareChanged);
    connect(m_state, &WorkbenchState::costChanged, this, &HardwarePanel::onCostChanged);
    connect(m_state, &WorkbenchState::searchConfigChanged, this, &HardwarePanel::onCostChanged); // α of Cost
    connect(m_state, &WorkbenchState::modelChanged, this, &HardwarePanel::onCostChanged);
    syncFromState();
    updateMetrics();
}

HardwarePanel::~HardwarePanel() = default;

SliderSpin *HardwarePanel::addField(QFormLayout *form, const QString &label, const QString &name, double minimum,
                                    double maximum, double step, int decimals, const QString &suffix,
                                    const QString &tip)
{
    auto *s = new SliderSpin(minimum, maximum, step, decimals, suffix, form->parentWidget());
    s->setObjectName(name);
    s->setToolTip(tip);
    form->addRow(label, s);
    return s;
}

void HardwarePanel::addMetricRow(QGridLayout *grid, const QString &name, const QString &tip)
{
    const int row = static_cast<int>(m_metrics.size());
    const MetricSpec &spec = kMetricSpecs[row];
    auto *label = new QLabel(QStringLiteral("%1 (%2)").arg(QString::fromUtf8(spec.name), QString::fromUtf8(spec.unit)));
    label->setToolTip(tip);
    auto *value = new QLabel(QStringLiteral("—"));
    value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *delta = new QLabel;
    delta->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    delta->setMinimumWidth(110);
    grid->addWidget(label, row, 0);
    grid->addWidget(value, row, 1);
    grid->addWidget(delta, row, 2);
    m_metrics.push_back({name, value, delta});
}

cocco::HardwareConfig HardwarePanel::editedHardware() const
{
    return m_rejected ? m_rejectedHw : m_state->hardware();
}

QString HardwarePanel::validationMessage() const { return m_error->isHidden() ? QString() : m_error->text(); }

QString HardwarePanel::metricText(const QString &name) const
{
    for (const MetricRow &r : m_metrics)
        if (r.name == name)
            return r.value->text() + QLatin1Char(' ') + r.delta->text();
    return {};
}

void HardwarePanel::onModeEdited()
{
    updateModeEnabling();
    cocco::HardwareConfig hw = m_state->hardware();
    hw.mode = m_mode->currentIndex() == 1 ? cocco::BufferMode::Shared : cocco::BufferMode::Separate;
    apply(hw);
}

void HardwarePanel::onFieldEdited(SliderSpin *field, double value)
{
    // Only the edited field changes: a value the widgets show rounded or clamped (a clock of
    // 1.234 GHz, a bandwidth above the slider's range from a hardware file) is never written back.
    cocco::HardwareConfig hw = m_state->hardware();
    for (const auto &[spin, set] : m_setters)
        if (spin == field)
            set(hw, value);
    apply(hw);
}

void HardwarePanel::apply(const cocco::HardwareConfig &hw)
{
    const cocco::Status st = cocco::validateHardware(hw);
    if (!st.ok()) {
        // Keep the state on the last good config; the user sees why this one is refused.
        m_rejected = true;
        m_rejectedHw = hw;
        m_error->setText(tr("Not applied: %1").arg(QString::fromStdString(st.message())));
        m_error->show();
        return;
    }
    m_rejected = false;
    m_error->hide();
    if (hw == m_state->hardware())
        return;
    m_state->setHardware(hw);
}

void HardwarePanel::onStateHardwareChanged()
{
    syncFromState();
}

void HardwarePanel::onCostChanged() { updateMetrics(); }

void HardwarePanel::syncFromState()
{
    const cocco::HardwareConfig &hw = m_state->hardware();
    {
        const QSignalBlocker b(m_mode);
        m_mode->setCurrentIndex(hw.mode == cocco::BufferMode::Shared ? 1 : 0);
    }
    gridRange(m_act, hw.actGrid);
    gridRange(m_weight, hw.weightGrid);
    gridRange(m_shared, hw.sharedGrid);
    m_act->setValueSilently(double(hw.actBufferBytes) / kKiBd);
    m_weight->setValueSilently(double(hw.weightBufferBytes) / kKiBd);
    m_shared->setValueSilently(double(hw.sharedBufferBytes) / kKiBd);
    showValue(m_dram, hw.dramGBps);
    showValue(m_peRows, hw.peRows);
    showValue(m_peCols, hw.peCols);
    showValue(m_macRows, hw.macRowsPerPe);
    showValue(m_macCols, hw.macColsPerPe);
    showValue(m_clock, hw.clockGHz);
    showValue(m_eDram, hw.energy.dramPjPerByte);
    showValue(m_eSram, hw.energy.sramPjPerByte1MiB);
    showValue(m_eMac, hw.energy.macPj);
    showValue(m_elem, hw.elementBytes);
    showValue(m_batch, hw.batch);
    showValue(m_maxNodes, hw.maxSubgraphNodes);
    m_rejected = false;
    m_error->hide();
    updateModeEnabling();
}

void HardwarePanel::updateModeEnabling()
{
    const bool shared = m_mode->currentIndex() == 1;
    m_act->setEnabled(!shared);
    m_weight->setEnabled(!shared);
    m_shared->setEnabled(shared);
}

void HardwarePanel::updateMetrics()
{
    if (!m_state->hasModel()) {
        for (const MetricRow &r : m_metrics) {
            r.value->setText(QStringLiteral("—"));
            r.delta->clear();
        }
        m_status->setText(tr("No model loaded."));
        return;
    }
    const cocco::PartitionCost &c = m_state->cost();
    const cocco::HardwareConfig &hw = m_state->hardware();
    std::vector<double> v(MetricCount);
    v[Ema] = c.emaBytes / double(cocco::kMiB);
    v[Energy] = c.energyPj * 1e-6;
    v[EDram] = c.energyDramPj * 1e-6;
    v[ESram] = c.energySramPj * 1e-6;
    v[EMac] = c.energyMacPj * 1e-6;
    v[Latency] = c.latencyMs;
    v[BwAvg] = c.bwAvgGBps;
    v[BwPeak] = c.bwPeakGBps;
    v[Buffer] = double(hw.bufferBytes()) / kKiBd;
    v[Cost] = cocco::objectiveValue(c, hw, cocco::Objective::Cost, m_state->searchConfig().alpha) * 1e-6;
    if (v != m_now) {
        m_before = m_now;
        m_now = v;
    }
    for (size_t i = 0; i < m_metrics.size(); ++i)
        setMetric(i, kMetricSpecs[i].decimals);

    const size_t spilling = static_cast<size_t>(
        std::count_if(c.subgraphs.begin(), c.subgraphs.end(), [](const cocco::SubgraphCost &s) { return s.spilling; }));
    QString status = tr("%n subgraph(s)", nullptr, static_cast<int>(c.subgraphs.size()));
    if (spilling > 0)
        status += tr(", %1 spilling (weights streamed)").arg(spilling);
    if (!c.valid)
        status += QStringLiteral("<br><span style='color:#b00020'>%1</span>")
                      .arg(tr("Invalid: %1").arg(QString::fromStdString(c.reason).toHtmlEscaped()));
    m_status->setText(status);
}

void HardwarePanel::setMetric(size_t row, int decimals)
{
    const MetricRow &r = m_metrics[row];
    const double now = m_now[row], before = m_before[row];
    r.value->setText(std::isfinite(now) ? QLocale().toString(now, 'f', decimals) : QStringLiteral("—"));
    if (!std::isfinite(before) || !std::isfinite(now) || now == before) {
        r.delta->setText(QStringLiteral("<span style='color:#888'>±0</span>"));
        return;
    }
    const double d = now - before;
    const double pct = before != 0 ? 100.0 * d / std::fabs(before) : 0.0;
    // Every metric here is "lower is better", so a decrease is green.
    const QString colour = d < 0 ? QStringLiteral("#1b7f2a") : QStringLiteral("#b00020");
    r.delta->setText(QStringLiteral("<span style='color:%1'>%2%3 (%4%5%)</span>")
                         .arg(colour, d > 0 ? QStringLiteral("+") : QString(), QLocale().toString(d, 'f', decimals),
                              pct > 0 ? QStringLiteral("+") : QString(), QLocale().toString(pct, 'f', 1)));
}

} // namespace ui
