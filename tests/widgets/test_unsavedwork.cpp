// Never lose work: an unsaved trained model is asked about (Save / Discard / Cancel) before
// another dataset replaces it, and a cancelled training run keeps its best complete epoch (the
// report dialog warning is tested with the dialog, in tests/render).

#include "projectview.h"
#include "qcp.h"
#include "trainingcurves.h"
#include "workbenchfixture.h"

#include <QApplication>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <functional>

namespace reclens::test {

namespace {

/// Acts on the next modal dialog `act` accepts (returns true for), polling every 20 ms: the
/// way a user answers the question the window asks.
void answerNextModal(const std::function<bool(QWidget*)>& act) {
    auto* timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, act] {
        if (QWidget* w = QApplication::activeModalWidget(); w && act(w)) {
            timer->stop();
            timer->deleteLater();
        }
    });
    timer->start();
}

void answerUnsavedPrompt(QMessageBox::StandardButton button) {
    answerNextModal([button](QWidget* w) {
        auto* box = qobject_cast<QMessageBox*>(w);
        if (!box || box->objectName() != QStringLiteral("unsavedModelPrompt"))
            return false;
        box->button(button)->click();
        return true;
    });
}

/// A second, smaller shop (the sample's first 3,000 purchases): another fingerprint, so a
/// model of the sample cannot stay open on it.
QString writeOtherDataset(const QTemporaryDir& dir) {
    QFile in(sampleDir() + QStringLiteral("/interactions.csv"));
    EXPECT_TRUE(in.open(QIODevice::ReadOnly));
    QFile out(dir.filePath(QStringLiteral("interactions.csv")));
    EXPECT_TRUE(out.open(QIODevice::WriteOnly));
    for (int i = 0; i < 3000 && !in.atEnd(); ++i)
        out.write(in.readLine());
    out.close();
    QFile::copy(sampleDir() + QStringLiteral("/catalog.csv"),
                dir.filePath(QStringLiteral("catalog.csv")));
    return dir.path();
}

/// Holds until the event loop ran for `ms` (to show that something did NOT happen).
void settle(int ms) {
    QSignalSpy never(qApp, &QObject::destroyed);
    never.wait(ms);
}

} // namespace

class UnsavedWorkTest : public WorkbenchTest {
protected:
    /// The sample with a one-epoch model trained in this session (unsaved).
    void trainUnsaved() {
        openSample();
        TrainConfig c = tinyTrainConfig();
        c.epochs = 1;
        QSignalSpy finished(controller.get(), &WorkbenchController::trainingFinished);
        controller->train(c);
        ASSERT_TRUE(finished.wait(240000));
        ASSERT_TRUE(finished.front().at(0).toBool());
        ASSERT_TRUE(controller->isModelUnsaved());
    }
};

TEST_F(UnsavedWorkTest, CancelInUnsavedModelPromptKeepsModelAndDataset) {
    trainUnsaved();
    QTemporaryDir dir;
    const QString other = writeOtherDataset(dir);
    auto model = controller->model();
    auto dataset = controller->dataset();
    QSignalSpy opened(controller.get(), &WorkbenchController::datasetChanged);
    answerUnsavedPrompt(QMessageBox::Cancel);
    window->openPath(other); // as a dropped file or a recent entry arrives
    settle(800);
    EXPECT_EQ(opened.size(), 0) << "the dataset was opened although the user cancelled";
    EXPECT_EQ(controller->model(), model);
    EXPECT_EQ(controller->dataset(), dataset);
    EXPECT_TRUE(controller->isModelUnsaved());
}

TEST_F(UnsavedWorkTest, DiscardInUnsavedModelPromptOpensTheOtherDataset) {
    trainUnsaved();
    QTemporaryDir dir;
    const QString other = writeOtherDataset(dir);
    answerUnsavedPrompt(QMessageBox::Discard);
    window->openPath(other);
    ASSERT_TRUE(waitFor(&WorkbenchController::datasetChanged));
    EXPECT_TRUE(QString::fromStdString(controller->dataset()->sourcePath).startsWith(other))
        << controller->dataset()->sourcePath;
    EXPECT_FALSE(controller->model()) << "a model of the sample stayed open on another shop";
    EXPECT_FALSE(controller->isModelUnsaved());
}

TEST_F(UnsavedWorkTest, SaveInUnsavedModelPromptWritesCheckpointThenOpensSample) {
    trainUnsaved();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("kept.rlm"));
    answerUnsavedPrompt(QMessageBox::Save);
    answerNextModal([path](QWidget* w) {
        auto* files = qobject_cast<QFileDialog*>(w);
        if (!files)
            return false;
        // QFileDialog::selectFile leaves the name alone once its name field has focus, which
        // under load it can have before this runs (a CI run saved to the proposed model.rlm):
        // type the name into the field as a user would, and accept only once it holds.
        if (auto* name = files->findChild<QLineEdit*>(QStringLiteral("fileNameEdit")))
            name->setText(path);
        else
            files->selectFile(path);
        if (files->selectedFiles().value(0) != path)
            return false;
        QMetaObject::invokeMethod(files, "accept"); // a protected slot, as the Save button calls it
        return true;
    });
    QSignalSpy opened(controller.get(), &WorkbenchController::datasetChanged);
    window->openPath(sampleDir()); // the same shop: the saved model stays open on it
    ASSERT_TRUE(opened.wait(60000)) << errors.join(QStringLiteral("\n")).toStdString();
    EXPECT_TRUE(QFileInfo::exists(path));
    EXPECT_FALSE(controller->isModelUnsaved());
    EXPECT_EQ(controller->modelSource(), path);
    auto reloaded = SasRecModel::load(path.toStdString(), controller->dataset().get());
    EXPECT_TRUE(reloaded.ok());
}

TEST_F(UnsavedWorkTest, CancelledTrainingKeepsBestCompleteEpochAndCurvesShowIt) {
    openSampleWithModel();
    auto before = controller->model();
    TrainConfig c = tinyTrainConfig();
    c.epochs = 200;
    c.patience = 200;
    QSignalSpy finished(controller.get(), &WorkbenchController::trainingFinished);
    QSignalSpy epochs(controller.get(), &WorkbenchController::trainingEpoch);
    controller->train(c);
    ASSERT_TRUE(epochs.wait(120000)); // one complete epoch
    controller->cancelTraining();
    ASSERT_TRUE(finished.wait(60000));
    ASSERT_TRUE(finished.front().at(0).toBool()) << "the complete epoch was thrown away";
    const QString message = finished.front().at(1).toString();
    EXPECT_TRUE(message.contains(QStringLiteral("cancelled"))) << message.toStdString();
    auto model = controller->model();
    ASSERT_NE(model, before);
    const ModelInfo& info = model->info();
    ASSERT_GE(info.history.size(), 1u);
    EXPECT_EQ(info.history.size(), static_cast<size_t>(epochs.size()));
    EXPECT_GE(info.bestEpoch, 1);
    EXPECT_TRUE(message.contains(QStringLiteral("epoch %1").arg(info.bestEpoch)))
        << message.toStdString();
    EXPECT_TRUE(controller->isModelUnsaved());
    // The curves are those of the loaded model, with its epoch marked.
    TrainingCurves* curves = window->projectView()->curves();
    EXPECT_EQ(curves->markedEpoch(), info.bestEpoch);
    EXPECT_EQ(curves->lossPlot()->graph(0)->dataCount(), static_cast<int>(info.history.size()));
    EXPECT_FALSE(curves->note().contains(QStringLiteral("did not finish")))
        << curves->note().toStdString();
}

} // namespace reclens::test
