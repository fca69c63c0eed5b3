// Filters the runs table by model, algorithm and one axis value; sorts by the raw values.
#pragma once

#include <QSortFilterProxyModel>

namespace ui {

class StudyFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit StudyFilterModel(QObject *parent = nullptr);
    // Empty string = any. `axisColumn` -1 = no axis filter; `value` compares the display text.
    void setModelFilter(const QString &model);
    void setAlgorithmFilter(const QString &algorithm);
    void setAxisFilter(int axisColumn, const QString &value);
    void setOkOnly(bool okOnly);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_model, m_algorithm, m_axisValue;
    int m_axisColumn = -1;
    bool m_okOnly = false;
};

} // namespace ui
