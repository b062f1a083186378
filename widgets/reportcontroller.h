#pragma once
// The report export's engine work (File → Export report…): a preview of the first report,
// painted by the same ReportPainter as the PDF, and the export of every report of a subject.
// Reads the dataset and model from the shared WorkbenchState and runs on the shared JobRunner
// (busy indicator, error channel), so the dialog never calls the engine itself. A newer preview
// or export supersedes the running one; cancel() stops both (the dialog closed); another
// dataset or model (WorkbenchController's one rule: dropForStateChange) stops them and makes
// every subject taken before it stale.

#include "jobrunner.h"
#include "workbenchstate.h"

#include "project/project.h"
#include "report/reportfiles.h"

#include <QImage>
#include <QObject>
#include <QString>

#include <memory>
#include <string>
#include <vector>

namespace reclens {

namespace report {
struct ReportOutput;
}

/// What to report on: customers (one report each) or, when `product` >= 0, one product.
struct ReportSubject {
    /// The dataset the indices below belong to (ReportController::subjectOf sets it); a request
    /// about a dataset or model that is no longer open is refused.
    std::shared_ptr<const Dataset> dataset;
    std::shared_ptr<const SequenceModel> model;
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

/// The choices of one preview or export.
struct ReportOptions {
    int k = 10;                    // length of each top-K list
    int explainTop = 3;            // recommendations explained in a customer report
    report::ReportFormats formats; // export only
    QString folder;                // export only: where the files go (created if missing)
};

/// The first report of a subject and its A4 pages, painted as the PDF paints them.
struct ReportPreview {
    std::shared_ptr<const report::ReportOutput> report;
    std::vector<QImage> pages;
};

class ReportController : public QObject {
    Q_OBJECT
public:
    ReportController(const WorkbenchState& state, JobRunner& jobs, QObject* parent = nullptr);

    /// A subject on the open dataset and model, the workbench's K, no customer or product yet.
    ReportSubject subjectOf() const;
    /// The checkpoint the model card names and hashes: the open model's file, "" for a model
    /// never saved (the report then says so and cannot be reproduced).
    std::string checkpointPath() const;
    /// Why `subject` cannot be reported on now ("" when it can): nothing chosen, or the
    /// dataset or model it was taken on is no longer the open one.
    QString problemWith(const ReportSubject& subject) const;

    /// Computes the first report of `subject` and paints its pages, in a job; previewChanged
    /// when it arrives. A refused subject gives failed(problemWith(subject)).
    void preview(const ReportSubject& subject, const ReportOptions& options);
    /// Writes every report of `subject` in the chosen formats to options.folder, in a job, one
    /// progress step per report; exported(written, folder) at the end.
    void exportReports(const ReportSubject& subject, const ReportOptions& options);
    /// Stops the running preview or export; its result is dropped (the dialog closed).
    void cancel() {
        m_request.supersede();
        m_preview.reset(); // its page images are large; a new dialog computes its own
    }
    /// A preview or export runs and is still wanted.
    bool isRunning() const { return m_request.isPending(); }
    /// The last preview delivered (null before the first).
    std::shared_ptr<const ReportPreview> lastPreview() const { return m_preview; }

    // --- for WorkbenchController's one rule (another dataset or model) ---
    /// Stops and drops the running job and the preview; emits stateChanged so an open dialog
    /// says why its subject is gone.
    void dropForStateChange();

Q_SIGNALS:
    void progress(double fraction, const QString& text);
    void previewChanged();
    void exported(int written, const QString& folder);
    /// The request failed or was refused; `message` says why (also on the error channel when
    /// the job failed).
    void failed(const QString& message);
    /// The running job stopped before its end (cancel() from elsewhere, or superseded).
    void cancelled();
    /// The dataset or model changed: subjects taken before are stale (problemWith says so).
    void stateChanged();

private:
    /// Runs `work` as the one report request, wiring its progress, failure and cancellation.
    void startJob(const QString& name, Job::Work work, bool announceCancel = true);

    const WorkbenchState& m_state;
    JobRunner& m_jobs;
    LatestRequest m_request; // the preview or the export: one at a time
    std::shared_ptr<const ReportPreview> m_preview;
};

} // namespace reclens
