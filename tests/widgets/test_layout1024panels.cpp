// The Project tab's Tune panel and the report dialog at 1,024 x 700: the trials keep their rows
// and every column header on screen, and the dialog fits the screen with its Export button.

#include "layout1024fixture.h"

#include "projectview.h"
#include "reportexportdialog.h"

#include <QPushButton>
#include <QTableView>

namespace reclens::test {

TEST_F(Layout1024Test, ReportDialogWithItsExportButtonFitsA1024x700Screen) {
    showAt1024x700();
    openSampleWithModel();
    ASSERT_FALSE(HasFatalFailure());
    ReportSubject subject = controller->reports().subjectOf();
    subject.customers = {3};
    ReportExportDialog dialog(controller->reports(), subject, window.get());
    // The screen less a title bar and a panel.
    const QSize room(1024, 700 - 60);
    EXPECT_LE(dialog.minimumSizeHint().height(), room.height()) << "taller than the screen";
    EXPECT_LE(dialog.minimumSizeHint().width(), room.width());
    dialog.resize(dialog.size().boundedTo(room));
    dialog.show();
    settle();
    EXPECT_LE(dialog.height(), room.height());
    QPushButton* exportButton = nullptr;
    for (QPushButton* b : dialog.findChildren<QPushButton*>())
        if (b->text() == QStringLiteral("Export"))
            exportButton = b;
    ASSERT_TRUE(exportButton);
    EXPECT_TRUE(fullyOnScreen(exportButton, &dialog));
    dialog.reject(); // cancels its preview job
}

TEST_F(Layout1024Test, TuneTrialsShowFourRowsAndEveryHeaderAt1024x700) {
    showAt1024x700();
    openSample();
    window->showTab(MainWindow::ProjectTab);
    // The Tune panel as a search fills it (the signals the controller sends; no training).
    Q_EMIT controller->tuningStarted();
    for (int i = 0; i < 8; ++i) {
        TrialRecord t;
        t.id = i;
        t.bracket = 2;
        t.rung = i % 3;
        t.epochs = 1 + i % 3 * 3;
        t.validNdcg10 = 0.05 + 0.001 * i;
        t.model.dropout = 0.3f;
        t.model.dim = 64;
        t.model.heads = 4;
        t.model.maxLength = 50;
        t.model.useCategory = true;
        t.model.outputFeatures = true;
        t.learningRate = 1e-3f;
        t.weightDecay = 1e-4f;
        Q_EMIT controller->tuningTrial(t);
    }
    settle();
    auto* trials = window->projectView()->findChild<QTableView*>(QStringLiteral("tuningTable"));
    ASSERT_TRUE(trials);
    EXPECT_TRUE(fullyOnScreen(trials, window.get()));
    EXPECT_GE(visibleRows(trials), 4) << "the trials are cramped";
    std::string why;
    EXPECT_TRUE(headersFullyVisible(trials, &why)) << why;
    EXPECT_TRUE(fullyOnScreen(window->projectView()->trainButton(), window.get()));
    EXPECT_LE(window->height(), 700);
}

} // namespace reclens::test
