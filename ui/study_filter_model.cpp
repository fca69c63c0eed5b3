#include "study_filter_model.h"

#include "study_table_model.h"

namespace ui {

StudyFilterModel::StudyFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(StudyTableModel::RawRole);
}

void StudyFilterModel::setModelFilter(const QString &model)
{
    m_model = model;
    invalidateFilter();
}

void StudyFilterModel::setAlgorithmFilter(const QString &algorithm)
{
    m_algorithm = algorithm;
    invalidateFilter();
}

void StudyFilterModel::setAxisFilter(int axisColumn, const QString &value)
{
    m_axisColumn = axisColumn;
    m_axisValue = value;
    invalidateFilter();
}

void StudyFilterModel::setOkOnly(bool okOnly)
{
    m_okOnly = okOnly;
    invalidateFilter();
}

bool StudyFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto *m = qobject_cast<const StudyTableModel *>(sourceModel());
    if (!m)
        return true;
    auto text = [&](int column) { return m->index(sourceRow, column, sourceParent).data(Qt::DisplayRole).toString(); };
    if (!m_model.isEmpty() && text(m->modelColumn()) != m_model)
        return false;
    if (!m_algorithm.isEmpty() && text(m->algorithmColumn()) != m_algorithm)
        return false;
    if (m_axisColumn >= 0 && !m_axisValue.isEmpty() && text(m_axisColumn) != m_axisValue)
        return false;
    if (m_okOnly && text(m->metricColumn(QStringLiteral("status"))) != QLatin1String("ok"))
        return false;
    return true;
}

bool StudyFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant a = left.data(sortRole()), b = right.data(sortRole());
    // Empty cells (failed runs' metrics) sort last.
    if (!a.isValid() || !b.isValid())
        return a.isValid() && !b.isValid();
    if (a.typeId() == QMetaType::Double && b.typeId() == QMetaType::Double)
        return a.toDouble() < b.toDouble();
    return a.toString() < b.toString();
}

} // namespace ui
