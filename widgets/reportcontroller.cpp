// ReportController: the engine work of File → Export report… on the workbench's job runner.
// Each job gets copies and shared pointers only, so neither the dialog nor a newer dataset or
// model can pull anything from under it.

#include "reportcontroller.h"

#include "pdfrenderer.h"
#include "report/productreport.h"
#include "reportpainter.h"

#include <QDir>
#include <QFileInfo>
#include <QPainter>

namespace reclens {

namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr int kDotsPerMeter72Dpi = 2835; // the painter works in points: 72 dpi devices
constexpr double kPreviewZoom = 1.1;

/// Everything a job needs, copied so that it never touches the controller or the dialog.
struct ReportRequest {
    ReportSubject subject;
    std::string checkpoint;
    report::CustomerReportConfig customer;
    MerchantConfig merchant;
};

ReportRequest requestFor(const ReportSubject& subject, const ReportOptions& options,
                         std::string checkpoint) {
    ReportRequest r{subject, std::move(checkpoint), {}, {}};
    r.customer.k = options.k;
    r.customer.explainTop = options.explainTop;
    r.merchant.k = options.k;
    return r;
}

report::ModelCard cardFor(const ReportRequest& r) {
    auto card = report::makeModelCard(r.checkpoint, r.subject.model->info(), *r.subject.dataset);
    if (!card)
        JobRunner::throwError(card.error());
    card->explain = r.customer.explain;
    card->merchant = r.merchant;
    card->command = "RecLens workbench: File \xe2\x86\x92 Export report";
    return std::move(*card);
}

/// One report (the product's when product >= 0); null when stopped. Throws on engine errors
/// (the Job turns them into failed()). `catalog` is computed once per export.
std::shared_ptr<report::ReportOutput>
buildOne(const ReportRequest& r, const report::ModelCard& card, UserIndex customer,
         ItemIndex product, std::shared_ptr<const report::CatalogExposure>& catalog,
         const std::function<bool()>& stop) {
    const Dataset& ds = *r.subject.dataset;
    const SequenceModel& model = *r.subject.model;
    auto out = std::make_shared<report::ReportOutput>();
    if (product >= 0) {
        if (!catalog) {
            auto c = report::computeCatalogExposure(model, ds, r.merchant.k, r.merchant.batchSize,
                                                    {}, stop);
            if (!c)
                return nullptr;
            catalog = std::make_shared<const report::CatalogExposure>(std::move(*c));
        }
        report::ProductReportData data{ds.items[static_cast<std::size_t>(product)].id,
                                       explainItem(model, ds, product, r.merchant, {}, stop),
                                       catalog};
        if (data.merchant.cancelled)
            return nullptr;
        *out = report::buildProductReport(ds, data, card, r.subject.projectNote);
    } else {
        auto data = report::computeCustomerReport(model, ds, customer, r.customer, stop);
        if (!data)
            JobRunner::throwError(data.error());
        if (data->cancelled)
            return nullptr;
        data->feedback = r.subject.feedback; // the report keeps the rows about what it explains
        data->notes = r.subject.notes;
        data->projectNote = r.subject.projectNote;
        *out = report::buildCustomerReport(ds, *data, card);
    }
    return out;
}

/// A4 pages as the PDF lays them out (QPainter on QImage is fine off the UI thread).
std::vector<QImage> paintPages(const report::ReportDocument& document) {
    QImage metrics(1, 1, QImage::Format_RGB32);
    metrics.setDotsPerMeterX(kDotsPerMeter72Dpi);
    metrics.setDotsPerMeterY(kDotsPerMeter72Dpi);
    render::ReportPainter layout(document, QSizeF(210 * kPointsPerMm, 297 * kPointsPerMm),
                                 15 * kPointsPerMm, &metrics);
    std::vector<QImage> pages;
    for (int i = 0; i < layout.pageCount(); ++i) {
        QImage page((layout.pageSize() * kPreviewZoom).toSize(), QImage::Format_RGB32);
        page.setDotsPerMeterX(kDotsPerMeter72Dpi);
        page.setDotsPerMeterY(kDotsPerMeter72Dpi);
        page.fill(Qt::white);
        QPainter p(&page);
        p.setRenderHint(QPainter::Antialiasing);
        p.setRenderHint(QPainter::TextAntialiasing);
        p.scale(kPreviewZoom, kPreviewZoom);
        layout.paintPage(p, i);
        pages.push_back(std::move(page));
    }
    return pages;
}

} // namespace

ReportController::ReportController(const WorkbenchState& state, JobRunner& jobs, QObject* parent)
    : QObject(parent)
    , m_state(state)
    , m_jobs(jobs) {}

ReportSubject ReportController::subjectOf() const {
    ReportSubject s;
    s.dataset = m_state.dataset;
    s.model = m_state.model;
    s.k = m_state.topK();
    return s;
}

std::string ReportController::checkpointPath() const {
    const QFileInfo file(m_state.modelSource);
    return m_state.model && !m_state.modelUnsaved && file.isFile()
               ? file.absoluteFilePath().toStdString()
               : std::string();
}

