#include "slider_spin.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QSlider>

#include <algorithm>
#include <cmath>

namespace ui {

SliderSpin::SliderSpin(double minimum, double maximum, double step, int decimals, const QString &suffix,
                       QWidget *parent)
    : QWidget(parent), m_slider(new QSlider(Qt::Horizontal, this)), m_spin(new QDoubleSpinBox(this)),
      m_min(minimum), m_max(maximum), m_step(step)
{
    auto *lay = new QHBoxLayout(this);
    lay->setContentsMargins(0, 0, 0, 0);
    lay->addWidget(m_slider, 3);
    lay->addWidget(m_spin, 2);
    m_spin->setDecimals(decimals);
    m_spin->setSuffix(suffix);
    m_spin->setKeyboardTracking(false); // typing "1024" must not apply 1, 10, 102 on the way
    m_spin->setAccelerated(true);
    setRange(minimum, maximum, step);
    connect(m_slider, &QSlider::valueChanged, this, &SliderSpin::onSliderMoved);
    connect(m_spin, &QDoubleSpinBox::valueChanged, this, &SliderSpin::onSpinEdited);
}

void SliderSpin::setRange(double minimum, double maximum, double step)
{
    m_min = minimum;
    m_max = std::max(minimum, maximum);
    m_step = step > 0 ? step : 1;
    const QSignalBlocker b1(m_slider), b2(m_spin);
    const double keep = m_spin->value();
    m_slider->setRange(0, positionOf(m_max));
    m_slider->setPageStep(std::max(1, m_slider->maximum() / 10));
    m_spin->setRange(m_min, m_max);
    m_spin->setSingleStep(m_step);
    setValueSilently(keep);
}

double SliderSpin::value() const { return m_spin->value(); }

int SliderSpin::positionOf(double v) const
{
    return static_cast<int>(std::lround((std::clamp(v, m_min, m_max) - m_min) / m_step));
}

double SliderSpin::snapped(double v) const
{
    const double c = std::clamp(v, m_min, m_max);
    const double k = std::floor((c - m_min) / m_step);
    const double lo = m_min + k * m_step;
    const double hi = std::min(m_max, lo + m_step);
    return (c - lo <= hi - c) ? lo : hi;
}

void SliderSpin::setValueSilently(double v)
{
    const QSignalBlocker b1(m_slider), b2(m_spin);
    const double s = snapped(v);
    m_spin->setValue(s);
    m_slider->setValue(positionOf(s));
}

void SliderSpin::onSliderMoved(int position)
{
    const double v = std::min(m_max, m_min + position * m_step);
    {
        const QSignalBlocker b(m_spin);
        m_spin->setValue(v);
    }
    emit valueEdited(m_spin->value());
}

void SliderSpin::onSpinEdited()
{
    const double s = snapped(m_spin->value());
    {
        const QSignalBlocker b1(m_slider), b2(m_spin);
        m_spin->setValue(s);
        m_slider->setValue(positionOf(s));
    }
    emit valueEdited(s);
}

} // namespace ui
