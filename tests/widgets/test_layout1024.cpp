// The workbench at 1,024 x 700 (issue #15): the Customers list keeps at least a dozen rows while
// the project has no bookmark, the Customers dock keeps one width on every tab and no tab's
// page is cut at the bottom, the Search tab's attention heatmap is on screen without scrolling
// the window, and so is the project note on the Project tab; the What-if history and the
// Merchant lists keep eight rows each with the Messages dock open, and the Merchant tables show
// every column header without scrolling sideways; Saliency's two tables keep five rows each
// and each group of the faithfulness columns shows its headers whole.
// Attention labels every purchase of an 18-long history; long titles (as on Amazon) are elided
// inside the What-if history list and kept apart in its Before/After tables, and the Top-K
// "Why this list" line keeps to two lines.
// The Tune panel, the report dialog, the Customers headers, the Project tab's Dataset box and
// the Top-K labels: test_layout1024panels.cpp.

#include "layout1024fixture.h"
#include "tinysearchmodel.h"

#include "attentionview.h"
#include "bookmarksdock.h"
#include "catalogmodelpicker.h"
#include "counterfactualview.h"
#include "customersview.h"
#include "distinctelide.h"
#include "historyeditlist.h"
#include "merchantcustomerstable.h"
#include "merchantview.h"
#include "projectactions.h"
#include "projectdocument.h"
#include "projectnoteedit.h"
#include "projectview.h"
#include "saliencytables.h"
#include "saliencyview.h"
#include "searchexplainpanel.h"
#include "searchview.h"
#include "topkmatrixview.h"

#include "qcp.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>

#include <map>

