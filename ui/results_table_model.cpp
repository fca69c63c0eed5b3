#include "results_table_model.h"

#include "plot_style.h"
#include "workbench_state.h"

#include <QLocale>

namespace ui {

ResultsTableModel::ResultsTableModel(WorkbenchState *state, QObject *parent)
    : QAbstractTableModel(parent), m_state(state), m_rows(static_cast<int>(state->results().size()))
{
    connect(m_state, &WorkbenchState::resultsChanged, this, &ResultsTableModel::onResultsChanged);
}

void ResultsTableModel::onResultsChanged()
{
    const int now = static_cast<int>(m_state->results().size());
    if (now > m_rows) {
        // The common case (a run appended a result): insert, so views keep sorting and selection.
        beginInsertRows({}, m_rows, now - 1);
        m_rows = now;
        endInsertRows();
        return;
    }
    beginResetModel();
    m_rows = now;
    endResetModel();
}

int ResultsTableModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : m_rows; }

int ResultsTableModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ResultsTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows || index.column() >= ColumnCount)
        return {};
    const auto &results = m_state->results();
    const size_t row = static_cast<size_t>(index.row());
    const cocco::SearchResult &r = results[row];
    const cocco::PartitionCost &c = r.best.cost;
    const QLocale loc;
    if (role == ResultIndexRole)
        return index.row();
    if (role == Qt::DecorationRole && index.column() == Algorithm)
        return algorithmColor(r.config.algorithm);
    if (role == Qt::TextAlignmentRole)
        return index.column() == Algorithm || index.column() == StopReason || index.column() == Objective
            ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
            : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        QString tip = tr("%1: %2 samples in %3 s, stopped: %4")
                          .arg(resultLabel(results, row))
                          .arg(r.samples)
                          .arg(r.seconds, 0, 'f', 2)
                          .arg(QString::fromLatin1(cocco::stopReasonName(r.stopReason)));
        for (const std::string &w : r.warnings)
            tip += QStringLiteral("\n") + QString::fromStdString(w);
        return tip;
    }
    if (role != Qt::DisplayRole && role != RawValueRole)
        return {};
    const bool raw = role == RawValueRole;
    switch (index.column()) {
    case Algorithm: return resultLabel(results, row);
    case Objective:
        return QString::fromLatin1(cocco::objectiveName(r.config.objective))
            + (r.config.coExplore && !raw ? tr(" (co-explore)") : QString());
    case Best: return raw ? QVariant(r.best.objective) : QVariant(loc.toString(r.best.objective, 'g', 6));
    case Ema:
        return raw ? QVariant(c.emaBytes) : QVariant(loc.toString(c.emaBytes / double(cocco::kMiB), 'f', 3));
    case Energy: return raw ? QVariant(c.energyPj) : QVariant(loc.toString(c.energyPj * 1e-6, 'f', 2));
    case Buffer:
        return raw ? QVariant(qlonglong(r.best.hw.bufferBytes()))
                   : QVariant(loc.toString(double(r.best.hw.bufferBytes()) / 1024.0, 'f', 0));
    case PerCoreBuffer: // cores x one core's buffer (method §8)
        return raw ? QVariant(qlonglong(r.best.hw.perCoreBufferBytes()))
                   : QVariant(QStringLiteral("%1 × %2").arg(r.best.hw.cores).arg(
                         loc.toString(double(r.best.hw.perCoreBufferBytes()) / 1024.0, 'f', 0)));
    case Samples: return raw ? QVariant(qlonglong(r.samples)) : QVariant(loc.toString(qlonglong(r.samples)));
    case Seconds: return raw ? QVariant(r.seconds) : QVariant(loc.toString(r.seconds, 'f', 2));
    case StopReason: return QString::fromLatin1(cocco::stopReasonName(r.stopReason));
    case Seed: return raw ? QVariant(qulonglong(r.config.seed)) : QVariant(QString::number(r.config.seed));
    default: return {};
    }
}

QVariant ResultsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Algorithm: return tr("Algorithm");
    case Objective: return tr("Objective");
    case Best: return tr("Best objective");
    case Ema: return tr("EMA (MiB)");
    case Energy: return tr("Energy (µJ)");
    case Buffer: return tr("Buffer, total (KiB)");
    case PerCoreBuffer: return tr("Per core (KiB)");
    case Samples: return tr("Samples");
    case Seconds: return tr("Seconds");
    case StopReason: return tr("Stop reason");
    case Seed: return tr("Seed");
    default: return {};
    }
}

} // namespace ui
