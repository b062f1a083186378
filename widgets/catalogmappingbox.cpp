#include "catalogmappingbox.h"

#include "data/catalogrow.h"
#include "importdialog.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>

#include <algorithm>

namespace reclens {

namespace {

constexpr int kPreviewRows = 5;
constexpr int kMaxPreviewColumnWidth = 190; // pixels

int columnOf(const QStringList& header, const QString& name) {
    const QString want = name.trimmed();
    if (want.isEmpty())
        return -1;
    for (int i = 0; i < header.size(); ++i)
        if (header[i].trimmed().compare(want, Qt::CaseInsensitive) == 0)
            return i;
    return -1;
}

// The column a combo names: its item data ("" for the "(none)" entry).
QString chosen(const QComboBox* box) {
    return box->currentData().toString();
}

// Refills `box` with `header` (after a "(none)" entry when `noneText` is set) and keeps the
// previous choice when the new header has it, else selects the first of `guesses` found.
void fill(QComboBox* box, const QStringList& header, const QString& noneText,
          const QStringList& guesses) {
    const QString keep = chosen(box);
    box->blockSignals(true);
    box->clear();
    if (!noneText.isEmpty())
        box->addItem(noneText, QString());
    for (const QString& h : header)
        box->addItem(h, h);
    const int offset = noneText.isEmpty() ? 0 : 1;
    int pick = columnOf(header, keep);
    for (int g = 0; pick < 0 && g < guesses.size(); ++g)
        pick = columnOf(header, guesses[g]);
    box->setCurrentIndex(pick < 0 ? 0 : pick + offset);
    box->blockSignals(false);
}

} // namespace

CatalogMappingBox::CatalogMappingBox(QWidget* parent)
    : QGroupBox(tr("Catalog (optional)"), parent) {
    auto* form = new QFormLayout(this);
    m_file = new QLineEdit;
    m_file->setObjectName(QStringLiteral("catalogFile"));
    m_file->setPlaceholderText(tr("a CSV with one row per product"));
    auto* browse = new QPushButton(tr("Catalog…"));
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);
    form->addRow(tr("Catalog file:"), fileRow);

    m_item = new QComboBox;
    m_title = new QComboBox;
    m_brand = new QComboBox;
    m_price = new QComboBox;
    auto* levelsRow = new QHBoxLayout;
    for (int i = 0; i < 3; ++i) {
        auto* level = new QComboBox;
        level->setToolTip(tr("Category level %1 (most general first); the levels are joined "
                             "into the path \u201cA > B > C\u201d")
                              .arg(i + 1));
        level->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        level->setMinimumContentsLength(8);
        m_levels << level;
        levelsRow->addWidget(level, 1);
    }
    m_title->setToolTip(tr("Without a title column the title is the most specific category "
                           "level and the brand (\u201cHAM, National\u201d)."));
    form->addRow(tr("Product column:"), m_item);
    form->addRow(tr("Title column:"), m_title);
    form->addRow(tr("Category levels:"), levelsRow);
    auto* brandPrice = new QHBoxLayout;
    brandPrice->addWidget(m_brand, 1);
    brandPrice->addWidget(new QLabel(tr("Price:")));
    brandPrice->addWidget(m_price, 1);
    form->addRow(tr("Brand column:"), brandPrice);

    m_model = new QStandardItemModel(this);
    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("catalogPreview"));
    m_table->setModel(m_model);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setMinimumHeight(m_table->fontMetrics().height() * 7);
    m_table->setToolTip(tr("The first catalog rows as the import will read them."));
    form->addRow(m_table);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(
            this, tr("Catalog CSV"), m_file->text(), tr("CSV files (*.csv *.tsv);;All files (*)"));
        if (!f.isEmpty())
            setCatalogFile(f);
    });
    connect(m_file, &QLineEdit::editingFinished, this, &CatalogMappingBox::reload);
    for (QComboBox* c : {m_item, m_title, m_brand, m_price})
        connect(c, &QComboBox::currentTextChanged, this, &CatalogMappingBox::updatePreview);
    for (QComboBox* c : m_levels)
        connect(c, &QComboBox::currentIndexChanged, this, &CatalogMappingBox::updatePreview);
    reload();
}

QString CatalogMappingBox::catalogFile() const {
    return m_file->text().trimmed();
}

void CatalogMappingBox::setCatalogFile(const QString& file) {
    m_file->setText(file);
    reload();
}

void CatalogMappingBox::setImplicitCatalog(const QString& file) {
    if (file == m_implicit)
        return;
    m_implicit = file;
    m_file->setPlaceholderText(file.isEmpty() ? tr("a CSV with one row per product")
                                              : tr("%1 (found beside the data)").arg(file));
    reload();
}

