// The Layers dock: a filterable, sortable table of every layer. Selecting a row selects the layer
// in the state (and so in the graph and the details dock); a selection made elsewhere scrolls here.
#pragma once

#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace ui {

class LayerTableModel;
class WorkbenchState;

class LayerTableView : public QWidget {
    Q_OBJECT
public:
    explicit LayerTableView(WorkbenchState *state, QWidget *parent = nullptr);

    LayerTableModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }

private:
    void onRowActivated();
    void onSelectionChanged();

    WorkbenchState *m_state;
    LayerTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QLineEdit *m_filter;
    bool m_syncing = false; // avoids feeding our own selection back into the state
};

} // namespace ui
