// Issue 15, point 2 in the workbench beyond feedback: bookmarks (Edit -> Bookmark, the Bookmarks
// dock), notes under the explanation, each customer's what-if edits and the model a customer was
// pinned with are saved in the project and come back in a fresh workbench; a bookmark opens its
// customer and target; what is gone since (a checkpoint, a product) is said, not fatal; a failed
// save keeps the project unsaved.

#include "bookmarkspanel.h"
#include "counterfactualview.h"
#include "explain/candidatefilter.h"
#include "notespanel.h"
#include "project/projectfile.h"
#include "projectactions.h"
#include "projectdocument.h"
#include "report/customerreport.h"
#include "report/modelcard.h"
#include "saliencyview.h"
#include "workbenchfixture.h"

#include <QAction>
#include <QDockWidget>
#include <QFileInfo>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

namespace reclens::test {

namespace {

QTreeWidget* bookmarksListOf(MainWindow& w) {
    return w.projectActions()->bookmarksDock()->findChild<QTreeWidget*>(
        QStringLiteral("bookmarksList"));
}

} // namespace

class ProjectNotesTest : public WorkbenchTest {
protected:
    /// A fresh controller and window (the way the application starts), then `path` opened as
    /// the command line and File -> Open project do; waits for the pin and the explanation.
    void reopenInFreshWorkbench(const QString& path) {
        window.reset();
        controller.reset();
        controller = std::make_unique<WorkbenchController>();
        QObject::connect(controller.get(), &WorkbenchController::errorMessage,
                         [this](const QString& m) { errors << m; });
        QObject::connect(controller.get(), &WorkbenchController::statusMessage,
                         [this](const QString& m) { statuses << m; });
        window = std::make_unique<MainWindow>(controller.get());
        window->show();
        QSignalSpy pinSpy(controller.get(), &WorkbenchController::pinnedChanged);
        QSignalSpy explained(controller.get(), &WorkbenchController::explanationChanged);
        window->openPath(path);
        // Done when the pin is back and the customer on screen has its explanation.
        auto ready = [this, &pinSpy] {
            const auto& recs = controller->recommendations();
            auto b = controller->explanation();
            return !pinSpy.isEmpty() && controller->customer() >= 0 && recs &&
                   recs->user == controller->customer() && b && b->history == recs->history &&
                   b->target == controller->target();
        };
        for (int i = 0; i < 60 && !ready(); ++i)
            explained.wait(2000);
        ASSERT_TRUE(ready()) << errors.join(QStringLiteral("\n")).toStdString();
        ASSERT_TRUE(errors.isEmpty()) << errors.join(QStringLiteral("\n")).toStdString();
    }
    void pinAndWait(UserIndex u) {
        QSignalSpy pinSpy(controller.get(), &WorkbenchController::pinnedChanged);
        controller->pinCustomer(u);
        ASSERT_TRUE(pinSpy.wait(60000));
    }

