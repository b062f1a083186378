// File → Export report… behind the controller (issue 15 point 15): the dialog's preview and
// export run on the workbench's one JobRunner through ReportController; closing the dialog
// cancels them, and another dataset or model while it is open stops them without a crash and
// the dialog says why.

#include "reportexportdialog.h"
#include "workbenchfixture.h"

#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

namespace reclens::test {

namespace {

int filesIn(const QString& dir) {
    return static_cast<int>(QDir(dir).entryList(QDir::Files).size());
}

bool waitUntil(const std::function<bool()>& done, int ms) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms)
        QTest::qWait(20);
    return done();
}

QPushButton* button(QWidget& w, const QString& text) {
    for (QPushButton* b : w.findChildren<QPushButton*>())
        if (b->text() == text)
            return b;
    return nullptr;
}

class ReportExportTest : public WorkbenchTest {
protected:
    /// A dialog on the first `n` customers, writing into the scratch folder, its export
    /// started and its first report written (so the export is mid-way).
    std::unique_ptr<ReportExportDialog> exportUnderWay(int n) {
        ReportSubject subject = controller->reports().subjectOf();
        n = std::min(n, static_cast<int>(controller->dataset()->users.size()));
        for (UserIndex u = 0; u < n; ++u)
            subject.customers.push_back(u);
        auto dlg =
            std::make_unique<ReportExportDialog>(controller->reports(), subject, window.get());
        dlg->show();
        // The preview is a job of the workbench's runner (its busy indicator), not the dialog's.
        EXPECT_TRUE(controller->isBusy());
        auto* status = dlg->findChild<QLabel*>(QStringLiteral("reportStatus"));
        // Export is enabled once the preview is there.
        EXPECT_TRUE(waitUntil(
            [status] { return status->text().startsWith(QStringLiteral("Preview of")); }, 120000))
            << status->text().toStdString();
        dlg->findChild<QLineEdit*>()->setText(folder.path());
        button(*dlg, QStringLiteral("Export"))->click();
        EXPECT_TRUE(waitUntil([this] { return filesIn(folder.path()) > 0; }, 120000))
            << status->text().toStdString() << errors.join(QStringLiteral("\n")).toStdString();
        return dlg;
    }
    /// The export stopped: the runner idle and no file written any more.
    void expectStopped() {
        ASSERT_TRUE(waitUntil([this] { return !controller->isBusy(); }, 30000))
            << "the report job did not stop";
        const int written = filesIn(folder.path());
        QTest::qWait(500);
        EXPECT_EQ(filesIn(folder.path()), written) << "a report was written after the stop";
        EXPECT_LT(written, 2 * kCustomers) << "the export ran to its end";
    }

    static constexpr int kCustomers = 80; // HTML + PDF each: far more than the test waits for
    QTemporaryDir folder;
};

} // namespace

TEST_F(ReportExportTest, ClosingTheDialogCancelsItsExportOnTheSharedJobRunner) {
    openSampleWithModel();
    ASSERT_FALSE(HasFatalFailure());
    QStringList statuses;
    QObject::connect(controller.get(), &WorkbenchController::statusMessage,
                     [&statuses](const QString& m) { statuses << m; });
    auto dlg = exportUnderWay(kCustomers);
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(controller->reports().isRunning());
    dlg->reject(); // Close, Esc or the window's close button
    EXPECT_FALSE(controller->reports().isRunning());
    expectStopped();
    ASSERT_FALSE(HasFatalFailure());
    EXPECT_TRUE(statuses.contains(QStringLiteral("Report export cancelled")))
        << statuses.join(QStringLiteral("\n")).toStdString();
    const QString status = dlg->findChild<QLabel*>(QStringLiteral("reportStatus"))->text();
    EXPECT_FALSE(status.startsWith(QStringLiteral("Wrote"))) << status.toStdString();
    EXPECT_TRUE(errors.isEmpty()) << errors.join(QStringLiteral("\n")).toStdString();
}

TEST_F(ReportExportTest, AModelOrDatasetChangeWhileTheDialogIsOpenStopsItsJobAndSaysWhy) {
    openSampleWithModel();
    ASSERT_FALSE(HasFatalFailure());
    {
        // Another model (the same file reopened is a new model object) during the preview.
        ReportSubject subject = controller->reports().subjectOf();
        subject.customers = {0};
        ReportExportDialog dlg(controller->reports(), subject, window.get());
        dlg.show();
        ASSERT_TRUE(controller->reports().isRunning());
        QSignalSpy modelChanged(controller.get(), &WorkbenchController::modelChanged);
        controller->openCheckpoint(controller->modelSource());
        ASSERT_TRUE(modelChanged.wait(60000)) << errors.join(QStringLiteral("\n")).toStdString();
        EXPECT_FALSE(controller->reports().isRunning());
        EXPECT_NE(dlg.findChild<QLabel*>(QStringLiteral("reportStatus"))
                      ->text()
                      .indexOf(QStringLiteral("changed")),
                  -1);
        EXPECT_FALSE(button(dlg, QStringLiteral("Export"))->isEnabled());
        ASSERT_TRUE(waitUntil([this] { return !controller->isBusy(); }, 30000));
        EXPECT_TRUE(dlg.findChild<QLabel*>(QStringLiteral("reportStatus"))
                        ->text()
                        .indexOf(QStringLiteral("Preview of")) == -1);
    }

    // Another dataset in the middle of an export: its customers are indices into the old one.
    auto dlg = exportUnderWay(kCustomers);
    ASSERT_FALSE(HasFatalFailure());
    const ReportSubject stale = [&] {
        ReportSubject s = controller->reports().subjectOf();
        s.customers = {0};
        return s;
    }();
    QSignalSpy datasetChanged(controller.get(), &WorkbenchController::datasetChanged);
    controller->openDataset(sampleDir());
    ASSERT_TRUE(datasetChanged.wait(60000)) << errors.join(QStringLiteral("\n")).toStdString();
    EXPECT_FALSE(controller->reports().isRunning());
    expectStopped();
    ASSERT_FALSE(HasFatalFailure());
    const QString status = dlg->findChild<QLabel*>(QStringLiteral("reportStatus"))->text();
    EXPECT_NE(status.indexOf(QStringLiteral("changed")), -1) << status.toStdString();
    EXPECT_FALSE(button(*dlg, QStringLiteral("Export"))->isEnabled());
    // The dialog's buttons start nothing more, and the controller refuses the stale subject.
    button(*dlg, QStringLiteral("Update preview"))->click();
    EXPECT_FALSE(controller->isBusy());
    QSignalSpy failed(&controller->reports(), &ReportController::failed);
    ReportOptions options;
    options.folder = folder.path();
    controller->reports().exportReports(stale, options);
    ASSERT_EQ(failed.size(), 1);
    EXPECT_NE(failed.first().at(0).toString().indexOf(QStringLiteral("changed")), -1);
    EXPECT_FALSE(controller->isBusy());
    EXPECT_TRUE(errors.isEmpty()) << errors.join(QStringLiteral("\n")).toStdString();
}

} // namespace reclens::test
