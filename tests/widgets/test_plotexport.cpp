// Plot exports go through a temporary file and a rename (crash safety, issue 6): each format
// produces a complete file of its kind, replaces an older export whole, and leaves no
// temporary behind, also when the export fails. The context line of a closed main window is
// never read after its controller is gone.

#include "mainwindow.h"
#include "plotutil.h"
#include "qcp.h"
#include "workbenchcontroller.h"
#include "workbenchfixture.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace reclens::test {

namespace {

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList entries(const QString& dir) {
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
}

} // namespace

TEST(PlotExport, EveryFormatIsWrittenWholeAndReplacesTheOldFile) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QCustomPlot* plot = createPlot(nullptr);
    plot->resize(320, 200);
    plot->addGraph();
    plot->graph(0)->setData({0, 1, 2, 3}, {1, 3, 2, 4});
    plot->rescaleAxes();
    const struct {
        const char* name;
        QByteArray magic;
    } cases[] = {{"p.png", QByteArray("\x89PNG")},
                 {"p.pdf", QByteArray("%PDF")},
                 {"p.svg", QByteArray("<?xml")}};
    for (const auto& c : cases) {
        const QString path = dir.filePath(QString::fromLatin1(c.name));
        {
            QFile old(path);
            ASSERT_TRUE(old.open(QIODevice::WriteOnly));
            old.write("an older export");
        }
        QString error;
        ASSERT_TRUE(exportPlot(plot, path, &error)) << c.name << ": " << error.toStdString();
        const QByteArray bytes = readAll(path);
        EXPECT_TRUE(bytes.startsWith(c.magic))
            << c.name << " starts with " << bytes.left(8).toStdString();
        EXPECT_GT(bytes.size(), 200) << c.name;
    }
    EXPECT_EQ(entries(dir.path()).size(), 3)
        << entries(dir.path()).join(QLatin1Char(' ')).toStdString();
    delete plot;
}

TEST(PlotExport, ExportsAreHeadedByTheTitleAndTheContextOfWhatTheyShow) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QCustomPlot* plot = createPlot(nullptr, QStringLiteral("Saliency: Leave-one-out"));
    plot->resize(320, 200);
    plot->addGraph();
    plot->graph(0)->setData({0, 1, 2}, {1, 3, 2});
    plot->rescaleAxes();
    setPlotExportContext([] { return QStringLiteral("Customer C10001, target SKU1177"); });
    // SVG keeps its text: the title and the context are in it.
    const QString svg = dir.filePath(QStringLiteral("p.svg"));
    ASSERT_TRUE(exportPlot(plot, svg));
    const QByteArray text = readAll(svg);
    EXPECT_TRUE(text.contains("Saliency: Leave-one-out"));
    EXPECT_TRUE(text.contains("Customer C10001, target SKU1177"));
    EXPECT_TRUE(text.contains("UTC")); // the time of the export
    // PNG: the header sits above the plot, which keeps its size; its top row is blank
    // background and the title's ink is in the band above the plot.
    const QString png = dir.filePath(QStringLiteral("p.png"));
    ASSERT_TRUE(exportPlot(plot, png));
    const QImage image(png);
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(image.width(), 320);
    const int header = image.height() - 200;
    EXPECT_GE(header, 20);
    int dark = 0;
    for (int y = 0; y < header; ++y)
        for (int x = 0; x < image.width(); ++x)
            dark += qGray(image.pixel(x, y)) < 128;
    EXPECT_GT(dark, 30) << "no title text in the header band";
    setPlotExportContext({});
    EXPECT_EQ(plotTitle(plot), QStringLiteral("Saliency: Leave-one-out"));
    setPlotTitle(plot, QString());
    EXPECT_EQ(plotTitle(plot), QStringLiteral("RecLens plot"));
    delete plot;
}

TEST(PlotExport, AFailedExportNamesTheFileAndLeavesNothingBehind) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QCustomPlot* plot = createPlot(nullptr);
    plot->resize(200, 150);
    const QString missing = dir.filePath(QStringLiteral("no-such-folder/p.png"));
    QString error;
    EXPECT_FALSE(exportPlot(plot, missing, &error));
    EXPECT_TRUE(error.contains(missing)) << error.toStdString();
    EXPECT_FALSE(exportPlot(plot, dir.filePath(QStringLiteral("p.bmp")), &error));
    EXPECT_TRUE(error.contains(QStringLiteral("bmp"))) << error.toStdString();
    EXPECT_TRUE(entries(dir.path()).isEmpty());
    delete plot;
}

TEST(PlotExport, AClosedWindowsContextIsNotReadAfterItsControllerIsGone) {
    // The main window installs the process-wide export context. It held a plain pointer to its
    // controller: the first export after the workbench tests read a deleted controller and the
    // whole test binary died with SIGBUS (ASan: heap-use-after-free).
    {
        WorkbenchController controller;
        MainWindow window(&controller);
        QSignalSpy opened(&controller, &WorkbenchController::datasetChanged);
        controller.openDataset(sampleDir());
        ASSERT_TRUE(opened.wait(30000));
        ASSERT_TRUE(controller.dataset());
    }
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QCustomPlot* plot = createPlot(nullptr, QStringLiteral("After the window"));
    plot->resize(200, 150);
    const QString svg = dir.filePath(QStringLiteral("p.svg"));
    ASSERT_TRUE(exportPlot(plot, svg));
    const QByteArray text = readAll(svg);
    EXPECT_TRUE(text.contains("After the window"));
    EXPECT_FALSE(text.contains("dataset")) << "the context of a window that is gone";
    delete plot;
}

} // namespace reclens::test