QString CatalogMappingBox::previewedFile() const {
    return catalogFile().isEmpty() ? m_implicit : catalogFile();
}

CatalogColumns CatalogMappingBox::columns() const {
    CatalogColumns c;
    if (m_header.isEmpty())
        return c; // nothing read yet: the importer's defaults
    c.item = chosen(m_item).toStdString();
    c.title = chosen(m_title).toStdString();
    c.category.clear();
    for (const QComboBox* level : m_levels)
        if (const QString name = chosen(level); !name.isEmpty())
            c.category.push_back(name.toStdString());
    c.brand = chosen(m_brand).toStdString();
    c.price = chosen(m_price).toStdString();
    return c;
}

QStringList CatalogMappingBox::mappedRow(const QStringList& header, const QStringList& row,
                                         const CatalogColumns& columns) {
    auto field = [&](const std::string& name) {
        const int c = columnOf(header, QString::fromStdString(name));
        return c >= 0 && c < row.size() ? row[c].trimmed().toStdString() : std::string();
    };
    std::vector<std::string> levels;
    for (const auto& name : columns.category)
        levels.push_back(field(name));
    const std::string brand = field(columns.brand);
    const bool hasTitle = columnOf(header, QString::fromStdString(columns.title)) >= 0;
    const std::string title = hasTitle ? field(columns.title) : composedTitle(levels, brand);
    return {QString::fromStdString(field(columns.item)), QString::fromStdString(title),
            QString::fromStdString(catalogCategoryPath(levels)), QString::fromStdString(brand),
            QString::fromStdString(field(columns.price))};
}

QList<QStringList> CatalogMappingBox::previewRows() const {
    QList<QStringList> rows;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        QStringList row;
        for (int c = 0; c < m_model->columnCount(); ++c)
            row << m_model->index(r, c).data().toString();
        rows << row;
    }
    return rows;
}

void CatalogMappingBox::reload() {
    const QString file = previewedFile();
    if (file == m_loadedFile && !file.isEmpty())
        return; // focus left the path field without a change: keep the choices
    m_loadedFile = file;
    m_rows = file.isEmpty() || !QFileInfo(file).isFile()
                 ? QList<QStringList>()
                 : ImportDialog::readPreview(file, kPreviewRows, nullptr);
    m_header = m_rows.isEmpty() ? QStringList() : m_rows.takeFirst();
    const QString none = tr("(none)");
    fill(m_item, m_header, QString(),
         {QStringLiteral("item"), QStringLiteral("product_id"), QStringLiteral("item_id"),
          QStringLiteral("sku"), QStringLiteral("id")});
    fill(m_title, m_header, tr("(none: compose from category and brand)"),
         {QStringLiteral("title"), QStringLiteral("name"), QStringLiteral("product_name")});
    const QStringList levelGuesses[] = {
        {QStringLiteral("category"), QStringLiteral("department"), QStringLiteral("main_category")},
        {QStringLiteral("product_category"), QStringLiteral("subcategory"),
         QStringLiteral("sub_category")},
        {QStringLiteral("product_type"), QStringLiteral("type")}};
    for (int i = 0; i < m_levels.size(); ++i)
        fill(m_levels[i], m_header, none, levelGuesses[i]);
    fill(m_brand, m_header, none, {QStringLiteral("brand")});
    fill(m_price, m_header, none, {QStringLiteral("price"), QStringLiteral("list_price")});
    for (QWidget* w : std::initializer_list<QWidget*>{m_item, m_title, m_brand, m_price})
        w->setEnabled(!m_header.isEmpty());
    for (QComboBox* c : m_levels)
        c->setEnabled(!m_header.isEmpty());
    updatePreview();
}

void CatalogMappingBox::updatePreview() {
    m_model->clear();
    if (m_header.isEmpty())
        return;
    m_model->setHorizontalHeaderLabels(
        {tr("Product"), tr("Title"), tr("Category path"), tr("Brand"), tr("Price")});
    const CatalogColumns c = columns();
    for (const QStringList& row : m_rows) {
        QList<QStandardItem*> items;
        for (const QString& f : mappedRow(m_header, row, c))
            items << new QStandardItem(f);
        m_model->appendRow(items);
    }
    m_table->resizeColumnsToContents();
    // Long titles and paths are capped so brand and price stay in view (tooltips show all).
    for (int c = 0; c + 1 < m_model->columnCount(); ++c)
        m_table->setColumnWidth(c, std::min(m_table->columnWidth(c), kMaxPreviewColumnWidth));
    for (int r = 0; r < m_model->rowCount(); ++r)
        for (int c = 0; c < m_model->columnCount(); ++c)
            m_model->item(r, c)->setToolTip(m_model->item(r, c)->text());
}

} // namespace reclens
