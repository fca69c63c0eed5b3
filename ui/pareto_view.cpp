#include "pareto_view.h"

#include "plot_style.h"
#include "search/framework/pareto.h"
#include "workbench_state.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QToolTip>
#include <QTimer>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ui {

namespace {

constexpr double kKiB = 1024.0;
constexpr int kRebuildMs = 40;

double bufferKiB(const cocco::ParetoPoint &p) { return double(p.bufferBytes) / kKiB; }

// The points of a result: its archive, or only its best design when it kept no archive (then
// built in `fallback`). Archives can hold thousands of designs, so they are never copied.
const std::vector<cocco::ParetoPoint> &pointsOf(const cocco::SearchResult &r, std::vector<cocco::ParetoPoint> &fallback)
{
    if (!r.pareto.empty())
        return r.pareto;
    fallback.clear();
    cocco::ParetoPoint p = cocco::ParetoPoint::of(r.best);
    p.bufferBytes = r.best.hw.bufferBytes();
    fallback.push_back(p);
    return fallback;
}

void styleAxes(QCustomPlot *plot, const QString &y)
{
    plot->xAxis->setLabel(QObject::tr("on-chip buffer (KiB)"));
    plot->yAxis->setLabel(y);
    plot->legend->setVisible(true);
    plot->legend->setFont(QFont(plot->font().family(), 8));
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->setMinimumSize(300, 200);
}

} // namespace

ParetoView::ParetoView(WorkbenchState *state, QWidget *parent)
    : QWidget(parent), m_state(state), m_bwKind(new QComboBox(this)), m_energyPlot(new QCustomPlot(this)),
      m_bwPlot(new QCustomPlot(this)), m_rebuildTimer(new QTimer(this))
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(2, 2, 2, 2);
    auto *bar = new QHBoxLayout;
    auto *hint = new QLabel(tr("Click a point to load its design; drag to pan, wheel to zoom."), this);
    hint->setStyleSheet(QStringLiteral("color: #555;"));
    bar->addWidget(hint);
    bar->addStretch(1);
    bar->addWidget(new QLabel(tr("Bandwidth:"), this));
    m_bwKind->setObjectName(QStringLiteral("bandwidthKind"));
    m_bwKind->addItem(tr("average"));
    m_bwKind->addItem(tr("peak"));
    bar->addWidget(m_bwKind);
    lay->addLayout(bar);
    auto *plots = new QHBoxLayout;
    plots->addWidget(m_energyPlot, 1);
    plots->addWidget(m_bwPlot, 1);
    lay->addLayout(plots, 1);
    m_energyPlot->setObjectName(QStringLiteral("paretoEnergyPlot"));
    m_bwPlot->setObjectName(QStringLiteral("paretoBandwidthPlot"));
    styleAxes(m_energyPlot, tr("energy (µJ)"));
    styleAxes(m_bwPlot, tr("average bandwidth (GB/s)"));

    m_rebuildTimer->setSingleShot(true);
    m_rebuildTimer->setInterval(kRebuildMs);
    connect(m_rebuildTimer, &QTimer::timeout, this, &ParetoView::rebuild);
    connect(m_bwKind, &QComboBox::currentIndexChanged, this, &ParetoView::scheduleRebuild);
    for (QCustomPlot *p : {m_energyPlot, m_bwPlot}) {
        connect(p, &QCustomPlot::mousePress, this, &ParetoView::onMousePress);
        connect(p, &QCustomPlot::mouseRelease, this, &ParetoView::onMouseRelease);
        connect(p, &QCustomPlot::mouseMove, this, &ParetoView::onMouseMove);
    }
    connect(m_state, &WorkbenchState::resultsChanged, this, &ParetoView::scheduleRebuild);
    connect(m_state, &WorkbenchState::searchConfigChanged, this, &ParetoView::scheduleRebuild); // α
    connect(m_state, &WorkbenchState::costChanged, this, &ParetoView::onMarkerChanged);
    connect(m_state, &WorkbenchState::modelChanged, this, &ParetoView::scheduleRebuild);
    rebuild();
}

