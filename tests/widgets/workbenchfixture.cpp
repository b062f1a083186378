#include "workbenchfixture.h"

#include "customersview.h"
#include "projectactions.h"
#include "projectdocument.h"

#include <QDir>
#include <QFileInfo>

namespace reclens::test {

QString sampleDir() {
    return QStringLiteral(RECLENS_SOURCE_DIR "/sample_data");
}

TrainConfig tinyTrainConfig() {
    TrainConfig c;
    c.model.maxLength = 20;
    c.model.dim = 16;
    c.model.layers = 2;
    c.model.heads = 2;
    c.epochs = 3;
    c.patience = 3;
    c.batchSize = 128;
    c.validUsers = 300;
    c.seed = 5;
    return c;
}

QString tinyModelPath(const std::string& fingerprint) {
    // "-h": models cached before checkpoints carried their training history are not reused.
    return QStringLiteral(RECLENS_TEST_CACHE "/tiny-sample-h-%1.rlm")
        .arg(QString::fromStdString(fingerprint));
}

bool saveProjectAndWait(MainWindow& window, const QString& path) {
    QSignalSpy done(window.projectActions()->document(), &ProjectDocument::saveFinished);
    if (!window.projectActions()->saveProjectAs(path) || !done.wait(30000))
        return false;
    return done.first().at(0).toBool();
}

void WorkbenchTest::SetUp() {
    controller = std::make_unique<WorkbenchController>();
    window = std::make_unique<MainWindow>(controller.get());
    window->resize(1400, 900);
    window->show();
    QObject::connect(controller.get(), &WorkbenchController::errorMessage,
                     [this](const QString& m) { errors << m; });
}

void WorkbenchTest::TearDown() {
    window.reset();
    controller.reset();
}

void WorkbenchTest::openSample() {
    controller->openDataset(sampleDir());
    ASSERT_TRUE(waitFor(&WorkbenchController::datasetChanged))
        << errors.join(QStringLiteral("\n")).toStdString();
    ASSERT_TRUE(controller->dataset());
}

void WorkbenchTest::openSampleWithModel() {
    openSample();
    const QString path = tinyModelPath(controller->dataset()->fingerprint);
    if (!QFileInfo::exists(path)) {
        QDir().mkpath(QFileInfo(path).absolutePath());
        controller->train(tinyTrainConfig());
        ASSERT_TRUE(waitFor(&WorkbenchController::trainingFinished, 240000));
        ASSERT_TRUE(controller->model()) << errors.join(QStringLiteral("\n")).toStdString();
        controller->saveCheckpoint(path);
        ASSERT_TRUE(waitFor(&WorkbenchController::modelChanged));
    } else {
        controller->openCheckpoint(path);
        ASSERT_TRUE(waitFor(&WorkbenchController::modelChanged))
            << errors.join(QStringLiteral("\n")).toStdString();
    }
    ASSERT_TRUE(controller->model());
}

void WorkbenchTest::selectAndWait(UserIndex u) {
    QSignalSpy spy(controller.get(), &WorkbenchController::explanationChanged);
    window->customersView()->selectUser(u);
    if (controller->customer() != u)
        controller->selectCustomer(u);
    for (int i = 0; i < 20; ++i) {
        auto b = controller->explanation();
        if (b && controller->recommendations() &&
            b->history == controller->recommendations()->history &&
            controller->recommendations()->user == u)
            return;
        ASSERT_TRUE(spy.wait(60000)) << "no explanation for customer " << u;
    }
    FAIL() << "explanation for customer " << u << " never arrived";
}

} // namespace reclens::test
