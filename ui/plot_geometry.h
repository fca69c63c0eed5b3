// Pure helpers that shape data before it reaches a plot (tested without rendering).
#pragma once

#include "search/search.h"

#include <cstddef>
#include <utility>
#include <vector>

namespace ui {

// A best-so-far history thinned for plotting: keeps the first point, every point where the best
// changes, and the last; if that is still more than maxPoints, evenly spaced ones of those (the
// first and last always stay). The step curve through the result looks the same.
std::vector<cocco::HistoryPoint> downsampleHistory(const std::vector<cocco::HistoryPoint> &history, size_t maxPoints);

} // namespace ui
