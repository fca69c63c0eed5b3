// What the two users of CutRatioBound's cut problem share (cut_bound.cpp: the share ratios;
// cut_bound_charge.cpp: the LP bound's charge certificates). Internal to core/search/exact.
#pragma once

#include <cmath>
#include <utility>

namespace cocco::cut_detail {

// "Infinite" arcs: finite, so that a path of them (no set satisfies the constraints) gives a flow
// of at least kInf instead of inf − inf; no real cut comes near it.
constexpr double kInf = 1e30;
// Golden-section search for the maximum of a concave f on [0, hi] in `steps` steps. f(x, slot)
// evaluates at x and may keep what it found in slot 0 or 1 (one per probe); the result names the
// best probe's x, value and slot.
struct GoldenResult {
    double x, value;
    int slot;
};
template <class F>
GoldenResult goldenMax(double hi, int steps, F &&f)
{
    const double phi = 0.5 * (std::sqrt(5.0) - 1);
    double lo = 0, x1 = hi - phi * hi, x2 = phi * hi;
    int s1 = 0, s2 = 1;
    double f1 = f(x1, s1), f2 = f(x2, s2);
    for (int i = 0; i < steps; ++i) {
        if (f1 < f2) {
            lo = x1;
            x1 = x2;
            f1 = f2;
            std::swap(s1, s2);
            x2 = lo + phi * (hi - lo);
            f2 = f(x2, s2);
        } else {
            hi = x2;
            x2 = x1;
            f2 = f1;
            std::swap(s1, s2);
            x1 = hi - phi * (hi - lo);
            f1 = f(x1, s1);
        }
    }
    return f1 >= f2 ? GoldenResult{x1, f1, s1} : GoldenResult{x2, f2, s2};
}

} // namespace cocco::cut_detail
