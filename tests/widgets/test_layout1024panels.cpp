// Panels at 1,024 x 700: the Project tab's Tune trials keep their rows and every column header
// on screen and fill their width; the report dialog fits the screen with its Export button; the
// Customers list shows its headers whole; the Dataset box fits its part of the
// Project tab; the Top-K matrix labels every purchase and shows its axis title whole, and at
// 1,600 x 1,000 with long titles every rank. The Customers list fits its dock with long ids.
// Saliency's faithfulness table shows all its columns where they fit (1,920 px).

#include "layout1024fixture.h"

#include "customersview.h"
#include "datasetbox.h"
#include "projectview.h"
#include "reportexportdialog.h"
#include "saliencytables.h"
#include "saliencyview.h"
#include "topkmatrixview.h"

#include "qcp.h"

#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextStream>
#include <QToolButton>

#include <cmath>

namespace reclens::test {

TEST_F(Layout1024Test, ReportDialogWithItsExportButtonFitsA1024x700Screen) {
    showAt1024x700();
    openSampleWithModel();
    ASSERT_FALSE(HasFatalFailure());
    ReportSubject subject = controller->reports().subjectOf();
    subject.customers = {3};
    ReportExportDialog dialog(controller->reports(), subject, window.get());
    // The screen less a title bar and a panel.
    const QSize room(1024, 700 - 60);
    EXPECT_LE(dialog.minimumSizeHint().height(), room.height()) << "taller than the screen";
    EXPECT_LE(dialog.minimumSizeHint().width(), room.width());
    dialog.resize(dialog.size().boundedTo(room));
    dialog.show();
    settle();
    EXPECT_LE(dialog.height(), room.height());
    QPushButton* exportButton = nullptr;
    for (QPushButton* b : dialog.findChildren<QPushButton*>())
        if (b->text() == QStringLiteral("Export"))
            exportButton = b;
    ASSERT_TRUE(exportButton);
    EXPECT_TRUE(fullyOnScreen(exportButton, &dialog));
    dialog.reject(); // cancels its preview job
}

TEST_F(Layout1024Test, TuneTrialsShowFourRowsAndEveryHeaderAt1024x700) {
    showAt1024x700();
    openSample();
    window->showTab(MainWindow::ProjectTab);
    // The Tune panel as a search fills it (the signals the controller sends; no training).
    Q_EMIT controller->tuningStarted();
    for (int i = 0; i < 8; ++i) {
        TrialRecord t;
        t.id = i;
        t.bracket = 2;
        t.rung = i % 3;
        t.epochs = 1 + i % 3 * 3;
        t.validNdcg10 = 0.05 + 0.001 * i;
        t.model.dropout = 0.3f;
        t.model.dim = 64;
        t.model.heads = 4;
        t.model.maxLength = 50;
        t.model.useCategory = true;
        t.model.outputFeatures = true;
        t.learningRate = 1e-3f;
        t.weightDecay = 1e-4f;
        Q_EMIT controller->tuningTrial(t);
    }
    settle();
    auto* trials = window->projectView()->findChild<QTableView*>(QStringLiteral("tuningTable"));
    ASSERT_TRUE(trials);
    EXPECT_TRUE(fullyOnScreen(trials, window.get()));
    EXPECT_GE(visibleRows(trials), 4) << "the trials are cramped";
    std::string why;
    EXPECT_TRUE(headersFullyVisible(trials, &why)) << why;
    // The columns end at the frame: no empty strip beside the last one, here and in a window
    // wide enough for every cell.
    auto columnsWidth = [trials] {
        int sum = 0;
        for (int c = 0; c < trials->horizontalHeader()->count(); ++c)
            sum += trials->horizontalHeader()->sectionSize(c);
        return sum;
    };
    EXPECT_EQ(columnsWidth(), trials->viewport()->width());
    EXPECT_TRUE(fullyOnScreen(window->projectView()->trainButton(), window.get()));
    EXPECT_LE(window->height(), 700);
    window->resize(1600, 1000);
    window->fitDocksToWindow();
    settle();
    EXPECT_EQ(columnsWidth(), trials->viewport()->width()) << "at 1,600 x 1,000";
    EXPECT_TRUE(headersFullyVisible(trials, &why)) << why;
}

TEST_F(Layout1024Test, CustomersListShowsEveryHeaderWholeAt1024x700) {
    showAt1024x700();
    openSampleWithModel();
    ASSERT_FALSE(HasFatalFailure());
    selectAndWait(customerWithHistory(*controller->dataset(), 18));
    settle();
    CustomersView* customers = window->customersView();
    std::string why;
    EXPECT_TRUE(headersFullyVisible(customers->listView(), &why)) << "list: " << why;
    // The history of the sample (dates, categories and prices) fits the dock: it was 88 px
    // wider and scrolled sideways. Its product titles keep at least 84 px.
    EXPECT_TRUE(headersFullyVisible(customers->historyView(), &why)) << "history: " << why;
    EXPECT_GE(customers->historyView()->horizontalHeader()->sectionSize(2), 84);
    // The short header keeps its whole name in the tooltip.
    EXPECT_EQ(customers->listView()->model()->headerData(2, Qt::Horizontal, Qt::ToolTipRole),
              QStringLiteral("Last purchase (UTC)"));
}

TEST_F(Layout1024Test, CustomersListFitsItsDockWithLongCustomerIdsAt1024x700) {
    // The sample with Amazon-like customer ids ("A2PTKIA26CX1NY", 14 characters and more): the
    // list scrolled sideways at 1,024 x 700.
    QTemporaryDir dir;
    ASSERT_TRUE(QFile::copy(sampleDir() + QStringLiteral("/catalog.csv"),
                            dir.filePath(QStringLiteral("catalog.csv"))));
    QFile in(sampleDir() + QStringLiteral("/interactions.csv"));
    ASSERT_TRUE(in.open(QIODevice::ReadOnly));
    QFile out(dir.filePath(QStringLiteral("interactions.csv")));
    ASSERT_TRUE(out.open(QIODevice::WriteOnly));
    QTextStream ts(&out);
    ts << in.readLine(); // user,item,timestamp
    while (!in.atEnd())
        ts << QStringLiteral("A2PTKIA26CX1NY") << QString::fromUtf8(in.readLine()).trimmed()
           << '\n';
    out.close();
    showAt1024x700();
    controller->openDataset(dir.path());
    ASSERT_TRUE(waitFor(&WorkbenchController::datasetChanged))
        << errors.join(QStringLiteral("\n")).toStdString();
    settle();
    QTableView* list = window->customersView()->listView();
    const QModelIndex id = list->model()->index(0, 0);
    ASSERT_GE(id.data().toString().size(), 18) << id.data().toString().toStdString();
    EXPECT_EQ(list->horizontalScrollBar()->maximum(), 0) << "the list scrolls sideways";
    std::string why;
    EXPECT_TRUE(headersFullyVisible(list, &why)) << why;
    // The ids are elided, not cut: the column ends inside the list.
    EXPECT_LE(list->horizontalHeader()->sectionViewportPosition(2) +
                  list->horizontalHeader()->sectionSize(2),
              list->viewport()->width());
}

TEST_F(Layout1024Test, HistoryHidesAPriceColumnOfDashesAt1024x700) {
    // The sample with a catalog without prices (Amazon's files have none, and no timestamps
    // either: the Time column goes the same way, which the generic CSV cannot show here).
    QTemporaryDir dir;
    ASSERT_TRUE(QFile::copy(sampleDir() + QStringLiteral("/interactions.csv"),
                            dir.filePath(QStringLiteral("interactions.csv"))));
    QFile in(sampleDir() + QStringLiteral("/catalog.csv"));
    ASSERT_TRUE(in.open(QIODevice::ReadOnly));
    QFile out(dir.filePath(QStringLiteral("catalog.csv")));
    ASSERT_TRUE(out.open(QIODevice::WriteOnly));
    QTextStream ts(&out);
    ts << in.readLine(); // item,title,category,brand,price
    while (!in.atEnd()) {
        const QString line = QString::fromUtf8(in.readLine()).trimmed();
        ts << line.left(line.lastIndexOf(QLatin1Char(',')) + 1) << '\n'; // an empty price
    }
    out.close();
    showAt1024x700();
    controller->openDataset(dir.path());
    ASSERT_TRUE(waitFor(&WorkbenchController::datasetChanged))
        << errors.join(QStringLiteral("\n")).toStdString();
    const Dataset& ds = *controller->dataset();
    ASSERT_FALSE(ds.categories.empty());
    controller->selectCustomer(customerWithHistory(ds, 18));
    settle();
    QTableView* history = window->customersView()->historyView();
    ASSERT_GE(history->model()->rowCount(), 18);
    EXPECT_TRUE(history->isColumnHidden(4)) << "a Price column of dashes";
    EXPECT_FALSE(history->isColumnHidden(1)) << "the times are there";
    EXPECT_FALSE(history->isColumnHidden(3)) << "the categories are there";
    // The price's width went to the titles: the history fits the dock, no sideways scrolling.
    int columns = 0;
    for (int c = 0; c < history->horizontalHeader()->count(); ++c)
        if (!history->isColumnHidden(c))
            columns += history->horizontalHeader()->sectionSize(c);
    EXPECT_LE(columns, history->viewport()->width());
    // A category shows the leaf of its path; the whole path is its tooltip.
    const QModelIndex category = history->model()->index(0, 3);
    EXPECT_FALSE(category.data().toString().contains(QLatin1Char('>')));
    EXPECT_TRUE(category.data(Qt::ToolTipRole).toString().endsWith(category.data().toString()));
}

TEST_F(Layout1024Test, DatasetBoxFitsTheProjectTabWithItsDetailsClosedAt1024x700) {
    showAt1024x700();
    openSampleWithModel();
    ASSERT_FALSE(HasFatalFailure());
    window->showTab(MainWindow::ProjectTab);
    settle();
    auto* box = window->projectView()->findChild<DatasetBox*>();
    ASSERT_TRUE(box);
    // Stacked above the curves, the settings have about half of the tab: the box with its
    // buttons is in it whole, not scrolled inside the settings.
    EXPECT_TRUE(fullyOnScreen(box, window.get()));
    for (QPushButton* b : box->findChildren<QPushButton*>())
        EXPECT_TRUE(fullyOnScreen(b, window.get())) << b->text().toStdString();
    // The clean-up counts are behind the toggle, which opens them.
    EXPECT_TRUE(box->detailsText().contains(QStringLiteral("Clean-up"))) << "nothing to show";
    QToolButton* toggle = box->detailsToggle();
    ASSERT_TRUE(fullyOnScreen(toggle, window.get()));
    EXPECT_TRUE(toggle->text().startsWith(QStringLiteral("Clean-up"))) << "says what it hides";
    QLabel* details = nullptr;
    for (QLabel* l : box->findChildren<QLabel*>())
        if (l->text() == box->detailsText())
            details = l;
    ASSERT_TRUE(details);
    EXPECT_FALSE(details->isVisible());
    toggle->click();
    settle();
    EXPECT_TRUE(details->isVisible());
}

TEST_F(Layout1024Test, TopKMatrixLabelsEveryPurchaseAndItsAxisTitleAt1024x700) {
    showAt1024x700();
    openSampleWithModel();
    ASSERT_FALSE(HasFatalFailure());
    selectAndWait(customerWithHistory(*controller->dataset(), 18));
    QSignalSpy done(controller.get(), &WorkbenchController::topKExplanationsChanged);
    window->showTab(MainWindow::TopKTab); // opening the tab explains the whole top-K
    ASSERT_TRUE(done.wait(120000));
    settle();
    TopKMatrixView* view = window->topKMatrixView();
    view->flush();
    settle();
    ASSERT_GE(view->rowCount(), 16);
    QCustomPlot* plot = view->plot();
    const auto rows = plot->yAxis->ticker().staticCast<QCPAxisTickerText>()->ticks();
    EXPECT_EQ(rows.size(), view->rowCount()) << "rows left without a label";
    const auto columns = plot->xAxis->ticker().staticCast<QCPAxisTickerText>()->ticks();
    EXPECT_EQ(columns.size(), view->columnCount());
    // The axis title fits along the rows (it was cut at both ends).
    const QFontMetrics metrics(plot->yAxis->labelFont());
    EXPECT_LE(metrics.horizontalAdvance(plot->yAxis->label()), plot->axisRect()->height());
    EXPECT_EQ(plot->yAxis->label(), QStringLiteral("purchase (oldest at the top)"));
}

TEST_F(Layout1024Test, SaliencyFaithfulnessShowsAllItsColumnsWhereTheyFit) {
    // 1,920 x 1,080: all eleven columns fit the panel; at 1,024 x 700 the first group.
    openSampleWithModel();
    ASSERT_FALSE(HasFatalFailure());
    window->resize(1920, 1080);
    window->fitDocksToWindow();
    selectAndWait(3);
    window->showTab(MainWindow::SaliencyTab);
    settle();
    SaliencyTables* tables = window->saliencyView()->tables();
    QTableView* faith = tables->faithfulnessTable();
    ASSERT_GE(faith->model()->columnCount(), 11);
    EXPECT_EQ(tables->faithfulnessColumns()->currentIndex(), SaliencyTables::kAllColumns)
        << "a " << faith->viewport()->width() << " px table";
    for (int c = 0; c < faith->model()->columnCount(); ++c)
        EXPECT_FALSE(faith->isColumnHidden(c)) << c;
    std::string why;
    EXPECT_TRUE(headersFullyVisible(faith, &why)) << why;
    showAt1024x700();
    settle();
    if (!tables->stacked())
        tables->tableTabs()->setCurrentWidget(faith->parentWidget());
    settle();
    EXPECT_EQ(tables->faithfulnessColumns()->currentIndex(), SaliencyTables::kAucGroup);
    EXPECT_TRUE(headersFullyVisible(faith, &why)) << why;
}

TEST_F(Layout1024Test, TopKMatrixLabelsEveryRankWithLongTitlesAt1600x1000) {
    // Long titles (as on Amazon) at 1,600 x 1,000: the column labels are rotated and carry
    // titles; QCustomPlot left out "#10 …", whose box crossed the widget's right edge.
    openLongTitleShopAt1024x700(/*withModel=*/true);
    ASSERT_FALSE(HasFatalFailure());
    window->resize(1600, 1000);
    window->fitDocksToWindow();
    selectAndWait(customerWithHistory(*controller->dataset(), 12));
    QSignalSpy done(controller.get(), &WorkbenchController::topKExplanationsChanged);
    window->showTab(MainWindow::TopKTab);
    ASSERT_TRUE(done.wait(120000));
    settle();
    TopKMatrixView* view = window->topKMatrixView();
    view->flush();
    settle();
    QCustomPlot* plot = view->plot();
    const auto ticks = plot->xAxis->ticker().staticCast<QCPAxisTickerText>()->ticks();
    ASSERT_EQ(ticks.size(), view->columnCount());
    ASSERT_GE(view->columnCount(), 10);
    const double rotation = plot->xAxis->tickLabelRotation();
    ASSERT_GT(rotation, 0) << "the labels carry titles at this size";
    const double angle = rotation * 3.14159265358979 / 180.0;
    const QFontMetrics metrics(plot->xAxis->tickLabelFont());
    int titled = 0;
    for (int c = 0; c < view->columnCount(); ++c) {
        const QString label = ticks.value(c);
        const QString rank = QStringLiteral("#%1").arg(c + 1);
        EXPECT_TRUE(label == rank || label.startsWith(rank + QLatin1Char(' ')))
            << label.toStdString();
        titled += label != rank;
        // QCustomPlot draws an outside tick label only when its rotated box ends inside the
        // widget: the box ends cos·width + sin·height/2 to the right of its tick.
        const QRect box = metrics.boundingRect(0, 0, 0, 0, Qt::TextDontClip, label);
        const double right = plot->xAxis->coordToPixel(c) + std::cos(angle) * box.width() +
                             std::sin(angle) * box.height() / 2.0;
        EXPECT_LE(right, plot->viewport().right()) << label.toStdString() << " is not drawn";
    }
    EXPECT_GE(titled, view->columnCount() / 2) << "titles were dropped from most labels";
}

} // namespace reclens::test
