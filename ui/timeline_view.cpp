#include "timeline_view.h"

#include "capacity_line.h"
#include "palette.h"
#include "workbench_state.h"

#include <QMouseEvent>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>

namespace ui {

namespace {

constexpr int kRebuildMs = 40;
// Both plots share the time axis, so their axis rects start at the same pixel column.
constexpr int kLeftMargin = 92;

QString laneName(TimelineLane lane)
{
    switch (lane) {
    case TimelineLane::Subgraph: return QObject::tr("subgraph");
    case TimelineLane::Compute: return QObject::tr("compute");
    case TimelineLane::Dram: return QObject::tr("DRAM");
    case TimelineLane::Noc: return QObject::tr("NoC");
    }
    return {};
}

// A lane's part is drawn solid when it bounds the subgraph, pale otherwise.
QBrush barBrush(int colourId, const TimelineBar &b)
{
    const QColor c = subgraphColor(colourId);
    if (b.lane == TimelineLane::Subgraph)
        return QBrush(c);
    if (b.bounding)
        return QBrush(c.darker(130));
    QColor pale = c.lighter(115);
    pale.setAlpha(110);
    return QBrush(pale);
}

void styleTimelinePlot(QCustomPlot *plot)
{
    plot->setMinimumSize(300, 120);
    plot->xAxis->setLabel(QObject::tr("time (ms)"));
    plot->legend->setFont(QFont(plot->font().family(), 8));
    plot->legend->setBorderPen(Qt::NoPen);
    plot->legend->setBrush(QColor(255, 255, 255, 200));
    plot->setMouseTracking(true);
    plot->axisRect()->setAutoMargins(QCP::msTop | QCP::msRight | QCP::msBottom);
    plot->axisRect()->setMargins(QMargins(kLeftMargin, 0, 0, 0));
}

// The step curves reach any height anywhere on the time axis, so no corner of the axis rect is
// free: the legend is a row of its own above it, starting at the axis rect's left edge. The rest
// of the row is a note (returned), right-aligned.
QCPTextElement *placeLegendAbove(QCustomPlot *plot)
{
    auto *row = new QCPLayoutGrid;
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, row);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
    plot->plotLayout()->setRowSpacing(0);
    row->setMargins(QMargins(kLeftMargin, 2, 0, 0));
    row->addElement(0, 0, plot->legend); // takes it out of the axis rect's inset layout
    auto *note = new QCPTextElement(plot, QString(), QFont(plot->font().family(), 8));
    note->setTextFlags(Qt::AlignRight | Qt::AlignVCenter);
    note->setMargins(QMargins(0, 0, 4, 0));
    row->addElement(0, 1, note); // takes the rest of the row: the legend stays compact
    row->setColumnStretchFactor(0, 0.001);
    plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot->legend->setBrush(Qt::NoBrush);
    plot->legend->setMargins(QMargins(0, 0, 0, 0));
    plot->legend->setColumnSpacing(12);
    plot->legend->setIconSize(20, 9); // the default 32 x 18 makes the row twice as tall as its text
    return note;
}

} // namespace

TimelineView::TimelineView(WorkbenchState *state, QWidget *parent)
    : QWidget(parent), m_state(state), m_schedule(new QCustomPlot(this)), m_memory(new QCustomPlot(this)),
      m_rebuildTimer(new QTimer(this))
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(2, 2, 2, 2);
    lay->addWidget(m_schedule, 1);
    lay->addWidget(m_memory, 1);
    m_schedule->setObjectName(QStringLiteral("timelineSchedulePlot"));
    m_memory->setObjectName(QStringLiteral("timelineMemoryPlot"));
    styleTimelinePlot(m_schedule);
    styleTimelinePlot(m_memory);
    // Lanes as tick labels; the subgraph lane on top.
    QSharedPointer<QCPAxisTickerText> lanes(new QCPAxisTickerText);
    for (TimelineLane l : {TimelineLane::Noc, TimelineLane::Dram, TimelineLane::Compute, TimelineLane::Subgraph})
        lanes->addTick(double(static_cast<int>(l)) + 0.5, laneName(l));
    m_schedule->yAxis->setTicker(lanes);
    m_schedule->yAxis->grid()->setVisible(false);
    m_schedule->yAxis->setRange(0, kTimelineLanes);
    m_memoryNote = placeLegendAbove(m_memory);

    m_rebuildTimer->setSingleShot(true);
    m_rebuildTimer->setInterval(kRebuildMs);
    connect(m_rebuildTimer, &QTimer::timeout, this, &TimelineView::rebuild);
    for (QCustomPlot *p : {m_schedule, m_memory}) {
        connect(p, &QCustomPlot::mouseMove, this, [this, p](QMouseEvent *e) { onMouseMove(p, e); });
        connect(p, &QCustomPlot::mouseRelease, this, [this, p](QMouseEvent *e) { onMouseRelease(p, e); });
    }
    // One time axis: zooming or panning either plot moves the other.
    connect(m_schedule->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), m_memory->xAxis,
            qOverload<const QCPRange &>(&QCPAxis::setRange));
    connect(m_memory->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), m_schedule->xAxis,
            qOverload<const QCPRange &>(&QCPAxis::setRange));
    connect(m_state, &WorkbenchState::costChanged, this, &TimelineView::scheduleRebuild);
    connect(m_state, &WorkbenchState::selectionChanged, this, &TimelineView::scheduleRebuild);
    connect(m_state, &WorkbenchState::modelChanged, this, &TimelineView::scheduleRebuild);
    rebuild();
}

