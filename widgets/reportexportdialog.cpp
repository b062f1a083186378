#include "reportexportdialog.h"

#include "job.h"
#include "model/sasrecmodel.h"
#include "pdfrenderer.h"
#include "report/productreport.h"
#include "report/reportfiles.h"
#include "reportpainter.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStandardPaths>
#include <QThreadPool>
#include <QVBoxLayout>

#include <algorithm>
#include <stdexcept>

namespace reclens {

namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr int kDotsPerMeter72Dpi = 2835; // the painter works in points: 72 dpi devices
constexpr double kPreviewZoom = 1.1;

/// Everything the worker needs, copied so the job never touches the dialog.
struct ReportRequest {
    const Dataset* ds = nullptr;
    const SequenceModel* model = nullptr;
    std::string checkpoint;
    report::CustomerReportConfig customer;
    MerchantConfig merchant;
    std::vector<Feedback> feedback; // the project's; see ReportSubject
    std::vector<Note> notes;        // the project's; see ReportSubject
    std::string projectNote;        // the project's; see ReportSubject
};

Expected<report::ModelCard> cardFor(const ReportRequest& r) {
    auto card = report::makeModelCard(r.checkpoint, r.model->info(), *r.ds);
    if (card) {
        card->explain = r.customer.explain;
        card->merchant = r.merchant;
        card->command = "RecLens workbench: File \xe2\x86\x92 Export report";
    }
    return card;
}

/// One report; throws std::runtime_error on engine errors (the Job turns it into failed()).
std::shared_ptr<report::ReportOutput>
buildOne(const ReportRequest& r, const report::ModelCard& card, int customer, ItemIndex product,
         std::shared_ptr<const report::CatalogExposure>& catalog,
         const std::function<bool()>& stop) {
    auto out = std::make_shared<report::ReportOutput>();
    if (product >= 0) {
        if (!catalog) {
            auto c = report::computeCatalogExposure(*r.model, *r.ds, r.merchant.k,
                                                    r.merchant.batchSize, {}, stop);
            if (!c)
                return nullptr;
            catalog = std::make_shared<const report::CatalogExposure>(std::move(*c));
        }
        report::ProductReportData data{r.ds->items[static_cast<std::size_t>(product)].id,
                                       explainItem(*r.model, *r.ds, product, r.merchant, {}, stop),
                                       catalog};
        if (data.merchant.cancelled)
            return nullptr;
        *out = report::buildProductReport(*r.ds, data, card, r.projectNote);
    } else {
        auto data = report::computeCustomerReport(*r.model, *r.ds, customer, r.customer, stop);
        if (!data)
            throw std::runtime_error(data.error().message);
        if (data->cancelled)
            return nullptr;
        data->feedback = r.feedback; // the report keeps the rows about what it explains
        data->notes = r.notes;
        data->projectNote = r.projectNote;
        *out = report::buildCustomerReport(*r.ds, *data, card);
    }
    return out;
}

} // namespace

