#include "subgraph_details.h"

#include "layer_table_model.h"
#include "occupancy_geometry.h"
#include "palette.h"
#include "workbench_state.h"

#include "cost/cost_model.h"
#include "cost/tiling.h"

#include <QTextBrowser>
#include <QVBoxLayout>

namespace ui {

namespace {
QString row(const QString &key, const QString &value)
{
    return QStringLiteral("<tr><td style='color:#555;padding-right:10px'>%1</td><td>%2</td></tr>").arg(key, value);
}

QString percent(double part, double whole)
{
    if (whole <= 0)
        return QStringLiteral("—");
    return QStringLiteral("%1 %").arg(100.0 * part / whole, 0, 'f', 1);
}
} // namespace

SubgraphDetails::SubgraphDetails(WorkbenchState *state, QWidget *parent)
    : QWidget(parent), m_state(state), m_text(new QTextBrowser(this))
{
    m_text->setOpenLinks(false);
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(2, 2, 2, 2);
    lay->addWidget(m_text);
    connect(m_state, &WorkbenchState::selectionChanged, this, &SubgraphDetails::refresh);
    connect(m_state, &WorkbenchState::costChanged, this, &SubgraphDetails::refresh);
    connect(m_state, &WorkbenchState::modelChanged, this, &SubgraphDetails::refresh);
    refresh();
}

QString SubgraphDetails::html() const { return m_text->toHtml(); }

void SubgraphDetails::refresh()
{
    if (!m_state->hasModel()) {
        m_text->setHtml(tr("<i>No model loaded.</i>"));
        return;
    }
    const int layer = m_state->selectedLayer();
    const int label = m_state->selectedSubgraph();
    if (layer < 0 && label < 0) {
        m_text->setHtml(tr("<i>Click a node in the graph (or a row of the layer table) to see its "
                           "properties and its subgraph's.</i>"));
        return;
    }
    QString html;
    if (layer >= 0)
        html += layerSection(layer);
    if (label >= 0)
        html += subgraphSection(label);
    m_text->setHtml(html);
}

QString SubgraphDetails::layerSection(int layer) const
{
    const auto net = m_state->network();
    if (size_t(layer) >= net->size())
        return {};
    const cocco::Layer &l = net->layer(layer);
    const cocco::HardwareConfig &hw = m_state->hardware();
    const auto &labels = m_state->partition().label;
    const int label = size_t(layer) < labels.size() ? labels[size_t(layer)] : -1;
    QString t = QStringLiteral("<h3>%1</h3><table>").arg(QString::fromStdString(l.name).toHtmlEscaped());
    t += row(tr("Op"), QStringLiteral("%1%2").arg(QString::fromLatin1(cocco::opKindName(l.op)),
                                                  l.opType.empty() ? QString()
                                                                   : QStringLiteral(" (%1)").arg(QString::fromStdString(l.opType))));
    t += row(tr("Output shape"), formatShape(l.out.n, l.out.c, l.out.h, l.out.w));
    QStringList ins;
    for (int u : l.inputs)
        ins << QString::fromStdString(net->layer(u).name).toHtmlEscaped();
    if (!ins.isEmpty())
        t += row(tr("Inputs"), ins.join(QStringLiteral(", ")));
    t += row(tr("Params"), QStringLiteral("%1 (%2)").arg(formatCount(double(l.params)))
                               .arg(formatBytes(double(l.params) * hw.elementBytes)));
    t += row(tr("MACs"), formatCount(double(l.macs)));
    if (label < 0) {
        t += row(tr("Subgraph"), tr("— (network input, read from DRAM)"));
        return t + QStringLiteral("</table>");
    }
    t += row(tr("Subgraph"), QStringLiteral("<span style='background:%1'>&nbsp;%2&nbsp;</span>")
                                 .arg(subgraphColor(label).name()).arg(label));
    const auto &groups = m_state->subgraphs();
    if (size_t(label) < groups.size()) {
        const cocco::SubgraphTiling tiling =
            cocco::deriveTiling(*net, groups[size_t(label)], cocco::TilingOptions::from(hw));
        if (const cocco::TileNode *n = tiling.node(layer)) {
            // One core's bytes (method §8), compared with one core's buffers.
            const OccupancyInput mine = coreNodeOccupancy(*net, *n, hw);
            int64_t subgraphAct = 0;
            for (const cocco::TileNode &m : tiling.nodes) {
                const OccupancyInput o = coreNodeOccupancy(*net, m, hw);
                subgraphAct += o.mainBytes + o.sideBytes;
            }
            const double act = double(mine.mainBytes + mine.sideBytes);
            const double actCap = hw.mode == cocco::BufferMode::Separate ? double(hw.actBufferBytes)
                                                                         : double(hw.sharedBufferBytes);
            const double wCap = hw.mode == cocco::BufferMode::Separate ? double(hw.weightBufferBytes)
                                                                       : double(hw.sharedBufferBytes);
            const bool multi = hw.cores > 1;
            t += row(tr("Tile (rows × cols)"), QStringLiteral("%1 × %2 (Δ %3 × %4)")
                                                   .arg(n->h.x).arg(n->w.x).arg(n->h.delta).arg(n->w.delta));
            t += row(multi ? tr("MAIN / SIDE per core") : tr("MAIN / SIDE"),
                     QStringLiteral("%1 / %2").arg(formatBytes(double(mine.mainBytes)), formatBytes(double(mine.sideBytes))));
            if (multi)
                t += row(tr("Weights per core"), formatBytes(double(mine.weightBytes)));
            t += row(multi ? tr("Share of subgraph activations per core") : tr("Share of subgraph activations"),
                     percent(act, double(subgraphAct)));
            t += row(multi ? tr("Share of one core's activation buffer") : tr("Share of activation buffer"),
                     percent(act, actCap));
            t += row(multi ? tr("Share of one core's weight buffer") : tr("Share of weight buffer"),
                     percent(double(mine.weightBytes), wCap));
        }
    }
    return t + QStringLiteral("</table>");
}

QString SubgraphDetails::subgraphSection(int label) const
{
    const auto &groups = m_state->subgraphs();
    const auto &subs = m_state->cost().subgraphs;
    if (size_t(label) >= groups.size())
        return {};
    const auto net = m_state->network();
    const cocco::HardwareConfig &hw = m_state->hardware();
    const auto &layers = groups[size_t(label)];
    QString t = tr("<h3><span style='background:%1'>&nbsp;Subgraph %2&nbsp;</span></h3><table>")
                    .arg(subgraphColor(label).name()).arg(label);
    t += row(tr("Layers"), QString::number(layers.size()));
    if (size_t(label) < subs.size()) {
        const cocco::SubgraphCost &c = subs[size_t(label)];
        const bool sep = hw.mode == cocco::BufferMode::Separate;
        QString status = c.spilling ? tr("<span style='color:#c81e1e'>spilling (weights streamed)</span>")
                                    : (c.fits ? tr("fits") : tr("<span style='color:#c81e1e'>does not fit</span>"));
        if (!c.reason.empty())
            status += QStringLiteral(": ") + QString::fromStdString(c.reason).toHtmlEscaped();
        t += row(tr("Status"), status);
        // With several cores the footprints are one core's, against one core's buffers (method §8).
        const QString perCore = hw.cores > 1 ? tr(" per core") : QString();
        if (hw.cores > 1)
            t += row(tr("Cores"), tr("%1, each with its own buffers: the bytes below are one core's").arg(hw.cores));
        if (sep) {
            t += row(tr("Activations (MAIN + SIDE)"),
                     tr("%1 + %2 = %3%4 of %5 (%6)")
                         .arg(formatBytes(double(c.mainBytes)), formatBytes(double(c.sideBytes)),
                              formatBytes(double(c.actBytes)), perCore, formatBytes(double(hw.actBufferBytes)),
                              percent(double(c.actBytes), double(hw.actBufferBytes))));
            t += row(tr("Weights"), tr("%1%2 of %3 (%4)")
                                        .arg(formatBytes(double(c.weightBytes)), perCore,
                                             formatBytes(double(hw.weightBufferBytes)),
                                             percent(double(c.weightBytes), double(hw.weightBufferBytes))));
        } else {
            const double total = double(c.actBytes + c.weightBytes);
            t += row(tr("Activations + weights"),
                     tr("%1 + %2%3 of %4 (%5)")
                         .arg(formatBytes(double(c.actBytes)), formatBytes(double(c.weightBytes)), perCore,
                              formatBytes(double(hw.sharedBufferBytes)), percent(total, double(hw.sharedBufferBytes))));
        }
        t += row(tr("EMA"), hw.cores > 1 ? tr("%1 (all cores)").arg(formatBytes(c.emaBytes)) : formatBytes(c.emaBytes));
        if (hw.cores > 1)
            t += row(tr("Crossbar"), tr("%1 gathered (all cores)").arg(formatBytes(c.nocBytes)));
        QString energy = QStringLiteral("%1 µJ (DRAM %2, SRAM %3, MAC %4")
                             .arg(c.energyPj / 1e6, 0, 'f', 2)
                             .arg(c.energyDramPj / 1e6, 0, 'f', 2)
                             .arg(c.energySramPj / 1e6, 0, 'f', 2)
                             .arg(c.energyMacPj / 1e6, 0, 'f', 2);
        if (hw.cores > 1)
            energy += tr(", crossbar %1").arg(c.energyNocPj / 1e6, 0, 'f', 2);
        t += row(tr("Energy"), energy + QLatin1Char(')'));
        QString latency = tr("%1 k cycles (compute %2 k, DRAM %3 k")
                              .arg(c.latencyCycles / 1e3, 0, 'f', 1)
                              .arg(c.computeCycles / 1e3, 0, 'f', 1)
                              .arg(c.dramCycles / 1e3, 0, 'f', 1);
        if (hw.cores > 1)
            latency += tr(", crossbar %1 k; bound by %2")
                           .arg(c.nocCycles / 1e3, 0, 'f', 1)
                           .arg(QString::fromLatin1(cocco::latencyBoundName(c.bound)));
        t += row(tr("Latency"), latency + QLatin1Char(')'));
        t += row(tr("Bandwidth"), QStringLiteral("%1 GB/s").arg(c.bwGBps, 0, 'f', 2));
    }
    QStringList names;
    for (int v : layers)
        names << QString::fromStdString(net->layer(v).name).toHtmlEscaped();
    t += row(tr("Members"), names.join(QStringLiteral(", ")));
    return t + QStringLiteral("</table>");
}

} // namespace ui
