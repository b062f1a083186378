#include "catalogmodelpicker.h"

#include "catalogmodel.h"
#include "tableutil.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QTableView>
#include <QVBoxLayout>

namespace reclens {

CatalogModelPicker::CatalogModelPicker(QWidget* parent)
    : QWidget(parent)
    , m_model(new CatalogModel(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_search = new QLineEdit;
    m_search->setPlaceholderText(tr("Search products by title or id"));
    m_search->setClearButtonEnabled(true);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    m_table = new QTableView;
    m_table->setModel(m_model);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    installTableActions(m_table);
    // The model sorts itself (on a worker for a large catalog); most bought first.
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(CatalogModel::PurchasesColumn, Qt::DescendingOrder);
    layout->addWidget(m_search);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);

    // One filter per pause in typing, not one per keystroke over a million titles.
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(200);
    connect(m_search, &QLineEdit::textChanged, &m_debounce, qOverload<>(&QTimer::start));
    connect(&m_debounce, &QTimer::timeout, this, &CatalogModelPicker::applyFilterNow);
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this,
            [this] { m_keep = currentItem(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_keep >= 0)
            selectItem(m_keep);
    });
    connect(m_model, &RowQueryModel::rowsReady, this, [this] {
        m_status->setText(
            m_model->filterText().isEmpty()
                ? QString()
                : tr("%1 products match.").arg(QLocale().toString(m_model->rowCount())));
    });
    connect(m_model, &RowQueryModel::busyChanged, this, [this](bool busy) {
        if (busy)
            m_status->setText(tr("Searching …"));
    });
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex& i) {
        if (i.isValid())
            Q_EMIT activated(m_model->itemAt(i.row()));
    });
}

void CatalogModelPicker::setDataset(std::shared_ptr<const Dataset> ds) {
    m_hasCategories = ds && !ds->categories.empty();
    m_table->setCurrentIndex({}); // an item index of the old catalog means nothing in the new
    m_model->setDataset(std::move(ds));
    showColumns();
}

void CatalogModelPicker::setCompact(bool compact) {
    m_compact = compact;
    showColumns();
}

void CatalogModelPicker::showColumns() {
    m_table->setColumnHidden(CatalogModel::IdColumn, m_compact);
    m_table->setColumnHidden(CatalogModel::PriceColumn, m_compact);
    // Without categories the column would be empty.
    m_table->setColumnHidden(CatalogModel::CategoryColumn, m_compact || !m_hasCategories);
    fitColumnsStretching(m_table, CatalogModel::TitleColumn); // the numbers stay in view
}

void CatalogModelPicker::applyFilterNow() {
    m_debounce.stop();
    m_model->setFilterText(m_search->text().trimmed());
}

ItemIndex CatalogModelPicker::currentItem() const {
    const QModelIndex i = m_table->currentIndex();
    return i.isValid() ? m_model->itemAt(i.row()) : -1;
}

bool CatalogModelPicker::selectItem(ItemIndex item) {
    const int row = m_model->rowOf(item);
    if (row < 0)
        return false;
    const QModelIndex i = m_model->index(row, CatalogModel::TitleColumn);
    m_table->setCurrentIndex(i);
    m_table->scrollTo(i);
    return true;
}

} // namespace reclens
