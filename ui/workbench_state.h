// The experiment state every view observes: model, hardware, current partition and its cost,
// search settings and results. Views read it and call its setters; they never compute costs
// themselves (the state asks core's CostModel).
#pragma once

#include "cost/cost_model.h"
#include "io/model_loader.h"
#include "search/search.h"

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

namespace ui {

class WorkbenchState : public QObject {
    Q_OBJECT
public:
    explicit WorkbenchState(QObject *parent = nullptr);
    ~WorkbenchState() override;

    bool hasModel() const { return m_network != nullptr; }
    const cocco::LoadedModel &model() const { return m_model; }
    std::shared_ptr<const cocco::Network> network() const { return m_network; }
    const cocco::CostModel *costModel() const { return m_costModel.get(); }
    QString modelSpec() const { return QString::fromStdString(m_model.source); }

    const cocco::HardwareConfig &hardware() const { return m_hw; }
    const cocco::Partition &partition() const { return m_partition; }
    // Full evaluation of the current partition on the current hardware (per-subgraph filled).
    const cocco::PartitionCost &cost() const { return m_cost; }
    // The evaluation before the last hardware/partition change (for "change in each metric").
    const cocco::PartitionCost &previousCost() const { return m_previousCost; }
    // label -> subgraphs as sorted layer ids (same order as cost().subgraphs)
    const std::vector<std::vector<int>> &subgraphs() const { return m_subgraphs; }

    const cocco::SearchConfig &searchConfig() const { return m_searchConfig; }
    const std::vector<cocco::SearchResult> &results() const { return m_results; }

    int selectedSubgraph() const { return m_selectedSubgraph; }
    int selectedLayer() const { return m_selectedLayer; }

    // Takes ownership of a loaded model; resets partition to singletons and clears results.
    void setModel(cocco::LoadedModel model);
    void setHardware(const cocco::HardwareConfig &hw);
    void setPartition(const cocco::Partition &p);
    // Partition + capacities at once (clicking a Pareto point, loading a result).
    void setDesign(const cocco::Design &d);
    void setSearchConfig(const cocco::SearchConfig &c);
    void addResult(const cocco::SearchResult &r);
    void clearResults();
    void selectSubgraph(int label); // -1 = none
    void selectLayer(int layerId);  // -1 = none; also selects its subgraph

    // The search panel reports a background run through these so every view can follow it.
    void notifySearchStarted(const cocco::SearchConfig &c) { emit searchStarted(c); }
    void notifySearchProgress(const cocco::SearchProgress &p) { emit searchProgress(p); }
    void notifySearchFinished(const cocco::SearchResult &r) { emit searchFinished(r); }

signals:
    void modelChanged();
    void hardwareChanged();
    void partitionChanged();
    void costChanged(); // after any hardware or partition change
    void searchConfigChanged();
    void resultsChanged();
    void selectionChanged();
    void searchStarted(const cocco::SearchConfig &config);
    void searchProgress(const cocco::SearchProgress &progress); // queued from the worker
    void searchFinished(const cocco::SearchResult &result);

private:
    void reevaluate();
    // Re-derives the selected subgraph after a partition change; true when it changed.
    bool followSelection();

    cocco::LoadedModel m_model;
    std::shared_ptr<const cocco::Network> m_network;
    std::unique_ptr<cocco::CostModel> m_costModel;
    cocco::HardwareConfig m_hw;
    cocco::Partition m_partition;
    cocco::PartitionCost m_cost, m_previousCost;
    std::vector<std::vector<int>> m_subgraphs;
    cocco::SearchConfig m_searchConfig;
    std::vector<cocco::SearchResult> m_results;
    int m_selectedSubgraph = -1;
    int m_selectedLayer = -1;
};

} // namespace ui
