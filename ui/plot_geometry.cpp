#include "plot_geometry.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace ui {

std::vector<size_t> nonDominated2D(const std::vector<std::pair<double, double>> &points)
{
    std::vector<size_t> order(points.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return points[a] < points[b]; });
    std::vector<size_t> front;
    double bestY = std::numeric_limits<double>::infinity();
    for (size_t i : order) {
        // Sorted by x, so a point is kept only if it beats every y seen at smaller or equal x.
        if (points[i].second < bestY) {
            front.push_back(i);
            bestY = points[i].second;
        }
    }
    return front;
}

std::vector<cocco::HistoryPoint> downsampleHistory(const std::vector<cocco::HistoryPoint> &history, size_t maxPoints)
{
    if (history.size() <= 2)
        return history;
    std::vector<cocco::HistoryPoint> changes;
    changes.push_back(history.front());
    for (size_t i = 1; i + 1 < history.size(); ++i)
        if (history[i].best != changes.back().best)
            changes.push_back(history[i]);
    changes.push_back(history.back());
    maxPoints = std::max<size_t>(maxPoints, 2);
    if (changes.size() <= maxPoints)
        return changes;
    std::vector<cocco::HistoryPoint> out;
    out.reserve(maxPoints);
    const double stride = double(changes.size() - 1) / double(maxPoints - 1);
    for (size_t k = 0; k < maxPoints; ++k)
        out.push_back(changes[std::min(changes.size() - 1, static_cast<size_t>(double(k) * stride + 0.5))]);
    return out;
}

} // namespace ui
