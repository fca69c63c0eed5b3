#include "dims_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {
QString keyOf(const cocco::DynamicInput &in, size_t i)
{
    return in.dimNames[i].empty() ? QStringLiteral("%1[%2]").arg(QString::fromStdString(in.name)).arg(i)
                                  : QString::fromStdString(in.dimNames[i]);
}

QString shapeText(const cocco::DynamicInput &in)
{
    QStringList d;
    for (size_t i = 0; i < in.dims.size(); ++i)
        d << (in.dims[i] >= 0 ? QString::number(in.dims[i]) : keyOf(in, i));
    return QStringLiteral("%1 [%2]").arg(QString::fromStdString(in.name), d.join(QStringLiteral(", ")));
}
} // namespace

DimsDialog::DimsDialog(const QString &model, const std::vector<cocco::DynamicInput> &inputs,
                       const cocco::LoadOptions &base, QWidget *parent)
    : QDialog(parent), m_inputs(inputs), m_base(base)
{
    setWindowTitle(tr("Dynamic dimensions"));
    auto *layout = new QVBoxLayout(this);
    QStringList shapes;
    for (const auto &in : inputs)
        shapes << shapeText(in);
    auto *intro = new QLabel(tr("%1 has inputs with dynamic dimensions:\n%2\n\nGive their values (the same as "
                                "--dim NAME=VALUE on the command line).")
                                 .arg(model, shapes.join(QLatin1Char('\n'))),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    for (const auto &in : inputs)
        for (size_t i = 0; i < in.dims.size(); ++i) {
            if (in.dims[i] >= 0)
                continue;
            const QString key = keyOf(in, i);
            if (field(key))
                continue;
            auto *spin = new QSpinBox(this);
            spin->setRange(1, 1 << 20);
            auto known = m_base.dims.find(key.toStdString());
            spin->setValue(known != m_base.dims.end() ? static_cast<int>(known->second) : 1);
            spin->setObjectName(key);
            form->addRow(key, spin);
            m_fields.emplace_back(key, spin);
        }
    layout->addLayout(form);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QSpinBox *DimsDialog::field(const QString &key) const
{
    for (const auto &f : m_fields)
        if (f.first == key)
            return f.second;
    return nullptr;
}

cocco::LoadOptions DimsDialog::options() const
{
    cocco::LoadOptions o = m_base;
    for (const auto &in : m_inputs) {
        if (in.dims.empty())
            continue; // no shape at all: nothing to ask by dimension
        std::vector<int64_t> shape = in.dims;
        for (size_t i = 0; i < shape.size(); ++i)
            if (shape[i] < 0)
                if (QSpinBox *s = field(keyOf(in, i)))
                    shape[i] = s->value();
        o.inputShapes[in.name] = shape;
    }
    return o;
}
