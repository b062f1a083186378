#pragma once
// File → Export report…: writes explanation reports (HTML, PDF, JSON, CSV) for the current
// customer, a selection of customers, or one product, with a page preview that is painted by
// the same ReportPainter as the PDF (what you see is what the PDF contains).
//
// Wiring (app/gui/main.cpp):
//     ReportSubject s = controller.reports().subjectOf();
//     s.customers = {currentUser};          // or the selected users; or s.product = item
//     ReportExportDialog dlg(controller.reports(), s, this);
//     dlg.exec();
// The dialog never calls the engine: ReportController runs the preview and the export on the
// workbench's job runner. Closing the dialog cancels them; another dataset or model while it
// is open stops them and the dialog says why.

#include "reportcontroller.h"

#include <QDialog>
#include <QImage>
#include <vector>

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace reclens {

class ReportExportDialog : public QDialog {
    Q_OBJECT
public:
    /// `reports` must outlive the dialog (WorkbenchController owns it).
    ReportExportDialog(ReportController& reports, ReportSubject subject, QWidget* parent = nullptr);
    /// Cancels the dialog's running preview or export.
    ~ReportExportDialog() override;

    /// The folder reports are written to (default: the user's documents folder).
    QString outputFolder() const;
    /// Closing (Close, Esc, the window's close button) cancels the running job.
    void done(int result) override;

private:
    void refreshPreview();
    void showPage(int page);
    void exportReports();
    void setBusy(bool busy, const QString& text);
    ReportOptions options() const;

    ReportController& m_reports;
    ReportSubject m_subject;
    bool m_stale = false; // the dataset or model changed while the dialog was open

    QCheckBox* m_html = nullptr;
    QCheckBox* m_pdf = nullptr;
    QCheckBox* m_json = nullptr;
    QCheckBox* m_csv = nullptr;
    QSpinBox* m_k = nullptr;
    QSpinBox* m_explainTop = nullptr;
    QLineEdit* m_folder = nullptr;
    QLabel* m_page = nullptr;
    QLabel* m_pageLabel = nullptr;
    QPushButton* m_prev = nullptr;
    QPushButton* m_next = nullptr;
    QPushButton* m_refresh = nullptr;
    QPushButton* m_export = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;

    std::vector<QImage> m_pages;
    int m_current = 0;
};

} // namespace reclens
