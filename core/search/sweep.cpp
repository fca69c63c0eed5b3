// Capacity sweep (method §5): the best partition per algorithm at each capacity candidate, and
// the per-algorithm fronts of memory against energy and against average bandwidth.
#include "search/framework/pareto.h"
#include "search/registry.h"
#include "search/search.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace cocco {

std::vector<HardwareConfig> sweepCapacities(const HardwareConfig &hw, const std::vector<int64_t> &indices)
{
    std::vector<HardwareConfig> out;
    if (hw.mode == BufferMode::Shared) {
        const auto s = hw.sharedGrid.values();
        for (size_t i = 0; i < s.size(); ++i) {
            HardwareConfig h = hw;
            h.sharedBufferBytes = s[i];
            out.push_back(h);
        }
    } else {
        // The i-th A with the i-th W candidate; grids of different lengths are stretched onto the
        // longer one (both run from smallest to largest).
        const auto a = hw.actGrid.values(), w = hw.weightGrid.values();
        const size_t n = std::max(a.size(), w.size());
        for (size_t i = 0; i < n && !a.empty() && !w.empty(); ++i) {
            const double pos = n > 1 ? double(i) / double(n - 1) : 0.0;
            HardwareConfig h = hw;
            h.actBufferBytes = a[static_cast<size_t>(std::lround(pos * double(a.size() - 1)))];
            h.weightBufferBytes = w[static_cast<size_t>(std::lround(pos * double(w.size() - 1)))];
            out.push_back(h);
        }
    }
    if (indices.empty())
        return out;
    std::vector<HardwareConfig> picked;
    for (int64_t i : indices)
        if (i >= 0 && static_cast<size_t>(i) < out.size())
            picked.push_back(out[static_cast<size_t>(i)]);
    return picked;
}

Result<SweepResult> runSweep(const CostModel &model, const SweepConfig &cfg, const SearchControl &ctl)
{
    Status ok = validateSearchConfig(cfg.base);
    if (!ok.ok())
        return ok.error();
    if (cfg.algorithms.empty())
        return makeError("the sweep needs at least one algorithm");
    for (const Algorithm &a : cfg.algorithms) {
        const AlgorithmInfo *info = findAlgorithm(a);
        if (!info)
            return makeError("unknown algorithm '" + a + "' (known: " + algorithmList(", ") + ")");
        if (info->traits.picksCapacities)
            return makeError("a sweep runs partition-only searches; '" + a + "' chooses its own capacities");
    }
    for (int64_t i : cfg.capacityIndices)
        if (i < 0)
            return makeError("capacity index " + std::to_string(i) + " is negative");
    const auto t0 = std::chrono::steady_clock::now();
    const std::vector<HardwareConfig> points = sweepCapacities(model.hardware(), cfg.capacityIndices);
    if (points.empty())
        return makeError("no capacity candidates to sweep");
    SweepResult out;
    const size_t total = points.size() * cfg.algorithms.size();
    size_t doneCount = 0;
    for (size_t ai = 0; ai < cfg.algorithms.size(); ++ai) {
        for (size_t pi = 0; pi < points.size(); ++pi) {
            if (ctl.cancel && ctl.cancel->load())
                break;
            CostModel m = model; // shares the profile cache
            m.setHardware(points[pi]);
            SearchConfig sc = cfg.base;
            sc.algorithm = cfg.algorithms[ai];
            sc.coExplore = false;
            SearchControl inner;
            inner.cancel = ctl.cancel;
            const std::string phase = std::string(algorithmName(sc.algorithm)) + " capacity "
                + std::to_string(pi + 1) + "/" + std::to_string(points.size());
            if (ctl.onProgress)
                inner.onProgress = [&](const SearchProgress &p) {
                    SearchProgress q = p;
                    q.phase = phase;
                    ctl.onProgress(q);
                };
            auto r = runSearch(m, sc, inner);
            if (!r.ok())
                return makeError(phase + ": " + r.message());
            SweepPoint p;
            p.algorithm = sc.algorithm;
            p.best = r->best;
            p.feasible = r->best.cost.valid;
            out.points.push_back(std::move(p));
            ++doneCount;
            if (ctl.onProgress) {
                SearchProgress q;
                q.samples = static_cast<int64_t>(doneCount);
                q.budget = static_cast<int64_t>(total);
                q.best = r->best.objective;
                q.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                q.phase = phase;
                ctl.onProgress(q);
            }
        }
    }
    out.energyFront.resize(cfg.algorithms.size());
    out.bandwidthFront.resize(cfg.algorithms.size());
    for (size_t ai = 0; ai < cfg.algorithms.size(); ++ai) {
        std::vector<const SweepPoint *> mine;
        for (const auto &p : out.points)
            if (p.algorithm == cfg.algorithms[ai] && p.feasible)
                mine.push_back(&p);
        std::vector<double> mem, energy, bw;
        for (const SweepPoint *p : mine) {
            mem.push_back(double(p->best.cost.bufferBytes));
            energy.push_back(p->best.cost.energyPj);
            bw.push_back(p->best.cost.bwAvgGBps);
        }
        for (size_t i : paretoFront2d(mem, energy))
            out.energyFront[ai].push_back(*mine[i]);
        for (size_t i : paretoFront2d(mem, bw))
            out.bandwidthFront[ai].push_back(*mine[i]);
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
}

} // namespace cocco