ReportExportDialog::ReportExportDialog(const Dataset& ds, const SequenceModel& model,
                                       std::string checkpointPath, ReportSubject subject,
                                       QWidget* parent)
    : QDialog(parent)
    , m_ds(ds)
    , m_model(model)
    , m_checkpoint(std::move(checkpointPath))
    , m_subject(std::move(subject)) {
    setWindowTitle(tr("Export report"));
    const bool product = m_subject.product >= 0;

    m_html = new QCheckBox(QStringLiteral("HTML"), this);
    m_pdf = new QCheckBox(QStringLiteral("PDF"), this);
    m_json = new QCheckBox(QStringLiteral("JSON"), this);
    m_csv = new QCheckBox(QStringLiteral("CSV"), this);
    m_html->setChecked(true);
    m_pdf->setChecked(true);
    auto* formats = new QHBoxLayout;
    for (QCheckBox* c : {m_html, m_pdf, m_json, m_csv})
        formats->addWidget(c);
    m_k = new QSpinBox(this);
    m_k->setObjectName(QStringLiteral("topK"));
    m_k->setRange(1, 100);
    m_k->setValue(std::clamp(m_subject.k, 1, 100));
    m_explainTop = new QSpinBox(this);
    m_explainTop->setRange(0, 20);
    m_explainTop->setValue(3);
    m_explainTop->setEnabled(!product);
    m_folder =
        new QLineEdit(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation), this);
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);

    auto* form = new QFormLayout;
    const QString what =
        product ? tr("Product %1")
                      .arg(QString::fromStdString(
                          m_ds.items[static_cast<std::size_t>(m_subject.product)].id))
                : tr("%n customer(s)", nullptr, static_cast<int>(m_subject.customers.size()));
    form->addRow(tr("Report on"), new QLabel(what, this));
    form->addRow(tr("Formats"), formats);
    form->addRow(tr("Top-K"), m_k);
    form->addRow(tr("Recommendations explained"), m_explainTop);
    form->addRow(tr("Output folder"), folderRow);

    m_page = new QLabel(this);
    m_page->setAlignment(Qt::AlignCenter);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_page);
    scroll->setWidgetResizable(true);
    scroll->setMinimumSize(680, 520);
    m_prev = new QPushButton(QStringLiteral("\u25c0"), this);
    m_next = new QPushButton(QStringLiteral("\u25b6"), this);
    m_pageLabel = new QLabel(this);
    auto* refresh = new QPushButton(tr("Update preview"), this);
    auto* pager = new QHBoxLayout;
    pager->addWidget(m_prev);
    pager->addWidget(m_pageLabel);
    pager->addWidget(m_next);
    pager->addStretch(1);
    pager->addWidget(refresh);

    m_progress = new QProgressBar(this);
    m_progress->setVisible(false);
    m_status = new QLabel(this);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_export = buttons->addButton(tr("Export"), QDialogButtonBox::ActionRole);

    auto* layout = new QVBoxLayout(this);
    if (m_checkpoint.empty()) {
        // The model card would say "Checkpoint (not saved)": nobody could re-open this model.
        auto* warning = new QLabel(
            tr("<b>The model is not saved.</b> The report will say \u201cCheckpoint (not "
               "saved)\u201d and cannot be reproduced later. Close this dialog and use File "
               "\u2192 Save checkpoint as\u2026 first to record it."),
            this);
        warning->setObjectName(QStringLiteral("unsavedCheckpointWarning"));
        warning->setWordWrap(true);
        warning->setStyleSheet(
            QStringLiteral("background:#fff3cd; color:#664d03; padding:6px; border-radius:3px;"));
        layout->addWidget(warning);
    }
    layout->addLayout(form);
    layout->addWidget(scroll, 1);
    layout->addLayout(pager);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Output folder"), m_folder->text());
        if (!dir.isEmpty())
            m_folder->setText(dir);
    });
    connect(m_prev, &QPushButton::clicked, this, [this] { showPage(m_current - 1); });
    connect(m_next, &QPushButton::clicked, this, [this] { showPage(m_current + 1); });
    connect(refresh, &QPushButton::clicked, this, &ReportExportDialog::refreshPreview);
    connect(m_export, &QPushButton::clicked, this, &ReportExportDialog::exportReports);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    showPage(0);
    refreshPreview();
}

ReportExportDialog::~ReportExportDialog() {
    // The job holds no pointer to the dialog, but it reads the dataset and model the dialog was
    // given, which its owner may destroy right after the dialog: stop it and wait for it here.
    if (m_job)
        m_job->requestInterruption();
    m_pool.waitForDone();
}

QString ReportExportDialog::outputFolder() const {
    return m_folder->text();
}

void ReportExportDialog::setBusy(bool busy, const QString& text) {
    m_progress->setVisible(busy);
    m_progress->setRange(0, 0);
    m_export->setEnabled(!busy);
    m_status->setText(text);
}

void ReportExportDialog::startJob(Job* job) {
    if (m_job)
        m_job->requestInterruption();
    m_job = job;
    connect(job, &Job::progress, this, [this, job](double fraction, const QString& text) {
        if (job != m_job)
            return;
        m_progress->setRange(0, 1000);
        m_progress->setValue(static_cast<int>(fraction * 1000));
        m_status->setText(text);
    });
    connect(job, &Job::succeeded, this, [this, job] {
        if (job == m_job)
            job->deliver();
    });
    connect(job, &Job::failed, this, [this, job](const QString& message) {
        if (job == m_job)
            setBusy(false, message);
    });
    connect(job, &Job::cancelled, this, [this, job] {
        if (job == m_job)
            setBusy(false, tr("Cancelled."));
    });
    connect(job, &Job::finished, this, [this, job] {
        if (job == m_job)
            m_job = nullptr;
    });
    connect(job, &Job::finished, job, &QObject::deleteLater);
    m_pool.start(job);
}

