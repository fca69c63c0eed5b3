#include "plot_geometry.h"

#include <algorithm>

namespace ui {

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
