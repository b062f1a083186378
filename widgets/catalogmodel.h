#pragma once
// The product catalog as a virtual table (no object per product): title, id, category, price
// and how often it was bought. Both the Merchant tab's product list and the What-if tab's
// "insert a product" picker show it (through CatalogModelPicker). Filtering by id or title and
// sorting by any column go through RowQueryModel: on a worker thread for large catalogs.

#include "data/dataset.h"
#include "rowquerymodel.h"

#include <memory>
#include <mutex>

namespace reclens {

/// Interactions per item over every customer's whole sequence.
std::vector<std::int32_t> purchaseCounts(const Dataset& ds);

class CatalogModel : public RowQueryModel {
    Q_OBJECT
public:
    enum Column {
        TitleColumn,
        IdColumn,
        CategoryColumn,
        PriceColumn,
        PurchasesColumn,
        ColumnCount
    };
    static constexpr int ItemRole = Qt::UserRole + 1;

    explicit CatalogModel(QObject* parent = nullptr);

    /// Shows the whole catalog at once in catalog order, then (for a large catalog, on a
    /// worker) counts the purchases and applies the current filter and order.
    void setDataset(std::shared_ptr<const Dataset> ds);
    /// Shows only products whose id or title contains `text` (case-insensitive).
    void setFilterText(const QString& text);
    QString filterText() const { return m_filter; }
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    /// Purchase counts are known (counted on a worker for a large catalog).
    bool purchasesCounted() const;

    ItemIndex itemAt(int row) const { return sourceRow(row); }
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    CellText cellText() const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

    /// Counted once per dataset by whichever query needs it first, then only read.
    struct Purchases {
        std::once_flag once;
        std::atomic<bool> ready{false};
        std::vector<std::int32_t> counts;
    };

private:
    /// Dense ranks of the text columns, each computed once per dataset by the first query that
    /// sorts by it; later sorts of any filter or direction compare integers.
    struct SortKeys {
        std::once_flag titleOnce, idOnce, categoryOnce;
        std::vector<std::int32_t> title, id, category;
    };
    void requery();

    std::shared_ptr<const Dataset> m_ds;
    std::shared_ptr<Purchases> m_purchases;
    std::shared_ptr<SortKeys> m_sortKeys;
    QString m_filter;
    int m_sortColumn = -1; // -1: catalog order
    Qt::SortOrder m_order = Qt::AscendingOrder;
};

} // namespace reclens
