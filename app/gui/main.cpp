// reclens: the workbench. Wires the controller and the main window; with no argument it opens
// the bundled sample (and its cached model, or trains one). `reclens PATH` opens a dataset or a
// checkpoint; the hidden `--screenshots DIR --data PATH` renders every view into PNGs.

#include "mainwindow.h"
#include "screenshotrunner.h"
#include "workbenchcontroller.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("RecLens"));
    QApplication::setApplicationName(QStringLiteral("reclens"));
    QApplication::setApplicationVersion(QStringLiteral(RECLENS_VERSION));

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
                              QStringLiteral("N"), QStringLiteral("4"));
    shots.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({shots, data, user, epochs});
    parser.process(app);

    reclens::WorkbenchController controller;
    reclens::MainWindow window(&controller);
    if (parser.isSet(shots)) {
        reclens::ScreenshotOptions o;
        o.outDir = parser.value(shots);
        o.dataPath = parser.value(data);
        o.customerId = parser.value(user);
        o.epochs = parser.value(epochs).toInt();
        return reclens::renderScreenshots(window, o);
    }
    window.show();
    const QStringList args = parser.positionalArguments();
    if (args.isEmpty())
        controller.openSample();
    else
        for (const QString& a : args)
            window.openPath(a);
    return app.exec();
}
