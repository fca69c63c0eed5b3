#include "wide_spin_box.h"

#include <QLineEdit>

#include <algorithm>

namespace ui {

namespace {

// Digits only; false for anything else or for a value past 2^64-1.
bool parseDigits(const QString &text, uint64_t *out)
{
    if (text.isEmpty() || text.size() > 20)
        return false;
    uint64_t v = 0;
    for (QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
        const uint64_t d = static_cast<uint64_t>(c.unicode() - '0');
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

} // namespace

WideSpinBox::WideSpinBox(QWidget *parent) : QAbstractSpinBox(parent)
{
    lineEdit()->setText(QStringLiteral("0"));
    connect(lineEdit(), &QLineEdit::textEdited, this, &WideSpinBox::onTextEdited);
    connect(this, &QAbstractSpinBox::editingFinished, this, [this] { lineEdit()->setText(QString::number(m_value)); });
}

void WideSpinBox::setValue(uint64_t v)
{
    v = std::clamp(v, m_min, m_max);
    const bool changed = v != m_value;
    m_value = v;
    if (lineEdit()->text() != QString::number(v))
        lineEdit()->setText(QString::number(v));
    if (changed)
        emit valueChanged(v);
}

void WideSpinBox::setRange(uint64_t minimum, uint64_t maximum)
{
    m_min = minimum;
    m_max = std::max(minimum, maximum);
    setValue(m_value);
}

void WideSpinBox::stepBy(int steps)
{
    const uint64_t delta = m_step * static_cast<uint64_t>(steps < 0 ? -int64_t(steps) : steps);
    if (steps < 0)
        setValue(m_value - m_min < delta ? m_min : m_value - delta);
    else
        setValue(m_max - m_value < delta ? m_max : m_value + delta);
    selectAll();
}

QValidator::State WideSpinBox::validate(QString &input, int &) const
{
    if (input.isEmpty())
        return QValidator::Intermediate;
    uint64_t v = 0;
    if (!parseDigits(input, &v))
        return QValidator::Invalid;
    return v >= m_min && v <= m_max ? QValidator::Acceptable : QValidator::Intermediate;
}

void WideSpinBox::fixup(QString &input) const
{
    uint64_t v = 0;
    input = QString::number(parseDigits(input, &v) ? std::clamp(v, m_min, m_max) : m_value);
}

QAbstractSpinBox::StepEnabled WideSpinBox::stepEnabled() const
{
    StepEnabled e = StepNone;
    if (m_value > m_min)
        e |= StepDownEnabled;
    if (m_value < m_max)
        e |= StepUpEnabled;
    return e;
}

void WideSpinBox::onTextEdited()
{
    uint64_t v = 0;
    if (parseDigits(lineEdit()->text(), &v) && v >= m_min && v <= m_max && v != m_value) {
        m_value = v;
        emit valueChanged(v);
    }
}

} // namespace ui
