// Catalog column mapping (ImportOptions::catalogColumns): a shop's own catalog columns map to
// item, title, category path, brand and price; a mapped column missing from the header is
// refused with the header's columns named; Dunnhumby's products.csv loads with its mapping.

#include "common/numberformat.h"
#include "data/datasetstats.h"
#include "data/importers.h"
#include "testdata.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <map>
#include <set>

using namespace reclens;

namespace {

const std::string kFixture = "tests/data/catalog_mapped";

// Dunnhumby-shaped mapping of the committed fixture.
ImportOptions fixtureOptions() {
    ImportOptions o;
    o.format = DataFormat::Csv;
    o.userColumn = "household_id";
    o.itemColumn = "product_id";
    o.timeColumn = "transaction_timestamp";
    o.catalogPath = test::sourcePath(kFixture + "/products.csv");
    o.catalogColumns.item = "product_id";
    o.catalogColumns.category = {"department", "product_category", "product_type"};
    o.catalogColumns.brand = "brand";
    o.catalogColumns.price = "list_price";
    return o;
}

const Item& item(const Dataset& ds, const std::string& id) {
    const ItemIndex i = ds.findItem(id);
    EXPECT_GE(i, 0) << id;
    return ds.items.at(static_cast<std::size_t>(std::max(i, 0)));
}

bool hasNote(const Dataset& ds, const std::string& fragment) {
    return std::any_of(ds.cleanup.notes.begin(), ds.cleanup.notes.end(),
                       [&](const std::string& n) { return n.find(fragment) != std::string::npos; });
}

} // namespace

TEST(DataCatalogMapping, MappedColumnsComposeCategoryPathAndTitle) {
    auto ds = loadDataset(test::sourcePath(kFixture + "/transactions.csv"), fixtureOptions());
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    ASSERT_EQ(ds->items.size(), 5u); // 4 catalog items, then p5 from the transactions
    EXPECT_EQ(item(*ds, "p1").category, "GROCERY > FRZN ICE > ICE - CRUSHED/CUBED");
    EXPECT_EQ(item(*ds, "p2").category, "MISCELLANEOUS"); // empty levels are left out
    EXPECT_EQ(item(*ds, "p4").category, "PRODUCE > VEGETABLES");
    EXPECT_EQ(item(*ds, "p3").brand, "Private");
    EXPECT_DOUBLE_EQ(item(*ds, "p3").price, 4.99);
    EXPECT_TRUE(std::isnan(item(*ds, "p2").price));
    // No title column: most specific category level and brand.
    EXPECT_EQ(item(*ds, "p3").title, "HAM, Private");
    EXPECT_EQ(item(*ds, "p2").title, "MISCELLANEOUS, National");
    EXPECT_EQ(item(*ds, "p5").title, ""); // not in the catalog
    EXPECT_EQ(ds->categories.size(), 4u);
    EXPECT_TRUE(hasNote(*ds, "catalog columns read: item 'product_id', category 'department' > "
                             "'product_category' > 'product_type', brand 'brand', price "
                             "'list_price'"));
    EXPECT_TRUE(hasNote(*ds, "4 titles composed from the most specific category level"));
    EXPECT_TRUE(hasNote(*ds, "1 items in the interactions have no catalog entry"));
    const DatasetStats s = datasetStats(*ds);
    EXPECT_EQ(s.itemsWithCategory, 4);
    EXPECT_EQ(s.interactionsWithCategory, 5); // 6 purchases, one of the uncatalogued p5
}

TEST(DataCatalogMapping, MappedTitleColumnIsReadAsIs) {
    ImportOptions o = fixtureOptions();
    o.catalogColumns.title = "package_size";
    auto ds = loadDataset(test::sourcePath(kFixture + "/transactions.csv"), o);
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    EXPECT_EQ(item(*ds, "p3").title, "16 OZ");
    EXPECT_EQ(item(*ds, "p2").title, ""); // an empty cell stays empty (the id is shown)
    EXPECT_FALSE(hasNote(*ds, "titles composed"));
}

TEST(DataCatalogMapping, MissingMappedColumnNamesFileLineAndHeader) {
    ImportOptions o = fixtureOptions();
    o.catalogColumns.category = {"department", "aisle"};
    auto ds = loadDataset(test::sourcePath(kFixture + "/transactions.csv"), o);
    ASSERT_FALSE(ds.ok());
    EXPECT_EQ(ds.error().code, ErrorCode::Schema);
    EXPECT_EQ(ds.error().line, 1);
    EXPECT_NE(ds.error().message.find("catalog_mapped/products.csv:1:1: no column 'aisle' in the "
                                      "header; columns are: product_id, manufacturer_id, "
                                      "department, brand, product_category, product_type, "
                                      "package_size, list_price"),
              std::string::npos)
        << ds.error().message;
    EXPECT_NE(ds.error().message.find("--catalog-category-columns"), std::string::npos);

    o = fixtureOptions();
    o.catalogColumns.item = "sku"; // the item column is required even at its default name
    ds = loadDataset(test::sourcePath(kFixture + "/transactions.csv"), o);
    ASSERT_FALSE(ds.ok());
    EXPECT_NE(ds.error().message.find("no column 'sku'"), std::string::npos) << ds.error().message;
}

