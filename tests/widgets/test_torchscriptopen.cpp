// File -> Open model with a TorchScript file (issue 13) in the workbench: the tiny RecLens model
// is exported under docs/MODEL_INTERFACE.md, opened through the controller with the item map
// found beside it, and the views must then hold the numbers the native model gives (the export
// recomputes SASRec exactly), with attention still available because the export provides it.

#include "attentionview.h"
#include "model/sasrecmodel.h"
#include "model/torchscriptexport.h"
#include "workbenchfixture.h"

#include <QTemporaryDir>

namespace reclens::test {

TEST_F(WorkbenchTest, OpensATorchScriptModelWithTheItemMapBesideIt) {
    openSampleWithModel();
    const Dataset& ds = *controller->dataset();
    UserIndex u = 0;
    while (ds.users[static_cast<size_t>(u)].sequence.size() < 8)
        ++u;
    selectAndWait(u);
    const auto native = controller->explanation();
    const auto nativeRecs = controller->recommendations();
    ASSERT_TRUE(native && nativeRecs);

    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string pt = dir.filePath(QStringLiteral("shop.pt")).toStdString();
    const auto* sasrec = dynamic_cast<const SasRecModel*>(controller->model().get());
    ASSERT_NE(sasrec, nullptr);
    // <name>.items.csv beside the model: the workbench must find it without asking.
    ASSERT_TRUE(exportTorchScript(*sasrec, ds, pt,
                                  dir.filePath(QStringLiteral("shop.items.csv")).toStdString())
                    .ok());
    const auto before = controller->model();
    controller->openCheckpoint(QString::fromStdString(pt));
    ASSERT_TRUE(waitFor(&WorkbenchController::modelChanged))
        << errors.join(QStringLiteral("\n")).toStdString();
    ASSERT_TRUE(errors.isEmpty()) << errors.join(QStringLiteral("\n")).toStdString();
    ASSERT_NE(controller->model(), before);
    EXPECT_EQ(dynamic_cast<const SasRecModel*>(controller->model().get()), nullptr)
        << "the opened model must be the TorchScript adapter, not the native model";

    selectAndWait(u);
    const auto opened = controller->explanation();
    const auto openedRecs = controller->recommendations();
    ASSERT_TRUE(opened && openedRecs);
    ASSERT_EQ(openedRecs->top.size(), nativeRecs->top.size());
    for (size_t i = 0; i < nativeRecs->top.size(); ++i) {
        EXPECT_EQ(openedRecs->top[i].item, nativeRecs->top[i].item) << "rank " << i + 1;
        EXPECT_NEAR(openedRecs->top[i].score, nativeRecs->top[i].score,
                    1e-4 * std::max(1.0f, std::abs(nativeRecs->top[i].score)));
    }
    EXPECT_EQ(opened->target, native->target);
    EXPECT_EQ(opened->targetRank, native->targetRank);
    EXPECT_TRUE(opened->attention.has_value()) << "the export provides attention()";
    ASSERT_EQ(opened->attributions.size(), native->attributions.size());
    for (size_t m = 0; m < native->attributions.size(); ++m) {
        const auto& a = native->attributions[m];
        const auto& b = opened->attributions[m];
        ASSERT_EQ(a.method, b.method);
        ASSERT_EQ(a.values.size(), b.values.size()) << a.method;
        for (size_t t = 0; t < a.values.size(); ++t)
            EXPECT_NEAR(b.values[t], a.values[t], 1e-3 * std::max(1.0f, std::abs(a.values[t])))
                << a.method << " @" << t;
    }
}

TEST_F(WorkbenchTest, AModelWithoutAttentionSaysWhyInTheAttentionView) {
    // tests/data/torchscript/good.pt has no attention() method (tests/data/torchscript/
    // make_cases.py): the view must give the engine's reason, not wait for an explanation.
    const QString dir = QStringLiteral(RECLENS_SOURCE_DIR "/tests/data/torchscript");
    ImportOptions csv;
    csv.format = DataFormat::Csv;
    controller->openDataset(dir + QStringLiteral("/interactions.csv"), csv);
    ASSERT_TRUE(waitFor(&WorkbenchController::datasetChanged))
        << errors.join(QStringLiteral("\n")).toStdString();
    controller->openCheckpoint(dir + QStringLiteral("/good.pt"),
                               dir + QStringLiteral("/items.csv"));
    ASSERT_TRUE(waitFor(&WorkbenchController::modelChanged))
        << errors.join(QStringLiteral("\n")).toStdString();
    selectAndWait(controller->dataset()->findUser("u1"));
    const auto bundle = controller->explanation();
    ASSERT_TRUE(bundle);
    ASSERT_EQ(bundle->unavailable.count("attention"), 1u);
    AttentionView* view = window->attentionView();
    view->flush();
    const QString status = view->statusText();
    EXPECT_TRUE(status.startsWith(QStringLiteral("Attention is not available for this model")))
        << status.toStdString();
    EXPECT_TRUE(status.contains(QString::fromStdString(bundle->unavailable.at("attention"))))
        << status.toStdString();
    EXPECT_EQ(view->rowCount(), 0);
}

} // namespace reclens::test
