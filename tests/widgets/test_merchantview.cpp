// The Merchant tab merchants act on (#15 point 11): the customers table fills from the job's
// result, the drill-down selects that customer and the product in the controller (and shows the
// Saliency tab), and a sampled run shows its confidence intervals beside the figures.

#include "merchantcustomerstable.h"
#include "merchantsegmentbar.h"
#include "merchantview.h"
#include "workbenchfixture.h"

#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>

using namespace reclens;
using namespace reclens::test;

TEST_F(WorkbenchTest, MerchantCustomersTableDrillsDownToTheCustomer) {
    openSampleWithModel();
    const Dataset& ds = *controller->dataset();
    const ItemIndex item = ds.findItem("SKU1036");
    ASSERT_GE(item, 0);
    MerchantView* view = window->merchantView();
    view->setUserSample(300);
    view->segmentBar()->compareField()->setText(QStringLiteral("SKU1002"));
    view->analyse(item);
    ASSERT_TRUE(waitFor(&WorkbenchController::merchantChanged));
    auto m = controller->merchant();
    ASSERT_TRUE(m && m->sampled && m->comparison);
    ASSERT_GT(m->inTopK, 0) << "pick a product that reaches some top-K";

    QStandardItemModel* rows = view->customersTable()->model();
    ASSERT_EQ(rows->rowCount(), static_cast<int>(m->customers.size()));
    for (int r = 0; r < rows->rowCount(); ++r) {
        const MerchantCustomer& c = m->customers[static_cast<size_t>(r)];
        EXPECT_EQ(rows->item(r, 0)->text().toStdString(), ds.users[static_cast<size_t>(c.user)].id);
        EXPECT_EQ(rows->item(r, 1)->data(Qt::DisplayRole).toInt(), c.rank);
    }
    // Sampled: the figures carry their intervals, the sentence is the engine's.
    EXPECT_TRUE(view->statsLabel()->text().contains(QStringLiteral("95 % CI")));
    EXPECT_TRUE(view->statsLabel()->text().contains(QStringLiteral("seed 42")));
    EXPECT_TRUE(view->statsLabel()->text().contains(QStringLiteral("Against")));
    EXPECT_TRUE(view->sentenceLabel()->text().contains(
        QString::fromStdString(merchantSummarySentence(*m, ds)).toHtmlEscaped()));

    // Drill-down: sort by purchases, then double-click the first row.
    QTableView* table = view->customersTable()->table();
    table->sortByColumn(2, Qt::DescendingOrder);
    const UserIndex user = view->customersTable()->customerAt(0);
    ASSERT_GE(user, 0);
    QSignalSpy opened(view, &MerchantView::customerOpened);
    Q_EMIT table->doubleClicked(rows->index(0, 0));
    ASSERT_EQ(opened.count(), 1);
    EXPECT_EQ(controller->customer(), user);
    EXPECT_EQ(controller->target(), item);
    auto* tabs =
        window->centralWidget()->findChild<QTabWidget*>(QString(), Qt::FindDirectChildrenOnly);
    ASSERT_TRUE(tabs);
    EXPECT_EQ(tabs->currentIndex(), static_cast<int>(MainWindow::SaliencyTab));
    // The explanation of this product for this customer arrives (an earlier one may come first).
    for (int i = 0;
         i < 4 && !(controller->explanation() && controller->explanation()->target == item); ++i)
        waitFor(&WorkbenchController::explanationChanged);
    ASSERT_TRUE(controller->explanation());
    EXPECT_EQ(controller->explanation()->target, item);
}