    QStringList statuses;
};

TEST_F(ProjectNotesTest,
       BookmarkNoteWhatIfAndPinnedModelSurviveReopenAndTheBookmarkOpensItsTarget) {
    openSampleWithModel();
    ASSERT_FALSE(HasFatalFailure());
    const QString modelFile = QFileInfo(controller->modelSource()).absoluteFilePath();
    const UserIndex shown = 3, pinned = 5, other = 7;
    pinAndWait(pinned);
    ASSERT_FALSE(HasFatalFailure());
    ProjectDocument* doc = window->projectActions()->document();
    EXPECT_EQ(doc->pinCheckpoint(), modelFile); // the pin records the model it was made with
    EXPECT_NE(controller->pinnedLabel().indexOf(QFileInfo(modelFile).fileName()), -1)
        << controller->pinnedLabel().toStdString();
    selectAndWait(shown);
    ASSERT_FALSE(HasFatalFailure());
    const ItemIndex target = controller->target();
    ASSERT_GE(target, 0);
    const Dataset& ds = *controller->dataset();
    const std::string customerId = ds.users[shown].id, targetId = ds.items[target].id;

    // Bookmark (Ctrl+D's action), named in the dock's Label column.
    window->projectActions()->bookmarkAction()->trigger();
    QTreeWidget* list = bookmarksListOf(*window);
    ASSERT_TRUE(list);
    ASSERT_EQ(list->topLevelItemCount(), 1);
    EXPECT_EQ(list->topLevelItem(0)->text(0).toStdString(), customerId);
    EXPECT_NE(
        list->topLevelItem(0)->toolTip(1).indexOf(QString::fromStdString(ds.items[target].title)),
        -1);
    list->topLevelItem(0)->setText(2, QStringLiteral("check later"));
    // A note under the explanation.
    auto* notes = window->saliencyView()->findChild<NotesPanel*>();
    ASSERT_TRUE(notes);
    notes->noteEdit()->setText(QStringLiteral("ranks the mug first"));
    notes->addButton()->click();
    EXPECT_TRUE(notes->noteEdit()->text().isEmpty());
    EXPECT_EQ(notes->notesList()->count(), 1);
    // What-if: the first purchase removed and a catalog product inserted.
    CounterfactualView* whatIf = window->counterfactualView();
    whatIf->setRemoved(0, true);
    const ItemIndex inserted = ds.users[other].sequence.front();
    whatIf->insertItem(inserted, 2);
    const History edited = whatIf->historyList()->shownHistory();
    ASSERT_NE(edited, whatIf->historyList()->original());
    EXPECT_TRUE(doc->isModified());

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("notes.reclens"));
    ASSERT_TRUE(saveProjectAndWait(*window, path))
        << errors.join(QStringLiteral("\n")).toStdString();
    EXPECT_FALSE(doc->isModified());
    // The file as the core reads it, independent of the workbench's copy.
    auto onDisk = loadProject(path.toStdString());
    ASSERT_TRUE(onDisk.ok()) << onDisk.error().message;
    ASSERT_EQ(onDisk->bookmarks.size(), 1u);
    EXPECT_EQ(onDisk->bookmarks[0], (Bookmark{customerId, targetId, "check later"}));
    ASSERT_EQ(onDisk->notes.size(), 1u);
    EXPECT_EQ(onDisk->notes[0].text, "ranks the mug first");
    EXPECT_EQ(onDisk->notes[0].customer, customerId);
    EXPECT_EQ(onDisk->notes[0].target, targetId);
    EXPECT_GT(onDisk->notes[0].time, 0);
    ASSERT_FALSE(onDisk->whatIfEdits.empty());
    for (const WhatIfEdit& e : onDisk->whatIfEdits)
        EXPECT_EQ(e.customer, customerId);
    ASSERT_EQ(onDisk->pinnedCustomers.size(), 1u);
    EXPECT_EQ(onDisk->pinnedCustomers[0].checkpoint, modelFile.toStdString());

    reopenInFreshWorkbench(path);
    ASSERT_FALSE(HasFatalFailure());
    ProjectDocument* doc2 = window->projectActions()->document();
    EXPECT_EQ(controller->customer(), shown);
    EXPECT_EQ(controller->target(), target);
    EXPECT_NE(controller->pinnedLabel().indexOf(QFileInfo(modelFile).fileName()), -1)
        << controller->pinnedLabel().toStdString();
    EXPECT_EQ(doc2->project().notes, onDisk->notes);
    EXPECT_EQ(window->saliencyView()->findChild<NotesPanel*>()->notesList()->count(), 1);
    // The what-if list of the reopened customer shows the edited history again.
    EXPECT_EQ(window->counterfactualView()->historyList()->shownHistory(), edited);
    EXPECT_FALSE(doc2->isModified()) << "reopening alone changed the project";

    // The reopened note is in the customer's JSON report, built as File -> Export report
    // builds it (the dialog hands the project's notes to the report data).
    {
        report::CustomerReportConfig rc;
        rc.k = 5;
        rc.explainTop = 1;
        auto data =
            report::computeCustomerReport(*controller->model(), *controller->dataset(), shown, rc);
        ASSERT_TRUE(data.ok()) << data.error().message;
        data->notes = doc2->project().notes;
        auto card = report::makeModelCard(modelFile.toStdString(), controller->model()->info(),
                                          *controller->dataset());
        ASSERT_TRUE(card.ok()) << card.error().message;
        const report::ReportOutput out =
            report::buildCustomerReport(*controller->dataset(), *data, *card);
        ASSERT_TRUE(out.json.contains("analyst_notes"));
        ASSERT_EQ(out.json["analyst_notes"].size(), 1u);
        EXPECT_EQ(out.json["analyst_notes"][0]["text"], "ranks the mug first");
        EXPECT_EQ(out.json["analyst_notes"][0]["target"], targetId);
    }

