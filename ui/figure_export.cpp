#include "figure_export.h"

#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QPicture>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>
#include <qcustomplot.h>

namespace ui {

QStringList figureFormats() { return {QStringLiteral("png"), QStringLiteral("pdf"), QStringLiteral("svg")}; }

bool exportFigure(const QString &path, QSize size, const std::function<void(QPainter &, QSize)> &paint,
                  QString *error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (!figureFormats().contains(suffix)) {
        *error = QStringLiteral("%1: unknown figure format '%2' (use png, pdf or svg)").arg(path, suffix);
        return false;
    }
    if (size.width() <= 0 || size.height() <= 0) {
        *error = QStringLiteral("%1: the figure is empty").arg(path);
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    if (suffix == QLatin1String("png")) {
        QImage img(size * 2, QImage::Format_ARGB32_Premultiplied);
        img.setDevicePixelRatio(2.0);
        img.fill(Qt::white);
        {
            QPainter p(&img);
            p.setRenderHint(QPainter::Antialiasing);
            paint(p, size);
        }
        if (!img.save(&file, "PNG")) {
            file.cancelWriting();
            *error = QStringLiteral("%1: PNG encoding failed").arg(path);
            return false;
        }
    } else if (suffix == QLatin1String("pdf")) {
        QPdfWriter pdf(&file);
        pdf.setResolution(96);
        pdf.setPageSize(QPageSize(QSizeF(size), QPageSize::Point));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter p(&pdf);
        p.setRenderHint(QPainter::Antialiasing);
        const QRect vp = p.viewport();
        p.scale(double(vp.width()) / size.width(), double(vp.height()) / size.height());
        paint(p, size);
    } else {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(QFileInfo(path).completeBaseName());
        QPainter p(&svg);
        paint(p, size);
    }
    if (!file.commit()) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool exportPlot(QCustomPlot *plot, const QString &path, QString *error, QSize size)
{
    if (!size.isValid() || size.isEmpty())
        size = plot->size().isEmpty() ? QSize(800, 500) : plot->size();
    // toPainter() needs a QCPPainter of its own: record into a picture (keeps vectors for PDF/SVG).
    QPicture picture;
    {
        QCPPainter cp(&picture);
        plot->toPainter(&cp, size.width(), size.height());
    }
    return exportFigure(path, size, [&picture](QPainter &p, QSize) { p.drawPicture(0, 0, picture); }, error);
}

bool exportWidget(QWidget *widget, const QString &path, QString *error)
{
    QSize size = widget->size();
    if (size.isEmpty())
        size = widget->sizeHint();
    return exportFigure(path, size, [widget](QPainter &p, QSize) { widget->render(&p); }, error);
}

} // namespace ui
