#include "graph_view.h"

#include "figure_export.h"
#include "graph_items.h"
#include "layer_table_model.h"
#include "workbench_state.h"

#include "cost/tiling.h"

#include <QCompleter>
#include <QGraphicsPathItem>
#include <QGraphicsScene>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPainter>
#include <QScrollBar>
#include <QStringListModel>
#include <QToolTip>
#include <QWheelEvent>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace ui {

namespace {
QString nodeTitle(const cocco::Layer &l)
{
    return QString::fromStdString(l.opType.empty() ? std::string(cocco::opKindName(l.op)) : l.opType);
}

QString nodeSubtitle(const cocco::Layer &l)
{
    // Batch is 1 in the model; the shape line shows C×H×W like Netron's tensor labels.
    return QStringLiteral("%1×%2×%3").arg(l.out.c).arg(l.out.h).arg(l.out.w);
}

constexpr double kMinScale = 0.02, kMaxScale = 8.0;
} // namespace

GraphView::GraphView(WorkbenchState *state, QWidget *parent)
    : QGraphicsView(parent), m_state(state), m_scene(new QGraphicsScene(this)), m_findEdit(new QLineEdit(this)),
      m_names(new QStringListModel(this))
{
    setScene(m_scene);
    setRenderHint(QPainter::Antialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setBackgroundBrush(Qt::white);
    setMouseTracking(true);

    auto *completer = new QCompleter(m_names, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    completer->setMaxVisibleItems(12);
    m_findEdit->setCompleter(completer);
    m_findEdit->setPlaceholderText(tr("Find layer…"));
    m_findEdit->setClearButtonEnabled(true);
    m_findEdit->setFixedWidth(260);
    m_findEdit->hide();
    connect(m_findEdit, &QLineEdit::returnPressed, this, [this] { findLayer(m_findEdit->text()); });
    connect(completer, qOverload<const QString &>(&QCompleter::activated), this,
            [this](const QString &text) { findLayer(text); });

    connect(m_state, &WorkbenchState::modelChanged, this, &GraphView::onModelChanged);
    connect(m_state, &WorkbenchState::costChanged, this, &GraphView::onPartitionChanged);
    connect(m_state, &WorkbenchState::selectionChanged, this, &GraphView::onSelectionChanged);
    if (m_state->hasModel())
        onModelChanged();
}

GraphView::~GraphView() = default;

void GraphView::onModelChanged()
{
    m_scene->clear();
    m_nodes.clear();
    m_outlines.clear();
    m_outlineKey.clear();
    m_edges = nullptr;
    m_layout = {};
    m_highlightedLayer = m_highlightedSubgraph = -1;
    const quint64 generation = ++m_generation;
    if (!m_state->hasModel()) {
        m_pending = false;
        return;
    }
    const auto net = m_state->network();
    QStringList names;
    std::vector<QSizeF> sizes;
    sizes.reserve(net->size());
    for (const cocco::Layer &l : net->layers()) {
        names << QString::fromStdString(l.name);
        sizes.push_back(NodeItem::sizeFor(nodeTitle(l), nodeSubtitle(l), font()));
    }
    m_names->setStringList(names);
    GraphLayoutInput input = layoutInputFor(*net, sizes);
    m_pending = true;
    m_scene->addText(tr("Laying out %1 layers…").arg(net->size()), font());
    // dot runs on the thread pool; a newer model makes this result stale (generation check).
    QtConcurrent::run([input = std::move(input)] { return computeGraphLayout(input); })
        .then(this, [this, generation](const GraphLayout &layout) { onLayoutReady(layout, generation); });
}

void GraphView::onLayoutReady(const GraphLayout &layout, quint64 generation)
{
    if (generation != m_generation)
        return;
    m_pending = false;
    m_layout = layout;
    buildScene();
    emit layoutFinished();
}

void GraphView::buildScene()
{
    m_scene->clear();
    m_nodes.assign(m_layout.nodes.size(), nullptr);
    m_outlines.clear();
    m_outlineKey.clear();
    m_edges = nullptr;
    if (!m_layout.ok() || !m_state->hasModel()) {
        m_scene->addText(tr("Graph layout failed: %1").arg(m_layout.error));
        return;
    }
    const auto net = m_state->network();
    if (m_layout.nodes.size() != net->size())
        return;
    for (size_t i = 0; i < m_layout.nodes.size(); ++i) {
        const cocco::Layer &l = net->layer(static_cast<int>(i));
        auto *item = new NodeItem(static_cast<int>(i), nodeTitle(l), nodeSubtitle(l), m_layout.nodes[i], font());
        m_scene->addItem(item);
        m_nodes[i] = item;
    }
    // All edges in two path items (lines + arrow heads): thousands of items would slow the scene.
    QPainterPath lines, heads;
    constexpr double kHead = 6, kHalf = 3;
    for (size_t e = 0; e < m_layout.edges.size(); ++e) {
        // dot's routed polyline when there is one (it bends around nodes), else a straight line.
        std::vector<QPointF> pts;
        if (e < m_layout.edgePaths.size() && m_layout.edgePaths[e].size() >= 2) {
            pts = m_layout.edgePaths[e];
        } else {
            const auto [a, b] = m_layout.edgeLine(e);
            pts = {a, b};
        }
        lines.moveTo(pts.front());
        for (size_t k = 1; k < pts.size(); ++k)
            lines.lineTo(pts[k]);
        const QPointF b = pts.back(), a = pts[pts.size() - 2];
        const QLineF line(a, b);
        if (line.length() < 1e-6)
            continue;
        const QPointF dir = (b - a) / line.length();
        const QPointF normal(-dir.y(), dir.x());
        const QPointF base = b - dir * kHead;
        QPolygonF tri;
        tri << b << base + normal * kHalf << base - normal * kHalf << b;
        heads.addPolygon(tri);
    }
    auto *lineItem = m_scene->addPath(lines, QPen(QColor(90, 90, 90), 1.0));
    lineItem->setZValue(1);
    auto *headItem = m_scene->addPath(heads, Qt::NoPen, QColor(90, 90, 90));
    headItem->setZValue(1);
    m_edges = lineItem;
    m_scene->setSceneRect(m_layout.bounds.adjusted(-20, -20, 20, 20));
    onPartitionChanged();
    onSelectionChanged();

    // Start readable: fit the width (never magnify), top of the graph in view.
    resetTransform();
    const double sx = viewport()->width() / std::max(1.0, m_scene->sceneRect().width());
    const double s = std::clamp(sx, 0.25, 1.0);
    scale(s, s);
    centerOn(m_scene->sceneRect().center().x(), m_scene->sceneRect().top() + viewport()->height() / (2 * s));
}

void GraphView::onPartitionChanged()
{
    if (m_nodes.empty() || !m_state->hasModel())
        return;
    const auto &labels = m_state->partition().label;
    const auto &subs = m_state->cost().subgraphs;
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        const int label = i < labels.size() ? labels[i] : -1;
        bool spilling = false, fits = true;
        if (label >= 0 && size_t(label) < subs.size()) {
            spilling = subs[size_t(label)].spilling;
            fits = subs[size_t(label)].fits;
        }
        m_nodes[i]->setSubgraph(label, spilling, fits);
    }
    rebuildOutlines();
}

void GraphView::rebuildOutlines()
{
    // A hardware change re-evaluates costs without changing the partition: keep the outlines
    // unless the labels or a subgraph's fit/spill flags changed (slider drags stay cheap).
    std::vector<int> key = m_state->partition().label;
    for (const cocco::SubgraphCost &c : m_state->cost().subgraphs)
        key.push_back((c.spilling ? 1 : 0) + (c.fits ? 2 : 0));
    if (key == m_outlineKey && m_outlines.size() == m_state->subgraphs().size())
        return;
    m_outlineKey = std::move(key);
    for (SubgraphOutlineItem *o : m_outlines)
        delete o;
    m_outlines.clear();
    const auto &groups = m_state->subgraphs();
    const auto &subs = m_state->cost().subgraphs;
    const auto net = m_state->network();
    m_outlines.assign(groups.size(), nullptr);
    for (size_t label = 0; label < groups.size(); ++label) {
        const auto &layers = groups[label];
        const bool spilling = label < subs.size() && subs[label].spilling;
        const bool fits = label >= subs.size() || subs[label].fits;
        // A lone layer is outlined by its own border; only flagged ones get an extra outline.
        if (layers.size() < 2 && fits && !spilling)
            continue;
        std::vector<QRectF> rects;
        std::vector<QLineF> edges;
        for (int v : layers) {
            if (size_t(v) >= m_layout.nodes.size())
                continue;
            rects.push_back(m_layout.nodes[size_t(v)]);
            for (int u : net->preds(v))
                if (std::binary_search(layers.begin(), layers.end(), u)) {
                    const QRectF &a = m_layout.nodes[size_t(u)];
                    const QRectF &b = m_layout.nodes[size_t(v)];
                    edges.emplace_back(a.center(), b.center());
                }
        }
        auto *item = new SubgraphOutlineItem(static_cast<int>(label), rects, edges, spilling, fits);
        item->setHighlighted(static_cast<int>(label) == m_state->selectedSubgraph());
        m_scene->addItem(item);
        m_outlines[label] = item;
    }
    m_highlightedSubgraph = m_state->selectedSubgraph();
}

void GraphView::onSelectionChanged()
{
    const int layer = m_state->selectedLayer();
    if (m_highlightedLayer >= 0 && size_t(m_highlightedLayer) < m_nodes.size())
        m_nodes[size_t(m_highlightedLayer)]->setHighlighted(false);
    if (layer >= 0 && size_t(layer) < m_nodes.size())
        m_nodes[size_t(layer)]->setHighlighted(true);
    m_highlightedLayer = layer;
    const int sub = m_state->selectedSubgraph();
    if (m_highlightedSubgraph >= 0 && size_t(m_highlightedSubgraph) < m_outlines.size()
        && m_outlines[size_t(m_highlightedSubgraph)])
        m_outlines[size_t(m_highlightedSubgraph)]->setHighlighted(false);
    if (sub >= 0 && size_t(sub) < m_outlines.size() && m_outlines[size_t(sub)])
        m_outlines[size_t(sub)]->setHighlighted(true);
    m_highlightedSubgraph = sub;
}

QRectF GraphView::nodeRect(int layer) const
{
    return layer >= 0 && size_t(layer) < m_layout.nodes.size() ? m_layout.nodes[size_t(layer)] : QRectF();
}

bool GraphView::findLayer(const QString &text)
{
    if (!m_state->hasModel() || text.isEmpty())
        return false;
    const auto net = m_state->network();
    int found = net->find(text.toStdString());
    if (found < 0) {
        for (int i = 0; i < static_cast<int>(net->size()); ++i)
            if (QString::fromStdString(net->layer(i).name).contains(text, Qt::CaseInsensitive)) {
                found = i;
                break;
            }
    }
    if (found < 0)
        return false;
    m_state->selectLayer(found);
    const QRectF r = nodeRect(found);
    if (!r.isNull())
        centerOn(r.center());
    return true;
}

void GraphView::fitAll()
{
    if (m_layout.nodes.empty())
        return;
    fitInView(m_scene->sceneRect(), Qt::KeepAspectRatio);
}

void GraphView::scaleBy(double factor)
{
    const double current = transform().m11();
    const double target = std::clamp(current * factor, kMinScale, kMaxScale);
    scale(target / current, target / current);
}

void GraphView::zoomIn() { scaleBy(1.25); }
void GraphView::zoomOut() { scaleBy(0.8); }

void GraphView::showFindBar()
{
    m_findEdit->show();
    placeFindBar();
    m_findEdit->raise();
    m_findEdit->setFocus();
    m_findEdit->selectAll();
}

void GraphView::placeFindBar()
{
    m_findEdit->move(width() - m_findEdit->width() - 24, 8);
}

void GraphView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    placeFindBar();
}