QString ReportController::problemWith(const ReportSubject& subject) const {
    if (!subject.dataset || !subject.model)
        return tr("Open a dataset and a model first.");
    if (subject.dataset != m_state.dataset || subject.model != m_state.model)
        return tr("The dataset or model changed since this report was set up: close the dialog "
                  "and export again.");
    const Dataset& ds = *subject.dataset;
    if (subject.product >= 0)
        return static_cast<std::size_t>(subject.product) < ds.items.size()
                   ? QString()
                   : tr("Product %1 is not in the dataset.").arg(subject.product);
    if (subject.customers.empty())
        return tr("Select a customer (or analyse a product) first.");
    for (UserIndex u : subject.customers)
        if (u < 0 || static_cast<std::size_t>(u) >= ds.users.size())
            return tr("Customer %1 is not in the dataset.").arg(u);
    return QString();
}

void ReportController::dropForStateChange() {
    m_request.supersede();
    m_preview.reset();
    Q_EMIT stateChanged();
}

void ReportController::startJob(const QString& name, Job::Work work, bool announceCancel) {
    Job* job = m_jobs.startLatest(name, m_request, std::move(work), announceCancel);
    const quint64 id = job->requestId();
    // Only the latest request speaks to the dialog; a superseded job ends silently.
    connect(job, &Job::progress, this, [this, id](double fraction, const QString& text) {
        if (id == m_request.id)
            Q_EMIT progress(fraction, text);
    });
    connect(job, &Job::failed, this, [this, id](const QString& message) {
        if (id == m_request.id)
            Q_EMIT failed(message);
    });
    connect(job, &Job::cancelled, this, [this, id] {
        if (id == m_request.id)
            Q_EMIT cancelled();
    });
}

void ReportController::preview(const ReportSubject& subject, const ReportOptions& options) {
    if (const QString why = problemWith(subject); !why.isEmpty()) {
        Q_EMIT failed(why);
        return;
    }
    const ReportRequest req = requestFor(subject, options, checkpointPath());
    const UserIndex customer = subject.customers.empty() ? -1 : subject.customers.front();
    startJob(
        tr("Report preview"),
        [this, req, customer](Job& job) -> Job::Deliver {
            auto stop = [&job] {
                return job.isInterruptionRequested();
            };
            const report::ModelCard card = cardFor(req);
            std::shared_ptr<const report::CatalogExposure> catalog;
            auto out = buildOne(req, card, customer, req.subject.product, catalog, stop);
            if (!out)
                return nullptr;
            auto preview = std::make_shared<ReportPreview>();
            preview->pages = paintPages(out->document);
            preview->report = std::move(out);
            return [this, preview] {
                m_preview = preview;
                Q_EMIT previewChanged();
            };
        },
        /*announceCancel=*/false); // only a newer request or a closed dialog stops a preview
}

void ReportController::exportReports(const ReportSubject& subject, const ReportOptions& options) {
    if (const QString why = problemWith(subject); !why.isEmpty()) {
        Q_EMIT failed(why);
        return;
    }
    const report::ReportFormats formats = options.formats;
    if (!formats.html && !formats.pdf && !formats.json && !formats.csv) {
        Q_EMIT failed(tr("Choose at least one format."));
        return;
    }
    if (options.folder.isEmpty() || !QDir().mkpath(options.folder)) {
        Q_EMIT failed(tr("Cannot create the folder %1.").arg(options.folder));
        return;
    }
    const ReportRequest req = requestFor(subject, options, checkpointPath());
    const QString folder = options.folder;
    startJob(tr("Report export"), [this, req, formats, folder](Job& job) -> Job::Deliver {
        auto stop = [&job] {
            return job.isInterruptionRequested();
        };
        const report::ModelCard card = cardFor(req);
        const report::PdfRenderFn pdf =
            [](const report::ReportDocument& doc) -> Expected<std::string> {
            auto r = render::renderPdf(doc);
            if (!r)
                return r.error();
            return std::move(r->bytes);
        };
        const std::string dir = folder.toStdString();
        const ItemIndex product = req.subject.product;
        const auto& customers = req.subject.customers;
        const int total = product >= 0 ? 1 : static_cast<int>(customers.size());
        std::shared_ptr<const report::CatalogExposure> catalog;
        int written = 0;
        for (int i = 0; i < total && !stop(); ++i) {
            job.reportProgress(static_cast<double>(i) / total,
                               tr("Report %1 of %2…").arg(i + 1).arg(total));
            const UserIndex customer = product >= 0 ? -1 : customers[static_cast<std::size_t>(i)];
            auto out = buildOne(req, card, customer, product, catalog, stop);
            if (!out)
                break;
            if (auto st = report::writeReport(dir, *out, formats, pdf); !st)
                JobRunner::throwError(st.error());
            ++written;
        }
        if (stop())
            return nullptr;
        return [this, written, folder] {
            Q_EMIT exported(written, folder);
        };
    });
}

} // namespace reclens
