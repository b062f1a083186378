// The File → Export report… dialog, offscreen: the preview pages come from the same painter
// as the PDF, and Export writes every chosen format for each subject. The dialog talks to a
// ReportController over a state and job runner of its own (no workbench needed).
#include "jobrunner.h"
#include "model/sasrecmodel.h"
#include "reportcontroller.h"
#include "reportexportdialog.h"
#include "test_report_fixtures.h"
#include "testdata.h"
#include "workbenchstate.h"

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <filesystem>
#include <gtest/gtest.h>

using namespace reclens;
namespace fs = std::filesystem;

namespace {

QApplication& app() {
    static int argc = 1;
    static char name[] = "reclens_render_tests";
    static char* argv[] = {name, nullptr};
    qputenv("QT_QPA_PLATFORM", "offscreen");
    static QApplication* a = new QApplication(argc, argv);
    return *a;
}

template <typename T> T* child(QWidget& w, const QString& text) {
    for (T* c : w.findChildren<T*>())
        if (c->text() == text)
            return c;
    return nullptr;
}

bool waitFor(const std::function<bool()>& done, int ms = 60000) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms)
        QTest::qWait(20);
    return done();
}

/// The report dataset and a small untrained model, as the workbench state holds them.
struct ReportBench {
    ReportBench() {
        state.dataset = std::make_shared<const Dataset>(test::reportDataset("C1"));
        auto m =
            SasRecModel::create(*state.dataset, ModelConfig{10, 8, 1, 1, 0.0f, false, false}, 7);
        EXPECT_TRUE(m.ok());
        if (m.ok())
            state.model = std::make_shared<const SasRecModel>(std::move(*m));
    }
    WorkbenchState state;
    JobRunner jobs; // after state: destroyed first, waiting for the jobs that read it
    ReportController reports{state, jobs};
};

} // namespace

TEST(ReportDialog, PreviewsAndExportsTheCurrentCustomer) {
    app();
    ReportBench bench;
    ASSERT_TRUE(bench.state.model);
    ReportSubject subject = bench.reports.subjectOf();
    subject.customers = {0, 1};
    ReportExportDialog dlg(bench.reports, subject);
    dlg.show();
    QLabel* status = nullptr;
    for (QLabel* l : dlg.findChildren<QLabel*>())
        if (l->text().contains(QStringLiteral("preview"), Qt::CaseInsensitive))
            status = l;
    ASSERT_NE(status, nullptr);
    ASSERT_TRUE(waitFor([&] { return status->text().startsWith(QStringLiteral("Preview of")); }))
        << status->text().toStdString();
    bool hasPage = false;
    for (QLabel* l : dlg.findChildren<QLabel*>())
        hasPage = hasPage || (!l->pixmap().isNull() && l->pixmap().width() > 500);
    EXPECT_TRUE(hasPage);
    if (qEnvironmentVariableIsSet("RECLENS_DIALOG_SCREENSHOT")) // for docs / a visual check
        dlg.grab().save(qEnvironmentVariable("RECLENS_DIALOG_SCREENSHOT"));

    const std::string out = test::scratchDir("dialog");
    dlg.findChild<QLineEdit*>()->setText(QString::fromStdString(out));
    child<QCheckBox>(dlg, QStringLiteral("JSON"))->setChecked(true);
    child<QPushButton>(dlg, QStringLiteral("Export"))->click();
    ASSERT_TRUE(waitFor([&] { return status->text().startsWith(QStringLiteral("Wrote")); }))
        << status->text().toStdString();
    for (const char* f : {"/customer-C1.html", "/customer-C1.pdf", "/customer-C1.json",
                          "/customer-U2.html", "/customer-U2.pdf", "/customer-U2.json"})
        EXPECT_TRUE(fs::exists(out + f)) << f;
    test::CommandResult info = test::runCommand("pdfinfo '" + out + "/customer-C1.pdf'");
    EXPECT_EQ(info.exitCode, 0) << info.output;
}

TEST(ReportDialog, WarnsWhenCheckpointIsNotSavedAndDefaultsToTheWorkbenchK) {
    app();
    ReportBench bench;
    ASSERT_TRUE(bench.state.model);
    bench.state.explainConfig.k = 5; // the workbench's K: the report counts must match the screen
    ReportSubject subject = bench.reports.subjectOf();
    subject.customers = {0};
    {
        ReportExportDialog unsaved(bench.reports, subject);
        EXPECT_TRUE(unsaved.findChild<QLabel*>(QStringLiteral("unsavedCheckpointWarning")));
        auto* k = unsaved.findChild<QSpinBox*>(QStringLiteral("topK"));
        ASSERT_TRUE(k);
        EXPECT_EQ(k->value(), 5);
    }
    // A model with a file on disk, as after File → Open model or Save checkpoint.
    const std::string file = test::scratchDir("dialog-saved") + "/model.rlm";
    const auto* native = dynamic_cast<const SasRecModel*>(bench.state.model.get());
    ASSERT_TRUE(native);
    ASSERT_TRUE(native->save(file).ok());
    bench.state.modelSource = QString::fromStdString(file);
    ReportExportDialog saved(bench.reports, subject);
    EXPECT_FALSE(saved.findChild<QLabel*>(QStringLiteral("unsavedCheckpointWarning")));
}
