#include "graph_items.h"

#include "palette.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPolygonF>

#include <algorithm>

namespace ui {

namespace {
constexpr double kPadX = 8, kPadY = 4, kRadius = 4, kOutlineMargin = 6;
const QColor kSpillColor(200, 30, 30);

double cross(const QPointF &o, const QPointF &a, const QPointF &b)
{
    return (a.x() - o.x()) * (b.y() - o.y()) - (a.y() - o.y()) * (b.x() - o.x());
}

// Andrew's monotone chain; closed polygon.
QPolygonF convexHull(std::vector<QPointF> pts)
{
    std::sort(pts.begin(), pts.end(), [](const QPointF &a, const QPointF &b) {
        return a.x() < b.x() || (a.x() == b.x() && a.y() < b.y());
    });
    std::vector<QPointF> hull(2 * pts.size());
    size_t k = 0;
    for (const QPointF &p : pts) {
        while (k >= 2 && cross(hull[k - 2], hull[k - 1], p) <= 0)
            --k;
        hull[k++] = p;
    }
    for (size_t i = pts.size() - 1, t = k + 1; i-- > 0;) {
        while (k >= t && cross(hull[k - 2], hull[k - 1], pts[i]) <= 0)
            --k;
        hull[k++] = pts[i];
    }
    hull.resize(k);
    return QPolygonF(QList<QPointF>(hull.begin(), hull.end()));
}
}

NodeItem::NodeItem(int layer, QString title, QString subtitle, QRectF rect, const QFont &font)
    : m_layer(layer), m_title(std::move(title)), m_subtitle(std::move(subtitle)), m_rect(rect), m_font(font),
      m_boldFont(font)
{
    m_boldFont.setBold(true);
    setAcceptedMouseButtons(Qt::NoButton); // the view handles clicks (so a drag anywhere pans)
    setZValue(2);
}

QSizeF NodeItem::sizeFor(const QString &title, const QString &subtitle, const QFont &font)
{
    QFont bold = font;
    bold.setBold(true);
    const QFontMetricsF fb(bold), fm(font);
    const double w = std::max(fb.horizontalAdvance(title), fm.horizontalAdvance(subtitle)) + 2 * kPadX;
    const double h = fb.height() + fm.height() + 2 * kPadY;
    return QSizeF(std::max(w, 64.0), h);
}

QRectF NodeItem::boundingRect() const { return m_rect.adjusted(-3, -3, 3, 3); }

void NodeItem::setSubgraph(int label, bool spilling, bool fits)
{
    m_label = label;
    m_spilling = spilling;
    m_fits = fits;
    update();
}

void NodeItem::setHighlighted(bool on)
{
    if (m_highlighted == on)
        return;
    m_highlighted = on;
    setZValue(on ? 3 : 2);
    update();
}

void NodeItem::paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *)
{
    p->setRenderHint(QPainter::Antialiasing);
    QPen pen(subgraphOutline(m_label), 1.2);
    if (m_spilling || !m_fits) {
        pen = QPen(kSpillColor, 2.0, m_spilling ? Qt::DashLine : Qt::SolidLine);
    }
    if (m_highlighted)
        pen = QPen(Qt::black, 2.6);
    p->setPen(pen);
    p->setBrush(subgraphColor(m_label));
    p->drawRoundedRect(m_rect, kRadius, kRadius);
    if (m_spilling) {
        p->setPen(Qt::NoPen);
        p->setBrush(QBrush(QColor(200, 30, 30, 90), Qt::BDiagPattern));
        p->drawRoundedRect(m_rect, kRadius, kRadius);
    }
    const QFontMetricsF fb(m_boldFont);
    QRectF top = m_rect.adjusted(kPadX / 2, kPadY, -kPadX / 2, 0);
    top.setHeight(fb.height());
    QRectF bottom = top.translated(0, fb.height());
    p->setPen(Qt::black);
    p->setFont(m_boldFont);
    p->drawText(top, Qt::AlignCenter, m_title);
    p->setFont(m_font);
    p->setPen(QColor(50, 50, 50));
    p->drawText(bottom, Qt::AlignCenter, m_subtitle);
}

SubgraphOutlineItem::SubgraphOutlineItem(int label, const std::vector<QRectF> &nodes,
                                         const std::vector<QLineF> &edges, bool spilling, bool fits)
    : m_label(label), m_spilling(spilling), m_fits(fits)
{
    QPainterPath raw;
    raw.setFillRule(Qt::WindingFill);
    for (const QRectF &r : nodes)
        raw.addRoundedRect(r.adjusted(-kOutlineMargin, -kOutlineMargin, kOutlineMargin, kOutlineMargin),
                           kRadius + kOutlineMargin, kRadius + kOutlineMargin);
    // Each internal edge adds the convex hull of its two grown node rectangles: the outline
    // becomes one smooth blob along the subgraph's edges instead of boxes joined by thin bridges.
    for (const QLineF &l : edges) {
        const QRectF *a = nullptr, *b = nullptr;
        for (const QRectF &r : nodes) {
            if (r.contains(l.p1()))
                a = &r;
            if (r.contains(l.p2()))
                b = &r;
        }
        if (!a || !b)
            continue;
        const double m = kOutlineMargin;
        const QRectF ra = a->adjusted(-m, -m, m, m), rb = b->adjusted(-m, -m, m, m);
        raw.addPolygon(convexHull({ra.topLeft(), ra.topRight(), ra.bottomLeft(), ra.bottomRight(), rb.topLeft(),
                                   rb.topRight(), rb.bottomLeft(), rb.bottomRight()}));
    }
    m_path = raw.simplified();
    setAcceptedMouseButtons(Qt::NoButton);
    setZValue(0);
}

QRectF SubgraphOutlineItem::boundingRect() const { return m_path.boundingRect().adjusted(-3, -3, 3, 3); }

void SubgraphOutlineItem::setHighlighted(bool on)
{
    if (m_highlighted == on)
        return;
    m_highlighted = on;
    update();
}

void SubgraphOutlineItem::paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *)
{
    p->setRenderHint(QPainter::Antialiasing);
    QColor fill = subgraphColor(m_label);
    fill.setAlpha(m_highlighted ? 150 : 80);
    QPen pen(subgraphOutline(m_label), m_highlighted ? 2.5 : 1.2);
    if (m_spilling || !m_fits)
        pen = QPen(kSpillColor, 2.0, Qt::DashLine);
    p->setPen(pen);
    p->setBrush(fill);
    p->drawPath(m_path);
}

} // namespace ui
