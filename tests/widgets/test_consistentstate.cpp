// Consistent state: one K on every screen, training progress that says where it is, and an
// import mapping that cannot name one column for two roles, errors that block the user in a
// dialog.

#include "importdialog.h"
#include "recommendationsview.h"
#include "workbenchfixture.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>

namespace reclens::test {

TEST(TrainingProgressText, SaysEpochOfAtMostElapsedRemainingAndValidation) {
    StepStats s{3, 20, 80, 0.5};
    const QString mid = trainingProgressText(s, 30, 1000, 65.0, 10.0);
    EXPECT_TRUE(mid.contains(QStringLiteral("epoch 3 of at most 30"))) << mid.toStdString();
    EXPECT_TRUE(mid.contains(QStringLiteral("step 20/80"))) << mid.toStdString();
    // 10 s for 20 of 80 steps: 30 s left in this epoch.
    EXPECT_TRUE(mid.contains(QStringLiteral("about 0:30 left"))) << mid.toStdString();
    EXPECT_TRUE(mid.contains(QStringLiteral("1:05 elapsed"))) << mid.toStdString();
    s.step = 80; // the last step: the epoch is now validated
    const QString end = trainingProgressText(s, 30, 1000, 70.0, 12.0);
    EXPECT_TRUE(end.contains(QStringLiteral("validating on 1000 customers"))) << end.toStdString();
    EXPECT_FALSE(end.contains(QStringLiteral("left"))) << end.toStdString();
}

TEST(ImportDialogMapping, RefusesOneColumnAsCustomerProductAndTime) {
    ImportDialog dialog(nullptr, sampleDir() + QStringLiteral("/interactions.csv"));
    auto combos = dialog.findChildren<QComboBox*>();
    QComboBox *user = nullptr, *item = nullptr, *time = nullptr;
    for (QComboBox* c : combos)
        if (c->isEditable())
            (user ? (item ? time : item) : user) = c;
    ASSERT_TRUE(user && item && time);
    auto* open = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Open);
    user->setCurrentText(QStringLiteral("user"));
    item->setCurrentText(QStringLiteral("item"));
    time->setCurrentText(QStringLiteral("timestamp"));
    EXPECT_TRUE(dialog.mappingProblem().isEmpty()) << dialog.mappingProblem().toStdString();
    EXPECT_TRUE(open->isEnabled());
    for (QComboBox* c : {user, item, time})
        c->setCurrentText(QStringLiteral("user"));
    EXPECT_TRUE(dialog.mappingProblem().contains(QStringLiteral("customer, product and time")))
        << dialog.mappingProblem().toStdString();
    EXPECT_FALSE(open->isEnabled());
    dialog.accept(); // e.g. Enter: refused, the dialog stays open
    EXPECT_NE(dialog.result(), QDialog::Accepted);
    item->setCurrentText(QStringLiteral("item"));
    EXPECT_TRUE(dialog.mappingProblem().contains(QStringLiteral("time")))
        << dialog.mappingProblem().toStdString();
}

TEST_F(WorkbenchTest, RecommendationsListAndTitleFollowTheOneK) {
    openSampleWithModel();
    UserIndex u = 0;
    while (controller->dataset()->users[static_cast<size_t>(u)].sequence.size() < 8)
        ++u;
    selectAndWait(u);
    ExplainConfig c = controller->explainConfig();
    c.k = 5;
    QSignalSpy recs(controller.get(), &WorkbenchController::recommendationsChanged);
    ASSERT_TRUE(controller->setExplainConfig(c));
    ASSERT_TRUE(recs.wait(30000));
    EXPECT_EQ(controller->topK(), 5);
    ASSERT_TRUE(controller->recommendations());
    EXPECT_EQ(controller->recommendations()->top.size(), 5u);
    EXPECT_EQ(window->recommendationsView()->table()->model()->rowCount(), 5);
    bool titled = false;
    for (QLabel* l : window->recommendationsView()->findChildren<QLabel*>())
        titled |= l->text().contains(QStringLiteral("Top 5 for customer"));
    EXPECT_TRUE(titled) << "the Recommendations title does not say Top 5";
}

TEST_F(WorkbenchTest, NotAModelFileIsSaidInPlainWordsInADialog) {
    openSample();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("notes.rlm"));
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("these are my notes, not a model\n");
    f.close();
    window->openPath(path);
    ASSERT_TRUE(waitFor(&WorkbenchController::errorMessage));
    QCoreApplication::processEvents();
    auto* box = window->findChild<QMessageBox*>(QStringLiteral("blockingError"));
    ASSERT_TRUE(box) << "the error was only logged";
    EXPECT_TRUE(box->text().startsWith(QStringLiteral("This file is not a RecLens model.")))
        << box->text().toStdString();
    EXPECT_TRUE(box->text().contains(QStringLiteral("notes.rlm"))) << box->text().toStdString();
    box->close();
}

} // namespace reclens::test
