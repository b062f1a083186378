// reclens: the workbench. Wires the controller and the main window; with no argument it opens
// the bundled sample (and its cached model, or trains one). `reclens PATH` opens a dataset or a
// checkpoint; the hidden `--screenshots DIR --data PATH` renders every view into PNGs.

#include "mainwindow.h"
#include "projectactions.h"
#include "projectdocument.h"
#include "reportexportdialog.h"
#include "screenshotrunner.h"
#include "workbenchcontroller.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>

namespace {

/// File → Export report…: the current customer, or the analysed product on the Merchant tab.
void openReportDialog(reclens::MainWindow& window, reclens::WorkbenchController& c) {
    // The subject holds the dataset and model it was taken on: the controller refuses it
    // once another one is open (ReportController::problemWith).
    reclens::ReportSubject subject = c.reports().subjectOf();
    if (!subject.dataset || !subject.model) {
        QMessageBox::information(&window, QObject::tr("Export report"),
                                 QObject::tr("Open a dataset and a model first."));
        return;
    }
    if (window.tabs()->currentIndex() == reclens::MainWindow::MerchantTab && c.merchant())
        subject.product = c.merchant()->item;
    else if (c.customer() >= 0)
        subject.customers = {c.customer()};
    else {
        QMessageBox::information(&window, QObject::tr("Export report"),
                                 QObject::tr("Select a customer (or analyse a product) first."));
        return;
    }
    subject.feedback = window.projectActions()->document()->project().feedback;
    subject.notes = window.projectActions()->document()->project().notes;
    subject.projectNote = window.projectActions()->document()->project().note;
    reclens::ReportExportDialog dialog(c.reports(), subject, &window);
    dialog.exec();
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("RecLens"));
    QApplication::setApplicationName(QStringLiteral("reclens"));
    QApplication::setApplicationVersion(QStringLiteral(RECLENS_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/reclens.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("RecLens workbench"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("path"),
        QStringLiteral("Dataset file or folder, or a checkpoint, to open."));
    QCommandLineOption shots(QStringLiteral("screenshots"),
                             QStringLiteral("Render every view into DIR and exit."),
                             QStringLiteral("DIR"));
    QCommandLineOption data(QStringLiteral("data"), QStringLiteral("Dataset for --screenshots."),
                            QStringLiteral("PATH"));
    QCommandLineOption user(QStringLiteral("user"), QStringLiteral("Customer for --screenshots."),
                            QStringLiteral("ID"));
    QCommandLineOption epochs(QStringLiteral("epochs"),
                              QStringLiteral("Training epochs for --screenshots."),
                              QStringLiteral("N"), QStringLiteral("10"));
    QCommandLineOption model(
        QStringLiteral("model"),
        QStringLiteral("Checkpoint for --screenshots (trained and saved when missing)."),
        QStringLiteral("PATH"));
    QCommandLineOption size(QStringLiteral("size"),
                            QStringLiteral("Window size for --screenshots, e.g. 1024x700."),
                            QStringLiteral("WxH"), QStringLiteral("1600x960"));
    QCommandLineOption searchModel(
        QStringLiteral("search-model"),
        QStringLiteral("Search checkpoint for --screenshots: adds search.png."),
        QStringLiteral("PATH"));
    QCommandLineOption query(QStringLiteral("query"),
                             QStringLiteral("Query typed for search.png (--screenshots)."),
                             QStringLiteral("TEXT"));
    shots.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({shots, data, user, epochs, model, size, searchModel, query});
    parser.process(app);

    reclens::WorkbenchController controller;
    reclens::MainWindow window(&controller);
    if (parser.isSet(shots)) {
        reclens::ScreenshotOptions o;
        o.outDir = parser.value(shots);
        o.dataPath = parser.value(data);
        o.customerId = parser.value(user);
        o.epochs = parser.value(epochs).toInt();
        o.modelPath = parser.value(model);
        o.searchModelPath = parser.value(searchModel);
        o.searchQuery = parser.value(query);
        const QStringList wh = parser.value(size).split(QLatin1Char('x'));
        if (wh.size() == 2 && wh[0].toInt() > 0 && wh[1].toInt() > 0)
            o.windowSize = QSize(wh[0].toInt(), wh[1].toInt());
        return reclens::renderScreenshots(window, o);
    }
    // After the --screenshots branch: screenshots always show the default settings.
    controller.restoreExplainConfig();
    QObject::connect(&window, &reclens::MainWindow::exportReportRequested, &window,
                     [&] { openReportDialog(window, controller); });
    window.show();
    const QStringList args = parser.positionalArguments();
    // Restart reopens the project open when the application last quit, else the sample.
    if (args.isEmpty() && !window.projectActions()->reopenLast())
        controller.openSample();
    else
        for (const QString& a : args)
            window.openPath(a);
    return app.exec();
}
