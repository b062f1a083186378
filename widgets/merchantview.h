#pragma once
// The Merchant tab: search the catalog, pick a product, and see for whom it is in the top-K,
// its rank histogram, the purchases and categories that drive it there, and its exposure
// against its popularity. The aggregation runs as a cancellable job with progress.

#include "explain/merchantexplanation.h"

#include <QWidget>

class QCPBars;
class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStandardItemModel;
class QTabWidget;
class QTableView;

namespace reclens {

class CatalogModelPicker;
class MerchantCustomersTable;
class MerchantSegmentBar;
class ReplotCoalescer;
class WorkbenchController;

class MerchantView : public QWidget {
    Q_OBJECT
public:
    explicit MerchantView(WorkbenchController* controller, QWidget* parent = nullptr);

    /// Selects the product in the catalog list and starts the analysis (with the segment and
    /// compared product of the controls; withWhatIf adds the what-if product).
    void analyse(int item, bool withWhatIf = false);
    /// Drill-down: selects `user` in the workbench and explains the analysed product for them.
    void explainForCustomer(UserIndex user);
    /// Customers sampled by the next analysis (0 = all).
    void setUserSample(int users);
    QCustomPlot* histogramPlot() const { return m_histPlot; }
    QCPBars* histogramBars() const { return m_hist; }
    QTableView* driversTable() const { return m_driversTable; }
    QLabel* statsLabel() const { return m_stats; }
    /// Says whose histories the drivers come from (all top-K customers, or a sample).
    QLabel* driversNoteLabel() const { return m_driversNote; }
    static QString driversNote(const MerchantExplanation& result);
    /// The figures (each with its 95 % CI when sampled), the segment, the comparison and the
    /// what-if, as rich text (merchantviewtext.cpp).
    static QString statsText(const MerchantExplanation& result, const Dataset& ds);
    void flush();
    /// The product list (search field and table over the whole catalog).
    CatalogModelPicker* catalogPicker() const { return m_catalog; }
    MerchantCustomersTable* customersTable() const { return m_customersTable; }
    MerchantSegmentBar* segmentBar() const { return m_segment; }
    /// The plain-language sentence above the numbers.
    QLabel* sentenceLabel() const { return m_sentence; }

Q_SIGNALS:
    /// After a drill-down (MainWindow shows the customer's explanation).
    void customerOpened(UserIndex user, ItemIndex item);

private:
    void showResult();

    WorkbenchController* m_controller;
    CatalogModelPicker* m_catalog;
    MerchantSegmentBar* m_segment;
    MerchantCustomersTable* m_customersTable;
    QTabWidget* m_results;
    QLabel* m_sentence;
    QSpinBox* m_users;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_stats;
    QCustomPlot* m_histPlot;
    QCPBars* m_hist;
    QCustomPlot* m_expoPlot;
    QCPBars* m_expo;
    ReplotCoalescer* m_histReplot;
    ReplotCoalescer* m_expoReplot;
    QTableView* m_driversTable;
    QStandardItemModel* m_drivers;
    QLabel* m_driversNote;
    QTableView* m_categoriesTable;
    QStandardItemModel* m_categories;
};

} // namespace reclens
