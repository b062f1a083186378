#include "workbenchfixture.h"

#include "customersview.h"
#include "projectactions.h"
#include "projectdocument.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>

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

QString writeLongTitleShop(const QString& dirPath) {
    const QDir dir(dirPath);
    QFile::copy(sampleDir() + QStringLiteral("/interactions.csv"),
                dir.filePath(QStringLiteral("interactions.csv")));
    QFile in(sampleDir() + QStringLiteral("/catalog.csv"));
    EXPECT_TRUE(in.open(QIODevice::ReadOnly));
    QFile out(dir.filePath(QStringLiteral("catalog.csv")));
    EXPECT_TRUE(out.open(QIODevice::WriteOnly));
    QTextStream ts(&out);
    ts << in.readLine(); // header: item,title,category,brand,price
    int n = 0;
    while (!in.atEnd()) {
        QStringList f = QString::fromUtf8(in.readLine()).trimmed().split(QLatin1Char(','));
        ++n;
        f[1] = QStringLiteral("6061 Aluminum Round Rod Unpolished Mill Finish Extruded ASTM B221 "
                              "Industrial Grade Precision Tolerance Variant %1 with Extra "
                              "Long Description Text 1/2 in Diameter x %2 in Length")
                   .arg(n)
                   .arg(n % 40 + 1);
        f[2] = QStringLiteral("Industrial & Scientific > Raw Materials > Metals & Alloys > "
                              "Aluminum > Rods > Round > Extra Deep Category Level %1")
                   .arg(n % 7);
        ts << f.front() << ',' << f[1] << ',' << f[2] << ",Acme," << f.back() << '\n';
    }
    return dirPath;
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
    openWithModel(sampleDir());
}

void WorkbenchTest::openWithModel(const QString& dir) {
    controller->openDataset(dir);
    ASSERT_TRUE(waitFor(&WorkbenchController::datasetChanged))
        << errors.join(QStringLiteral("\n")).toStdString();
    ASSERT_TRUE(controller->dataset());
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
