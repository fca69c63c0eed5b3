#include "occupancy_view.h"

#include "cost/tiling.h"
#include "capacity_line.h"
#include "palette.h"
#include "workbench_state.h"

#include <QTimer>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

constexpr int kRebuildMs = 40;
const char *kGroupProperty = "occupancyGroup";

QBrush partBrush(int colourId, OccupancyPart part)
{
    const QColor c = subgraphColor(colourId);
    switch (part) {
    case OccupancyPart::Main: return QBrush(c);
    case OccupancyPart::Side: return QBrush(c.darker(150), Qt::BDiagPattern);
    case OccupancyPart::Weights: return QBrush(c.darker(160));
    }
    return QBrush(c);
}

QString partName(OccupancyPart part)
{
    switch (part) {
    case OccupancyPart::Main: return QObject::tr("MAIN (working tiles)");
    case OccupancyPart::Side: return QObject::tr("SIDE (halo rows)");
    case OccupancyPart::Weights: return QObject::tr("weights");
    }
    return {};
}

// Draws a layout: one QCPBars per bar (colour per group), legend entries for the three parts in
// grey, dashed capacity lines with labels, tick labels from `ticks`.
void drawLayout(QCustomPlot *plot, const OccupancyLayout &layout, const std::vector<int> &colourIds,
                const QVector<QString> &ticks, int highlighted, const std::vector<QString> &marks)
{
    plot->clearPlottables();
    plot->clearItems();
    for (OccupancyPart part : {OccupancyPart::Main, OccupancyPart::Side, OccupancyPart::Weights}) {
        auto *legendOnly = new QCPBars(plot->xAxis, plot->yAxis);
        legendOnly->setName(partName(part));
        legendOnly->setBrush(partBrush(-1, part));
        legendOnly->setPen(QPen(QColor(90, 90, 90)));
        legendOnly->setSelectable(QCP::stNone);
    }
    for (const OccupancyBar &b : layout.bars) {
        auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
        const int colourId = colourIds[static_cast<size_t>(b.group)];
        bars->setWidth(b.width);
        bars->setBrush(partBrush(colourId, b.part));
        const bool hi = b.group == highlighted;
        bars->setPen(QPen(hi ? QColor(Qt::black) : subgraphOutline(colourId), hi ? 2.0 : 0.8));
        bars->setBaseValue(b.base);
        bars->addData(b.key, b.top - b.base);
        bars->removeFromLegend();
        bars->setProperty(kGroupProperty, b.group);
        bars->setSelectable(QCP::stNone);
    }
    for (const CapacityLine &l : layout.lines) {
        const QString name = QString::fromStdString(l.label);
        addCapacityLine(plot, name, l.kib, QStringLiteral("%1 = %2 KiB").arg(name).arg(l.kib, 0, 'f', 0), layout.yMax);
    }
    for (size_t g = 0; g < marks.size(); ++g) {
        if (marks[g].isEmpty())
            continue;
        double top = 0;
        for (const OccupancyBar &b : layout.bars)
            if (b.group == static_cast<int>(g))
                top = std::max(top, b.top);
        auto *mark = new QCPItemText(plot);
        mark->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        mark->position->setCoords(double(g), top);
        mark->setText(marks[g]);
        mark->setColor(QColor(176, 0, 32));
        mark->setFont(QFont(plot->font().family(), 7, QFont::Bold));
    }
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    const int n = ticks.size();
    // Many groups: label every k-th so the labels stay readable.
    const int every = std::max(1, n / 40);
    for (int i = 0; i < n; i += every)
        ticker->addTick(i, ticks[i]);
    plot->xAxis->setTicker(ticker);
    int longest = 0;
    for (const QString &t : ticks)
        longest = std::max(longest, static_cast<int>(t.size()));
    // Rotate once the labels would need more room than the bars give them (~6 px per character).
    const double perGroup = double(plot->axisRect()->width() > 0 ? plot->axisRect()->width() : plot->width()) / std::max(1, n);
    plot->xAxis->setTickLabelRotation(n > 12 || longest * 6.0 > perGroup ? 60 : 0);
    plot->xAxis->setRange(-0.7, std::max(0, n - 1) + 0.7);
    plot->yAxis->setRange(0, layout.yMax);
    plot->legend->setVisible(true);
    plot->replot(QCustomPlot::rpQueuedReplot);
}

// With several cores every bar is one core's bytes (each core has buffers of these capacities).
void setBytesAxisLabel(QCustomPlot *plot, int cores)
{
    plot->yAxis->setLabel(cores > 1 ? QObject::tr("on-chip bytes per core (KiB), %1 cores").arg(cores)
                                    : QObject::tr("on-chip bytes (KiB)"));
}

void styleOccupancyPlot(QCustomPlot *plot, const QString &x)
{
    plot->setMinimumSize(300, 180);
    plot->xAxis->setLabel(x);
    plot->yAxis->setLabel(QObject::tr("on-chip bytes (KiB)"));
    plot->legend->setFont(QFont(plot->font().family(), 8));
    plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot->legend->setWrap(3);
    plot->legend->setIconSize(14, 9);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->legend->setRowSpacing(0);
    // The legend gets a row of its own above the bars so it never hides a bar in a small dock.
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, plot->legend);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
    plot->legend->setMargins(QMargins(2, 0, 2, 0));
    plot->xAxis->setTickLabelFont(QFont(plot->font().family(), 7));
    plot->xAxis->grid()->setVisible(false);
}

} // namespace