TimelineView::~TimelineView() = default;

QList<QPair<QString, QCustomPlot *>> TimelineView::figures() const
{
    // An export right after a change must not show the state of up to 40 ms ago.
    if (m_rebuildTimer->isActive())
        const_cast<TimelineView *>(this)->rebuildNow();
    return {{QStringLiteral("timeline"), m_schedule}, {QStringLiteral("timeline_memory"), m_memory}};
}

void TimelineView::rebuildNow()
{
    m_rebuildTimer->stop();
    rebuild();
    m_schedule->replot(QCustomPlot::rpImmediateRefresh);
    m_memory->replot(QCustomPlot::rpImmediateRefresh);
}

void TimelineView::scheduleRebuild()
{
    if (!m_rebuildTimer->isActive())
        m_rebuildTimer->start();
}

void TimelineView::rebuild()
{
    static const std::vector<cocco::SubgraphCost> none;
    m_layout = layoutTimeline(m_state->hasModel() ? m_state->cost().subgraphs : none, m_state->hardware());
    drawSchedule();
    drawMemory();
}

void TimelineView::drawSchedule()
{
    QCustomPlot *plot = m_schedule;
    plot->clearPlottables();
    plot->clearItems();
    const int selected = m_state->selectedSubgraph();
    for (const TimelineBar &b : m_layout.bars) {
        // A rectangle item per bar: exact [x0, x1) extents whatever the zoom.
        auto *r = new QCPItemRect(plot);
        r->topLeft->setCoords(b.x0, b.y1);
        r->bottomRight->setCoords(b.x1, b.y0);
        r->setBrush(barBrush(b.group, b));
        const bool hi = b.group == selected;
        r->setPen(hi ? QPen(Qt::black, 2.0) : QPen(b.bounding ? QColor(40, 40, 40) : subgraphOutline(b.group), b.bounding ? 1.2 : 0.6));
        r->setSelectable(false);
    }
    const cocco::HardwareConfig &hw = m_state->hardware();
    plot->xAxis->setRange(0, m_layout.xMax);
    // The axis is too short for the legend of the lanes: it goes with the time axis.
    plot->yAxis->setLabel(hw.cores > 1 ? tr("%1 cores").arg(hw.cores) : QString());
    plot->xAxis->setLabel(tr("time (ms); the solid part bounds the subgraph's latency"));
    plot->replot(QCustomPlot::rpQueuedReplot);
}

