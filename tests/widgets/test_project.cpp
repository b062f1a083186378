// Analysis project files in the workbench (issue 15, point 2): rate explanations, save the
// project, reopen it in a fresh window and controller: the dataset, model, pinned customer,
// customer on screen and the feedback are back, and the method shown first follows the ratings.

#include "feedbackbar.h"
#include "feedbacksummaryview.h"
#include "project/projectfile.h"
#include "projectactions.h"
#include "projectdocument.h"
#include "saliencyview.h"
#include "workbenchfixture.h"

#include <QApplication>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

namespace reclens::test {

namespace {

FeedbackBar* feedbackBarOf(MainWindow& w) {
    auto* bar = w.saliencyView()->findChild<FeedbackBar*>();
    EXPECT_NE(bar, nullptr);
    return bar;
}

} // namespace

TEST_F(WorkbenchTest, ProjectSavesFeedbackAndPinsAndReopensThemInAFreshWorkbench) {
    openSampleWithModel();
    ASSERT_FALSE(HasFatalFailure());
    const UserIndex shown = 3, pinned = 5;
    {
        QSignalSpy pinSpy(controller.get(), &WorkbenchController::pinnedChanged);
        controller->pinCustomer(pinned);
        ASSERT_TRUE(pinSpy.wait(60000));
    }
    selectAndWait(shown);
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_GE(controller->target(), 0);

    ProjectDocument* doc = window->projectActions()->document();
    FeedbackBar* bar = feedbackBarOf(*window);
    ASSERT_TRUE(bar);
    ASSERT_TRUE(bar->helpfulButton()->isEnabled());
    SaliencyView* sal = window->saliencyView();
    // The engine default (first method) is shown until there is feedback.
    EXPECT_EQ(sal->method(), SaliencyView::methods().front());
    sal->setMethod("ig");
    bar->commentEdit()->setText(QStringLiteral("blames the wrong purchase"));
    bar->wrongButton()->click();
    sal->setMethod("shapley");
    bar->helpfulButton()->click();
    EXPECT_EQ(sal->method(), "shapley"); // rating does not switch the method under the analyst
    EXPECT_NE(bar->verdictText().indexOf(QStringLiteral("helpful")), -1)
        << bar->verdictText().toStdString();
    ASSERT_EQ(doc->project().feedback.size(), 2u);
    EXPECT_TRUE(doc->isModified());
    sal->setMethod("loo"); // what is on screen at save time must not decide the reopened default

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("analysis.reclens"));
    ASSERT_TRUE(saveProjectAndWait(*window, path))
        << errors.join(QStringLiteral("\n")).toStdString();
    EXPECT_FALSE(doc->isModified());
    EXPECT_EQ(ProjectActions::recentProjects().value(0), QFileInfo(path).absoluteFilePath());

    // The file itself, read by the core (independent of the GUI's copy).
    auto onDisk = loadProject(path.toStdString());
    ASSERT_TRUE(onDisk.ok()) << onDisk.error().message;
    const Dataset& ds = *controller->dataset();
    EXPECT_EQ(onDisk->datasetPath, ds.sourcePath);
    ASSERT_EQ(onDisk->checkpoints.size(), 1u);
    ASSERT_EQ(onDisk->pinnedCustomers.size(), 1u);
    EXPECT_EQ(onDisk->pinnedCustomers[0].customer, ds.users[pinned].id);
    ASSERT_EQ(onDisk->feedback.size(), 2u);
    EXPECT_EQ(onDisk->feedback[0].method, "ig");
    EXPECT_EQ(onDisk->feedback[0].rating, FeedbackRating::Wrong);
    EXPECT_EQ(onDisk->feedback[0].comment, "blames the wrong purchase");
    EXPECT_EQ(onDisk->feedback[0].customer, ds.users[shown].id);
    EXPECT_EQ(onDisk->feedback[0].target, ds.items[controller->target()].id);
    const std::string targetId = ds.items[controller->target()].id;

    // A fresh workbench opens the project through the controller's own jobs.
    window.reset();
    controller.reset();
    controller = std::make_unique<WorkbenchController>();
    QObject::connect(controller.get(), &WorkbenchController::errorMessage,
                     [this](const QString& m) { errors << m; });
    window = std::make_unique<MainWindow>(controller.get());
    window->show();
    QSignalSpy pinSpy(controller.get(), &WorkbenchController::pinnedChanged);
    QSignalSpy explained(controller.get(), &WorkbenchController::explanationChanged);
    window->openPath(path); // the same path File → Open project and the command line take
    for (int i = 0; i < 30 && (pinSpy.isEmpty() || explained.isEmpty()); ++i)
        if (pinSpy.isEmpty())
            pinSpy.wait(10000);
        else
            explained.wait(10000);
    ASSERT_TRUE(errors.isEmpty()) << errors.join(QStringLiteral("\n")).toStdString();
    ASSERT_TRUE(controller->dataset());
    EXPECT_EQ(controller->dataset()->sourcePath, onDisk->datasetPath);
    ASSERT_TRUE(controller->model());
    EXPECT_EQ(QFileInfo(controller->modelSource()).absoluteFilePath().toStdString(),
              onDisk->checkpoints[0]);
    EXPECT_EQ(controller->pinnedCustomer(), pinned);
    EXPECT_EQ(controller->customer(), shown);
    ASSERT_GE(controller->target(), 0);
    EXPECT_EQ(controller->dataset()->items[controller->target()].id, targetId);

