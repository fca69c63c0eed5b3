// Item model of the loaded network's layers (one row per layer) for the Layers dock. Sorting goes
// through a QSortFilterProxyModel on kSortRole, which returns raw numbers (not the formatted text).
#pragma once

#include <QAbstractTableModel>

namespace ui {

class WorkbenchState;

class LayerTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { ColId, ColName, ColOp, ColShape, ColParams, ColMacs, ColSubgraph, ColCount };
    // Raw value for sorting (qlonglong for numbers, QString for text).
    static constexpr int kSortRole = Qt::UserRole + 1;
    // The layer id of a row (the same in every column).
    static constexpr int kLayerIdRole = Qt::UserRole + 2;

    explicit LayerTableModel(WorkbenchState *state, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void onModelChanged();
    void onPartitionChanged();

    WorkbenchState *m_state;
    int m_rows = 0;
};

// "1×64×56×56"
QString formatShape(int64_t n, int64_t c, int64_t h, int64_t w);
// 1234567 -> "1.23 M" (decimal SI: for counts such as params and MACs)
QString formatCount(double v);
// bytes with binary prefixes: 1536 -> "1.5 KiB"
QString formatBytes(double bytes);

} // namespace ui
