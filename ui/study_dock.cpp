#include "study_dock.h"

#include "palette.h"
#include "plot_style.h"
#include "study_filter_model.h"
#include "study_table_model.h"
#include "workbench_state.h"

#include "io/model_loader.h"
#include "search/result_json.h"
#include "study/results_db.h"
#include "study/suite_front.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>
#include <map>
#include <set>

namespace ui {

namespace {

QCustomPlot *makePlot(QWidget *parent)
{
    auto *p = new QCustomPlot(parent);
    p->legend->setVisible(true);
    p->legend->setFont(QFont(parent->font().family(), 8));
    p->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    p->setMinimumHeight(220);
    return p;
}

QColor seriesColor(const QString &name, int index, bool byAlgorithm)
{
    cocco::Algorithm a;
    if (byAlgorithm && cocco::parseAlgorithm(name.toStdString(), &a))
        return algorithmColor(a);
    return subgraphOutline(index);
}

} // namespace

StudyDock::StudyDock(WorkbenchState *state, QWidget *parent)
    : QWidget(parent), m_state(state), m_model(new StudyTableModel(this)), m_filter(new StudyFilterModel(this))
{
    m_filter->setSourceModel(m_model);
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    m_info = new QLabel(tr("No study open (File ▸ Open Study…)"), this);
    auto *refresh = new QPushButton(tr("Refresh"), this);
    refresh->setToolTip(tr("Re-read the database (a running study adds rows)"));
    top->addWidget(m_info, 1);
    top->addWidget(refresh);
    layout->addLayout(top);

    auto *filters = new QHBoxLayout;
    m_modelBox = new QComboBox(this);
    m_algoBox = new QComboBox(this);
    m_axisBox = new QComboBox(this);
    m_valueBox = new QComboBox(this);
    m_okOnly = new QCheckBox(tr("ok only"), this);
    filters->addWidget(new QLabel(tr("Model"), this));
    filters->addWidget(m_modelBox);
    filters->addWidget(new QLabel(tr("Algorithm"), this));
    filters->addWidget(m_algoBox);
    filters->addWidget(new QLabel(tr("Axis"), this));
    filters->addWidget(m_axisBox);
    filters->addWidget(m_valueBox);
    filters->addWidget(m_okOnly);
    filters->addStretch(1);
    layout->addLayout(filters);

    m_tabs = new QTabWidget(this);
    m_table = new QTableView(this);
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->setWordWrap(false);
    m_tabs->addTab(m_table, tr("Runs"));

    auto *plotPage = new QWidget(this);
    auto *plotLayout = new QVBoxLayout(plotPage);
    auto *plotControls = new QHBoxLayout;
    m_metricBox = new QComboBox(plotPage);
    m_metricBox->addItems(StudyTableModel::metricColumns());
    m_xBox = new QComboBox(plotPage);
    m_seriesBox = new QComboBox(plotPage);
    m_seriesBox->addItems({QStringLiteral("model"), QStringLiteral("algorithm")});
    plotControls->addWidget(new QLabel(tr("Metric"), plotPage));
    plotControls->addWidget(m_metricBox);
    plotControls->addWidget(new QLabel(tr("against"), plotPage));
    plotControls->addWidget(m_xBox);
    plotControls->addWidget(new QLabel(tr("one series per"), plotPage));
    plotControls->addWidget(m_seriesBox);
    plotControls->addStretch(1);
    plotLayout->addLayout(plotControls);
    m_plot = makePlot(plotPage);
    plotLayout->addWidget(m_plot, 1);
    m_tabs->addTab(plotPage, tr("Plot"));

    auto *frontPage = new QWidget(this);
    auto *frontLayout = new QVBoxLayout(frontPage);
    m_frontPlot = makePlot(frontPage);
    m_frontLabel = new QLabel(frontPage);
    m_frontLabel->setWordWrap(true);
    m_frontLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    frontLayout->addWidget(m_frontPlot, 1);
    frontLayout->addWidget(m_frontLabel);
    m_tabs->addTab(frontPage, tr("Suite front"));
    layout->addWidget(m_tabs, 1);

    connect(refresh, &QPushButton::clicked, this, [this] {
        QString error;
        if (!reload(&error))
            emit failed(error);
    });
    for (QComboBox *b : {m_modelBox, m_algoBox, m_valueBox})
        connect(b, &QComboBox::currentIndexChanged, this, &StudyDock::applyFilters);
    connect(m_axisBox, &QComboBox::currentIndexChanged, this, [this] {
        const QSignalBlocker block(m_valueBox);
        m_valueBox->clear();
        m_valueBox->addItem(tr("any"));
        const int column = m_axisBox->currentIndex() - 1;
        if (column >= 0) {
            std::set<QString> values;
            for (int r = 0; r < m_model->rowCount(); ++r)
                values.insert(m_model->index(r, m_model->axisColumn(column)).data().toString());
            for (const QString &v : values)
                m_valueBox->addItem(v);
        }
        applyFilters();
    });
    connect(m_okOnly, &QCheckBox::toggled, this, &StudyDock::applyFilters);
    for (QComboBox *b : {m_metricBox, m_xBox, m_seriesBox})
        connect(b, &QComboBox::currentIndexChanged, this, &StudyDock::replot);
    connect(m_table, &QTableView::doubleClicked, this, &StudyDock::onActivated);
}

StudyDock::~StudyDock() = default;

bool StudyDock::openStudy(const QString &path, QString *error)
{
    const QString old = m_path;
    m_path = path;
    if (reload(error))
        return true;
    m_path = old;
    return false;
}

bool StudyDock::reload(QString *error)
{
    if (m_path.isEmpty()) {
        *error = tr("no study open");
        return false;
    }
    auto db = cocco::ResultsDb::open(m_path.toStdString(), false);
    if (!db.ok()) {
        *error = QString::fromStdString(db.message());
        return false;
    }
    auto stored = db.value()->storedStudy();
    auto rows = db.value()->rows();
    if (!stored.ok() || !rows.ok()) {
        *error = QString::fromStdString(!stored.ok() ? stored.message() : rows.message());
        return false;
    }
    auto study = cocco::studyFromJson(stored->canonicalText, m_path.toStdString() + " (stored study)", ".");
    if (!study.ok()) {
        *error = QString::fromStdString(study.message());
        return false;
    }
    m_study = study.value();
    int failed = 0;
    for (const auto &r : rows.value())
        failed += r.status != "ok";
    m_info->setText(tr("%1: %2 — %3 of %4 runs, %5 failed")
                        .arg(QFileInfo(m_path).fileName(), QString::fromStdString(stored->name))
                        .arg(rows->size())
                        .arg(cocco::studyRunCount(*m_study))
                        .arg(failed));
    m_model->setRuns(stored->axes, std::move(rows).value());
    m_table->resizeColumnsToContents();
    rebuildFilters();
    return true;
}

void StudyDock::rebuildFilters()
{
    auto refill = [](QComboBox *box, const QString &any, const QStringList &items) {
        const QString keep = box->currentText();
        const QSignalBlocker block(box);
        box->clear();
        box->addItem(any);
        box->addItems(items);
        const int i = box->findText(keep);
        box->setCurrentIndex(i < 0 ? 0 : i);
    };
    QStringList models, algos, axes;
    for (const auto &m : m_study->models)
        models << QString::fromStdString(m.label);
    for (const cocco::Algorithm &a : m_study->search.algorithms)
        algos << QString::fromLatin1(cocco::algorithmName(a));
    for (const auto &a : m_model->axes())
        axes << QString::fromStdString(a);
    refill(m_modelBox, tr("any"), models);
    refill(m_algoBox, tr("any"), algos);
    refill(m_axisBox, tr("(no axis filter)"), axes);
    {
        const QString keep = m_xBox->currentText();
        const QSignalBlocker block(m_xBox);
        m_xBox->clear();
        m_xBox->addItems(axes);
        const int i = m_xBox->findText(keep);
        m_xBox->setCurrentIndex(i < 0 ? 0 : i);
    }
    applyFilters();
    replotFront();
}

void StudyDock::applyFilters()
{
    m_filter->setModelFilter(m_modelBox->currentIndex() > 0 ? m_modelBox->currentText() : QString());
    m_filter->setAlgorithmFilter(m_algoBox->currentIndex() > 0 ? m_algoBox->currentText() : QString());
    const int axis = m_axisBox->currentIndex() - 1;
    m_filter->setAxisFilter(axis >= 0 ? m_model->axisColumn(axis) : -1,
                            m_valueBox->currentIndex() > 0 ? m_valueBox->currentText() : QString());
    m_filter->setOkOnly(m_okOnly->isChecked());
    replot();
}

void StudyDock::setFilters(const QString &model, const QString &algorithm, const QString &axis, const QString &value)
{
    auto pick = [](QComboBox *b, const QString &t) { b->setCurrentIndex(t.isEmpty() ? 0 : std::max(0, b->findText(t))); };
    pick(m_modelBox, model);
    pick(m_algoBox, algorithm);
    pick(m_axisBox, axis);
    pick(m_valueBox, value);
    applyFilters();
}

void StudyDock::setPlot(const QString &metric, const QString &axis, const QString &seriesBy)
{
    m_metricBox->setCurrentText(metric);
    m_xBox->setCurrentText(axis);
    m_seriesBox->setCurrentText(seriesBy);
    replot();
}

void StudyDock::replot()
{
    m_plot->clearGraphs();
    m_series = 0;
    const int axis = m_xBox->currentIndex();
    const int metricColumn = m_model->metricColumn(m_metricBox->currentText());
    if (axis < 0 || metricColumn < 0 || m_model->rowCount() == 0) {
        m_plot->replot();
        return;
    }
    const bool byAlgorithm = m_seriesBox->currentText() == QLatin1String("algorithm");
    const int seriesColumn = byAlgorithm ? m_model->algorithmColumn() : m_model->modelColumn();
    // Text axis values (buffer.mode) are placed at 0, 1, 2, ... in order of appearance.
    std::map<QString, double> textX;
    QVector<double> ticks;
    QVector<QString> labels;
    std::map<QString, std::map<double, std::vector<double>>> series; // name -> x -> ys
    std::vector<QString> order;
    for (int r = 0; r < m_filter->rowCount(); ++r) {
        const QModelIndex src = m_filter->mapToSource(m_filter->index(r, 0));
        const QVariant xv = m_model->index(src.row(), m_model->axisColumn(axis)).data(StudyTableModel::RawRole);
        const QVariant yv = m_model->index(src.row(), metricColumn).data(StudyTableModel::RawRole);
        if (!xv.isValid() || !yv.isValid())
            continue;
        double x = 0;
        if (xv.typeId() == QMetaType::Double) {
            x = xv.toDouble();
        } else {
            auto it = textX.find(xv.toString());
            if (it == textX.end()) {
                it = textX.emplace(xv.toString(), static_cast<double>(textX.size())).first;
                ticks << it->second;
                labels << it->first;
            }
            x = it->second;
        }
        const QString name = m_model->index(src.row(), seriesColumn).data().toString();
        if (!series.count(name))
            order.push_back(name);
        series[name][x].push_back(yv.toDouble());
    }
    for (size_t i = 0; i < order.size(); ++i) {
        const QColor c = seriesColor(order[i], static_cast<int>(i), byAlgorithm);
        QCPGraph *all = m_plot->addGraph();
        all->setLineStyle(QCPGraph::lsNone);
        QColor faint = c;
        faint.setAlpha(70);
        all->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, faint, 5));
        all->removeFromLegend();
        QCPGraph *best = m_plot->addGraph();
        best->setName(order[i] + tr(" (best)"));
        best->setPen(QPen(c, 2));
        best->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, c, 7));
        for (const auto &kv : series[order[i]]) {
            for (double y : kv.second)
                all->addData(kv.first, y);
            best->addData(kv.first, *std::min_element(kv.second.begin(), kv.second.end()));
        }
        ++m_series;
    }
    if (!ticks.isEmpty()) {
        QSharedPointer<QCPAxisTickerText> t(new QCPAxisTickerText);
        t->setTicks(ticks, labels);
        m_plot->xAxis->setTicker(t);
    } else {
        m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    }
    m_plot->xAxis->setLabel(m_xBox->currentText());
    m_plot->yAxis->setLabel(m_metricBox->currentText());
    m_plot->rescaleAxes();
    m_plot->xAxis->scaleRange(1.1, m_plot->xAxis->range().center());
    m_plot->yAxis->scaleRange(1.1, m_plot->yAxis->range().center());
    m_plot->legend->setVisible(m_series > 0);
    m_plot->replot();
}

