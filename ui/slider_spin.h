// A slider and a spin box that show one number: dragging the slider moves the spin box and
// typing snaps the slider. Values are on a linear grid min, min+step, ..., max so the slider
// positions are exactly the values a user can pick (the hardware capacity grids).
#pragma once

#include <QWidget>

class QSlider;
class QDoubleSpinBox;

namespace ui {

class SliderSpin : public QWidget {
    Q_OBJECT
public:
    SliderSpin(double minimum, double maximum, double step, int decimals, const QString &suffix,
               QWidget *parent = nullptr);

    double value() const;
    // Snaps to the grid; emits nothing (for showing a value that came from the state).
    void setValueSilently(double v);
    void setRange(double minimum, double maximum, double step);
    double minimum() const { return m_min; }
    double maximum() const { return m_max; }
    double step() const { return m_step; }
    // Nearest grid value (ties to the smaller), clamped to the range.
    double snapped(double v) const;

    QSlider *slider() const { return m_slider; }
    QDoubleSpinBox *spinBox() const { return m_spin; }

signals:
    // A user change (slider released or moved, spin box edited), already snapped to the grid.
    void valueEdited(double value);

private:
    void onSliderMoved(int position);
    void onSpinEdited();
    int positionOf(double v) const;

    QSlider *m_slider;
    QDoubleSpinBox *m_spin;
    double m_min, m_max, m_step;
};

} // namespace ui
