#include "workbench_state.h"

#include <algorithm>

namespace ui {

WorkbenchState::WorkbenchState(QObject *parent) : QObject(parent) {}
WorkbenchState::~WorkbenchState() = default;

void WorkbenchState::setModel(cocco::LoadedModel model)
{
    m_model = std::move(model);
    m_network = std::make_shared<const cocco::Network>(m_model.net);
    m_costModel = std::make_unique<cocco::CostModel>(m_network, m_hw);
    m_partition = cocco::Partition::singletons(*m_network);
    m_results.clear();
    m_selectedSubgraph = -1;
    m_selectedLayer = -1;
    m_cost = {};
    reevaluate();
    m_previousCost = m_cost;
    emit modelChanged();
    emit partitionChanged();
    emit costChanged();
    emit resultsChanged();
    emit selectionChanged();
}

void WorkbenchState::setHardware(const cocco::HardwareConfig &hw)
{
    m_hw = hw;
    if (m_costModel)
        m_costModel->setHardware(hw);
    reevaluate();
    emit hardwareChanged();
    emit costChanged();
}

void WorkbenchState::setPartition(const cocco::Partition &p)
{
    if (!m_network)
        return;
    m_partition = cocco::normalized(*m_network, p);
    const bool selectionMoved = followSelection();
    reevaluate();
    emit partitionChanged();
    emit costChanged();
    if (selectionMoved)
        emit selectionChanged();
}

bool WorkbenchState::followSelection()
{
    // A selected layer keeps its selection; its subgraph is whatever contains it now. A subgraph
    // selected on its own is dropped when the new partition has no such label.
    int sub = m_selectedSubgraph;
    if (m_selectedLayer >= 0 && size_t(m_selectedLayer) < m_partition.label.size())
        sub = m_partition.label[static_cast<size_t>(m_selectedLayer)];
    else if (sub >= 0 && std::find(m_partition.label.begin(), m_partition.label.end(), sub) == m_partition.label.end())
        sub = -1;
    if (sub == m_selectedSubgraph)
        return false;
    m_selectedSubgraph = sub;
    return true;
}

void WorkbenchState::setDesign(const cocco::Design &d)
{
    if (!m_network)
        return;
    m_hw = d.hw;
    if (m_costModel)
        m_costModel->setHardware(m_hw);
    m_partition = cocco::normalized(*m_network, d.partition);
    const bool selectionMoved = followSelection();
    reevaluate();
    emit hardwareChanged();
    emit partitionChanged();
    emit costChanged();
    if (selectionMoved)
        emit selectionChanged();
}

void WorkbenchState::setSearchConfig(const cocco::SearchConfig &c)
{
    m_searchConfig = c;
    emit searchConfigChanged();
}

void WorkbenchState::addResult(const cocco::SearchResult &r)
{
    m_results.push_back(r);
    emit resultsChanged();
}

void WorkbenchState::clearResults()
{
    m_results.clear();
    emit resultsChanged();
}

void WorkbenchState::selectSubgraph(int label)
{
    m_selectedSubgraph = label;
    m_selectedLayer = -1;
    emit selectionChanged();
}

void WorkbenchState::selectLayer(int layerId)
{
    m_selectedLayer = layerId;
    m_selectedSubgraph = (m_network && layerId >= 0 && layerId < static_cast<int>(m_network->size()))
        ? m_partition.label[static_cast<size_t>(layerId)]
        : -1;
    emit selectionChanged();
}

void WorkbenchState::reevaluate()
{
    if (!m_costModel)
        return;
    m_previousCost = m_cost;
    m_cost = m_costModel->evaluate(m_partition, m_hw);
    m_subgraphs = cocco::subgraphsOf(m_partition);
}

} // namespace ui
