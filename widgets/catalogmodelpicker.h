#pragma once
// A product picker over the whole catalog: a search field (id or title, applied ~200 ms after
// the last keystroke) above a sortable table of CatalogModel. The Merchant tab and the What-if
// tab's "insert a product" both use it, so a million-product shop never builds per-row items
// on the UI thread. The selected product survives re-filtering and re-sorting while it stays
// in the list.

#include "data/dataset.h"

#include <QTimer>
#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QTableView;

namespace reclens {

class CatalogModel;

class CatalogModelPicker : public QWidget {
    Q_OBJECT
public:
    explicit CatalogModelPicker(QWidget* parent = nullptr);

    void setDataset(std::shared_ptr<const Dataset> ds);
    /// The selected product, or -1.
    ItemIndex currentItem() const;
    /// Selects `item` when it is in the (filtered) list; false otherwise.
    bool selectItem(ItemIndex item);
    /// Only the title and the purchase count (for a narrow picker).
    void setCompact(bool compact);
    /// Applies the typed filter now instead of after the pause.
    void applyFilterNow();

    QLineEdit* searchField() const { return m_search; }
    QTableView* table() const { return m_table; }
    CatalogModel* model() const { return m_model; }

Q_SIGNALS:
    /// Double-click or Enter on a product.
    void activated(ItemIndex item);

private:
    void showColumns();

    QLineEdit* m_search;
    QLabel* m_status;
    QTableView* m_table;
    CatalogModel* m_model;
    QTimer m_debounce;
    bool m_compact = false;
    bool m_hasCategories = false;
    ItemIndex m_keep = -1; // selected before a reset, selected again after it
};

} // namespace reclens
