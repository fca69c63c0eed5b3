// The runs of a results database as a table: model, one column per axis, algorithm, alpha, seed,
// status and the metrics. Display text is formatted; RawRole holds the value to sort and plot by.
#pragma once

#include "study/study_run.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace ui {

class StudyTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        RawRole = Qt::UserRole + 1, // double for numbers, QString for text
        KeyRole,                    // the run key
    };
    // Metric columns after the axis columns, in order.
    static const QStringList &metricColumns();

    explicit StudyTableModel(QObject *parent = nullptr);
    void setRuns(std::vector<std::string> axes, std::vector<cocco::RunRecord> runs);

    const std::vector<std::string> &axes() const { return m_axes; }
    const std::vector<cocco::RunRecord> &runs() const { return m_runs; }
    const cocco::RunRecord &run(int row) const { return m_runs.at(static_cast<size_t>(row)); }

    int modelColumn() const { return 0; }
    int axisColumn(int axis) const { return 1 + axis; }
    int algorithmColumn() const { return 1 + static_cast<int>(m_axes.size()); }
    // Column of a metric name ("objective", "energy_pj", ...), -1 if unknown.
    int metricColumn(const QString &name) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant raw(const cocco::RunRecord &r, int column) const;
    std::vector<std::string> m_axes;
    std::vector<cocco::RunRecord> m_runs;
};

} // namespace ui