OccupancyView::OccupancyView(WorkbenchState *state, QWidget *parent)
    : QWidget(parent), m_state(state), m_plot(new QCustomPlot(this)), m_nodePlot(new QCustomPlot(this)),
      m_rebuildTimer(new QTimer(this))
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(2, 2, 2, 2);
    lay->addWidget(m_plot, 3);
    lay->addWidget(m_nodePlot, 2);
    m_plot->setObjectName(QStringLiteral("occupancyPlot"));
    m_nodePlot->setObjectName(QStringLiteral("occupancyNodePlot"));
    styleOccupancyPlot(m_plot, tr("subgraph (click a bar for its nodes)"));
    styleOccupancyPlot(m_nodePlot, tr("node of the selected subgraph"));

    m_rebuildTimer->setSingleShot(true);
    m_rebuildTimer->setInterval(kRebuildMs);
    connect(m_rebuildTimer, &QTimer::timeout, this, &OccupancyView::rebuild);
    connect(m_plot, &QCustomPlot::mouseRelease, this, &OccupancyView::onMouseRelease);
    connect(m_state, &WorkbenchState::costChanged, this, &OccupancyView::scheduleRebuild);
    connect(m_state, &WorkbenchState::selectionChanged, this, &OccupancyView::scheduleRebuild);
    connect(m_state, &WorkbenchState::modelChanged, this, &OccupancyView::scheduleRebuild);
    rebuild();
}

OccupancyView::~OccupancyView() = default;

QList<QPair<QString, QCustomPlot *>> OccupancyView::figures() const
{
    // An export right after a change must not show the state of up to 40 ms ago.
    if (m_rebuildTimer->isActive())
        const_cast<OccupancyView *>(this)->rebuildNow();
    return {{QStringLiteral("occupancy"), m_plot}, {QStringLiteral("occupancy_nodes"), m_nodePlot}};
}

void OccupancyView::rebuildNow()
{
    m_rebuildTimer->stop();
    rebuild();
}

void OccupancyView::scheduleRebuild()
{
    if (!m_rebuildTimer->isActive())
        m_rebuildTimer->start();
}

void OccupancyView::rebuild()
{
    drawSubgraphs();
    drawNodes();
}

void OccupancyView::drawSubgraphs()
{
    std::vector<OccupancyInput> in;
    std::vector<int> colours;
    std::vector<QString> marks;
    QVector<QString> ticks;
    if (m_state->hasModel()) {
        const auto &subs = m_state->cost().subgraphs;
        for (size_t i = 0; i < subs.size(); ++i) {
            const cocco::SubgraphCost &s = subs[i];
            in.push_back({s.mainBytes, s.sideBytes, s.weightBytes, s.spilling, s.fits});
            colours.push_back(static_cast<int>(i));
            // Spilling layers stream their weights; a subgraph that does not fit makes the
            // partition invalid on this hardware.
            marks.push_back(s.spilling ? tr("spill") : (!s.fits ? tr("over") : QString()));
            ticks.push_back(QString::number(i));
        }
    }
    m_layout = layoutOccupancy(in, m_state->hardware(), true);
    setBytesAxisLabel(m_plot, m_state->hardware().cores);
    drawLayout(m_plot, m_layout, colours, ticks, m_state->selectedSubgraph(), marks);
}

void OccupancyView::drawNodes()
{
    m_nodeInputs.clear();
    std::vector<int> colours;
    QVector<QString> ticks;
    const int sel = m_state->selectedSubgraph();
    const auto &subgraphs = m_state->subgraphs();
    if (m_state->hasModel() && sel >= 0 && sel < static_cast<int>(subgraphs.size())) {
        const cocco::Network &net = *m_state->network();
        const cocco::HardwareConfig &hw = m_state->hardware();
        const cocco::SubgraphTiling t =
            cocco::deriveTiling(net, subgraphs[static_cast<size_t>(sel)], cocco::TilingOptions::from(hw));
        for (const cocco::TileNode &n : t.nodes) {
            m_nodeInputs.push_back(coreNodeOccupancy(net, n, hw)); // one core's bytes (method §8)
            // External inputs belong to another subgraph (or are network inputs): their colour.
            colours.push_back(n.external ? m_state->partition().label[static_cast<size_t>(n.layer)] : sel);
            QString name = QString::fromStdString(net.layer(n.layer).name);
            if (name.size() > 16)
                name = name.left(6) + QStringLiteral("…") + name.right(9);
            ticks.push_back(n.external ? name + tr(" (in)") : name);
        }
        m_nodePlot->xAxis->setLabel(tr("nodes of subgraph %1 (%2 layers; (in) = input read from DRAM)")
                                        .arg(sel)
                                        .arg(subgraphs[static_cast<size_t>(sel)].size()));
    } else {
        m_nodePlot->xAxis->setLabel(tr("click a subgraph bar above to see its per-node breakdown"));
    }
    m_nodeLayout = layoutOccupancy(m_nodeInputs, m_state->hardware(), false);
    setBytesAxisLabel(m_nodePlot, m_state->hardware().cores);
    drawLayout(m_nodePlot, m_nodeLayout, colours, ticks, -1, {});
}

bool OccupancyView::selectAt(const QPointF &pixel)
{
    const double key = m_plot->xAxis->pixelToCoord(pixel.x());
    const double value = m_plot->yAxis->pixelToCoord(pixel.y());
    const int group = static_cast<int>(std::lround(key));
    if (group < 0 || group >= static_cast<int>(m_state->cost().subgraphs.size()) || value < 0)
        return false;
    if (std::fabs(key - group) > 0.45)
        return false;
    m_state->selectSubgraph(group);
    return true;
}

void OccupancyView::onMouseRelease(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        selectAt(event->position());
}

} // namespace ui
