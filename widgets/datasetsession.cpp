// DatasetSession: opening datasets and models, saving checkpoints. Training, tuning and the
// sample are in datasetsessiontraining.cpp and datasetsessiontuning.cpp.

#include "datasetsession.h"

#include "data/datasetstats.h"
#include "model/checkpointformat.h"
#include "model/modelfile.h"
#include "numbertext.h"
#include "search/searchmodel.h"

#include <QFileInfo>

namespace reclens {

DatasetSession::DatasetSession(WorkbenchState& state, JobRunner& jobs, QObject* parent)
    : QObject(parent)
    , m_state(state)
    , m_jobs(jobs) {}

void DatasetSession::openDataset(const QString& path, const ImportOptions& options,
                                 std::function<void()> onOpened) {
    quint64 id = m_datasetRequest = m_jobs.nextRequestId();
    m_jobs.status(QStringLiteral("Opening %1 …").arg(path));
    std::string p = path.toStdString();
    m_jobs.start(QStringLiteral("Opening dataset"), id, [this, id, p, options, onOpened](Job&) {
        auto loaded = loadDataset(p, options);
        if (!loaded)
            JobRunner::throwError(loaded.error());
        auto ds = std::make_shared<const Dataset>(std::move(loaded).value());
        const double repeatRate = datasetStats(*ds).repeatRate;
        return std::function<void()>([this, id, ds, repeatRate, options, onOpened] {
            if (id != m_datasetRequest)
                return;
            m_state.importOptions = options; // before the views hear of it (projects save it)
            adoptDataset(ds, repeatRate);
            if (onOpened)
                onOpened();
        });
    });
}

void DatasetSession::adoptDataset(std::shared_ptr<const Dataset> ds, double repeatRate) {
    m_state.dataset = ds;
    m_state.repeatRate = repeatRate;
    // A model trained on other data cannot explain this one.
    const bool closeModel =
        m_state.model && m_state.model->info().datasetFingerprint != ds->fingerprint;
    if (closeModel) {
        m_state.model.reset();
        m_state.nativeModel.reset();
        m_state.modelSource.clear();
    }
    if (m_state.searchModel && m_state.searchModel->info().datasetFingerprint != ds->fingerprint) {
        m_state.searchModel.reset(); // trained on other data: it cannot rank this catalog
        m_state.searchModelSource.clear();
    }
    Q_EMIT datasetAdopted(closeModel);
    m_jobs.status(QStringLiteral("Opened %1: %2 customers, %3 products")
                      .arg(QString::fromStdString(ds->sourcePath))
                      .arg(groupedCount(static_cast<long long>(ds->users.size())),
                           groupedCount(static_cast<long long>(ds->items.size()))));
}

void DatasetSession::setModel(std::shared_ptr<const SequenceModel> model, const QString& source,
                              std::shared_ptr<const SasRecModel> native) {
    m_state.model = std::move(model);
    m_state.nativeModel = std::move(native);
    m_state.modelSource = source;
    m_state.modelUnsaved = false; // the training job marks its own models unsaved after this
    Q_EMIT modelReplaced();
}

std::function<void()> DatasetSession::offerRecordedDataset(const std::string& file,
                                                           const QString& path,
                                                           const QString& itemMap) {
    auto f = readCheckpointFile(file, nullptr);
    if (!f)
        return {};
    const ModelInfo& info = (*f)->sections.info;
    const QString source = QString::fromStdString(info.datasetSource);
    if (source.isEmpty() || !QFileInfo::exists(source))
        return {};
    return [this, path, itemMap, source, name = info.datasetName] {
        Q_EMIT checkpointForOtherDataset(path, itemMap, source, QString::fromStdString(name));
    };
}

std::function<void()> DatasetSession::openSearchCheckpointWork(std::shared_ptr<const Dataset> ds,
                                                               const QString& path,
                                                               bool offerDataset) {
    const std::string file = path.toStdString();
    // Unreadable files are not search checkpoints: the recommender path reports the error.
    if (isTorchScriptFile(file))
        return {};
    if (auto f = readCheckpointFile(file, nullptr); !f || (*f)->sections.info.task != "search")
        return {};
    auto loaded = search::SearchModel::load(file, ds.get());
    if (!loaded) {
        // Trained on another dataset that is still where it was opened from: offer it.
        if (offerDataset && loaded.error().code == ErrorCode::Mismatch)
            if (auto offer = offerRecordedDataset(file, path, QString()))
                return offer;
        JobRunner::throwError(loaded.error());
    }
    auto model = std::make_shared<const search::SearchModel>(std::move(loaded).value());
    return [this, model, path, ds] {
        if (ds != m_state.dataset)
            return; // the dataset changed meanwhile
        m_state.searchModel = model;
        m_state.searchModelSource = path;
        Q_EMIT searchModelReplaced();
        m_jobs.status(
            QStringLiteral("Opened search model %1 (%2 words): type a query on the Search tab")
                .arg(path)
                .arg(model->vocabulary().size()));
    };
}

void DatasetSession::openCheckpoint(const QString& path, const QString& itemMap,
                                    bool offerDataset) {
    auto ds = m_state.dataset;
    if (!ds) {
        m_jobs.error(QStringLiteral("Open the dataset the model was trained on first."));
        return;
    }
    quint64 id = m_jobs.nextRequestId();
    m_jobs.status(QStringLiteral("Opening model %1 …").arg(path));
    m_jobs.start(
        QStringLiteral("Opening model"), id, [this, ds, path, itemMap, offerDataset](Job&) {
            if (auto deliver = openSearchCheckpointWork(ds, path, offerDataset))
                return deliver; // a personalised search model: the Search tab shows it
            const std::string file = path.toStdString();
            std::string map = itemMap.toStdString();
            if (map.empty() && isTorchScriptFile(file))
                map = findItemMapBeside(file);
            auto opened = openModel(file, map, *ds);
            if (!opened) {
                // Trained on another dataset that is still where it was opened from: offer it.
                if (offerDataset && opened.error().code == ErrorCode::Mismatch &&
                    !isTorchScriptFile(file))
                    if (auto offer = offerRecordedDataset(file, path, itemMap))
                        return offer;
                JobRunner::throwError(opened.error());
            }
            std::shared_ptr<const SequenceModel> m(std::move(opened->model));
            // The same object seen as a RecLens SASRec, when it is one (for Save checkpoint).
            std::shared_ptr<const SasRecModel> native =
                opened->native ? std::shared_ptr<const SasRecModel>(m, opened->native) : nullptr;
            const QString note = opened->mapping
                                     ? QStringLiteral(" with item map %1: %2")
                                           .arg(QString::fromStdString(map),
                                                QString::fromStdString(opened->mapping->summary()))
                                     : QString();
            return std::function<void()>([this, m, native, path, ds, note] {
                if (ds != m_state.dataset)
                    return; // the dataset changed meanwhile; this checkpoint belongs to the old one
                setModel(m, path, native);
                m_jobs.status(QStringLiteral("Opened model %1%2").arg(path, note));
            });
        });
}

void DatasetSession::openDatasetThenCheckpoint(const QString& dataset, const QString& checkpoint,
                                               const QString& itemMap) {
    openDataset(dataset, {}, [this, checkpoint, itemMap] {
        openCheckpoint(checkpoint, itemMap, /*offerDataset=*/false);
    });
}

void DatasetSession::saveCheckpoint(const QString& path, std::function<void()> onSaved) {
    if (!m_state.nativeModel) {
        m_jobs.error(m_state.model ? QStringLiteral("A TorchScript model is not a RecLens "
                                                    "checkpoint; it stays in its own file.")
                                   : QStringLiteral("There is no model to save."));
        return;
    }
    auto model = m_state.nativeModel;
    m_jobs.start(QStringLiteral("Saving checkpoint"), m_jobs.nextRequestId(),
                 [this, model, path, onSaved](Job&) {
                     auto st = model->save(path.toStdString());
                     if (!st)
                         JobRunner::throwError(st.error());
                     return std::function<void()>([this, model, path, onSaved] {
                         // The dataset (and model) may have changed while saving: only relabel
                         // the model that was written.
                         if (model == m_state.nativeModel) {
                             m_state.modelSource = path;
                             m_state.modelUnsaved = false;
                             Q_EMIT modelRenamed();
                         }
                         m_jobs.status(QStringLiteral("Saved checkpoint %1").arg(path));
                         if (onSaved)
                             onSaved();
                     });
                 });
}

} // namespace reclens
