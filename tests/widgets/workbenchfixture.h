#pragma once
// A workbench (controller + main window) on the bundled sample with a tiny trained model.
// The model is trained once per build and cached in the build directory; the test that trains
// it (Workbench.TrainsTinyModelThroughControllerWithLiveCurves) checks it round-trips.

#include "mainwindow.h"
#include "workbenchcontroller.h"

#include <QSignalSpy>

#include <gtest/gtest.h>

#include <memory>

namespace reclens::test {

QString sampleDir();
/// The checkpoint every test shares (trained on demand).
QString tinyModelPath(const std::string& fingerprint);
TrainConfig tinyTrainConfig();
/// Writes into `dir` the sample shop with every title 150-200 characters long and sharing a long
/// prefix (as on Amazon Scientific); returns `dir`.
QString writeLongTitleShop(const QString& dir);
/// File → Save project as `path`, then waits for the job that writes it; true when written.
bool saveProjectAndWait(MainWindow& window, const QString& path);

class WorkbenchTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    /// Opens the sample and waits for it.
    void openSample();
    /// Opens the sample and the tiny model (training and caching it when missing).
    void openSampleWithModel();
    /// Opens the dataset in `dir` and a tiny model of it (trained and cached when missing).
    void openWithModel(const QString& dir);
    /// Selects customer `u` and waits until its explanation is published.
    void selectAndWait(UserIndex u);
    /// Waits for `signal` of the controller (in ms); fails the test on timeout.
    template <typename Signal> bool waitFor(Signal signal, int ms = 60000) {
        QSignalSpy spy(controller.get(), signal);
        return spy.wait(ms);
    }

    std::unique_ptr<WorkbenchController> controller;
    std::unique_ptr<MainWindow> window;
    QStringList errors;
};

} // namespace reclens::test
