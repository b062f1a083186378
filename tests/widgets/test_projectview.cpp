// The Project view's training form: every field and the Train button in view at the window
// sizes the workbench opens with (the button was below the bottom of the scroll area), and
// after a checkpoint is opened the form holds that model's settings, so Train retrains it as
// it was (it used to keep showing the defaults).

#include "projectview.h"
#include "workbenchfixture.h"

#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QComboBox>
#include <QPushButton>

namespace reclens::test {

namespace {

/// Fully visible: not clipped by the scroll area, a splitter or the window.
bool fullyVisible(QWidget* w) {
    return w->isVisible() && w->visibleRegion().boundingRect() == w->rect();
}

} // namespace

TEST_F(WorkbenchTest, TrainFormAndButtonAreFullyVisibleAtTheDefaultWindowSizes) {
    openSampleWithModel();
    window->showTab(MainWindow::ProjectTab);
    // 1600 × 960: the screenshot runner; 1500 × 920: main.cpp; 1400 × 900: these tests.
    for (QSize size : {QSize(1600, 960), QSize(1500, 920), QSize(1400, 900)}) {
        window->resize(size);
        for (int i = 0; i < 5; ++i)
            QCoreApplication::processEvents();
        ProjectView* view = window->projectView();
        EXPECT_TRUE(fullyVisible(view->trainButton())) << size.width() << "×" << size.height();
        std::vector<QWidget*> fields;
        for (QWidget* w : view->findChildren<QAbstractSpinBox*>())
            fields.push_back(w);
        for (QWidget* w : view->findChildren<QComboBox*>())
            fields.push_back(w);
        for (QWidget* w : view->findChildren<QCheckBox*>())
            fields.push_back(w);
        ASSERT_GE(fields.size(), 12u);
        for (QWidget* w : fields)
            EXPECT_TRUE(fullyVisible(w))
                << w->toolTip().toStdString() << " at " << size.width() << "×" << size.height();
    }
}

TEST_F(WorkbenchTest, OpeningACheckpointFillsTheTrainFormWithItsSettings) {
    openSampleWithModel();
    ProjectView* view = window->projectView();
    view->setTrainConfig(TrainConfig{}); // as if the user had reset the form
    controller->openCheckpoint(tinyModelPath(controller->dataset()->fingerprint));
    ASSERT_TRUE(waitFor(&WorkbenchController::modelChanged))
        << errors.join(QStringLiteral("\n")).toStdString();
    const ModelInfo& info = controller->model()->info();
    // The tiny model differs from the defaults in every field checked here.
    const TrainConfig defaults;
    ASSERT_NE(info.config.maxLength, defaults.model.maxLength);
    ASSERT_NE(info.config.dim, defaults.model.dim);
    ASSERT_NE(info.training.seed, defaults.seed);
    ASSERT_NE(info.training.validUsers, defaults.validUsers);

    const TrainConfig shown = view->trainConfig();
    EXPECT_EQ(shown.model.maxLength, info.config.maxLength);
    EXPECT_EQ(shown.model.dim, info.config.dim);
    EXPECT_EQ(shown.model.layers, info.config.layers);
    EXPECT_EQ(shown.model.heads, info.config.heads);
    EXPECT_FLOAT_EQ(shown.model.dropout, info.config.dropout);
    EXPECT_EQ(shown.model.useCategory, info.config.useCategory);
    EXPECT_EQ(shown.model.useBrand, info.config.useBrand);
    EXPECT_EQ(shown.model.outputFeatures, info.config.outputFeatures);
    EXPECT_EQ(shown.loss, info.training.loss);
    EXPECT_EQ(shown.epochs, info.training.epochs);
    EXPECT_EQ(shown.patience, info.training.patience);
    EXPECT_EQ(shown.batchSize, info.training.batchSize);
    EXPECT_FLOAT_EQ(shown.learningRate, info.training.learningRate);
    EXPECT_EQ(shown.seed, info.training.seed);
    // Fields without a widget come along too.
    EXPECT_EQ(shown.validUsers, info.training.validUsers);
    EXPECT_FLOAT_EQ(shown.weightDecay, info.training.weightDecay);
    EXPECT_TRUE(view->formNote().contains(QStringLiteral("open model")))
        << view->formNote().toStdString();

    // Train starts a run with exactly these settings.
    QSignalSpy started(controller.get(), &WorkbenchController::trainingStarted);
    QSignalSpy finished(controller.get(), &WorkbenchController::trainingFinished);
    view->trainButton()->click();
    ASSERT_EQ(started.size(), 1);
    const auto run = started.front().at(0).value<TrainConfig>();
    EXPECT_EQ(run.model.maxLength, info.config.maxLength);
    EXPECT_EQ(run.model.dim, info.config.dim);
    EXPECT_EQ(run.seed, info.training.seed);
    EXPECT_EQ(run.validUsers, info.training.validUsers);
    controller->cancelTraining();
    ASSERT_TRUE(finished.wait(120000));
}

} // namespace reclens::test