void StudyDock::replotFront()
{
    m_frontPlot->clearGraphs();
    m_frontPlot->clearItems();
    m_frontLabel->clear();
    auto set = cocco::suiteFronts(*m_study, m_model->runs(), "", "cost");
    if (!set.ok()) {
        m_frontLabel->setText(QString::fromStdString(set.message()));
        m_frontPlot->replot();
        return;
    }
    QStringList lines;
    for (size_t i = 0; i < set->fronts.size(); ++i) {
        const auto &f = set->fronts[i];
        const QColor c = subgraphOutline(static_cast<int>(i));
        QCPGraph *g = m_frontPlot->addGraph();
        g->setName(QString::fromStdString(f.group));
        g->setPen(QPen(c, 2));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, c, 6));
        for (const auto &p : f.points)
            if (p.complete && p.capacity.is_number())
                g->addData(p.capacity.get<double>() / 1024.0, p.total);
        if (f.best < 0)
            continue;
        const auto &b = f.points[static_cast<size_t>(f.best)];
        QCPGraph *mark = m_frontPlot->addGraph();
        mark->removeFromLegend();
        mark->setLineStyle(QCPGraph::lsNone);
        mark->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QPen(c, 2), Qt::NoBrush, 16));
        if (b.capacity.is_number())
            mark->addData(b.capacity.get<double>() / 1024.0, b.total);
        lines << tr("%1: best %2 = %3 KiB (suite cost %4)")
                     .arg(QString::fromStdString(f.group), QString::fromStdString(set->axis))
                     .arg(b.capacity.is_number() ? b.capacity.get<double>() / 1024.0 : 0)
                     .arg(b.total, 0, 'g', 6);
    }
    m_frontLabel->setText(lines.join('\n'));
    m_frontPlot->xAxis->setLabel(QString::fromStdString(set->axis) + tr(" (KiB)"));
    m_frontPlot->yAxis->setLabel(tr("suite cost (max buffer bytes + α · Σ weight · energy pJ)"));
    m_frontPlot->rescaleAxes();
    m_frontPlot->xAxis->scaleRange(1.1, m_frontPlot->xAxis->range().center());
    m_frontPlot->yAxis->scaleRange(1.1, m_frontPlot->yAxis->range().center());
    m_frontPlot->replot();
}

