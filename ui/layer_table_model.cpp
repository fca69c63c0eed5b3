#include "layer_table_model.h"

#include "palette.h"
#include "workbench_state.h"

#include <QBrush>
#include <QLocale>

#include <cmath>

namespace ui {

QString formatShape(int64_t n, int64_t c, int64_t h, int64_t w)
{
    return QStringLiteral("%1×%2×%3×%4").arg(n).arg(c).arg(h).arg(w);
}

QString formatCount(double v)
{
    const double a = std::fabs(v);
    if (a >= 1e9)
        return QStringLiteral("%1 G").arg(v / 1e9, 0, 'f', 2);
    if (a >= 1e6)
        return QStringLiteral("%1 M").arg(v / 1e6, 0, 'f', 2);
    if (a >= 1e3)
        return QStringLiteral("%1 k").arg(v / 1e3, 0, 'f', 1);
    return QString::number(v, 'f', 0);
}

QString formatBytes(double bytes)
{
    const double a = std::fabs(bytes);
    if (a >= 1024.0 * 1024 * 1024)
        return QStringLiteral("%1 GiB").arg(bytes / (1024.0 * 1024 * 1024), 0, 'f', 2);
    if (a >= 1024.0 * 1024)
        return QStringLiteral("%1 MiB").arg(bytes / (1024.0 * 1024), 0, 'f', 2);
    if (a >= 1024.0)
        return QStringLiteral("%1 KiB").arg(bytes / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 B").arg(bytes, 0, 'f', 0);
}

LayerTableModel::LayerTableModel(WorkbenchState *state, QObject *parent)
    : QAbstractTableModel(parent), m_state(state)
{
    connect(m_state, &WorkbenchState::modelChanged, this, &LayerTableModel::onModelChanged);
    connect(m_state, &WorkbenchState::partitionChanged, this, &LayerTableModel::onPartitionChanged);
    onModelChanged();
}

void LayerTableModel::onModelChanged()
{
    beginResetModel();
    m_rows = m_state->hasModel() ? static_cast<int>(m_state->network()->size()) : 0;
    endResetModel();
}

void LayerTableModel::onPartitionChanged()
{
    if (m_rows > 0)
        emit dataChanged(index(0, ColSubgraph), index(m_rows - 1, ColSubgraph));
}

int LayerTableModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : m_rows; }

int LayerTableModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColCount; }

QVariant LayerTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows || !m_state->hasModel())
        return {};
    const int id = index.row();
    const cocco::Layer &l = m_state->network()->layer(id);
    const auto &labels = m_state->partition().label;
    const int sub = id < static_cast<int>(labels.size()) ? labels[static_cast<size_t>(id)] : -1;

    if (role == kLayerIdRole)
        return id;
    if (role == kSortRole) {
        switch (index.column()) {
        case ColId: return id;
        case ColName: return QString::fromStdString(l.name);
        case ColOp: return QString::fromLatin1(cocco::opKindName(l.op));
        case ColShape: return qlonglong(l.out.elements());
        case ColParams: return qlonglong(l.params);
        case ColMacs: return qlonglong(l.macs);
        case ColSubgraph: return sub;
        default: return {};
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case ColId: return id;
        case ColName: return QString::fromStdString(l.name);
        case ColOp:
            return l.opType.empty() || l.opType == cocco::opKindName(l.op)
                ? QString::fromLatin1(cocco::opKindName(l.op))
                : QStringLiteral("%1 (%2)").arg(QString::fromLatin1(cocco::opKindName(l.op)),
                                                QString::fromStdString(l.opType));
        case ColShape: return formatShape(l.out.n, l.out.c, l.out.h, l.out.w);
        case ColParams: return formatCount(double(l.params));
        case ColMacs: return formatCount(double(l.macs));
        case ColSubgraph: return sub < 0 ? QStringLiteral("—") : QString::number(sub);
        default: return {};
        }
    }
    if (role == Qt::TextAlignmentRole) {
        const int c = index.column();
        if (c == ColId || c == ColParams || c == ColMacs || c == ColSubgraph)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    if (role == Qt::BackgroundRole && index.column() == ColSubgraph)
        return QBrush(subgraphColor(sub));
    if (role == Qt::ToolTipRole && index.column() == ColParams)
        return QLocale().toString(qlonglong(l.params));
    if (role == Qt::ToolTipRole && index.column() == ColMacs)
        return QLocale().toString(qlonglong(l.macs));
    return {};
}

QVariant LayerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ColId: return tr("#");
    case ColName: return tr("Name");
    case ColOp: return tr("Op");
    case ColShape: return tr("Output shape");
    case ColParams: return tr("Params");
    case ColMacs: return tr("MACs");
    case ColSubgraph: return tr("Subgraph");
    default: return {};
    }
}

} // namespace ui
