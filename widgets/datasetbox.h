#pragma once
// The Project tab's "Dataset" box: what is open (name, source, counts, fingerprint), the
// import's clean-up and notes behind a one-line toggle, and the two open buttons.

#include <QGroupBox>

class QLabel;
class QToolButton;

namespace reclens {

class DetailsToggle;
class WorkbenchController;

class DatasetBox : public QGroupBox {
    Q_OBJECT
public:
    explicit DatasetBox(WorkbenchController* controller, QWidget* parent = nullptr);

    /// The summary (name, source, counts) as shown.
    QString summaryText() const;
    /// The clean-up counts and the import's notes (empty without a dataset).
    QString detailsText() const;
    /// The line that opens and closes the details.
    QToolButton* detailsToggle() const;

Q_SIGNALS:
    void openDatasetRequested();
    void openSampleRequested();

private:
    void update();
    void showDetails(bool open);

    WorkbenchController* m_controller;
    QLabel* m_summary;
    DetailsToggle* m_toggle;
    QLabel* m_details;
};

} // namespace reclens
