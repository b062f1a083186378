#pragma once
// The Model tab's "Analyst feedback" table: per attribution method, how often its explanations
// were rated helpful, wrong or unclear in the open project (one dataset), best first, and which
// method the Saliency tab therefore shows first.

#include <QWidget>

class QLabel;
class QStandardItemModel;
class QTableView;

namespace reclens {

class ProjectDocument;

class FeedbackSummaryView : public QWidget {
    Q_OBJECT
public:
    explicit FeedbackSummaryView(ProjectDocument* document, QWidget* parent = nullptr);
    QTableView* table() const { return m_table; }
    QString preferredText() const;

private:
    void refresh();

    ProjectDocument* m_document;
    QLabel* m_preferred;
    QTableView* m_table;
    QStandardItemModel* m_model;
};

} // namespace reclens
