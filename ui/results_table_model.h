// Compare results: one row per search result in the state (every run and every Compare entry),
// with the metrics of its best design. Sort through a QSortFilterProxyModel on RawValueRole.
#pragma once

#include <QAbstractTableModel>

namespace ui {

class WorkbenchState;

class ResultsTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Algorithm, Objective, Best, Ema, Energy, Buffer, PerCoreBuffer, Samples, Seconds, StopReason, Seed, ColumnCount };
    enum Role {
        RawValueRole = Qt::UserRole + 1, // number (or name) to sort by
        ResultIndexRole,                 // index into state->results()
    };

    explicit ResultsTableModel(WorkbenchState *state, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void onResultsChanged();

    WorkbenchState *m_state;
    int m_rows = 0;
};

} // namespace ui
