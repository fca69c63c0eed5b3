#include "layer_table_view.h"

#include "layer_table_model.h"
#include "workbench_state.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace ui {

LayerTableView::LayerTableView(WorkbenchState *state, QWidget *parent)
    : QWidget(parent), m_state(state), m_model(new LayerTableModel(state, this)),
      m_proxy(new QSortFilterProxyModel(this)), m_table(new QTableView(this)), m_filter(new QLineEdit(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(LayerTableModel::kSortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_filter->setPlaceholderText(tr("Filter layers (name, op, shape)…"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(LayerTableModel::ColId, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setColumnWidth(LayerTableModel::ColId, 48);
    m_table->setColumnWidth(LayerTableModel::ColName, 160);
    m_table->setColumnWidth(LayerTableModel::ColShape, 120);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &LayerTableView::onRowActivated);
    connect(m_state, &WorkbenchState::selectionChanged, this, &LayerTableView::onSelectionChanged);

    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(2, 2, 2, 2);
    lay->addWidget(m_filter);
    lay->addWidget(m_table);
}

void LayerTableView::onRowActivated()
{
    if (m_syncing)
        return;
    const QModelIndex cur = m_table->currentIndex();
    if (!cur.isValid())
        return;
    const int id = cur.data(LayerTableModel::kLayerIdRole).toInt();
    if (id != m_state->selectedLayer()) {
        m_syncing = true;
        m_state->selectLayer(id);
        m_syncing = false;
    }
}

void LayerTableView::onSelectionChanged()
{
    if (m_syncing)
        return;
    const int id = m_state->selectedLayer();
    m_syncing = true;
    if (id < 0 || id >= m_model->rowCount()) {
        m_table->clearSelection();
    } else {
        const QModelIndex p = m_proxy->mapFromSource(m_model->index(id, 0));
        if (p.isValid()) {
            m_table->setCurrentIndex(p);
            m_table->selectionModel()->select(p, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_table->scrollTo(p);
        }
    }
    m_syncing = false;
}

} // namespace ui
