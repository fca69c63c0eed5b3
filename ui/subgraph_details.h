// The Subgraph details dock: properties of the clicked layer (shape, weights, MACs, subgraph, its
// share of the buffers) and of its subgraph (footprint against capacity, EMA, energy, latency,
// bandwidth, fit / spill reason). Everything shown comes from the state's cost evaluation.
#pragma once

#include <QWidget>

class QTextBrowser;

namespace ui {

class WorkbenchState;

class SubgraphDetails : public QWidget {
    Q_OBJECT
public:
    explicit SubgraphDetails(WorkbenchState *state, QWidget *parent = nullptr);

    // The HTML currently shown (for tests).
    QString html() const;

private:
    void refresh();
    QString layerSection(int layer) const;
    QString subgraphSection(int label) const;

    WorkbenchState *m_state;
    QTextBrowser *m_text;
};

} // namespace ui