    // Another customer, then a double-click on the bookmark: its customer and target are back,
    // on the Saliency tab, as the Merchant drill-down does.
    selectAndWait(other);
    ASSERT_FALSE(HasFatalFailure());
    list = bookmarksListOf(*window);
    ASSERT_EQ(list->topLevelItemCount(), 1);
    EXPECT_EQ(list->topLevelItem(0)->text(2), QStringLiteral("check later"));
    QSignalSpy explained(controller.get(), &WorkbenchController::explanationChanged);
    // A double-click on the row, as the analyst does (the dock shown and the window exposed,
    // so that the synthetic clicks reach the list).
    window->projectActions()->bookmarksDock()->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
    list->scrollToItem(list->topLevelItem(0));
    const QPoint at = list->visualItemRect(list->topLevelItem(0)).center();
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, at);
    EXPECT_EQ(controller->customer(), shown);
    for (int i = 0;
         i < 10 && !(controller->explanation() && controller->explanation()->target == target); ++i)
        explained.wait(3000);
    EXPECT_EQ(controller->target(), target);
    ASSERT_TRUE(controller->explanation());
    EXPECT_EQ(controller->explanation()->target, target);
    EXPECT_EQ(window->tabs()->currentIndex(), static_cast<int>(MainWindow::SaliencyTab));

    // Delete removes it, and the project has an unsaved change.
    list->setCurrentItem(list->topLevelItem(0));
    QTest::keyClick(list, Qt::Key_Delete);
    EXPECT_EQ(list->topLevelItemCount(), 0);
    EXPECT_TRUE(doc2->project().bookmarks.empty());
    EXPECT_TRUE(doc2->isModified());
}

TEST_F(ProjectNotesTest, AMissingPinnedModelAndAGoneWhatIfProductAreSaidNotFatal) {
    openSampleWithModel();
    ASSERT_FALSE(HasFatalFailure());
    QObject::connect(controller.get(), &WorkbenchController::statusMessage,
                     [this](const QString& m) { statuses << m; });
    const Dataset& ds = *controller->dataset();
    const UserIndex shown = 4, pinned = 6;
    QTemporaryDir dir;
    // A project written by the core: its pin's checkpoint is gone, and one what-if edit
    // inserts a product the dataset no longer has.
    Project p;
    p.datasetPath = ds.sourcePath;
    p.importOptions = controller->importOptions();
    p.checkpoints = {QFileInfo(controller->modelSource()).absoluteFilePath().toStdString()};
    p.pinnedCustomers = {
        {ds.users[pinned].id, dir.filePath(QStringLiteral("gone.rlm")).toStdString()}};
    p.setSetting("current_customer", ds.users[shown].id);
    p.whatIfEdits = {{ds.users[shown].id, "remove", 0, "", -1},
                     {ds.users[shown].id, "insert", 0, "no-such-product-42", -1}};
    const QString path = dir.filePath(QStringLiteral("stale.reclens"));
    ASSERT_TRUE(saveProject(path.toStdString(), p).ok());

    reopenInFreshWorkbench(path);
    ASSERT_FALSE(HasFatalFailure());
    EXPECT_EQ(controller->pinnedCustomer(), pinned);
    EXPECT_NE(controller->pinnedLabel().indexOf(QStringLiteral("model missing")), -1)
        << controller->pinnedLabel().toStdString();
    EXPECT_EQ(controller->customer(), shown);
    bool named = false;
    for (const QString& s : statuses)
        named = named || s.contains(QStringLiteral("no-such-product-42"));
    EXPECT_TRUE(named) << statuses.join(QStringLiteral("\n")).toStdString();
    // The rest of the what-if applies: the first purchase is unticked.
    EXPECT_EQ(window->counterfactualView()->removedPositions(), std::vector<int>{0});
    // Saving keeps the pin's recorded checkpoint (it may come back) and drops the gone product.
    const QString resaved = dir.filePath(QStringLiteral("resaved.reclens"));
    ASSERT_TRUE(saveProjectAndWait(*window, resaved));
    auto onDisk = loadProject(resaved.toStdString());
    ASSERT_TRUE(onDisk.ok()) << onDisk.error().message;
    EXPECT_EQ(onDisk->pinnedCustomers.at(0).checkpoint, p.pinnedCustomers[0].checkpoint);
    for (const WhatIfEdit& e : onDisk->whatIfEdits)
        EXPECT_NE(e.item, "no-such-product-42");
}

