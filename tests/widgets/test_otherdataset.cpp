// Issue 15, point 10: a checkpoint trained on another dataset is not just refused. The workbench
// names the dataset recorded in the checkpoint and offers to open it; accepting opens that
// dataset and then the model on it.

#include "workbenchfixture.h"

#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

namespace reclens::test {

namespace {

/// A small shop (60 customers, 8 purchases each over 24 products) written to `dir`/shop.csv.
QString writeShop(const QTemporaryDir& dir) {
    const QString path = dir.filePath(QStringLiteral("shop.csv"));
    QFile f(path);
    EXPECT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("user,item,timestamp\n");
    for (int u = 0; u < 60; ++u)
        for (int t = 0; t < 8; ++t)
            f.write(QStringLiteral("u%1,p%2,%3\n")
                        .arg(u)
                        .arg((u * 7 + t * (u % 5 + 1)) % 24)
                        .arg(1000 + t)
                        .toUtf8());
    return QFileInfo(path).absoluteFilePath();
}

/// Opens `data`, trains one tiny epoch and saves the model to `checkpoint`.
void trainAndSave(WorkbenchController& c, const QString& data, const QString& checkpoint,
                  const QStringList& errors) {
    QSignalSpy opened(&c, &WorkbenchController::datasetChanged);
    c.openDataset(data);
    ASSERT_TRUE(opened.wait(30000)) << errors.join(QStringLiteral("\n")).toStdString();
    TrainConfig tiny = tinyTrainConfig();
    tiny.epochs = 1;
    tiny.validUsers = 20;
    QSignalSpy trained(&c, &WorkbenchController::trainingFinished);
    c.train(tiny);
    ASSERT_TRUE(trained.wait(120000));
    ASSERT_TRUE(c.model()) << errors.join(QStringLiteral("\n")).toStdString();
    EXPECT_EQ(c.model()->info().datasetSource, data.toStdString());
    QSignalSpy saved(&c, &WorkbenchController::modelChanged);
    c.saveCheckpoint(checkpoint);
    ASSERT_TRUE(saved.wait(30000)) << errors.join(QStringLiteral("\n")).toStdString();
}

} // namespace

TEST_F(WorkbenchTest, CheckpointOfAnotherDatasetOffersToOpenThatDataset) {
    QTemporaryDir dir;
    const QString shop = writeShop(dir);
    const QString checkpoint = dir.filePath(QStringLiteral("shop.rlm"));
    trainAndSave(*controller, shop, checkpoint, errors);
    ASSERT_FALSE(HasFatalFailure());
    const std::string shopFingerprint = controller->dataset()->fingerprint;

    // Another dataset is open; the checkpoint is offered with its own dataset.
    openSample();
    QSignalSpy offered(controller.get(), &WorkbenchController::checkpointForOtherDataset);
    controller->openCheckpoint(checkpoint);
    ASSERT_TRUE(offered.wait(30000)) << errors.join(QStringLiteral("\n")).toStdString();
    EXPECT_EQ(offered.at(0).at(0).toString(), checkpoint);
    EXPECT_EQ(offered.at(0).at(2).toString(), shop);
    EXPECT_FALSE(controller->model()) << "nothing opened before the user answers";
    EXPECT_TRUE(errors.isEmpty()) << "an offer, not an error";

    auto* box = window->findChild<QMessageBox*>(QStringLiteral("otherDatasetOffer"));
    ASSERT_NE(box, nullptr);
    EXPECT_TRUE(box->text().contains(shop)) << box->text().toStdString();
    QPushButton* open = nullptr;
    for (QAbstractButton* b : box->buttons())
        if (box->buttonRole(b) == QMessageBox::AcceptRole)
            open = qobject_cast<QPushButton*>(b);
    ASSERT_NE(open, nullptr);
    QSignalSpy modelOpened(controller.get(), &WorkbenchController::modelChanged);
    QTest::mouseClick(open, Qt::LeftButton);
    ASSERT_TRUE(modelOpened.wait(30000)) << errors.join(QStringLiteral("\n")).toStdString();
    if (!controller->model()) { // the dataset switch announces the dropped model first
        ASSERT_TRUE(modelOpened.wait(30000));
    }
    ASSERT_TRUE(controller->model());
    EXPECT_EQ(controller->dataset()->fingerprint, shopFingerprint);
    EXPECT_EQ(controller->model()->info().datasetFingerprint, shopFingerprint);
    EXPECT_TRUE(errors.isEmpty()) << errors.join(QStringLiteral("\n")).toStdString();
}

TEST_F(WorkbenchTest, CheckpointOfAMissingDatasetIsStillAClearError) {
    // The model's dataset is gone now: the plain mismatch error, no offer.
    QTemporaryDir dir;
    const QString shop = writeShop(dir);
    const QString checkpoint = dir.filePath(QStringLiteral("shop.rlm"));
    trainAndSave(*controller, shop, checkpoint, errors);
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(QFile::remove(shop));

    openSample();
    errors.clear();
    QSignalSpy offered(controller.get(), &WorkbenchController::checkpointForOtherDataset);
    controller->openCheckpoint(checkpoint);
    ASSERT_TRUE(waitFor(&WorkbenchController::errorMessage));
    EXPECT_EQ(offered.count(), 0);
    ASSERT_EQ(errors.size(), 1);
    EXPECT_TRUE(errors.front().contains(QStringLiteral("trained on dataset")))
        << errors.front().toStdString();
}

} // namespace reclens::test
