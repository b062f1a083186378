#pragma once
// The Recommendations tab: the current customer's top-K (rank, product, category, score);
// choosing a row makes it the explanation target. A second customer or checkpoint can be
// pinned beside it, with the items the two lists do not share highlighted.

#include <QWidget>

class QLabel;
class QPushButton;
class QStandardItemModel;
class QCheckBox;
class QTableView;

namespace reclens {

class WorkbenchController;
struct CustomerRecs;

class RecommendationsView : public QWidget {
    Q_OBJECT
public:
    explicit RecommendationsView(WorkbenchController* controller, QWidget* parent = nullptr);
    QTableView* table() const { return m_table; }
    QTableView* pinnedTable() const { return m_pinnedTable; }

Q_SIGNALS:
    void pinCheckpointRequested();

private:
    void refresh();
    void fill(QStandardItemModel* model, const CustomerRecs& recs, const CustomerRecs* other);

    WorkbenchController* m_controller;
    QLabel* m_title;
    QLabel* m_pinnedTitle;
    QTableView* m_table;
    QTableView* m_pinnedTable;
    QStandardItemModel* m_model;
    QStandardItemModel* m_pinnedModel;
    QPushButton* m_clearPin;
    QCheckBox* m_excludeBought;
    QWidget* m_pinnedSide; // the pinned list and its title; hidden while nothing is pinned
    bool m_filling = false;
};

} // namespace reclens
