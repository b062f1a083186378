// Readable on real catalogs: long, similar product titles (as on Amazon Scientific) must not
// widen the window or push the numbers out of view.

#include "customersview.h"
#include "recommendationsview.h"
#include "saliencyview.h"
#include "summarybar.h"
#include "titletext.h"
#include "workbenchfixture.h"

#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QStandardItemModel>
#include <QTableView>
#include <QTemporaryDir>

namespace reclens::test {

TEST(TitleText, ElidesInTheMiddleAtWordBoundaries) {
    const QString t = QStringLiteral("6061 Aluminum Round Rod, Unpolished Mill Finish, Extruded, "
                                     "ASTM B221, 1/2 in Diameter x 12 in Length");
    const QString e = elideTitleMiddle(t, 40);
    EXPECT_LE(e.size(), 43) << e.toStdString();
    EXPECT_TRUE(e.startsWith(QStringLiteral("6061 Aluminum"))) << e.toStdString();
    EXPECT_TRUE(e.endsWith(QStringLiteral("12 in Length"))) << e.toStdString();
    EXPECT_TRUE(e.contains(QStringLiteral(" … "))) << e.toStdString();
    EXPECT_EQ(elideTitleMiddle(QStringLiteral("Short title"), 40), QStringLiteral("Short title"));
}

TEST_F(WorkbenchTest, LongTitlesKeepWindowWithin1024AndScoreColumnInView) {
    QTemporaryDir dir;
    const QString shop = writeLongTitleShop(dir.path());
    window->resize(1024, 700);
    controller->openDataset(shop);
    ASSERT_TRUE(waitFor(&WorkbenchController::datasetChanged))
        << errors.join(QStringLiteral("\n")).toStdString();
    TrainConfig c = tinyTrainConfig();
    c.epochs = 1;
    controller->train(c);
    ASSERT_TRUE(waitFor(&WorkbenchController::trainingFinished, 240000));
    ASSERT_TRUE(controller->model());
    const Dataset& ds = *controller->dataset();
    UserIndex u = 0;
    while (ds.users[static_cast<size_t>(u)].sequence.size() < 12)
        ++u;
    selectAndWait(u);
    window->showTab(MainWindow::RecommendationsTab);
    for (int i = 0; i < 10; ++i)
        QCoreApplication::processEvents();

    EXPECT_LE(window->minimumSizeHint().width(), 1024);
    EXPECT_LE(window->width(), 1024) << "the window grew to fit a title";
    EXPECT_GE(window->customersView()->width(), 200) << "the Customers dock was squeezed";

    QTableView* table = window->recommendationsView()->table();
    auto* model = qobject_cast<QStandardItemModel*>(table->model());
    ASSERT_TRUE(model);
    ASSERT_GT(model->rowCount(), 0);
    int score = -1, price = -1, id = -1;
    for (int col = 0; col < model->columnCount(); ++col) {
        const QString h = model->headerData(col, Qt::Horizontal).toString();
        if (h.startsWith(QStringLiteral("Score")))
            score = col;
        else if (h == QStringLiteral("Price"))
            price = col;
        else if (h == QStringLiteral("Id"))
            id = col;
    }
    ASSERT_GE(score, 0);
    ASSERT_GE(price, 0);
    EXPECT_GE(id, 0) << "no Id column";
    for (int col : {score, price}) {
        const int right = table->columnViewportPosition(col) + table->columnWidth(col);
        EXPECT_GE(table->columnViewportPosition(col), 0);
        EXPECT_LE(right, table->viewport()->width())
            << model->headerData(col, Qt::Horizontal).toString().toStdString() << " cut off";
    }
    // The title column elides in the middle; the whole title is in the tooltip.
    const QModelIndex title = model->index(0, 2);
    EXPECT_EQ(table->textElideMode(), Qt::ElideMiddle);
    EXPECT_TRUE(title.data(Qt::ToolTipRole)
                    .toString()
                    .contains(title.data(Qt::DisplayRole).toString().toHtmlEscaped()));
    // Columns sort: by score, descending, the first row has the largest score.
    EXPECT_TRUE(table->isSortingEnabled());
    // The explanation header stays short: titles in it are shortened, the tooltip is whole.
    EXPECT_LE(window->summaryBar()->height(), 140);
    QLabel* summary = nullptr;
    for (QLabel* l : window->summaryBar()->findChildren<QLabel*>())
        if (!l->toolTip().isEmpty() && l->toolTip() == window->summaryBar()->summaryText())
            summary = l;
    ASSERT_TRUE(summary) << "the summary has no tooltip with the whole sentence";
    EXPECT_LT(summary->text().size(), window->summaryBar()->summaryText().size());
    // The head line naming the target: its title elided in the middle to the label's width
    // (it was cut at the right edge), the whole title in the tooltip; again after a resize.
    ASSERT_GE(controller->target(), 0);
    const QString target = itemTitle(ds, controller->target());
    QLabel* head = nullptr;
    for (QLabel* l : window->summaryBar()->findChildren<QLabel*>())
        if (l->toolTip() == target)
            head = l;
    ASSERT_TRUE(head) << "no label with the whole target title as its tooltip";
    auto headFits = [head] {
        if (head->sizeHint().width() > head->width())
            return false;
        // Nothing drawn in the last columns: a cut title leaves glyph pixels at the edge.
        const QImage img = head->grab().toImage();
        for (int x = img.width() - 3; x < img.width(); ++x)
            for (int y = 0; y < img.height(); ++y)
                if (img.pixel(x, y) != img.pixel(img.width() - 1, 0))
                    return false;
        return true;
    };
    EXPECT_TRUE(headFits()) << head->text().toStdString();
    EXPECT_TRUE(head->text().contains(QStringLiteral(" … "))) << head->text().toStdString();
    EXPECT_FALSE(head->text().contains(target.toHtmlEscaped()));
    const qsizetype shownAt1024 = head->text().size();
    window->resize(1600, 700);
    for (int i = 0; i < 10; ++i)
        QCoreApplication::processEvents();
    EXPECT_TRUE(headFits()) << head->text().toStdString();
    EXPECT_GT(head->text().size(), shownAt1024) << "a wider window shows no more of the title";
    EXPECT_EQ(head->toolTip(), target);
    window->resize(1024, 700);
    for (int i = 0; i < 10; ++i)
        QCoreApplication::processEvents();
    EXPECT_TRUE(headFits()) << head->text().toStdString();

    // These pages fit their tab at 1,024 px: no sideways scrolling that cuts notes and hides
    // tables (the tables scroll inside themselves instead). Project and Merchant still need
    // sideways scrolling at this width.
    for (MainWindow::Tab tab : {MainWindow::RecommendationsTab, MainWindow::SaliencyTab,
                                MainWindow::WhatIfTab, MainWindow::ModelTab}) {
        window->showTab(tab);
        for (int i = 0; i < 10; ++i)
            QCoreApplication::processEvents();
        auto* area = qobject_cast<QScrollArea*>(window->tabs()->currentWidget());
        ASSERT_TRUE(area);
        EXPECT_LE(area->widget()->width(), area->viewport()->width())
            << window->tabs()->tabText(tab).toStdString() << ": the page is wider than its tab";
    }
    EXPECT_GE(window->saliencyView()->faithfulnessTable()->width(), 250);
}

} // namespace reclens::test
