// The Graph dock: the network as a layered top-down graph (Graphviz dot, laid out off the GUI
// thread), nodes filled with their subgraph's colour, subgraph outlines, spilling subgraphs marked
// in red; wheel zoom, drag pan, fit (F / Ctrl+0), find (Ctrl+F), hover tooltips, click to select.
#pragma once

#include "graph_layout.h"

#include <QGraphicsView>
#include <QPoint>

#include <vector>

class QLineEdit;
class QStringListModel;

namespace ui {

class NodeItem;
class SubgraphOutlineItem;
class WorkbenchState;

class GraphView : public QGraphicsView {
    Q_OBJECT
public:
    explicit GraphView(WorkbenchState *state, QWidget *parent = nullptr);
    ~GraphView() override;

    // True while a layout job for the current model is running.
    bool isLayoutPending() const { return m_pending; }
    const GraphLayout &graphLayout() const { return m_layout; }
    // Scene position of a layer's node (empty before the layout arrives).
    QRectF nodeRect(int layer) const;
    // Renders the whole graph (not just the visible part) to PNG/PDF/SVG by suffix.
    bool exportGraph(const QString &path, QString *error);
    // Tooltip text of a layer (name, op, shape, params, MACs, subgraph, MAIN/SIDE bytes).
    QString layerToolTip(int layer) const;

public slots:
    void fitAll();
    void zoomIn();
    void zoomOut();
    void showFindBar();
    // Selects the layer of that name (exact, else the first containing it) and centres on it.
    bool findLayer(const QString &text);

signals:
    void layoutFinished();

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool viewportEvent(QEvent *event) override;

private:
    void onModelChanged();
    void onLayoutReady(const GraphLayout &layout, quint64 generation);
    void onPartitionChanged();
    void onSelectionChanged();
    void buildScene();
    void rebuildOutlines();
    void placeFindBar();
    NodeItem *nodeAt(const QPoint &viewPos) const;
    void scaleBy(double factor);

    WorkbenchState *m_state;
    QGraphicsScene *m_scene;
    GraphLayout m_layout;
    std::vector<NodeItem *> m_nodes;                // by layer id
    std::vector<SubgraphOutlineItem *> m_outlines;  // by label (nullptr for plain singletons)
    std::vector<int> m_outlineKey;                  // labels + flags the outlines were built for
    QGraphicsItem *m_edges = nullptr;
    quint64 m_generation = 0;
    bool m_pending = false;
    QLineEdit *m_findEdit;
    QStringListModel *m_names;
    QPoint m_pressPos;
    int m_highlightedLayer = -1;
    int m_highlightedSubgraph = -1;
};

} // namespace ui
