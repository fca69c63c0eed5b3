#include "plot_style.h"

namespace ui {

QColor algorithmColor(cocco::Algorithm a)
{
    switch (a) {
    case cocco::Algorithm::Ga: return QColor(214, 39, 40);
    case cocco::Algorithm::Greedy: return QColor(31, 119, 180);
    case cocco::Algorithm::Dp: return QColor(44, 160, 44);
    case cocco::Algorithm::Exact: return QColor(0, 0, 0);
    case cocco::Algorithm::Sa: return QColor(148, 103, 189);
    case cocco::Algorithm::RsGa: return QColor(255, 127, 14);
    case cocco::Algorithm::GsGa: return QColor(140, 86, 75);
    case cocco::Algorithm::FixedS: return QColor(23, 190, 207);
    case cocco::Algorithm::FixedM: return QColor(188, 189, 34);
    case cocco::Algorithm::FixedL: return QColor(227, 119, 194);
    }
    return QColor(127, 127, 127);
}

QString resultLabel(const std::vector<cocco::SearchResult> &results, size_t index)
{
    if (index >= results.size())
        return {};
    const cocco::Algorithm a = results[index].config.algorithm;
    int nth = 1;
    for (size_t i = 0; i < index; ++i)
        if (results[i].config.algorithm == a)
            ++nth;
    QString label = QString::fromLatin1(cocco::algorithmName(a));
    if (nth > 1)
        label += QStringLiteral(" #%1").arg(nth);
    return label;
}

} // namespace ui