ParetoView::~ParetoView() = default;

QList<QPair<QString, QCustomPlot *>> ParetoView::figures() const
{
    // An export right after a change must not show the state of up to 40 ms ago.
    if (m_rebuildTimer->isActive())
        const_cast<ParetoView *>(this)->rebuildNow();
    return {{QStringLiteral("pareto_energy"), m_energyPlot}, {QStringLiteral("pareto_bandwidth"), m_bwPlot}};
}

void ParetoView::setPeakBandwidth(bool peak)
{
    m_bwKind->setCurrentIndex(peak ? 1 : 0);
    rebuildNow();
}

bool ParetoView::peakBandwidth() const { return m_bwKind->currentIndex() == 1; }

void ParetoView::rebuildNow()
{
    m_rebuildTimer->stop();
    rebuild();
}

void ParetoView::scheduleRebuild()
{
    if (!m_rebuildTimer->isActive())
        m_rebuildTimer->start();
}

double ParetoView::yOf(const cocco::ParetoPoint &p, bool energy) const
{
    if (energy)
        return p.energyPj * 1e-6;
    return peakBandwidth() ? p.bwPeakGBps : p.bwAvgGBps;
}

int ParetoView::frontPointCount(QCustomPlot *plot) const { return plot == m_energyPlot ? m_energyFront : m_bwFront; }

void ParetoView::rebuild()
{
    m_archivePoints = 0;
    m_bwPlot->yAxis->setLabel(peakBandwidth() ? tr("peak bandwidth (GB/s)") : tr("average bandwidth (GB/s)"));
    drawPlot(m_energyPlot, true);
    drawPlot(m_bwPlot, false);
}

void ParetoView::drawPlot(QCustomPlot *plot, bool energy)
{
    plot->clearPlottables();
    QCPGraph *&current = energy ? m_energyCurrent : m_bwCurrent;
    current = nullptr;
    int &frontCount = energy ? m_energyFront : m_bwFront;
    frontCount = 0;
    const auto &results = m_state->results();
    const double alpha = m_state->searchConfig().alpha;
    double bestCost = std::numeric_limits<double>::infinity();
    double xMax = 0;
    QCPGraph *isoLine = nullptr;
    for (size_t ri = 0; ri < results.size(); ++ri) {
        const cocco::SearchResult &r = results[ri];
        std::vector<cocco::ParetoPoint> fb;
        const std::vector<cocco::ParetoPoint> &pts = pointsOf(r, fb);
        const QColor colour = algorithmColor(r.config.algorithm);
        // Archive points: faint, in insertion order (QCPCurve keeps it, so index = point index).
        auto *cloud = new QCPCurve(plot->xAxis, plot->yAxis);
        cloud->setLineStyle(QCPCurve::lsNone);
        QColor faint = colour;
        faint.setAlpha(60);
        cloud->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, faint, faint, 4));
        cloud->removeFromLegend();
        QVector<double> t, x, y;
        std::vector<double> xs, ys;
        for (size_t i = 0; i < pts.size(); ++i) {
            t.push_back(double(i));
            x.push_back(bufferKiB(pts[i]));
            y.push_back(yOf(pts[i], energy));
            xs.push_back(x.back());
            ys.push_back(y.back());
            xMax = std::max(xMax, x.back());
            if (energy && alpha > 0)
                bestCost = std::min(bestCost, cocco::objectiveValue(pts[i].design.cost, pts[i].design.hw,
                                                                    cocco::Objective::Cost, alpha));
        }
        cloud->setData(t, x, y, true);
        if (energy)
            m_archivePoints += static_cast<int>(pts.size());
        // Its front on these two axes: a staircase in the algorithm's colour.
        QVector<double> fx, fy;
        for (size_t i : cocco::paretoFront2d(xs, ys)) {
            fx.push_back(xs[i]);
            fy.push_back(ys[i]);
        }
        frontCount += fx.size();
        QCPGraph *front = plot->addGraph();
        front->setName(resultLabel(results, ri));
        front->setPen(QPen(colour, 2));
        front->setLineStyle(QCPGraph::lsStepLeft);
        front->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, colour, Qt::white, 6));
        front->setData(fx, fy, true);
    }
    if (energy && std::isfinite(bestCost) && alpha > 0) {
        // buffer + α·E = bestCost: E(x) = (bestCost − x·1024) / α pJ, drawn over the data's x range.
        QCPGraph *iso = plot->addGraph();
        iso->setName(tr("α iso-cost (α = %1)").arg(alpha));
        iso->setPen(QPen(QColor(90, 90, 90), 1.2, Qt::DashLine));
        const double x1 = std::max(1.0, xMax * 1.5);
        iso->setData({0.0, x1}, {bestCost / alpha * 1e-6, (bestCost - x1 * kKiB) / alpha * 1e-6}, true);
        iso->setSelectable(QCP::stNone);
        isoLine = iso;
    }
    drawCurrent(plot, energy);
    plot->rescaleAxes();
    // The iso-cost line spans far; keep the view on the points.
    if (!results.empty()) {
        double yLo = std::numeric_limits<double>::infinity(), yHi = -yLo, xLo = yLo, xHi = -yLo;
        for (int i = 0; i < plot->plottableCount(); ++i) {
            QCPAbstractPlottable *pl = plot->plottable(i);
            if (pl == isoLine)
                continue;
            bool ok = false;
            const QCPRange kr = pl->getKeyRange(ok);
            if (ok) {
                xLo = std::min(xLo, kr.lower);
                xHi = std::max(xHi, kr.upper);
            }
            const QCPRange vr = pl->getValueRange(ok);
            if (ok) {
                yLo = std::min(yLo, vr.lower);
                yHi = std::max(yHi, vr.upper);
            }
        }
        if (std::isfinite(xLo) && std::isfinite(yLo)) {
            // A single point (or one buffer size, partition-only runs) still gets a readable window.
            const double xPad = std::max(16.0, (xHi - xLo) * 0.08);
            double yPad = (yHi - yLo) * 0.08;
            if (!(yPad > 0))
                yPad = std::max(1e-6, std::fabs(yHi) * 0.05);
            plot->xAxis->setRange(std::max(0.0, xLo - xPad), xHi + xPad);
            plot->yAxis->setRange(std::max(0.0, yLo - yPad), yHi + yPad);
        }
    }
    plot->legend->setVisible(plot->graphCount() > 0);
    plot->replot(QCustomPlot::rpQueuedReplot);
}

