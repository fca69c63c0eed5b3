#include "plot_style.h"

#include "search/registry.h"

namespace ui {

QColor algorithmColor(const cocco::Algorithm &a)
{
    const uint32_t rgb = cocco::algorithmColor(a);
    return QColor(int((rgb >> 16) & 0xff), int((rgb >> 8) & 0xff), int(rgb & 0xff));
}

QString resultLabel(const std::vector<cocco::SearchResult> &results, size_t index)
{
    if (index >= results.size())
        return {};
    const cocco::Algorithm &a = results[index].config.algorithm;
    int nth = 1;
    for (size_t i = 0; i < index; ++i)
        if (results[i].config.algorithm == a)
            ++nth;
    QString label = QString::fromStdString(a);
    if (nth > 1)
        label += QStringLiteral(" #%1").arg(nth);
    return label;
}

} // namespace ui
