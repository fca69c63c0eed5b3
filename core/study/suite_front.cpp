#include "suite_front.h"

#include <cmath>
#include <limits>
#include <map>

namespace cocco {

namespace {

Result<double> metricOf(const RunRecord &r, const std::string &metric)
{
    if (metric == "objective")
        return r.objective;
    if (metric == "ema_bytes")
        return r.emaBytes;
    if (metric == "energy_pj" || metric == "cost")
        return r.energyPj;
    if (metric == "latency_cycles")
        return r.latencyCycles;
    return makeError("unknown metric '" + metric + "' (cost, objective, ema_bytes, energy_pj, latency_cycles)");
}

} // namespace

Result<SuiteFrontSet> suiteFronts(const Study &s, const std::vector<RunRecord> &rows, const std::string &axisPath,
                                  const std::string &metric)
{
    SuiteFrontSet set;
    set.metric = metric;
    int axis = -1;
    for (size_t a = 0; a < s.axes.size(); ++a)
        if (axisPath.empty() ? s.axes[a].isCapacity() : s.axes[a].path == axisPath) {
            axis = static_cast<int>(a);
            break;
        }
    if (axis < 0)
        return makeError(axisPath.empty() ? std::string("the study has no capacity axis (buffer.*_bytes); name one with --axis")
                                          : "'" + axisPath + "' is not an axis of the study");
    set.axis = s.axes[static_cast<size_t>(axis)].path;
    auto probe = metricOf(RunRecord{}, metric);
    if (!probe.ok())
        return probe.error();
    std::map<std::string, int> modelIndex;
    for (const auto &m : s.models) {
        modelIndex[m.label] = static_cast<int>(set.models.size());
        set.models.push_back(m.label);
        set.weights.push_back(m.weight);
    }
    const auto &values = s.axes[static_cast<size_t>(axis)].values;
    std::map<std::string, int> valueIndex;
    for (size_t v = 0; v < values.size(); ++v)
        valueIndex[values[v].dump()] = static_cast<int>(v);

    // group -> point -> model -> best row
    std::map<std::string, std::vector<std::vector<const RunRecord *>>> best;
    std::vector<std::string> groupOrder;
    for (const auto &r : rows) {
        if (r.status != "ok" || r.axisValues.size() != s.axes.size())
            continue;
        auto mi = modelIndex.find(r.model);
        auto vi = valueIndex.find(r.axisValues[static_cast<size_t>(axis)].dump());
        if (mi == modelIndex.end() || vi == valueIndex.end())
            continue;
        std::string group = "algorithm=" + r.algorithm + " alpha=" + nlohmann::json(r.alpha).dump();
        for (size_t a = 0; a < s.axes.size(); ++a)
            if (static_cast<int>(a) != axis)
                group += " " + s.axes[a].path + "=" + axisValueText(r.axisValues[a]);
        auto it = best.find(group);
        if (it == best.end()) {
            it = best.emplace(group, std::vector<std::vector<const RunRecord *>>(
                                         values.size(), std::vector<const RunRecord *>(set.models.size(), nullptr)))
                     .first;
            groupOrder.push_back(group);
        }
        const RunRecord *&slot = it->second[static_cast<size_t>(vi->second)][static_cast<size_t>(mi->second)];
        if (!slot || r.objective < slot->objective || (r.objective == slot->objective && r.key < slot->key))
            slot = &r;
    }
    for (const auto &g : groupOrder) {
        SuiteFront f;
        f.group = g;
        const auto &pts = best.at(g);
        for (size_t v = 0; v < values.size(); ++v) {
            SuiteFrontPoint p;
            p.capacity = values[v];
            p.complete = true;
            double sum = 0, alpha = 0;
            for (size_t m = 0; m < set.models.size(); ++m) {
                const RunRecord *r = pts[v][m];
                if (!r) {
                    p.complete = false;
                    p.perModel.push_back(std::numeric_limits<double>::quiet_NaN());
                    continue;
                }
                const double x = metricOf(*r, metric).value();
                p.perModel.push_back(x);
                sum += set.weights[m] * x;
                p.bufferBytes = std::max(p.bufferBytes, r->bufferBytes);
                alpha = r->alpha;
            }
            p.total = metric == "cost" ? static_cast<double>(p.bufferBytes) + alpha * sum : sum;
            if (p.complete && (f.best < 0 || p.total < f.points[static_cast<size_t>(f.best)].total))
                f.best = static_cast<int>(f.points.size());
            f.points.push_back(std::move(p));
        }
        set.fronts.push_back(std::move(f));
    }
    return set;
}

} // namespace cocco