QString StudyDock::frontSummary() const { return m_frontLabel->text(); }

QList<QPair<QString, QCustomPlot *>> StudyDock::figures() const
{
    return {{QStringLiteral("study_metric"), m_plot}, {QStringLiteral("study_suite_front"), m_frontPlot}};
}

bool StudyDock::loadRun(int row, QString *error)
{
    if (!m_study || row < 0 || row >= m_model->rowCount()) {
        *error = tr("no such run");
        return false;
    }
    const cocco::RunRecord &r = m_model->run(row);
    if (r.status != "ok") {
        *error = tr("run %1 failed: %2").arg(QString::fromStdString(r.key), QString::fromStdString(r.message));
        return false;
    }
    const cocco::StudyModel *m = nullptr;
    for (const auto &sm : m_study->models)
        if (sm.label == r.model)
            m = &sm;
    if (!m) {
        *error = tr("model %1 is not in the study").arg(QString::fromStdString(r.model));
        return false;
    }
    // Model files are relative to the study file; the results usually sit next to it.
    std::string spec = m->spec;
    if (spec.rfind("zoo:", 0) != 0 && !QFileInfo(QString::fromStdString(spec)).isAbsolute())
        spec = QFileInfo(m_path).dir().filePath(QString::fromStdString(spec)).toStdString();
    cocco::LoadOptions o;
    o.inputShapes = m->inputShapes;
    auto loaded = cocco::loadModel(spec, o);
    if (!loaded.ok()) {
        *error = QString::fromStdString(loaded.message());
        return false;
    }
    const cocco::Network net = loaded->net;
    auto result = cocco::searchResultFromJson(net, r.resultJson, r.key);
    if (!result.ok()) {
        *error = QString::fromStdString(result.message());
        return false;
    }
    m_state->setModel(std::move(loaded).value());
    m_state->addResult(result.value());
    m_state->setDesign(result->best);
    emit runLoaded(QString::fromStdString(r.key));
    return true;
}

void StudyDock::onActivated(const QModelIndex &proxyIndex)
{
    QString error;
    if (!loadRun(m_filter->mapToSource(proxyIndex).row(), &error))
        emit failed(error);
}

} // namespace ui
