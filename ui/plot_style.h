// Shared look of the analysis plots and tables: one colour per algorithm and one label per result.
#pragma once

#include "search/search.h"

#include <QColor>
#include <QString>

#include <vector>

namespace ui {

// The colour an algorithm registered (search/registry.h): GA stands out, baselines in distinct,
// quieter hues.
QColor algorithmColor(const cocco::Algorithm &a);
// "ga", or "ga #2" when an earlier result used the same algorithm; adds "(co-explore)" where set.
QString resultLabel(const std::vector<cocco::SearchResult> &results, size_t index);

} // namespace ui
