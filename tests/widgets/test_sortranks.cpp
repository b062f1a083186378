// The text columns of the product list sort by ranks computed once per dataset (issue 16: a
// million titles took 37 s to sort). Ranks must give exactly the order the comparators give,
// in both directions and for any filtered subset: checked here against std::stable_sort with
// textLess / idLess directly, on titles built to defeat an 8-byte prefix shortcut.

#include "catalogmodel.h"
#include "tableutil.h"

#include <QFile>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest/QTest>

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace reclens::test {

namespace {

std::shared_ptr<const Dataset> shopWithTrickyTitles() {
    auto ds = std::make_shared<Dataset>();
    std::mt19937 rng(7);
    const std::vector<std::string> stems = {"6061 Aluminum Round Rod, ",
                                            "6061 aluminum round rod, ",
                                            "Abc",
                                            "abc",
                                            "",
                                            "Zz",
                                            "Ä umlaut",
                                            "a"};
    std::uniform_int_distribution<size_t> stem(0, stems.size() - 1);
    std::uniform_int_distribution<int> num(0, 40);
    for (int i = 0; i < 3000; ++i) {
        Item it;
        // Ids mix numbers of different lengths, leading zeros and text.
        it.id = i % 3 == 0   ? std::to_string(num(rng) * 37)
                : i % 3 == 1 ? "0" + std::to_string(i)
                             : "sku-" + std::to_string(i);
        it.title = stems[stem(rng)] + std::to_string(num(rng)) + (i % 5 == 0 ? " in" : "");
        it.category = stems[stem(rng)];
        ds->items.push_back(std::move(it));
    }
    return ds;
}

std::vector<std::int32_t> expectedOrder(const Dataset& ds, const std::vector<std::int32_t>& rows,
                                        bool ascending,
                                        bool (*less)(const std::string&, const std::string&),
                                        const std::string& (*field)(const Item&)) {
    std::vector<std::int32_t> out = rows;
    std::stable_sort(out.begin(), out.end(), [&](std::int32_t a, std::int32_t b) {
        const std::string &x = field(ds.items[static_cast<size_t>(a)]),
                          &y = field(ds.items[static_cast<size_t>(b)]);
        return ascending ? less(x, y) : less(y, x);
    });
    return out;
}

std::vector<std::int32_t> shown(const CatalogModel& m) {
    std::vector<std::int32_t> out;
    for (int r = 0; r < m.rowCount(); ++r)
        out.push_back(m.itemAt(r));
    return out;
}

const std::string& titleOf(const Item& it) {
    return it.title.empty() ? it.id : it.title;
}
const std::string& idOf(const Item& it) {
    return it.id;
}
const std::string& categoryOf(const Item& it) {
    return it.category;
}

} // namespace

TEST(SortRanks, ProductListOrdersEqualTheComparatorsInBothDirectionsAndUnderAFilter) {
    const auto ds = shopWithTrickyTitles();
    CatalogModel m; // 3,000 rows: queried synchronously
    m.setDataset(ds);
    std::vector<std::int32_t> all(ds->items.size());
    for (size_t i = 0; i < all.size(); ++i)
        all[i] = static_cast<std::int32_t>(i);
    struct Case {
        int column;
        bool (*less)(const std::string&, const std::string&);
        const std::string& (*field)(const Item&);
    };
    for (const Case& c : {Case{CatalogModel::TitleColumn, textLess, titleOf},
                          Case{CatalogModel::IdColumn, idLess, idOf},
                          Case{CatalogModel::CategoryColumn, textLess, categoryOf}}) {
        for (bool ascending : {true, false}) {
            m.setFilterText(QString());
            m.sort(c.column, ascending ? Qt::AscendingOrder : Qt::DescendingOrder);
            EXPECT_EQ(shown(m), expectedOrder(*ds, all, ascending, c.less, c.field))
                << "column " << c.column << (ascending ? " ascending" : " descending");
            // A filtered subset sorts by the same ranks.
            m.setFilterText(QStringLiteral("rod"));
            std::vector<std::int32_t> matching;
            for (std::int32_t i : all) {
                std::string t = ds->items[static_cast<size_t>(i)].title;
                std::string id = ds->items[static_cast<size_t>(i)].id;
                std::transform(t.begin(), t.end(), t.begin(), ::tolower);
                std::transform(id.begin(), id.end(), id.begin(), ::tolower);
                if (t.find("rod") != std::string::npos || id.find("rod") != std::string::npos)
                    matching.push_back(i);
            }
            ASSERT_FALSE(matching.empty());
            EXPECT_EQ(shown(m), expectedOrder(*ds, matching, ascending, c.less, c.field));
        }
    }
}

TEST(SortRanks, SnapshotCsvOfTheProductListEqualsTheCsvOfWhatTheViewShows) {
    const auto ds = shopWithTrickyTitles();
    CatalogModel m;
    m.setDataset(ds);
    m.setFilterText(QStringLiteral("rod"));
    m.sort(CatalogModel::TitleColumn, Qt::DescendingOrder);
    QTableView view;
    view.setModel(&m);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("list.csv"));
    bool done = false;
    QString error;
    exportTableCsv(&view, path, [&](const QString& e) {
        error = e;
        done = true;
    });
    for (int i = 0; i < 500 && !done; ++i)
        QTest::qWait(10);
    ASSERT_TRUE(done);
    EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    // The worker's snapshot path and the model's data() path give the same bytes.
    EXPECT_EQ(QString::fromUtf8(f.readAll()), tableToCsv(&m));
}

} // namespace reclens::test
