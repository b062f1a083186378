#include "tinysearchmodel.h"

#include "data/querylog.h"
#include "search/makequeries.h"
#include "search/searchmodel.h"
#include "search/searchtrainer.h"

#include <QDir>
#include <QFileInfo>

#include <gtest/gtest.h>

namespace reclens::test {

QString tinySearchModelPath(const std::string& fingerprint) {
    return QStringLiteral(RECLENS_TEST_CACHE "/tiny-search-%1.rlm")
        .arg(QString::fromStdString(fingerprint));
}

/// Trains (once per build, then cached) a small search model on the sample and its made-up
/// query log: one query per purchase from the purchased product's category path.
void ensureTinySearchModel(const Dataset& ds, const QString& path) {
    if (QFileInfo::exists(path))
        return;
    QDir().mkpath(QFileInfo(path).absolutePath());
    QueryLog log;
    log.sourcePath = "(made by search::makeQueries)";
    log.datasetFingerprint = ds.fingerprint;
    log.records = search::makeQueries(ds).records;
    ASSERT_FALSE(log.records.empty());
    ModelConfig mc;
    mc.dim = 16;
    mc.heads = 2;
    mc.layers = 1;
    mc.maxLength = 20;
    mc.dropout = 0.0f;
    auto model = search::SearchModel::create(ds, mc, {}, 11);
    ASSERT_TRUE(model.ok()) << model.error().message;
    TrainConfig tc;
    tc.epochs = 2;
    tc.patience = 0;
    tc.batchSize = 256;
    tc.learningRate = 3e-3f;
    tc.threads = 1;
    tc.validUsers = 200;
    auto trained = search::trainSearch(*model, ds, log, tc);
    ASSERT_TRUE(trained.ok()) << trained.error().message;
    ASSERT_TRUE(model->save(path.toStdString()).ok());
}

} // namespace reclens::test
