// Suite fronts (docs/studies.md): for a capacity axis, the weighted total cost of the study's model
// suite at each capacity - each model with its best run there - and the capacity minimising it,
// once per combination of algorithm, alpha and the other axes.
#pragma once

#include "study_run.h"

namespace cocco {

struct SuiteFrontPoint {
    nlohmann::json capacity;       // the axis value
    std::vector<double> perModel;  // the metric of each model's best run (NaN when missing)
    int64_t bufferBytes = 0;       // largest buffer any model's best design uses
    double total = 0;              // weighted suite total (see suiteFronts)
    bool complete = false;         // every model has an ok run here
};

struct SuiteFront {
    std::string group;             // "algorithm=dp alpha=0.002 dram_gbps=16"
    std::vector<SuiteFrontPoint> points; // in the axis' order
    int best = -1;                 // index of the complete point with the lowest total
};

struct SuiteFrontSet {
    std::string axis, metric;
    std::vector<std::string> models;
    std::vector<double> weights;
    std::vector<SuiteFront> fronts;
};

// Metrics: "cost" (largest buffer bytes + alpha * sum of weight * energy pJ: one chip runs every
// model), "objective", "ema_bytes", "energy_pj", "latency_cycles" (sum of weight * value). A model's
// best run at a point is its ok row with the lowest objective over seeds. `axis` empty = the
// study's first capacity axis.
Result<SuiteFrontSet> suiteFronts(const Study &s, const std::vector<RunRecord> &rows, const std::string &axis,
                                  const std::string &metric);

} // namespace cocco