    ProjectDocument* doc2 = window->projectActions()->document();
    EXPECT_EQ(doc2->path(), path);
    EXPECT_EQ(doc2->project().feedback, onDisk->feedback);
    // Shapley was rated helpful, ig wrong: Shapley is shown first and the Model tab says so.
    EXPECT_EQ(window->saliencyView()->method(), "shapley");
    auto* summary = window->findChild<FeedbackSummaryView*>();
    ASSERT_TRUE(summary);
    EXPECT_NE(summary->preferredText().indexOf(QStringLiteral("Shapley")), -1)
        << summary->preferredText().toStdString();
    EXPECT_EQ(summary->table()->model()->rowCount(), 2);
    // The verdict on screen is the stored one for the reopened customer and target.
    window->saliencyView()->setMethod("ig");
    EXPECT_NE(feedbackBarOf(*window)->verdictText().indexOf(QStringLiteral("wrong")), -1)
        << feedbackBarOf(*window)->verdictText().toStdString();
}

TEST_F(WorkbenchTest, OpeningADamagedProjectNamesTheFileAndKeepsTheWorkbench) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.reclens"));
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("this is not an SQLite database");
    f.close();
    EXPECT_FALSE(window->projectActions()->openProject(path));
    ASSERT_FALSE(errors.isEmpty());
    EXPECT_NE(errors.last().indexOf(path), -1) << errors.last().toStdString();
    EXPECT_TRUE(window->projectActions()->document()->path().isEmpty());
}

} // namespace reclens::test

namespace reclens::test {

namespace {

/// Clicks `button` on the unsaved-project question as soon as it is shown.
void answerUnsavedProject(QMessageBox::StandardButton button, bool* asked) {
    auto* timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, button, asked] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box || box->objectName() != QStringLiteral("unsavedProjectPrompt"))
            return;
        *asked = true;
        box->button(button)->click();
        timer->stop();
        timer->deleteLater();
    });
    timer->start();
}

} // namespace

TEST_F(WorkbenchTest, QuittingWithUnsavedFeedbackAsksAndSaveWritesItBeforeClosing) {
    openSampleWithModel();
    ASSERT_FALSE(HasFatalFailure());
    selectAndWait(2);
    ASSERT_FALSE(HasFatalFailure());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("quit.reclens"));
    ASSERT_TRUE(saveProjectAndWait(*window, path));
    ProjectDocument* doc = window->projectActions()->document();
    feedbackBarOf(*window)->unclearButton()->click();
    ASSERT_TRUE(doc->isModified());

    // Cancel: the window stays open and the feedback unsaved.
    bool asked = false;
    answerUnsavedProject(QMessageBox::Cancel, &asked);
    EXPECT_FALSE(window->close());
    EXPECT_TRUE(asked);
    EXPECT_TRUE(window->isVisible());
    EXPECT_TRUE(doc->isModified());
    ASSERT_TRUE(loadProject(path.toStdString()).ok());
    EXPECT_TRUE(loadProject(path.toStdString())->feedback.empty());

    // Save: the project is written in a job (the window stays open meanwhile), then the window
    // closes; the file read back by the core has the feedback.
    asked = false;
    answerUnsavedProject(QMessageBox::Save, &asked);
    QSignalSpy saved(doc, &ProjectDocument::saveFinished);
    EXPECT_FALSE(window->close()); // not yet: the save runs
    EXPECT_TRUE(asked);
    EXPECT_TRUE(doc->isSaving());
    ASSERT_TRUE(saved.wait(30000));
    EXPECT_TRUE(saved.first().at(0).toBool());
    EXPECT_TRUE(QTest::qWaitFor([this] { return !window->isVisible(); }, 10000));
    EXPECT_FALSE(doc->isModified());
    auto onDisk = loadProject(path.toStdString());
    ASSERT_TRUE(onDisk.ok()) << onDisk.error().message;
    ASSERT_EQ(onDisk->feedback.size(), 1u);
    EXPECT_EQ(onDisk->feedback[0].rating, FeedbackRating::Unclear);
}

} // namespace reclens::test