void ParetoView::drawCurrent(QCustomPlot *plot, bool energy)
{
    QCPGraph *&current = energy ? m_energyCurrent : m_bwCurrent;
    if (!m_state->hasModel())
        return;
    if (!current) {
        current = plot->addGraph();
        current->setName(tr("current design"));
        current->setLineStyle(QCPGraph::lsNone);
        current->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 2.5), Qt::NoBrush, 14));
        current->setSelectable(QCP::stNone);
    }
    const cocco::PartitionCost &c = m_state->cost();
    const double x = double(m_state->hardware().bufferBytes()) / kKiB;
    const double y = energy ? c.energyPj * 1e-6 : (peakBandwidth() ? c.bwPeakGBps : c.bwAvgGBps);
    current->setData({x}, {y}, true);
}

void ParetoView::onMarkerChanged()
{
    // Only the ring moves: cheap enough for every slider step.
    drawCurrent(m_energyPlot, true);
    drawCurrent(m_bwPlot, false);
    m_energyPlot->replot(QCustomPlot::rpQueuedReplot);
    m_bwPlot->replot(QCustomPlot::rpQueuedReplot);
}

void ParetoView::onMousePress(QMouseEvent *event) { m_pressPos = event->position(); }

void ParetoView::onMouseRelease(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || (event->position() - m_pressPos).manhattanLength() > 4)
        return; // a drag, not a click
    auto *plot = qobject_cast<QCustomPlot *>(sender());
    if (plot)
        selectNearest(plot, event->position());
}

