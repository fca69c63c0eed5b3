// Scene items of the graph view: a layer node (op + output shape, filled with its subgraph's
// colour) and the outline drawn around a subgraph's nodes.
#pragma once

#include <QColor>
#include <QFont>
#include <QGraphicsItem>
#include <QPainterPath>
#include <QString>

#include <vector>

namespace ui {

class NodeItem : public QGraphicsItem {
public:
    NodeItem(int layer, QString title, QString subtitle, QRectF rect, const QFont &font);

    int layer() const { return m_layer; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    void setSubgraph(int label, bool spilling, bool fits);
    void setHighlighted(bool on);

    // Width/height a node needs for these two lines of text in `font` (scene units).
    static QSizeF sizeFor(const QString &title, const QString &subtitle, const QFont &font);

private:
    int m_layer;
    QString m_title, m_subtitle;
    QRectF m_rect;
    QFont m_font, m_boldFont;
    int m_label = -1;
    bool m_spilling = false;
    bool m_fits = true;
    bool m_highlighted = false;
};

// The outline around one subgraph: the union of its nodes' rectangles and its internal edges,
// grown by a margin, so the shape follows the nodes instead of a bounding box that would also
// cover other subgraphs.
class SubgraphOutlineItem : public QGraphicsItem {
public:
    SubgraphOutlineItem(int label, const std::vector<QRectF> &nodes, const std::vector<QLineF> &edges,
                        bool spilling, bool fits);

    int label() const { return m_label; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override { return m_path; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    void setHighlighted(bool on);

private:
    int m_label;
    QPainterPath m_path;
    bool m_spilling, m_fits;
    bool m_highlighted = false;
};

} // namespace ui
