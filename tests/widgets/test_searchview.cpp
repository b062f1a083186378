// The Search tab end to end: a tiny search model trained on the bundled sample with its
// semi-synthetic query log (search/makequeries.h, what `reclens-cli make-queries` writes), opened
// through the controller like any checkpoint, a query typed for a customer, the results and the
// explanation of a selected result. The score on screen is checked against a fresh forward pass
// of a separately loaded SearchModel, not against the controller's own numbers.

#include "tinysearchmodel.h"
#include "workbenchfixture.h"

#include "attentionview.h"
#include "customersview.h"
#include "searchexplainpanel.h"
#include "searchview.h"

#include "data/querylog.h"
#include "search/makequeries.h"
#include "search/searchexplain.h"
#include "search/searchmodel.h"
#include "search/searchtrainer.h"

#include "qcp.h"

#include <QDir>
#include <QFileInfo>
#include <QLineEdit>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

#include <algorithm>

namespace reclens::test {

TEST_F(WorkbenchTest, SearchTabRanksExplainsAndShowsTheScoreOfAFreshForwardPass) {
    openSample();
    auto ds = controller->dataset();
    const QString path = tinySearchModelPath(ds->fingerprint);
    ensureTinySearchModel(*ds, path);
    ASSERT_FALSE(HasFatalFailure());

    // A search checkpoint opens like any model, but as the search model: no recommender appears.
    controller->openCheckpoint(path);
    ASSERT_TRUE(waitFor(&WorkbenchController::searchModelChanged))
        << errors.join(QStringLiteral("\n")).toStdString();
    ASSERT_TRUE(controller->searchModel()) << errors.join(QStringLiteral("\n")).toStdString();
    EXPECT_FALSE(controller->model());

    // A customer with enough purchases, and the query their last purchase would come from.
    const UserIndex u = 3;
    const History& history = ds->users[static_cast<std::size_t>(u)].sequence;
    ASSERT_GE(history.size(), 3u);
    const std::string query =
        search::itemQueries(*ds, {})[static_cast<std::size_t>(history.back())];
    ASSERT_FALSE(query.empty());
    window->customersView()->selectUser(u);
    if (controller->customer() != u)
        controller->selectCustomer(u);
    window->showTab(MainWindow::SearchTab);
    SearchView* view = window->searchView();
    ASSERT_TRUE(view->queryEdit()->isEnabled());

    // Typing and Enter: results, then the top result explained without a click.
    QSignalSpy explained(controller.get(), &WorkbenchController::searchExplanationChanged);
    view->queryEdit()->clear();
    QTest::keyClicks(view->queryEdit(), QString::fromStdString(query));
    QTest::keyClick(view->queryEdit(), Qt::Key_Return);
    ASSERT_TRUE(waitFor(&WorkbenchController::searchResultsChanged));
    const auto& results = controller->searchResults();
    ASSERT_TRUE(results);
    ASSERT_EQ(static_cast<int>(results->top.size()), controller->topK());
    ASSERT_EQ(view->resultsTable()->model()->rowCount(), controller->topK());
    ASSERT_TRUE(explained.wait(30000)) << errors.join(QStringLiteral("\n")).toStdString();

    // Select the third result: its explanation replaces the first one.
    const ItemIndex item = results->top[2].item;
    view->resultsTable()->selectRow(2);
    for (int i = 0; i < 5 && (!controller->searchExplanation() ||
                              controller->searchExplanation()->bundle.target != item);
         ++i)
        ASSERT_TRUE(explained.wait(30000)) << errors.join(QStringLiteral("\n")).toStdString();
    auto e = controller->searchExplanation();
    ASSERT_TRUE(e);
    ASSERT_EQ(e->bundle.target, item);

    // Independent check: a separately loaded model, one forward pass of (history, query).
    auto fresh = search::SearchModel::load(path.toStdString(), ds.get());
    ASSERT_TRUE(fresh.ok()) << fresh.error().message;
    const auto encoded = fresh->encodeQuery(query);
    const auto scored = fresh->scoreAll({{history, encoded.ids}});
    const float expected = scored.scores[static_cast<std::size_t>(item)];
    const QString cell = view->resultsTable()->model()->index(2, 3).data().toString();
    EXPECT_NEAR(cell.toDouble(), expected, 1.5e-3) << cell.toStdString();
    EXPECT_NEAR(e->bundle.targetScore, expected, 1e-4);
    const SearchExplainPanel* panel = view->explainPanel();
    EXPECT_TRUE(panel->headlineText().contains(QString::number(expected, 'f', 3)))
        << panel->headlineText().toStdString() << " vs " << expected;
    int above = 0;
    for (float s : scored.scores)
        above += s > expected ? 1 : 0;
    EXPECT_TRUE(panel->headlineText().contains(QStringLiteral("#%1 ").arg(above + 1)))
        << panel->headlineText().toStdString();

    // The explanation shows the words typed and the purchases, with the share and the gate.
    const QStringList bars = panel->barLabels();
    const auto words = std::count_if(bars.begin(), bars.end(), [](const QString& l) {
        return l.startsWith(QStringLiteral("word "));
    });
    EXPECT_EQ(words, static_cast<long>(encoded.ids.size()));
    EXPECT_EQ(bars.size() - words, static_cast<long>(std::min<std::size_t>(history.size(), 20)));
    EXPECT_TRUE(panel->shareText().contains(QStringLiteral("words typed")))
        << panel->shareText().toStdString();
    EXPECT_TRUE(panel->shareText().contains(QStringLiteral("purchases")));
    EXPECT_TRUE(panel->gateText().contains(QString::number(e->split.gate, 'f', 2)));
    EXPECT_TRUE(panel->factsText().contains(QString::fromStdString(e->summary)));
    // The attention heatmap: a row per layer and head, a column per purchase, word and the
    // SEARCH token; each cell the weight of a fresh attention pass of the separate model.
    const AttentionView* attention = panel->attentionView();
    attention->plot()->replot();
    const auto maps = fresh->attention({history, encoded.ids});
    ASSERT_EQ(attention->rowCount(), maps.layers * maps.heads)
        << attention->statusText().toStdString();
    ASSERT_EQ(attention->columnCount(), maps.length);
    EXPECT_EQ(maps.length, static_cast<int>(bars.size()) + 1);
    for (int r = 0; r < attention->rowCount(); ++r)
        for (int k = 0; k < maps.length; ++k)
            EXPECT_NEAR(attention->cellValue(r, k),
                        maps.at(r / maps.heads, r % maps.heads, maps.length - 1, k), 1e-5)
                << "row " << r << " column " << k;
    // A counterfactual line is shown only for what a fresh pass confirmed: re-check it here.
    if (e->counterfactualQuery && e->counterfactualQuery->result.verified) {
        std::vector<text::WordId> kept;
        const auto& removed = e->counterfactualQuery->result.removedPositions;
        for (std::size_t w = 0; w < encoded.ids.size(); ++w)
            if (std::find(removed.begin(), removed.end(), e->purchaseCount + static_cast<int>(w)) ==
                removed.end())
                kept.push_back(encoded.ids[w]);
        const auto without = fresh->scoreAll({{history, kept}});
        const float v = without.scores[static_cast<std::size_t>(item)];
        const auto higher = std::count_if(without.scores.begin(), without.scores.end(),
                                          [v](float s) { return s > v; });
        EXPECT_GE(higher, e->bundle.k) << "the verified counterfactual keeps it in the top-K";
        EXPECT_TRUE(panel->factsText().contains(QStringLiteral("Without the word")));
    }
    EXPECT_TRUE(errors.isEmpty()) << errors.join(QStringLiteral("\n")).toStdString();
    EXPECT_EQ(MainWindow::panelTopic(MainWindow::SearchTab), "panel_search");
}

} // namespace reclens::test