void GraphView::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    scaleBy(std::pow(1.2, steps));
    event->accept();
}

void GraphView::mousePressEvent(QMouseEvent *event)
{
    m_pressPos = event->pos();
    QGraphicsView::mousePressEvent(event);
}

void GraphView::mouseReleaseEvent(QMouseEvent *event)
{
    QGraphicsView::mouseReleaseEvent(event);
    // A click (not a pan) selects the node under the cursor, or clears the selection.
    if (event->button() == Qt::LeftButton && (event->pos() - m_pressPos).manhattanLength() < 5) {
        NodeItem *node = nodeAt(event->pos());
        m_state->selectLayer(node ? node->layer() : -1);
    }
}

void GraphView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_F && event->modifiers() == Qt::NoModifier) {
        fitAll();
        return;
    }
    if (event->key() == Qt::Key_Plus || event->key() == Qt::Key_Equal) {
        zoomIn();
        return;
    }
    if (event->key() == Qt::Key_Minus) {
        zoomOut();
        return;
    }
    if (event->key() == Qt::Key_Escape && m_findEdit->isVisible()) {
        m_findEdit->hide();
        return;
    }
    QGraphicsView::keyPressEvent(event);
}

NodeItem *GraphView::nodeAt(const QPoint &viewPos) const
{
    const QList<QGraphicsItem *> hits = items(viewPos);
    for (QGraphicsItem *it : hits)
        if (auto *node = dynamic_cast<NodeItem *>(it))
            return node;
    return nullptr;
}