void TimelineView::drawMemory()
{
    QCustomPlot *plot = m_memory;
    plot->clearPlottables();
    plot->clearItems();
    QVector<double> x, act, weight;
    for (const TimelineStep &s : m_layout.steps) {
        x << s.x0;
        weight << s.weightKiB;
        act << (m_layout.shared ? s.weightKiB + s.actKiB : s.actKiB);
    }
    if (!m_layout.steps.empty()) { // the last step's right edge
        x << m_layout.steps.back().x1;
        weight << m_layout.steps.back().weightKiB;
        act << act.back();
    }
    const int cores = m_state->hardware().cores;
    const bool multi = cores > 1; // "per core" only when there are several
    auto *w = plot->addGraph();
    w->setName(multi ? tr("weights per core") : tr("weights"));
    w->setLineStyle(QCPGraph::lsStepLeft);
    w->setPen(QPen(QColor(120, 60, 0), 1.4));
    w->setBrush(QColor(120, 60, 0, m_layout.shared ? 90 : 40));
    w->setData(x, weight, true);
    auto *a = plot->addGraph();
    const QString actName = multi ? tr("activations per core") : tr("activations");
    a->setName(m_layout.shared ? tr("%1 (on weights)").arg(actName) : actName);
    a->setLineStyle(QCPGraph::lsStepLeft);
    a->setPen(QPen(QColor(30, 90, 170), 1.4));
    a->setBrush(QColor(30, 90, 170, 50));
    if (m_layout.shared)
        a->setChannelFillGraph(w);
    a->setData(x, act, true);
    for (const TimelineCapacity &l : m_layout.lines) {
        const QString name = QString::fromStdString(l.label);
        addCapacityLine(plot, name, l.kib,
                        (multi ? tr("%1 per core = %2 KiB") : tr("%1 = %2 KiB")).arg(name).arg(l.kib, 0, 'f', 0),
                        m_layout.yMaxKiB);
    }
    const int selected = m_state->selectedSubgraph();
    if (selected >= 0 && selected < static_cast<int>(m_layout.steps.size())) {
        const TimelineStep &s = m_layout.steps[static_cast<size_t>(selected)];
        auto *r = new QCPItemRect(plot);
        r->topLeft->setCoords(s.x0, m_layout.yMaxKiB);
        r->bottomRight->setCoords(s.x1, 0);
        r->setPen(QPen(Qt::black, 1.0, Qt::DotLine));
        r->setBrush(QColor(0, 0, 0, 18));
    }
    plot->xAxis->setRange(0, m_layout.xMax);
    plot->yAxis->setRange(0, m_layout.yMaxKiB);
    // A short label: at the dock's default height a longer one is clipped; the count goes beside the legend.
    plot->yAxis->setLabel(multi ? tr("KiB per core") : tr("on-chip KiB"));
    m_memoryNote->setText(multi ? tr("%1 cores, each with these buffers").arg(cores) : QString());
    plot->legend->setVisible(true);
    plot->replot(QCustomPlot::rpQueuedReplot);
}

QString TimelineView::describe(int group) const
{
    const auto &subs = m_state->cost().subgraphs;
    if (!m_state->hasModel() || group < 0 || group >= static_cast<int>(subs.size()))
        return {};
    const cocco::SubgraphCost &s = subs[static_cast<size_t>(group)];
    const cocco::HardwareConfig &hw = m_state->hardware();
    const double ms = 1.0 / (hw.clockGHz * 1e6);
    const QLocale loc;
    auto t = [&](double cycles) { return loc.toString(cycles * ms, 'f', 4); };
    QString text = tr("Subgraph %1 (%2 layers): %3 ms, bound by %4")
                       .arg(group)
                       .arg(s.layers.size())
                       .arg(t(s.latencyCycles), QString::fromLatin1(cocco::latencyBoundName(s.bound)));
    text += tr("\ncompute %1 ms · DRAM %2 ms · NoC %3 ms").arg(t(s.computeCycles), t(s.dramCycles), t(s.nocCycles));
    text += tr("\nEMA %1 KiB · NoC %2 KiB · energy %3 µJ")
                .arg(loc.toString(s.emaBytes / 1024.0, 'f', 1), loc.toString(s.nocBytes / 1024.0, 'f', 1),
                     loc.toString(s.energyPj * 1e-6, 'f', 2));
    text += tr("\n%1activations %2 KiB · weights %3 KiB")
                .arg(hw.cores > 1 ? tr("per core: ") : QString())
                .arg(loc.toString(double(s.actBytes) / 1024.0, 'f', 1), loc.toString(double(s.weightBytes) / 1024.0, 'f', 1));
    if (s.spilling)
        text += tr("\nspilling: weights streamed in %1 chunks").arg(s.spillChunks);
    return text;
}

bool TimelineView::selectAt(QCustomPlot *plot, const QPointF &pixel)
{
    const int g = m_layout.groupAt(plot->xAxis->pixelToCoord(pixel.x()));
    if (g < 0)
        return false;
    m_state->selectSubgraph(g);
    return true;
}

void TimelineView::onMouseMove(QCustomPlot *plot, QMouseEvent *event)
{
    const int g = m_layout.groupAt(plot->xAxis->pixelToCoord(event->position().x()));
    if (g < 0)
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), describe(g), plot);
}

void TimelineView::onMouseRelease(QCustomPlot *plot, QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        selectAt(plot, event->position());
}

} // namespace ui