namespace reclens::test {

TEST_F(Layout1024Test, CustomersListShowsTwelveRowsAt1024x700WhileBookmarksAreEmpty) {
    QSettings().remove(QStringLiteral("window/bookmarksHidden"));
    showAt1024x700();
    openSample();
    settle();
    BookmarksDock* dock = window->projectActions()->bookmarksDock();
    ASSERT_TRUE(window->projectActions()->document()->project().bookmarks.empty());
    EXPECT_FALSE(dock->isVisible()) << "an empty Bookmarks dock takes space";
    EXPECT_GE(visibleRows(window->customersView()->listView()), 12);

    // The first bookmark brings the dock; removing the last one hides it again.
    controller->selectCustomer(0);
    window->projectActions()->bookmarkAction()->trigger();
    settle();
    EXPECT_TRUE(dock->isVisible());
    EXPECT_GE(visibleRows(window->customersView()->listView()), 5) << "the list still shows";
    window->projectActions()->document()->removeBookmark(0);
    settle();
    EXPECT_FALSE(dock->isVisible());

    // Hidden from the View menu while it lists bookmarks: remembered, a project change keeps it
    // hidden; a new bookmark shows it again.
    window->projectActions()->bookmarkAction()->trigger();
    settle();
    ASSERT_TRUE(dock->isVisible());
    dock->toggleViewAction()->trigger();
    settle();
    EXPECT_FALSE(dock->isVisible());
    EXPECT_TRUE(BookmarksDock::hiddenByUser());
    window->projectActions()->document()->setBookmarkLabel(0, QStringLiteral("kept"));
    dock->followDocument();
    settle();
    EXPECT_FALSE(dock->isVisible()) << "the analyst's choice was forgotten";
    controller->selectCustomer(1);
    window->projectActions()->bookmarkAction()->trigger();
    settle();
    EXPECT_TRUE(dock->isVisible());
    EXPECT_FALSE(BookmarksDock::hiddenByUser());
}

TEST_F(Layout1024Test, CustomersDockKeepsOneWidthOnEveryTabAt1024x700) {
    // The Merchant tab with a finished analysis: its widest content.
    analyseMerchantAt1024x700();
    ASSERT_FALSE(HasFatalFailure());
    const int width = window->customersView()->width();
    EXPECT_GE(width, 300) << "the dock was squeezed";
    for (int tab = 0; tab < window->tabs()->count(); ++tab) {
        QSignalSpy topK(controller.get(), &WorkbenchController::topKExplanationsChanged);
        window->showTab(static_cast<MainWindow::Tab>(tab));
        // The Top-K tab explains the whole list on show; its status line then says how long
        // it took, the line that widened the page and shrank the dock for good.
        if (tab == MainWindow::TopKTab && !controller->topKExplanations()) {
            ASSERT_TRUE(topK.wait(60000));
        }
        settle();
        EXPECT_EQ(window->customersView()->width(), width)
            << "tab " << window->tabs()->tabText(tab).toStdString();
        // No page is taller than its tab: the tab's scroll area never scrolls vertically
        // (its bar is off), so a taller page is cut at the bottom (PageBody's case).
        auto* page = qobject_cast<QScrollArea*>(window->tabs()->currentWidget());
        ASSERT_TRUE(page);
        EXPECT_LE(page->widget()->height(), page->viewport()->height())
            << window->tabs()->tabText(tab).toStdString() << " is cut at the bottom";
        // No page widens the window's centre: these fit without sideways scrolling.
        if (tab == MainWindow::AttentionTab || tab == MainWindow::TopKTab ||
            tab == MainWindow::SearchTab) {
            auto* area = qobject_cast<QScrollArea*>(window->tabs()->currentWidget());
            ASSERT_TRUE(area);
            EXPECT_LE(area->widget()->width(), area->viewport()->width())
                << window->tabs()->tabText(tab).toStdString() << " is wider than its tab";
        }
    }
    EXPECT_LE(window->width(), 1024);
}

TEST_F(Layout1024Test, SearchHeatmapIsOnScreenAt1024x700WithoutScrollingTheWindow) {
    showAt1024x700();
    openSample();
    auto ds = controller->dataset();
    const QString path = tinySearchModelPath(ds->fingerprint);
    ensureTinySearchModel(*ds, path);
    ASSERT_FALSE(HasFatalFailure());
    controller->openCheckpoint(path);
    ASSERT_TRUE(waitFor(&WorkbenchController::searchModelChanged));
    controller->selectCustomer(3);
    window->showTab(MainWindow::SearchTab);
    SearchView* view = window->searchView();
    view->queryEdit()->setText(QStringLiteral("home"));
    QSignalSpy explained(controller.get(), &WorkbenchController::searchExplanationChanged);
    view->runQuery();
    ASSERT_TRUE(explained.wait(30000)) << errors.join(QStringLiteral("\n")).toStdString();
    settle();
    // The results and the start of the explanation share the first inner tab.
    EXPECT_TRUE(fullyOnScreen(view->resultsTable(), window.get()));
    EXPECT_GE(visibleRows(view->resultsTable()), 3);
    // The heatmap: one click on its inner tab, then all of it inside the window.
    view->showAttention();
    settle();
    AttentionView* attention = view->explainPanel()->attentionView();
    attention->flush();
    EXPECT_TRUE(fullyOnScreen(attention->plot(), window.get()));
    EXPECT_GE(attention->plot()->height(), 200) << "too short for its labels";
    EXPECT_LE(window->height(), 700);
    EXPECT_TRUE(view->innerTabs()->tabText(1).contains(QStringLiteral("#")));
}

TEST_F(Layout1024Test, ProjectNoteIsOnScreenAt1024x700WithoutScrollingOrSqueezingTheForm) {
    showAt1024x700();
    openSample();
    window->showTab(MainWindow::ProjectTab);
    settle();
    ProjectView* view = window->projectView();
    auto* header = view->findChild<QToolButton*>(QStringLiteral("projectNoteHeader"));
    auto* edit = view->findChild<ProjectNoteEdit*>();
    ASSERT_TRUE(header && edit);
    // Closed, the note's first line is on screen, at the top of the settings column.
    window->projectActions()->document()->setProjectNote(
        QStringLiteral("Checked the k-core filter\nAsk the client about returns"));
    settle();
    EXPECT_TRUE(fullyOnScreen(header, window.get())) << "the note's line needs scrolling";
    EXPECT_TRUE(header->text().contains(QStringLiteral("Checked the k-core filter")))
        << header->text().toStdString();
    EXPECT_FALSE(header->text().contains(QStringLiteral("returns")));
    EXPECT_TRUE(header->toolTip().contains(QStringLiteral("Ask the client about returns")));
    // The form's rows keep their height, closed and open.
    auto formKeepsItsSize = [view] {
        for (QAbstractSpinBox* s : view->findChildren<QAbstractSpinBox*>())
            if (s->height() < s->minimumSizeHint().height())
                return false;
        return true;
    };
    EXPECT_TRUE(formKeepsItsSize());
    EXPECT_TRUE(fullyOnScreen(view->trainButton(), window.get()));
    // One click opens the editor, whole and on screen; the Train row stays in view.
    header->click();
    settle();
    EXPECT_TRUE(fullyOnScreen(edit, window.get())) << "the open note needs scrolling";
    EXPECT_EQ(edit->toPlainText(),
              QStringLiteral("Checked the k-core filter\nAsk the client about returns"));
    EXPECT_TRUE(fullyOnScreen(view->trainButton(), window.get()));
    EXPECT_TRUE(formKeepsItsSize());
    EXPECT_LE(window->width(), 1024);
    EXPECT_LE(window->height(), 700);
}

TEST_F(Layout1024Test, WhatIfShowsEightHistoryRowsAndReadableBeforeAfterAt1024x700) {
    showAt1024x700();
    openSampleWithModel();
    ASSERT_FALSE(HasFatalFailure());
    const UserIndex u = customerWithHistory(*controller->dataset(), 12);
    selectAndWait(u);
    window->showTab(MainWindow::WhatIfTab);
    settle();
    ASSERT_TRUE(window->findChild<QDockWidget*>(QStringLiteral("messagesDock"))->isVisible());
    CounterfactualView* view = window->counterfactualView();
    ASSERT_GE(view->historyList()->count(), 12);
    EXPECT_GE(visibleRows(view->historyList()), 8) << "the history list is cramped";
    // An edit fills the After table; both tables show ranks and titles a user can read.
    QSignalSpy changed(controller.get(), &WorkbenchController::whatIfChanged);
    view->setRemoved(0, true);
    ASSERT_TRUE(changed.wait(30000));
    settle();
    for (QTableView* t : {view->beforeTable(), view->afterTable()}) {
        ASSERT_GT(t->model()->rowCount(), 0);
        const int product = t == view->afterTable() ? 2 : 1;
        EXPECT_GE(t->columnWidth(product), 170) << "titles elide to nothing";
        EXPECT_GE(t->columnWidth(0), t->fontMetrics().horizontalAdvance(QStringLiteral("Rank")));
        EXPECT_TRUE(fullyOnScreen(t, window.get()));
        EXPECT_GE(visibleRows(t), 4);
    }
    EXPECT_EQ(view->tablesSplitter()->orientation(), Qt::Vertical) << "stacked when narrow";
    EXPECT_TRUE(view->whatIfLabel()->isVisible());
    EXPECT_FALSE(view->whatIfLabel()->text().isEmpty());
    // Wide, the two tables sit side by side.
    window->resize(1600, 1000);
    window->fitDocksToWindow();
    settle();
    EXPECT_EQ(view->tablesSplitter()->orientation(), Qt::Horizontal);
    EXPECT_LE(window->width(), 1600);
}

TEST_F(Layout1024Test, WhatIfTablesKeepSimilarLongTitlesApartAt1024x700) {
    // Every title shares its first 100 characters and ends in one of 40 lengths ("x 8 in
    // Length"): elided in the middle, different products read the same.
    openLongTitleShopAt1024x700(/*withModel=*/true);
    ASSERT_FALSE(HasFatalFailure());
    selectAndWait(customerWithHistory(*controller->dataset(), 12));
    window->showTab(MainWindow::WhatIfTab);
    settle();
    CounterfactualView* view = window->counterfactualView();
    QSignalSpy changed(controller.get(), &WorkbenchController::whatIfChanged);
    view->setRemoved(0, true);
    ASSERT_TRUE(changed.wait(30000));
    settle();
    for (QTableView* t : {view->beforeTable(), view->afterTable()}) {
        const int product = t == view->afterTable() ? 2 : 1;
        const bool after = t == view->afterTable();
        ASSERT_GE(t->model()->rowCount(), 10);
        std::map<QString, QString> titleShownAs; // what the view draws -> the whole title
        int elided = 0;
        for (int r = 0; r < t->model()->rowCount(); ++r) {
            const QModelIndex i = t->model()->index(r, product);
            const QString title = i.data().toString();
            const QString shown = shownCellText(t, i);
            elided += shown != title;
            EXPECT_LE(t->fontMetrics().horizontalAdvance(shown), t->columnWidth(product))
                << shown.toStdString();
            auto [it, inserted] = titleShownAs.emplace(shown, title);
            EXPECT_TRUE(inserted || it->second == title)
                << (after ? "after" : "before") << ": \"" << it->second.toStdString() << "\" and \""
                << title.toStdString() << "\" both read \"" << shown.toStdString() << "\"";
        }
        EXPECT_GT(elided, 0) << "no title needed eliding";
    }
}

TEST_F(Layout1024Test, WhatIfSentenceGroupsRanksAndNamesAtMostThreeProducts) {
    openSample();
    const Dataset& ds = *controller->dataset();
    ASSERT_GE(ds.items.size(), 25u);
    WhatIfResult w;
    w.target = 0;
    w.targetChange = {0, 1, 3457, 5.766f, -1.813f};
    for (ItemIndex i = 1; i <= 5; ++i)
        w.movedOut.push_back({i, static_cast<int>(i), 30, 1.0f, 0.0f});
    for (ItemIndex i = 5; i < 25; ++i)
        w.after.push_back({i, 0.5f, static_cast<int>(i) - 4});
    const QString text = whatIfSentence(w, ds);
    EXPECT_TRUE(text.contains(QStringLiteral("rank 1 → <b>3,457</b>"))) << text.toStdString();
    EXPECT_FALSE(text.contains(QStringLiteral("3457")));
    EXPECT_TRUE(text.contains(QStringLiteral("and 2 more"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("top 20"))) << text.toStdString();
}

TEST_F(Layout1024Test, MerchantListsShowEightRowsEachAt1024x700WithMessagesOpen) {
    analyseMerchantAt1024x700();
    ASSERT_FALSE(HasFatalFailure());
    auto* messages = window->findChild<QDockWidget*>(QStringLiteral("messagesDock"));
    ASSERT_TRUE(messages->isVisible());
    EXPECT_GE(messages->widget()->height(), 2 * messages->fontMetrics().lineSpacing())
        << "the Messages dock shows at least two lines";
    QTableView* products = window->merchantView()->catalogPicker()->table();
    QTableView* customers = window->merchantView()->customersTable()->table();
    EXPECT_GE(visibleRows(products), 8) << "the product list is cramped";
    EXPECT_GE(visibleRows(customers), 8) << "the customers table is cramped";
    EXPECT_TRUE(fullyOnScreen(products, window.get()));
    EXPECT_TRUE(fullyOnScreen(customers, window.get()));
    // Readable without scrolling sideways: every header whole (the customers table was
    // ~270 px wide and cut its Purchases column); long ids and titles elide instead.
    std::string why;
    EXPECT_TRUE(headersFullyVisible(products, &why)) << "products: " << why;
    EXPECT_TRUE(headersFullyVisible(customers, &why)) << "customers: " << why;
    EXPECT_LE(window->width(), 1024);
    EXPECT_LE(window->height(), 700);
}

TEST_F(Layout1024Test, SaliencyTablesShowFiveRowsEachAt1024x700) {
    showAt1024x700();
    openSampleWithModel();
    ASSERT_FALSE(HasFatalFailure());
    selectAndWait(3);
    window->showTab(MainWindow::SaliencyTab);
    settle();
    SaliencyTables* tables = window->saliencyView()->tables();
    QTableView* faith = tables->faithfulnessTable();
    QTableView* agree = tables->agreementTable();
    ASSERT_GE(faith->model()->rowCount(), 5);
    ASSERT_GE(agree->model()->rowCount(), 5);
    // Each table as the analyst sees it: beside the other, or on its own tab.
    auto shownRows = [&](QTableView* table) {
        if (!tables->stacked())
            tables->tableTabs()->setCurrentWidget(table->parentWidget());
        settle();
        EXPECT_TRUE(fullyOnScreen(table, window.get()));
        return visibleRows(table);
    };
    EXPECT_GE(shownRows(faith), 5) << "faithfulness, stacked " << tables->stacked();
    // Every column header whole, without scrolling sideways: all eleven scrolled and POS@10 was
    // cut at the right edge. Here they do not all fit: the first group is shown, then each group
    // the analyst picks.
    QComboBox* groups = tables->faithfulnessColumns();
    ASSERT_EQ(groups->count(), 4);
    if (!tables->stacked())
        tables->tableTabs()->setCurrentWidget(faith->parentWidget());
    settle();
    EXPECT_EQ(groups->currentIndex(), SaliencyTables::kAucGroup);
    EXPECT_TRUE(
        faith->model()
            ->headerData(faith->horizontalHeader()->logicalIndexAt(faith->viewport()->width() - 2),
                         Qt::Horizontal)
            .toString()
            .startsWith(QStringLiteral("NEG@10")))
        << "the first group ends with NEG@10";
    for (int g = SaliencyTables::kAucGroup; g < groups->count(); ++g) {
        groups->setCurrentIndex(g);
        Q_EMIT groups->activated(g); // as the analyst's pick
        settle();
        std::string why;
        EXPECT_TRUE(headersFullyVisible(faith, &why))
            << groups->itemText(g).toStdString() << ": " << why;
        int shown = 0;
        for (int c = 1; c < faith->model()->columnCount(); ++c)
            shown += faith->isColumnHidden(c) ? 0 : 1;
        EXPECT_GE(shown, 3) << groups->itemText(g).toStdString();
    }
    groups->setCurrentIndex(SaliencyTables::kAucGroup);
    EXPECT_GE(shownRows(agree), 5) << "agreement, stacked " << tables->stacked();
    // The cost is one line; its whole text is in the tooltip.
    auto* cost = tables->findChild<QLabel*>(QStringLiteral("saliencyCost"));
    ASSERT_TRUE(cost);
    EXPECT_EQ(cost->height(), cost->sizeHint().height());
    EXPECT_TRUE(cost->toolTip().startsWith(window->saliencyView()->costLabelText()));
    auto* page = qobject_cast<QScrollArea*>(window->tabs()->currentWidget());
    ASSERT_TRUE(page);
    EXPECT_LE(page->widget()->height(), page->viewport()->height()) << "the page is cut";

    // With the height for both, they stand one above the other again.
    window->resize(1600, 1000);
    window->fitDocksToWindow();
    settle();
    EXPECT_TRUE(tables->stacked());
    EXPECT_TRUE(fullyOnScreen(faith, window.get()));
    EXPECT_TRUE(fullyOnScreen(agree, window.get()));
    EXPECT_GE(visibleRows(faith), 5);
    EXPECT_GE(visibleRows(agree), 5);
}

TEST_F(Layout1024Test, AttentionLabelsEveryPurchaseOfAnEighteenLongHistoryAt1024x700) {
    // Long titles (as on Amazon): the newest purchase's label needs room on the right, which
    // the sample's short titles do not.
    openLongTitleShopAt1024x700(/*withModel=*/true);
    ASSERT_FALSE(HasFatalFailure());
    selectAndWait(customerWithHistory(*controller->dataset(), 18));
    window->showTab(MainWindow::AttentionTab);
    AttentionView* view = window->attentionView();
    view->setMode(AttentionView::LastPosition);
    settle();
    view->flush();
    settle();
    QCustomPlot* plot = view->plot();
    auto* map = qobject_cast<QCPColorMap*>(plot->plottable(0));
    ASSERT_TRUE(map);
    const int columns = map->data()->keySize();
    ASSERT_GE(columns, 18);
    // At 55 degrees every other purchase lost its label at 1,024 px.
    EXPECT_EQ(plot->xAxis->ticker().staticCast<QCPAxisTickerText>()->ticks().size(), columns)
        << "purchases left without a label";
    EXPECT_EQ(plot->yAxis->ticker().staticCast<QCPAxisTickerText>()->ticks().size(),
              map->data()->valueSize())
        << "heads left without a label";
}

TEST_F(Layout1024Test, WhatIfHistoryElidesLongTitlesInsideTheListAt1024x700) {
    openLongTitleShopAt1024x700();
    ASSERT_FALSE(HasFatalFailure());
    window->showTab(MainWindow::WhatIfTab);
    const Dataset& ds = *controller->dataset();
    HistoryEditList* list = window->counterfactualView()->historyList();
    list->load(ds, ds.users[static_cast<size_t>(customerWithHistory(ds, 12))].sequence);
    settle();
    ASSERT_GE(list->count(), 12);
    ASSERT_TRUE(list->isVisible());
    // The titles ran past the right edge behind a sideways scroll bar; now each row ends
    // inside the list and its title is elided (the tooltip has it whole).
    EXPECT_EQ(list->horizontalScrollBar()->maximum(), 0);
    for (int r = 0; r < list->count(); ++r)
        EXPECT_LE(list->visualItemRect(list->item(r)).right(), list->viewport()->width())
            << "row " << r;
}

TEST_F(Layout1024Test, WhyThisListKeepsToTwoLinesWithLongTitlesAt1024x700) {
    openLongTitleShopAt1024x700();
    ASSERT_FALSE(HasFatalFailure());
    window->showTab(MainWindow::TopKTab);
    settle();
    const QLabel* label = window->topKMatrixView()->whyListLabel();
    const int width = label->contentsRect().width();
    ASSERT_GT(width, 400) << "the label is not laid out";
    // RankingSHAP values of an 18-long history, the first purchase the strongest.
    const Dataset& ds = *controller->dataset();
    const History history = ds.users[static_cast<size_t>(customerWithHistory(ds, 18))].sequence;
    ListShapleyExplanation l;
    l.k = 10;
    l.shapley.scoreEmpty = 0.24f;
    for (size_t i = 0; i < history.size(); ++i)
        l.shapley.values.push_back(0.5f / static_cast<float>(i + 1));
    const QString text = whyThisListSentence(l, history, ds, label->font(), width);
    // Measured independently of the fitting: a label with that text at that width.
    QLabel shown;
    shown.setWordWrap(true);
    shown.setFont(label->font());
    shown.setText(text);
    const int lineHeight = QFontMetrics(label->font()).lineSpacing();
    EXPECT_LT(shown.heightForWidth(width), lineHeight * 5 / 2)
        << "more than two lines at " << width << " px: " << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral(" · "))) << "names a single purchase";
    EXPECT_TRUE(text.contains(QStringLiteral("6061 Aluminum"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("0.50"))) << "the strongest purchase is named";
}

} // namespace reclens::test
