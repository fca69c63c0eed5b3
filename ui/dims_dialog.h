// Asks for the dynamic dimensions of an ONNX model's inputs (issue 13), decided from the importer's
// structured list (cocco::dynamicInputs), not from an error message: one field per symbolic
// dimension name (batch_size, sequence_length, ...) shared by every input that uses it, one per
// unnamed dynamic dimension. The result is a full shape per dynamic input (LoadOptions::inputShapes),
// which sessions already store.
#pragma once

#include "io/model_loader.h"

#include <QDialog>

#include <vector>

class QSpinBox;

class DimsDialog : public QDialog {
    Q_OBJECT
public:
    DimsDialog(const QString &model, const std::vector<cocco::DynamicInput> &inputs, const cocco::LoadOptions &base,
               QWidget *parent = nullptr);
    // `base` with a full shape for every dynamic input.
    cocco::LoadOptions options() const;
    // The spin box of a symbolic dim ("batch_size") or of an unnamed one ("x[1]"); null if none.
    QSpinBox *field(const QString &key) const;

private:
    std::vector<cocco::DynamicInput> m_inputs;
    cocco::LoadOptions m_base;
    std::vector<std::pair<QString, QSpinBox *>> m_fields;
};