QPointF ParetoView::pointCoords(QCustomPlot *plot, int result, int point) const
{
    const auto &results = m_state->results();
    if (result < 0 || result >= static_cast<int>(results.size()))
        return {};
    std::vector<cocco::ParetoPoint> fb;
    const std::vector<cocco::ParetoPoint> &pts = pointsOf(results[static_cast<size_t>(result)], fb);
    if (point < 0 || point >= static_cast<int>(pts.size()))
        return {};
    const cocco::ParetoPoint &p = pts[static_cast<size_t>(point)];
    return {bufferKiB(p), yOf(p, plot == m_energyPlot)};
}

bool ParetoView::nearestPoint(QCustomPlot *plot, const QPointF &pixel, double tolerance, int *result, int *point) const
{
    const bool energy = plot == m_energyPlot;
    const auto &results = m_state->results();
    double best = tolerance * tolerance;
    *result = -1;
    *point = -1;
    for (size_t ri = 0; ri < results.size(); ++ri) {
        std::vector<cocco::ParetoPoint> fb;
        const std::vector<cocco::ParetoPoint> &pts = pointsOf(results[ri], fb);
        for (size_t i = 0; i < pts.size(); ++i) {
            const double px = plot->xAxis->coordToPixel(bufferKiB(pts[i]));
            const double py = plot->yAxis->coordToPixel(yOf(pts[i], energy));
            const double d = (px - pixel.x()) * (px - pixel.x()) + (py - pixel.y()) * (py - pixel.y());
            if (d <= best) {
                best = d;
                *result = static_cast<int>(ri);
                *point = static_cast<int>(i);
            }
        }
    }
    return *result >= 0;
}

bool ParetoView::selectNearest(QCustomPlot *plot, const QPointF &pixel, double tolerance)
{
    int result = -1, point = -1;
    return nearestPoint(plot, pixel, tolerance, &result, &point) && loadPoint(result, point);
}

void ParetoView::onMouseMove(QMouseEvent *event)
{
    auto *plot = qobject_cast<QCustomPlot *>(sender());
    if (!plot || event->buttons() != Qt::NoButton)
        return;
    int result = -1, point = -1;
    if (!nearestPoint(plot, event->position(), 8.0, &result, &point)) {
        QToolTip::hideText();
        return;
    }
    std::vector<cocco::ParetoPoint> fb;
    const auto &results = m_state->results();
    const cocco::ParetoPoint &p = pointsOf(results[static_cast<size_t>(result)], fb)[static_cast<size_t>(point)];
    const QLocale loc;
    const QString text = tr("<b>%1</b> point %2<br>buffer %3 KiB<br>energy %4 µJ<br>EMA %5 MiB<br>"
                            "bandwidth avg %6 / peak %7 GB/s<br>latency %8 Mcycles<br>objective %9<br><i>click to load</i>")
                             .arg(resultLabel(results, static_cast<size_t>(result)))
                             .arg(point)
                             .arg(loc.toString(bufferKiB(p), 'f', 0))
                             .arg(loc.toString(p.energyPj * 1e-6, 'f', 2))
                             .arg(loc.toString(p.emaBytes / double(cocco::kMiB), 'f', 3))
                             .arg(loc.toString(p.bwAvgGBps, 'f', 2))
                             .arg(loc.toString(p.bwPeakGBps, 'f', 2))
                             .arg(loc.toString(p.latencyCycles * 1e-6, 'f', 3))
                             .arg(loc.toString(p.objective, 'g', 6));
    QToolTip::showText(event->globalPosition().toPoint(), text, plot);
}

bool ParetoView::loadPoint(int result, int point)
{
    const auto &results = m_state->results();
    if (result < 0 || result >= static_cast<int>(results.size()))
        return false;
    const cocco::SearchResult &r = results[static_cast<size_t>(result)];
    if (point < 0) {
        m_state->setDesign(r.best);
        return true;
    }
    std::vector<cocco::ParetoPoint> fb;
        const std::vector<cocco::ParetoPoint> &pts = pointsOf(r, fb);
    if (point >= static_cast<int>(pts.size()))
        return false;
    m_state->setDesign(pts[static_cast<size_t>(point)].design);
    return true;
}

} // namespace ui
