#pragma once
// File → Export report…: writes explanation reports (HTML, PDF, JSON, CSV) for the current
// customer, a selection of customers, or one product, with a page preview that is painted by
// the same ReportPainter as the PDF (what you see is what the PDF contains).
//
// Wiring (MainWindow / controller):
//     ReportSubject s;
//     s.customers = {currentUser};          // or the selected users; or s.product = item
//     ReportExportDialog dlg(dataset, model, checkpointPath, s, this);
//     dlg.exec();
// The engine work (explanations, exposure) runs on a worker thread (a Job on the global
// QThreadPool); closing the dialog cancels it.

#include "data/dataset.h"
#include "project/project.h"

#include <QDialog>
#include <QImage>
#include <QThreadPool>
#include <memory>
#include <string>
#include <vector>

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace reclens {

class SequenceModel;
class Job;
namespace report {
struct ReportOutput;
}

/// What to report on: customers (one report each) or, when `product` >= 0, one product.
struct ReportSubject {
    std::vector<UserIndex> customers;
    ItemIndex product = -1;
    int k = 10; // the dialog's default top-K: pass the workbench's K so counts match the screen
    /// The open project's analyst feedback; rows about an explained (customer, target) go into
    /// the JSON report as "analyst_feedback".
    std::vector<Feedback> feedback;
    /// The open project's notes; those about a reported customer go into its report.
    std::vector<Note> notes;
    /// The open project's note about the whole project; in every report when not empty.
    std::string projectNote;
};

class ReportExportDialog : public QDialog {
    Q_OBJECT
public:
    /// `ds` and `model` must outlive the dialog and must not be retrained while it is open
    /// (a worker thread reads them). `checkpointPath` is hashed for the model card; pass ""
    /// for a model that was never saved.
    ReportExportDialog(const Dataset& ds, const SequenceModel& model, std::string checkpointPath,
                       ReportSubject subject, QWidget* parent = nullptr);
    ~ReportExportDialog() override;

    /// The folder reports are written to (default: the user's documents folder).
    QString outputFolder() const;

private:
    void refreshPreview();
    void showPage(int page);
    void exportReports();
    void setBusy(bool busy, const QString& text);
    void startJob(Job* job);

    const Dataset& m_ds;
    const SequenceModel& m_model;
    std::string m_checkpoint;
    ReportSubject m_subject;

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
    QPushButton* m_export = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;

    std::shared_ptr<report::ReportOutput> m_preview;
    std::vector<QImage> m_pages;
    int m_current = 0;
    Job* m_job = nullptr;
    QThreadPool m_pool; // the dialog's own jobs, so the destructor can wait for them
};

} // namespace reclens
