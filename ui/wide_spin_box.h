// A spin box for the full 64-bit unsigned range (seeds, sample budgets): QSpinBox stops at INT_MAX.
// Digits only, clamped to [minimum, maximum]; arrows and PgUp/PgDn step by singleStep.
#pragma once

#include <QAbstractSpinBox>

#include <cstdint>

namespace ui {

class WideSpinBox : public QAbstractSpinBox {
    Q_OBJECT
public:
    explicit WideSpinBox(QWidget *parent = nullptr);

    uint64_t value() const { return m_value; }
    void setValue(uint64_t v);
    void setRange(uint64_t minimum, uint64_t maximum);
    uint64_t minimum() const { return m_min; }
    uint64_t maximum() const { return m_max; }
    void setSingleStep(uint64_t step) { m_step = step; }

    void stepBy(int steps) override;
    QValidator::State validate(QString &input, int &pos) const override;
    void fixup(QString &input) const override;

signals:
    void valueChanged(uint64_t value);

protected:
    StepEnabled stepEnabled() const override;

private:
    void onTextEdited();

    uint64_t m_value = 0, m_min = 0, m_max = UINT64_MAX, m_step = 1;
};

} // namespace ui
