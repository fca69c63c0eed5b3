#include "convergence_view.h"

#include "plot_geometry.h"
#include "plot_style.h"
#include "workbench_state.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ui {

namespace {
constexpr size_t kMaxHistoryPoints = 2000;
constexpr int kReplotMs = 40;

QString objectiveAxisLabel(cocco::Objective o)
{
    switch (o) {
    case cocco::Objective::Ema: return QObject::tr("best EMA (bytes)");
    case cocco::Objective::Energy: return QObject::tr("best energy (pJ)");
    case cocco::Objective::Latency: return QObject::tr("best latency (cycles)");
    case cocco::Objective::Cost: return QObject::tr("best cost (buffer bytes + α·energy pJ)");
    }
    return QObject::tr("best objective");
}
} // namespace

ConvergenceView::ConvergenceView(WorkbenchState *state, QWidget *parent)
    : QWidget(parent), m_state(state), m_plot(new QCustomPlot(this)), m_logX(new QCheckBox(tr("Log samples axis"), this)),
      m_replotTimer(new QTimer(this))
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(2, 2, 2, 2);
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Best objective against evaluated samples"), this));
    bar->addStretch(1);
    m_logX->setObjectName(QStringLiteral("logSamples"));
    bar->addWidget(m_logX);
    lay->addLayout(bar);
    lay->addWidget(m_plot, 1);
    m_plot->setObjectName(QStringLiteral("convergencePlot"));
    m_plot->setMinimumSize(300, 200);
    m_plot->xAxis->setLabel(tr("samples"));
    m_plot->yAxis->setLabel(tr("best objective"));
    m_plot->legend->setVisible(true);
    m_plot->legend->setFont(QFont(font().family(), 8));
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setNoAntialiasingOnDrag(true);

    m_replotTimer->setSingleShot(true);
    m_replotTimer->setInterval(kReplotMs);
    connect(m_replotTimer, &QTimer::timeout, this, &ConvergenceView::pushLiveToGraph);
    connect(m_logX, &QCheckBox::toggled, this, &ConvergenceView::onLogXToggled);
    connect(m_state, &WorkbenchState::resultsChanged, this, &ConvergenceView::onResultsChanged);
    connect(m_state, &WorkbenchState::searchStarted, this, &ConvergenceView::onSearchStarted);
    connect(m_state, &WorkbenchState::searchProgress, this, &ConvergenceView::onSearchProgress);
    connect(m_state, &WorkbenchState::searchFinished, this, &ConvergenceView::onSearchFinished);
    rebuild();
}

ConvergenceView::~ConvergenceView() = default;

QList<QPair<QString, QCustomPlot *>> ConvergenceView::figures() const
{
    // An export right after a change must not show the state of up to 40 ms ago.
    if (m_replotTimer->isActive()) {
        m_replotTimer->stop();
        const_cast<ConvergenceView *>(this)->pushLiveToGraph();
    }
    return {{QStringLiteral("convergence"), m_plot}};
}

void ConvergenceView::onResultsChanged() { rebuild(); }

void ConvergenceView::onSearchStarted(const cocco::SearchConfig &config)
{
    m_liveConfig = config;
    m_running = true;
    m_liveKeys.clear();
    m_liveValues.clear();
    rebuild();
}

void ConvergenceView::onSearchProgress(const cocco::SearchProgress &p)
{
    if (!m_running || !std::isfinite(p.best))
        return;
    if (!m_liveKeys.isEmpty() && double(p.samples) <= m_liveKeys.back())
        return;
    m_liveKeys.push_back(double(p.samples));
    m_liveValues.push_back(p.best);
    if (m_liveKeys.size() > kMaxLivePoints) {
        // Keep every other point (and the newest): the curve keeps its shape at half the points.
        QVector<double> k, v;
        k.reserve(m_liveKeys.size() / 2 + 1);
        v.reserve(m_liveKeys.size() / 2 + 1);
        for (int i = 0; i < m_liveKeys.size(); i += 2) {
            k.push_back(m_liveKeys[i]);
            v.push_back(m_liveValues[i]);
        }
        if (k.back() != m_liveKeys.back()) {
            k.push_back(m_liveKeys.back());
            v.push_back(m_liveValues.back());
        }
        m_liveKeys.swap(k);
        m_liveValues.swap(v);
    }
    scheduleReplot();
}

void ConvergenceView::onSearchFinished(const cocco::SearchResult &)
{
    // The result itself arrives through resultsChanged with its full history.
    m_running = false;
    m_liveKeys.clear();
    m_liveValues.clear();
    rebuild();
}

void ConvergenceView::onLogXToggled(bool on)
{
    if (on) {
        m_plot->xAxis->setScaleType(QCPAxis::stLogarithmic);
        m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    } else {
        m_plot->xAxis->setScaleType(QCPAxis::stLinear);
        m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    }
    rebuild();
}