TEST_F(ProjectNotesTest, APinTakenWithAnotherCheckpointComesBackWithThatModelsOwnList) {
    openSampleWithModel();
    ASSERT_FALSE(HasFatalFailure());
    const Dataset& ds = *controller->dataset();
    const UserIndex shown = 2, pinned = 9;
    QTemporaryDir dir;
    // The pin's checkpoint: the tiny model's shape with other weights (untrained, seed 99), so
    // its list for the pinned customer differs from the open model's.
    const QString other = dir.filePath(QStringLiteral("other.rlm"));
    {
        auto second = SasRecModel::create(ds, tinyTrainConfig().model, 99);
        ASSERT_TRUE(second.ok()) << second.error().message;
        ASSERT_TRUE(second->save(other.toStdString()).ok());
    }
    Project p;
    p.datasetPath = ds.sourcePath;
    p.importOptions = controller->importOptions();
    p.checkpoints = {QFileInfo(controller->modelSource()).absoluteFilePath().toStdString()};
    p.pinnedCustomers = {{ds.users[pinned].id, other.toStdString()}};
    p.setSetting("current_customer", ds.users[shown].id);
    const QString path = dir.filePath(QStringLiteral("two-models.reclens"));
    ASSERT_TRUE(saveProject(path.toStdString(), p).ok());

    reopenInFreshWorkbench(path);
    ASSERT_FALSE(HasFatalFailure());
    EXPECT_EQ(controller->pinnedCustomer(), pinned);
    EXPECT_NE(controller->pinnedLabel().indexOf(QStringLiteral("other.rlm")), -1)
        << controller->pinnedLabel().toStdString();
    EXPECT_EQ(controller->pinnedLabel().indexOf(QStringLiteral("open model")), -1)
        << controller->pinnedLabel().toStdString();
    const auto& shownPin = controller->pinnedRecommendations();
    ASSERT_TRUE(shownPin);
    EXPECT_EQ(shownPin->user, pinned);

    // Independent of the workbench: the checkpoint loaded here ranks the customer afresh.
    const Dataset& reopened = *controller->dataset();
    auto fresh = SasRecModel::load(other.toStdString(), &reopened);
    ASSERT_TRUE(fresh.ok()) << fresh.error().message;
    const History bought = controller->boughtBy(pinned);
    auto topOf = [&](const SequenceModel& m) {
        const History h = clipHistory(reopened.users[pinned].sequence, m.maxLength());
        std::vector<ItemIndex> items;
        for (const RankedItem& r :
             topKOf(CandidateFilterModel(m, bought).scoreAll({h}), controller->topK()))
            items.push_back(r.item);
        return items;
    };
    std::vector<ItemIndex> shownItems;
    for (const RankedItem& r : shownPin->top)
        shownItems.push_back(r.item);
    EXPECT_EQ(shownItems, topOf(*fresh));
    EXPECT_NE(shownItems, topOf(*controller->model())) << "the pin shows the open model's list";

    // Saving keeps the pin's own checkpoint.
    const QString resaved = dir.filePath(QStringLiteral("resaved.reclens"));
    ASSERT_TRUE(saveProjectAndWait(*window, resaved));
    auto onDisk = loadProject(resaved.toStdString());
    ASSERT_TRUE(onDisk.ok()) << onDisk.error().message;
    ASSERT_EQ(onDisk->pinnedCustomers.size(), 1u);
    EXPECT_EQ(onDisk->pinnedCustomers[0].checkpoint, other.toStdString());
}

TEST_F(ProjectNotesTest, AFailedSaveNamesTheFileAndKeepsTheProjectUnsaved) {
    openSample();
    ASSERT_FALSE(HasFatalFailure());
    controller->selectCustomer(0);
    ProjectDocument* doc = window->projectActions()->document();
    ASSERT_TRUE(doc->addNote(QStringLiteral("worth a look")));
    ASSERT_TRUE(doc->isModified());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("no/such/folder/p.reclens"));
    EXPECT_FALSE(saveProjectAndWait(*window, path));
    EXPECT_FALSE(doc->isSaving());
    EXPECT_TRUE(doc->isModified());
    EXPECT_TRUE(doc->path().isEmpty());
    ASSERT_FALSE(errors.isEmpty());
    EXPECT_NE(errors.last().indexOf(path), -1) << errors.last().toStdString();
    auto* box = window->findChild<QMessageBox*>(QStringLiteral("blockingError"));
    ASSERT_TRUE(box);
    EXPECT_NE(box->text().indexOf(QStringLiteral("project could not be saved")), -1)
        << box->text().toStdString();
    EXPECT_FALSE(QFileInfo::exists(path));
}

} // namespace reclens::test