TEST(DataCatalogMapping, DefaultColumnsStayOptional) {
    // Without a mapping a catalog with only some of item,title,category,brand,price still loads.
    const std::string dir = test::scratchDir("catalog-default");
    test::writeFile(dir + "/interactions.csv", "user,item,timestamp\nu,a,1\n");
    test::writeFile(dir + "/catalog.csv", "item,brand\na,Acme\n");
    auto ds = loadDataset(dir);
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    EXPECT_EQ(item(*ds, "a").brand, "Acme");
    EXPECT_EQ(item(*ds, "a").title, "Acme");            // composed from the brand alone
    EXPECT_FALSE(hasNote(*ds, "catalog columns read")); // default mapping: nothing to report
}

// Dunnhumby "The Complete Journey" sample: 75,000 purchases of 2,377 households; products.csv
// has no item/title columns. Counts measured independently with Python's csv module.
TEST(DataCatalogMapping, DunnhumbyProductsWithMapping) {
    const std::string dir = test::realDataPath("dunnhumby-complete-journey-sample");
    ASSERT_FALSE(dir.empty());
    ImportOptions o;
    o.format = DataFormat::Csv;
    o.userColumn = "household_id";
    o.itemColumn = "product_id";
    o.timeColumn = "transaction_timestamp";
    o.catalogPath = dir + "/products.csv";
    o.catalogColumns.item = "product_id";
    o.catalogColumns.category = {"department", "product_category", "product_type"};
    auto ds = loadDataset(dir + "/transactions_sample.csv", o);
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    EXPECT_EQ(ds->users.size(), 2377u);
    EXPECT_EQ(ds->interactionCount(), 75000);
    EXPECT_EQ(ds->items.size(), 92336u); // 92,331 catalog rows + 5 uncatalogued products
    EXPECT_EQ(ds->categories.size(), 3903u);
    EXPECT_EQ(ds->brands.size(), 2u); // National, Private
    EXPECT_EQ(item(*ds, "940996").category, "MEAT-PCKGD > LUNCHMEAT > HAM");
    EXPECT_EQ(item(*ds, "940996").title, "HAM, Private");
    const DatasetStats s = datasetStats(*ds);
    EXPECT_EQ(s.itemsWithCategory, 92331);
    EXPECT_EQ(s.interactionsWithCategory, 74778); // 99.70 % of the purchases

    // The 100 most purchased products: all but 2 (absent from products.csv) have a path.
    std::map<ItemIndex, int> bought;
    for (const User& u : ds->users)
        for (ItemIndex i : u.sequence)
            ++bought[i];
    std::vector<std::pair<int, ItemIndex>> ranked;
    for (const auto& [i, n] : bought)
        ranked.push_back({n, i});
    std::sort(ranked.rbegin(), ranked.rend());
    ASSERT_GE(ranked.size(), 100u);
    EXPECT_EQ(ranked.front().first, 861);
    EXPECT_EQ(ds->items[static_cast<std::size_t>(ranked.front().second)].category,
              "PRODUCE > TROPICAL FRUIT > BANANAS");
    int withPath = 0;
    for (std::size_t r = 0; r < 100; ++r)
        withPath += ds->items[static_cast<std::size_t>(ranked[r].second)].category.empty() ? 0 : 1;
    EXPECT_EQ(withPath, 98);
}

// --k-core 1 leaves out the catalog products nobody bought (most of Dunnhumby's catalog) and
// keeps every purchase; the expected count is the number of distinct products in the
// sequences of the unfiltered import.
TEST(DataCatalogMapping, KCoreOneDropsOnlyTheNeverBoughtProducts) {
    const std::string dir = test::realDataPath("dunnhumby-complete-journey-sample");
    ASSERT_FALSE(dir.empty());
    ImportOptions o;
    o.format = DataFormat::Csv;
    o.userColumn = "household_id";
    o.itemColumn = "product_id";
    o.timeColumn = "transaction_timestamp";
    o.catalogPath = dir + "/products.csv";
    o.catalogColumns.item = "product_id";
    o.catalogColumns.category = {"department", "product_category", "product_type"};
    auto all = loadDataset(dir + "/transactions_sample.csv", o);
    ASSERT_TRUE(all.ok()) << all.error().message;
    std::set<std::string> bought;
    for (const User& u : all->users)
        for (ItemIndex i : u.sequence)
            bought.insert(all->items[static_cast<std::size_t>(i)].id);
    ASSERT_LT(bought.size(), all->items.size() / 2); // the catalog is mostly never bought
    o.kCore = 1;
    auto kept = loadDataset(dir + "/transactions_sample.csv", o);
    ASSERT_TRUE(kept.ok()) << kept.error().message;
    EXPECT_EQ(kept->items.size(), bought.size());
    EXPECT_EQ(kept->users.size(), all->users.size());
    EXPECT_EQ(kept->interactionCount(), all->interactionCount());
    EXPECT_EQ(datasetStats(*kept).itemsNeverBought, 0);
    for (const Item& it : kept->items)
        EXPECT_TRUE(bought.count(it.id)) << it.id;
    // The catalog's fields survive the remapping.
    EXPECT_EQ(item(*kept, "940996").category, "MEAT-PCKGD > LUNCHMEAT > HAM");
    const std::string removed =
        groupedInt(static_cast<long long>(all->items.size() - bought.size())) +
        " products nobody bought"; // grouped: "71,434"
    EXPECT_TRUE(hasNote(*kept, removed)) << "a clean-up note names the " << removed;
}