void ConvergenceView::scheduleReplot()
{
    if (!m_replotTimer->isActive())
        m_replotTimer->start();
}

void ConvergenceView::pushLiveToGraph()
{
    if (!m_live)
        return;
    m_live->setData(m_liveKeys, m_liveValues, true);
    m_plot->rescaleAxes();
    padValueAxis();
    if (m_logX->isChecked() && m_plot->xAxis->range().lower <= 0)
        m_plot->xAxis->setRangeLower(1);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ConvergenceView::padValueAxis()
{
    // The flat tail of a converged run would sit on the axis line otherwise.
    const QCPRange r = m_plot->yAxis->range();
    const double pad = r.size() > 0 ? r.size() * 0.05 : std::max(1.0, std::fabs(r.center()) * 0.01);
    m_plot->yAxis->setRange(r.lower - pad, r.upper + pad);
}

void ConvergenceView::rebuild()
{
    m_plot->clearGraphs();
    m_plot->clearItems();
    m_live = nullptr;
    double lowest = std::numeric_limits<double>::infinity(); // the lowest bound drawn
    const auto &results = m_state->results();
    QString objective;
    bool mixed = false;
    for (size_t i = 0; i < results.size(); ++i) {
        const cocco::SearchResult &r = results[i];
        const std::vector<cocco::HistoryPoint> h = downsampleHistory(r.history, kMaxHistoryPoints);
        if (h.empty())
            continue;
        const QString obj = objectiveAxisLabel(r.config.objective);
        mixed = mixed || (!objective.isEmpty() && obj != objective);
        objective = obj;
        QVector<double> k, v;
        k.reserve(static_cast<int>(h.size()));
        v.reserve(static_cast<int>(h.size()));
        for (const cocco::HistoryPoint &p : h) {
            if (!std::isfinite(p.best))
                continue; // before the first valid sample
            k.push_back(std::max<double>(1.0, double(p.samples)));
            v.push_back(p.best);
        }
        // The history records improvements; carry the final best to the last sample evaluated.
        if (!v.isEmpty() && double(r.samples) > k.back()) {
            k.push_back(double(r.samples));
            v.push_back(v.back());
        }
        QCPGraph *g = m_plot->addGraph();
        g->setName(resultLabel(results, i));
        g->setPen(QPen(algorithmColor(r.config.algorithm), 1.8));
        g->setLineStyle(QCPGraph::lsStepLeft);
        if (k.size() <= 3) // a heuristic's one or two points would be invisible as a line alone
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, algorithmColor(r.config.algorithm), 7));
        g->setData(k, v, true);
        // The certified lower bound: no design of this search space lies below the dotted line.
        if (std::isfinite(r.lowerBound) && !k.isEmpty()) {
            auto *line = new QCPItemLine(m_plot);
            line->setPen(QPen(algorithmColor(r.config.algorithm), 1.2, Qt::DotLine));
            line->start->setCoords(k.front(), r.lowerBound);
            line->end->setCoords(k.back(), r.lowerBound);
            lowest = std::min(lowest, r.lowerBound);
        }
    }
    if (m_running) {
        m_live = m_plot->addGraph();
        m_live->setName(tr("running: %1").arg(QString::fromLatin1(cocco::algorithmName(m_liveConfig.algorithm))));
        QPen pen(algorithmColor(m_liveConfig.algorithm), 2.2, Qt::DashLine);
        m_live->setPen(pen);
        m_live->setLineStyle(QCPGraph::lsStepLeft);
        m_live->setData(m_liveKeys, m_liveValues, true);
        const QString obj = objectiveAxisLabel(m_liveConfig.objective);
        mixed = mixed || (!objective.isEmpty() && obj != objective);
        objective = obj;
    }
    m_plot->yAxis->setLabel(objective.isEmpty() ? tr("best objective")
                                                : (mixed ? tr("best objective (mixed objectives)") : objective));
    m_plot->legend->setVisible(m_plot->graphCount() > 0);
    m_plot->rescaleAxes();
    if (std::isfinite(lowest)) {
        if (lowest < m_plot->yAxis->range().lower) // bound lines are items: rescaleAxes leaves them out
            m_plot->yAxis->setRangeLower(lowest);
        auto *label = new QCPItemText(m_plot);
        label->setText(tr("certified lower bound (dotted)"));
        label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
        label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
        label->position->setTypeY(QCPItemPosition::ptPlotCoords);
        label->position->setCoords(0.98, lowest);
        label->setColor(QColor(0x55, 0x55, 0x55));
    }
    padValueAxis();
    if (m_logX->isChecked() && m_plot->xAxis->range().lower <= 0)
        m_plot->xAxis->setRangeLower(1);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace ui