void ReportExportDialog::refreshPreview() {
    if (m_subject.customers.empty() && m_subject.product < 0)
        return;
    ReportRequest req{&m_ds, &m_model,           m_checkpoint,    {},
                      {},    m_subject.feedback, m_subject.notes, m_subject.projectNote};
    req.customer.k = m_k->value();
    req.customer.explainTop = m_explainTop->value();
    req.merchant.k = m_k->value();
    const int customer = m_subject.customers.empty() ? -1 : m_subject.customers.front();
    const ItemIndex product = m_subject.product;
    setBusy(true, tr("Computing the preview…"));
    // The work never dereferences `this`; only the deliver closure does, on the UI thread,
    // and only while the dialog exists (the connection in startJob() dies with it).
    auto* job =
        new Job(tr("Report preview"), 0, [this, req, customer, product](Job& self) -> Job::Deliver {
            auto stop = [&self] {
                return self.isInterruptionRequested();
            };
            auto card = cardFor(req);
            if (!card)
                throw std::runtime_error(card.error().message);
            std::shared_ptr<const report::CatalogExposure> catalog;
            auto out = buildOne(req, *card, customer, product, catalog, stop);
            if (!out)
                return nullptr;
            // Pages are painted here as well (QPainter on QImage is fine off the UI thread).
            QImage metrics(1, 1, QImage::Format_RGB32);
            metrics.setDotsPerMeterX(kDotsPerMeter72Dpi);
            metrics.setDotsPerMeterY(kDotsPerMeter72Dpi);
            render::ReportPainter layout(out->document,
                                         QSizeF(210 * kPointsPerMm, 297 * kPointsPerMm),
                                         15 * kPointsPerMm, &metrics);
            auto pages = std::make_shared<std::vector<QImage>>();
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
                pages->push_back(std::move(page));
            }
            return [this, out, pages] {
                m_preview = out;
                m_pages = std::move(*pages);
                setBusy(false, tr("Preview of the first report (%n page(s)).", nullptr,
                                  static_cast<int>(m_pages.size())));
                showPage(0);
            };
        });
    startJob(job);
}

void ReportExportDialog::showPage(int page) {
    const int n = static_cast<int>(m_pages.size());
    m_current = std::clamp(page, 0, std::max(0, n - 1));
    m_prev->setEnabled(m_current > 0);
    m_next->setEnabled(m_current + 1 < n);
    m_pageLabel->setText(n == 0 ? tr("No preview yet")
                                : tr("Page %1 of %2").arg(m_current + 1).arg(n));
    if (n > 0)
        m_page->setPixmap(QPixmap::fromImage(m_pages[static_cast<std::size_t>(m_current)]));
}

void ReportExportDialog::exportReports() {
    report::ReportFormats formats{m_html->isChecked(), m_pdf->isChecked(), m_json->isChecked(),
                                  m_csv->isChecked()};
    if (!formats.html && !formats.pdf && !formats.json && !formats.csv) {
        m_status->setText(tr("Choose at least one format."));
        return;
    }
    const QString folder = m_folder->text();
    if (folder.isEmpty() || !QDir().mkpath(folder)) {
        m_status->setText(tr("Cannot create the folder %1.").arg(folder));
        return;
    }
    ReportRequest req{&m_ds, &m_model,           m_checkpoint,    {},
                      {},    m_subject.feedback, m_subject.notes, m_subject.projectNote};
    req.customer.k = m_k->value();
    req.customer.explainTop = m_explainTop->value();
    req.merchant.k = m_k->value();
    const std::vector<UserIndex> customers = m_subject.customers;
    const ItemIndex product = m_subject.product;
    const std::string dir = folder.toStdString();
    setBusy(true, tr("Exporting…"));
    auto* job =
        new Job(tr("Report export"), 0,
                [this, req, customers, product, dir, formats](Job& self) -> Job::Deliver {
                    auto stop = [&self] {
                        return self.isInterruptionRequested();
                    };
                    auto card = cardFor(req);
                    if (!card)
                        throw std::runtime_error(card.error().message);
                    const report::PdfRenderFn pdf =
                        [](const report::ReportDocument& doc) -> Expected<std::string> {
                        auto r = render::renderPdf(doc);
                        if (!r)
                            return r.error();
                        return std::move(r->bytes);
                    };
                    std::shared_ptr<const report::CatalogExposure> catalog;
                    const int total = product >= 0 ? 1 : static_cast<int>(customers.size());
                    int written = 0;
                    for (int i = 0; i < total && !stop(); ++i) {
                        self.reportProgress(static_cast<double>(i) / total,
                                            QObject::tr("Report %1 of %2…").arg(i + 1).arg(total));
                        auto out = buildOne(
                            req, *card, product >= 0 ? -1 : customers[static_cast<std::size_t>(i)],
                            product, catalog, stop);
                        if (!out)
                            break;
                        if (auto st = report::writeReport(dir, *out, formats, pdf); !st)
                            throw std::runtime_error(st.error().message);
                        ++written;
                    }
                    if (stop())
                        return nullptr;
                    return [this, written, dir] {
                        setBusy(false, tr("Wrote %n report(s) to %1.", nullptr, written)
                                           .arg(QString::fromStdString(dir)));
                    };
                });
    startJob(job);
}

} // namespace reclens
