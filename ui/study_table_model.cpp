#include "study_table_model.h"

namespace ui {

namespace {
// After model and the axes: algorithm, alpha, seed, status, then the numbers.
const QStringList kTail = {"algorithm", "alpha", "seed", "status", "objective", "ema_bytes", "energy_pj",
                           "latency_cycles", "buffer_bytes", "bw_avg_gbps", "seconds", "message"};
} // namespace

const QStringList &StudyTableModel::metricColumns()
{
    static const QStringList m = {"objective", "ema_bytes", "energy_pj", "latency_cycles", "buffer_bytes",
                                  "bw_avg_gbps", "seconds"};
    return m;
}

StudyTableModel::StudyTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void StudyTableModel::setRuns(std::vector<std::string> axes, std::vector<cocco::RunRecord> runs)
{
    beginResetModel();
    m_axes = std::move(axes);
    m_runs = std::move(runs);
    endResetModel();
}

int StudyTableModel::metricColumn(const QString &name) const
{
    const int i = kTail.indexOf(name);
    return i < 0 ? -1 : algorithmColumn() + i;
}

int StudyTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_runs.size());
}

int StudyTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 1 + static_cast<int>(m_axes.size()) + static_cast<int>(kTail.size());
}

QVariant StudyTableModel::raw(const cocco::RunRecord &r, int column) const
{
    if (column == 0)
        return QString::fromStdString(r.model);
    if (column <= static_cast<int>(m_axes.size())) {
        const size_t a = static_cast<size_t>(column - 1);
        if (a >= r.axisValues.size() || r.axisValues[a].is_null())
            return QVariant();
        const auto &v = r.axisValues[a];
        if (v.is_number())
            return v.get<double>();
        return QString::fromStdString(cocco::axisValueText(v));
    }
    const QString &name = kTail.at(column - algorithmColumn());
    if (name == "algorithm")
        return QString::fromStdString(r.algorithm);
    if (name == "alpha")
        return r.alpha;
    if (name == "seed")
        return static_cast<double>(r.seed);
    if (name == "status")
        return QString::fromStdString(r.status);
    if (name == "message")
        return QString::fromStdString(r.message);
    if (r.status != "ok" && name != "seconds")
        return QVariant(); // a failed run has no metrics
    if (name == "objective")
        return r.objective;
    if (name == "ema_bytes")
        return r.emaBytes;
    if (name == "energy_pj")
        return r.energyPj;
    if (name == "latency_cycles")
        return r.latencyCycles;
    if (name == "buffer_bytes")
        return static_cast<double>(r.bufferBytes);
    if (name == "bw_avg_gbps")
        return r.bwAvgGBps;
    return r.seconds;
}

QVariant StudyTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount())
        return QVariant();
    const cocco::RunRecord &r = m_runs[static_cast<size_t>(index.row())];
    switch (role) {
    case RawRole: return raw(r, index.column());
    case KeyRole: return QString::fromStdString(r.key);
    case Qt::DisplayRole: {
        const QVariant v = raw(r, index.column());
        if (v.typeId() == QMetaType::Double)
            return QString::number(v.toDouble(), 'g', 8);
        return v;
    }
    case Qt::TextAlignmentRole:
        return raw(r, index.column()).typeId() == QMetaType::Double ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ToolTipRole: return QString::fromStdString(r.key + (r.message.empty() ? "" : "\n" + r.message));
    default: return QVariant();
    }
}

QVariant StudyTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section == 0)
        return QStringLiteral("model");
    if (section <= static_cast<int>(m_axes.size()))
        return QString::fromStdString(m_axes[static_cast<size_t>(section - 1)]);
    return kTail.at(section - algorithmColumn());
}

} // namespace ui
