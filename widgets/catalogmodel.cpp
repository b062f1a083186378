#include "catalogmodel.h"

#include "customersview.h"

#include <QLocale>

#include <cmath>
#include <numeric>

namespace reclens {

std::vector<std::int32_t> purchaseCounts(const Dataset& ds) {
    std::vector<std::int32_t> counts(ds.items.size(), 0);
    for (const User& u : ds.users)
        for (ItemIndex i : u.sequence)
            if (i >= 0 && static_cast<size_t>(i) < counts.size())
                ++counts[static_cast<size_t>(i)];
    return counts;
}

namespace {

/// One display cell; `purchases` may still be counting ("…").
QString catalogCell(const Dataset& ds, const CatalogModel::Purchases* purchases, ItemIndex i,
                    int column) {
    const Item& it = ds.items[static_cast<size_t>(i)];
    switch (column) {
    case CatalogModel::TitleColumn:
        return itemTitle(ds, i);
    case CatalogModel::IdColumn:
        return QString::fromStdString(it.id);
    case CatalogModel::CategoryColumn:
        return QString::fromStdString(it.category);
    case CatalogModel::PriceColumn:
        return formatPrice(it.price);
    case CatalogModel::PurchasesColumn:
        return purchases && purchases->ready.load(std::memory_order_acquire)
                   ? QLocale().toString(purchases->counts[static_cast<size_t>(i)])
                   : QStringLiteral("…");
    }
    return {};
}

} // namespace

CatalogModel::CatalogModel(QObject* parent)
    : RowQueryModel(parent) {}

void CatalogModel::setDataset(std::shared_ptr<const Dataset> ds) {
    m_ds = std::move(ds);
    m_purchases = std::make_shared<Purchases>();
    m_sortKeys = std::make_shared<SortKeys>();
    Rows all(m_ds ? m_ds->items.size() : 0);
    std::iota(all.begin(), all.end(), 0);
    showRows(std::move(all)); // 1 M products: a 4 MB vector, about a millisecond
    requery();
}

void CatalogModel::setFilterText(const QString& text) {
    if (text == m_filter)
        return;
    m_filter = text;
    requery();
}

void CatalogModel::sort(int column, Qt::SortOrder order) {
    m_sortColumn = column;
    m_order = order;
    requery();
}

bool CatalogModel::purchasesCounted() const {
    return m_purchases && m_purchases->ready.load(std::memory_order_acquire);
}

void CatalogModel::requery() {
    if (!m_ds)
        return;
    runQuery(m_ds->items.size(), [ds = m_ds, purchases = m_purchases, keys = m_sortKeys,
                                  text = m_filter, column = m_sortColumn,
                                  order = m_order](const Superseded& stop) {
        std::call_once(purchases->once, [&] {
            purchases->counts = purchaseCounts(*ds);
            purchases->ready.store(true, std::memory_order_release);
        });
        Rows rows;
        const SubstringMatcher match(text);
        const auto n = static_cast<std::int32_t>(ds->items.size());
        if (match.empty()) {
            rows.resize(static_cast<size_t>(n));
            std::iota(rows.begin(), rows.end(), 0);
        } else {
            for (std::int32_t i = 0; i < n; ++i) {
                if ((i & 0xffff) == 0 && stop())
                    return rows;
                const Item& it = ds->items[static_cast<size_t>(i)];
                if (match.matches(it.id) || match.matches(it.title))
                    rows.push_back(i);
            }
        }
        if (stop())
            return rows;
        const auto& items = ds->items;
        const auto& counts = purchases->counts;
        auto item = [&](std::int32_t i) -> const Item& {
            return items[static_cast<size_t>(i)];
        };
        // The text columns sort by ranks computed once over the whole catalog.
        auto texts = [&](auto field) {
            std::vector<const std::string*> out(items.size());
            for (size_t i = 0; i < items.size(); ++i)
                out[i] = &field(items[i]);
            return out;
        };
        auto byRank = [&](const std::vector<std::int32_t>& rank) {
            sortRows(rows, order, [&](std::int32_t a, std::int32_t b) {
                return rank[static_cast<size_t>(a)] < rank[static_cast<size_t>(b)];
            });
        };
        switch (column) {
        case TitleColumn:
            std::call_once(keys->titleOnce, [&] {
                keys->title = textRanks(texts([](const Item& it) -> const std::string& {
                    return it.title.empty() ? it.id : it.title;
                }));
            });
            byRank(keys->title);
            break;
        case IdColumn:
            std::call_once(keys->idOnce, [&] {
                keys->id =
                    idRanks(texts([](const Item& it) -> const std::string& { return it.id; }));
            });
            byRank(keys->id);
            break;
        case CategoryColumn:
            std::call_once(keys->categoryOnce, [&] {
                keys->category = textRanks(
                    texts([](const Item& it) -> const std::string& { return it.category; }));
            });
            byRank(keys->category);
            break;
        case PriceColumn: // unknown prices last
            sortRows(rows, order, [&](std::int32_t a, std::int32_t b) {
                const double x = item(a).price, y = item(b).price;
                return std::isnan(x) ? false : std::isnan(y) ? true : x < y;
            });
            break;
        case PurchasesColumn:
            sortRows(rows, order, [&](std::int32_t a, std::int32_t b) {
                return counts[static_cast<size_t>(a)] < counts[static_cast<size_t>(b)];
            });
            break;
        default:
            break;
        }
        return rows;
    });
}

RowQueryModel::CellText CatalogModel::cellText() const {
    if (!m_ds)
        return {};
    return [ds = m_ds, purchases = m_purchases](std::int32_t row, int column) {
        return catalogCell(*ds, purchases.get(), row, column);
    };
}

int CatalogModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CatalogModel::data(const QModelIndex& index, int role) const {
    const ItemIndex i = itemAt(index.row());
    if (!m_ds || i < 0)
        return {};
    const Item& it = m_ds->items[static_cast<size_t>(i)];
    if (role == ItemRole)
        return i;
    if (role == Qt::DisplayRole)
        return catalogCell(*m_ds, m_purchases.get(), i, index.column());
    if (role == Qt::ToolTipRole && index.column() == TitleColumn)
        return QStringLiteral("<p>%1</p><p>Id %2</p>")
            .arg(itemTitle(*m_ds, i).toHtmlEscaped(),
                 QString::fromStdString(it.id).toHtmlEscaped());
    if (role == Qt::TextAlignmentRole &&
        (index.column() == PriceColumn || index.column() == PurchasesColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant CatalogModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section == PurchasesColumn)
        return tr("How often customers bought it (every purchase in the data).");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TitleColumn:
        return tr("Product");
    case IdColumn:
        return tr("Id");
    case CategoryColumn:
        return tr("Category");
    case PriceColumn:
        return tr("Price");
    case PurchasesColumn:
        return tr("Purchases");
    }
    return {};
}

} // namespace reclens
