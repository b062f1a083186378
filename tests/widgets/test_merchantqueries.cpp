// The Merchant tab's search queries (MerchantQueriesPanel): shown only with a search model, its
// table filled by a controller job whose counts match fresh forward passes of a separately
// loaded model, and gone, with the Search tab's query box, once another dataset is opened
// (the search model belongs to the first one).

#include "tinysearchmodel.h"
#include "workbenchfixture.h"

#include "merchantqueriespanel.h"
#include "merchantview.h"
#include "searchview.h"

#include "search/makequeries.h"
#include "search/searchmerchant.h"
#include "search/searchmodel.h"

#include <QAbstractItemModel>
#include <QFile>
#include <QLineEdit>
#include <QTableView>
#include <QTemporaryDir>

namespace reclens::test {

TEST_F(WorkbenchTest, MerchantQueriesFollowTheSearchModelAndLeaveWithItsDataset) {
    openSample();
    auto ds = controller->dataset();
    const QString path = tinySearchModelPath(ds->fingerprint);
    ensureTinySearchModel(*ds, path);
    ASSERT_FALSE(HasFatalFailure());
    auto* panel = window->merchantView()->findChild<MerchantQueriesPanel*>();
    ASSERT_NE(panel, nullptr);
    EXPECT_FALSE(panel->offersSearch()) << "no search model yet";
    EXPECT_TRUE(panel->isHidden());

    controller->openCheckpoint(path);
    ASSERT_TRUE(waitFor(&WorkbenchController::searchModelChanged))
        << errors.join(QStringLiteral("\n")).toStdString();
    ASSERT_TRUE(controller->searchModel());
    EXPECT_TRUE(panel->offersSearch());
    EXPECT_FALSE(panel->isHidden());

    // The most purchased product of the sample, over the queries made from the catalog.
    std::vector<int> bought(ds->items.size(), 0);
    for (const auto& u : ds->users)
        for (ItemIndex i : u.sequence)
            ++bought[static_cast<std::size_t>(i)];
    const auto item =
        static_cast<ItemIndex>(std::max_element(bought.begin(), bought.end()) - bought.begin());
    panel->analyse(item);
    ASSERT_TRUE(waitFor(&WorkbenchController::itemSearchesChanged))
        << errors.join(QStringLiteral("\n")).toStdString();
    const auto r = controller->itemSearches();
    ASSERT_TRUE(r);
    ASSERT_EQ(r->item, item);
    ASSERT_EQ(panel->queriesTable()->model()->rowCount(), static_cast<int>(r->queries.size()));
    ASSERT_GT(r->queries.size(), 0u);

    // Independent check of the first row: a separately loaded model, one pass per search.
    const auto& q = r->queries.front();
    auto fresh = search::SearchModel::load(path.toStdString(), ds.get());
    ASSERT_TRUE(fresh.ok()) << fresh.error().message;
    QueryLog made;
    made.records = search::makeQueries(*ds).records;
    search::SearchMerchantConfig cfg; // the controller's defaults: same seeded sample
    cfg.k = controller->topK();
    cfg.maxFailingQueries = 0;
    const auto again = search::explainItemSearches(*fresh, *ds, made, item, cfg);
    ASSERT_FALSE(again.queries.empty());
    EXPECT_EQ(again.queries.front().query, q.query);
    EXPECT_EQ(again.queries.front().inTopK, q.inTopK);
    EXPECT_EQ(panel->queriesTable()->model()->index(0, 1).data().toString(),
              QString::number(q.searches));

    // Another dataset: the search model (trained on the sample) cannot rank it and is dropped.
    QTemporaryDir dir;
    const QString shop = dir.filePath(QStringLiteral("shop.csv"));
    {
        QFile f(shop);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("user,item,timestamp\n");
        for (int u = 0; u < 30; ++u)
            for (int t = 0; t < 6; ++t)
                f.write(QStringLiteral("u%1,p%2,%3\n")
                            .arg(u)
                            .arg((u * 5 + t * 3) % 17)
                            .arg(1000 + t)
                            .toUtf8());
    }
    controller->openDataset(shop);
    ASSERT_TRUE(waitFor(&WorkbenchController::datasetChanged))
        << errors.join(QStringLiteral("\n")).toStdString();
    EXPECT_FALSE(controller->searchModel());
    EXPECT_FALSE(controller->itemSearches());
    EXPECT_FALSE(panel->offersSearch());
    EXPECT_TRUE(panel->isHidden());
    EXPECT_EQ(panel->queriesTable()->model()->rowCount(), 0);
    EXPECT_FALSE(window->searchView()->queryEdit()->isEnabled());
}

} // namespace reclens::test