bool GraphView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        if (NodeItem *node = nodeAt(help->pos()))
            QToolTip::showText(help->globalPos(), layerToolTip(node->layer()), viewport());
        else
            QToolTip::hideText();
        return true;
    }
    return QGraphicsView::viewportEvent(event);
}

QString GraphView::layerToolTip(int layer) const
{
    if (!m_state->hasModel() || layer < 0 || size_t(layer) >= m_state->network()->size())
        return {};
    const auto net = m_state->network();
    const cocco::Layer &l = net->layer(layer);
    const auto &labels = m_state->partition().label;
    const int label = size_t(layer) < labels.size() ? labels[size_t(layer)] : -1;
    QString html = QStringLiteral("<b>%1</b><br>%2 · %3<br>").arg(
        QString::fromStdString(l.name).toHtmlEscaped(), nodeTitle(l).toHtmlEscaped(),
        formatShape(l.out.n, l.out.c, l.out.h, l.out.w));
    html += tr("params %1 · MACs %2").arg(formatCount(double(l.params)), formatCount(double(l.macs)));
    if (label < 0) {
        html += tr("<br>network input (read from DRAM)");
        return html;
    }
    html += tr("<br>subgraph %1").arg(label);
    const auto &groups = m_state->subgraphs();
    if (size_t(label) < groups.size()) {
        const cocco::SubgraphTiling tiling = cocco::deriveTiling(
            *net, groups[size_t(label)], cocco::TilingOptions::from(m_state->hardware()));
        if (const cocco::TileNode *t = tiling.node(layer))
            html += tr("<br>MAIN %1 · SIDE %2").arg(formatBytes(double(t->mainBytes)), formatBytes(double(t->sideBytes)));
    }
    const auto &subs = m_state->cost().subgraphs;
    if (size_t(label) < subs.size()) {
        if (subs[size_t(label)].spilling)
            html += tr("<br><span style='color:#c81e1e'>spilling: weights streamed in chunks</span>");
        else if (!subs[size_t(label)].fits)
            html += tr("<br><span style='color:#c81e1e'>%1</span>")
                        .arg(QString::fromStdString(subs[size_t(label)].reason).toHtmlEscaped());
    }
    return html;
}

bool GraphView::exportGraph(const QString &path, QString *error)
{
    if (m_layout.nodes.empty()) {
        *error = tr("%1: no graph to export (no model loaded or layout pending)").arg(path);
        return false;
    }
    const QRectF src = m_scene->sceneRect();
    // Very tall graphs are scaled down so a PNG stays a few tens of megapixels at most.
    const double maxSide = 6000;
    const double k = std::min(1.0, maxSide / std::max(src.width(), src.height()));
    const QSize size(int(std::ceil(src.width() * k)), int(std::ceil(src.height() * k)));
    return exportFigure(path, size, [this, src](QPainter &p, QSize s) {
        m_scene->render(&p, QRectF(QPointF(0, 0), QSizeF(s)), src, Qt::KeepAspectRatio);
    }, error);
}

} // namespace ui
