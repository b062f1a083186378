#include "reportexportdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSpinBox>
#include <QStandardPaths>
#include <QVBoxLayout>

#include <algorithm>

namespace reclens {

ReportExportDialog::ReportExportDialog(ReportController& reports, ReportSubject subject,
                                       QWidget* parent)
    : QDialog(parent)
    , m_reports(reports)
    , m_subject(std::move(subject)) {
    setWindowTitle(tr("Export report"));
    const bool product = m_subject.product >= 0;
    const QString problem = m_reports.problemWith(m_subject);

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
        !problem.isEmpty() ? tr("nothing")
        : product
            ? tr("Product %1")
                  .arg(QString::fromStdString(
                      m_subject.dataset->items[static_cast<std::size_t>(m_subject.product)].id))
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
    // The preview scrolls: its minimum is what a 1,024 x 700 screen leaves under the form (a
    // 520-px minimum plus the form's five rows and the buttons is taller than that screen, so
    // the Export button was off it). Where there is room it opens taller (below).
    scroll->setMinimumSize(520, 240);
    m_prev = new QPushButton(QStringLiteral("\u25c0"), this);
    m_next = new QPushButton(QStringLiteral("\u25b6"), this);
    m_pageLabel = new QLabel(this);
    m_refresh = new QPushButton(tr("Update preview"), this);
    auto* pager = new QHBoxLayout;
    pager->addWidget(m_prev);
    pager->addWidget(m_pageLabel);
    pager->addWidget(m_next);
    pager->addStretch(1);
    pager->addWidget(m_refresh);

    m_progress = new QProgressBar(this);
    m_progress->setVisible(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("reportStatus"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_export = buttons->addButton(tr("Export"), QDialogButtonBox::ActionRole);

    auto* layout = new QVBoxLayout(this);
    if (m_reports.checkpointPath().empty()) {
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
    connect(m_refresh, &QPushButton::clicked, this, &ReportExportDialog::refreshPreview);
    connect(m_export, &QPushButton::clicked, this, &ReportExportDialog::exportReports);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    // Only this dialog asks the controller for reports while it is open (it is modal).
    connect(&m_reports, &ReportController::progress, this,
            [this](double fraction, const QString& text) {
                m_progress->setRange(0, 1000);
                m_progress->setValue(static_cast<int>(fraction * 1000));
                m_status->setText(text);
            });
    connect(&m_reports, &ReportController::previewChanged, this, [this] {
        auto preview = m_reports.lastPreview();
        m_pages = preview ? preview->pages : std::vector<QImage>();
        setBusy(false, tr("Preview of the first report (%n page(s)).", nullptr,
                          static_cast<int>(m_pages.size())));
        showPage(0);
    });
    connect(&m_reports, &ReportController::exported, this,
            [this](int written, const QString& folder) {
                setBusy(false, tr("Wrote %n report(s) to %1.", nullptr, written).arg(folder));
            });
    connect(&m_reports, &ReportController::failed, this,
            [this](const QString& message) { setBusy(false, message); });
    connect(&m_reports, &ReportController::cancelled, this,
            [this] { setBusy(false, tr("Cancelled.")); });
    connect(&m_reports, &ReportController::stateChanged, this, [this] {
        // The subject's customers are indices into a dataset that is no longer open.
        m_stale = true;
        m_pages.clear();
        showPage(0);
        setBusy(false, m_reports.problemWith(m_subject));
    });
    // A page's worth of preview where the screen has room, never more than the screen.
    QSize wanted = sizeHint().expandedTo(QSize(760, 860));
    if (const QScreen* s = screen())
        wanted = wanted.boundedTo(s->availableGeometry().size() - QSize(40, 60));
    resize(wanted.expandedTo(minimumSizeHint()));
    showPage(0);
    if (problem.isEmpty())
        refreshPreview();
    else
        setBusy(false, problem);
}

ReportExportDialog::~ReportExportDialog() {
    // The job holds no pointer to the dialog (it owns copies and shared pointers); stopping it
    // only saves the work nobody will see.
    m_reports.cancel();
}

void ReportExportDialog::done(int result) {
    m_reports.cancel();
    setBusy(false, QString());
    QDialog::done(result);
}

QString ReportExportDialog::outputFolder() const {
    return m_folder->text();
}

void ReportExportDialog::setBusy(bool busy, const QString& text) {
    m_progress->setVisible(busy);
    m_progress->setRange(0, 0);
    m_export->setEnabled(!busy && !m_stale);
    m_refresh->setEnabled(!m_stale);
    m_status->setText(text);
}

ReportOptions ReportExportDialog::options() const {
    ReportOptions o;
    o.k = m_k->value();
    o.explainTop = m_explainTop->value();
    o.formats = {m_html->isChecked(), m_pdf->isChecked(), m_json->isChecked(), m_csv->isChecked()};
    o.folder = m_folder->text();
    return o;
}

void ReportExportDialog::refreshPreview() {
    if (m_stale)
        return;
    setBusy(true, tr("Computing the preview…"));
    m_reports.preview(m_subject, options());
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
    if (m_stale)
        return;
    setBusy(true, tr("Exporting…"));
    m_reports.exportReports(m_subject, options()); // refusals come back as failed(message)
}

} // namespace reclens
