// The import dialog's catalog mapping: combo boxes filled from the catalog's header (with
// guesses for Dunnhumby-style names), a preview of the first rows as the import reads them, and
// the mapping carried in the ImportOptions the dialog returns, which the importer then reads
// the same way.

#include "catalogmappingbox.h"
#include "importdialog.h"

#include <QApplication>
#include <QComboBox>
#include <QTableView>

#include <gtest/gtest.h>

#include <cstdlib>

namespace reclens::test {

namespace {

const QString kFixture = QStringLiteral(RECLENS_SOURCE_DIR "/tests/data/catalog_mapped");

QComboBox* comboShowing(const CatalogMappingBox* box, const QString& text) {
    for (QComboBox* c : box->findChildren<QComboBox*>())
        if (c->currentText() == text)
            return c;
    return nullptr;
}

} // namespace

TEST(ImportCatalogMapping, PreviewShowsMappedColumnsAndOptionsCarryThem) {
    ImportDialog dialog(nullptr, kFixture + QStringLiteral("/transactions.csv"));
    auto* box = dialog.findChild<CatalogMappingBox*>();
    ASSERT_NE(box, nullptr);
    box->setCatalogFile(kFixture + QStringLiteral("/products.csv"));

    // Guessed from the header: product_id, three category levels, brand, list_price; no title.
    const QList<QStringList> rows = box->previewRows();
    ASSERT_EQ(rows.size(), 4);
    EXPECT_EQ(rows[0],
              (QStringList{QStringLiteral("p1"), QStringLiteral("ICE - CRUSHED/CUBED, National"),
                           QStringLiteral("GROCERY > FRZN ICE > ICE - CRUSHED/CUBED"),
                           QStringLiteral("National"), QStringLiteral("3.49")}));
    EXPECT_EQ(rows[1][2], QStringLiteral("MISCELLANEOUS")); // empty levels left out

    ImportOptions o = dialog.options();
    EXPECT_EQ(o.catalogPath, (kFixture + QStringLiteral("/products.csv")).toStdString());
    EXPECT_EQ(o.catalogColumns.item, "product_id");
    EXPECT_EQ(o.catalogColumns.title, "");
    EXPECT_EQ(o.catalogColumns.category,
              (std::vector<std::string>{"department", "product_category", "product_type"}));
    EXPECT_EQ(o.catalogColumns.brand, "brand");
    EXPECT_EQ(o.catalogColumns.price, "list_price");

    // Choosing a title column changes the preview and the options.
    QComboBox* title = comboShowing(box, QStringLiteral("(none: compose from category and brand)"));
    ASSERT_NE(title, nullptr);
    title->setCurrentIndex(title->findText(QStringLiteral("package_size")));
    EXPECT_EQ(box->previewRows()[2][1], QStringLiteral("16 OZ"));
    o = dialog.options();
    EXPECT_EQ(o.catalogColumns.title, "package_size");

    // The purchases' columns are guessed from Dunnhumby's names too, and the importer reads what
    // the preview showed.
    EXPECT_EQ(o.userColumn, "household_id");
    EXPECT_EQ(o.itemColumn, "product_id");
    EXPECT_EQ(o.timeColumn, "transaction_timestamp");
    auto ds = loadDataset(dialog.path().toStdString(), o);
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    for (const QStringList& row : box->previewRows()) {
        const Item& it = ds->items.at(static_cast<std::size_t>(ds->findItem(row[0].toStdString())));
        EXPECT_EQ(QString::fromStdString(it.title), row[1]);
        EXPECT_EQ(QString::fromStdString(it.category), row[2]);
        EXPECT_EQ(QString::fromStdString(it.brand), row[3]);
    }
}

TEST(ImportCatalogMapping, DialogFitsA1024x700Screen) {
    ImportDialog dialog(nullptr, kFixture + QStringLiteral("/transactions.csv"));
    dialog.findChild<CatalogMappingBox*>()->setCatalogFile(kFixture +
                                                           QStringLiteral("/products.csv"));
    dialog.resize(1024, 700);
    dialog.show();
    QApplication::processEvents();
    EXPECT_LE(dialog.height(), 700);
    // The catalog preview still shows its rows at this size.
    auto* table = dialog.findChild<QTableView*>(QStringLiteral("catalogPreview"));
    ASSERT_NE(table, nullptr);
    EXPECT_GE(table->viewport()->height(), 3 * table->rowHeight(0));
    if (const char* dir = std::getenv("RECLENS_GRAB_DIR")) // a look at the layout, on request
        dialog.grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/importdialog.png"));
}

} // namespace reclens::test
