#include "merchantview.h"
#include "merchantqueriespanel.h"

#include "catalogmodelpicker.h"
#include "customersview.h"
#include "merchantcustomerstable.h"
#include "merchantsegmentbar.h"
#include "numbertext.h"
#include "plotutil.h"
#include "tableutil.h"
#include "workbenchcontroller.h"

#include "explain/explainconfigcheck.h"

#include "qcp.h"
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace reclens {

namespace {

QStandardItem* numItem(double v, int decimals) {
    auto* i = new QStandardItem(QString::number(v, 'f', decimals));
    i->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return i;
}
} // namespace

MerchantView::MerchantView(WorkbenchController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller) {
    // Two columns, so both lists keep their rows at 1,024 x 700 (~650 x 440 px for the page):
    // stacked, the product list and the customers table each showed 2-4 rows. Left: what to
    // analyse (the product, the sample, the segment, compare and what-if); right: the answer
    // (the sentence, then its tables and plots on sub-tabs).
    // The tab's PageBody (MainWindow) keeps the customers table's rows at 1,024 x 700.
    auto* split = new QSplitter(Qt::Horizontal, this);
    auto* outer = new QHBoxLayout(this);
    outer->addWidget(split);

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_catalog = new CatalogModelPicker;
    m_catalog->setCompact(true);
    auto* runRow = new QHBoxLayout;
    m_users = new QSpinBox;
    m_users->setRange(0, 10000000);
    // "1000 customers" / "all customers" in the field itself: a "Customers:" label beside it
    // made this row the request column's widest (352 px), and the results column beside it too
    // narrow for the customers table's Rank and Purchases at 1,024 px.
    m_users->setSpecialValueText(tr("all customers"));
    m_users->setSuffix(tr(" customers"));
    m_users->setToolTip(tr("Customers to analyse: a seeded random sample of this many (0 = "
                           "all); every figure then carries a 95 % confidence interval."));
    m_run = new QPushButton(tr("Analyse"));
    m_run->setToolTip(tr("For whom is this product in the top-K, and why? (aggregated "
                         "leave-one-out over customers)"));
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setEnabled(false);
    runRow->addWidget(m_users, 1);
    runRow->addWidget(m_run);
    runRow->addWidget(m_cancel);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setMaximumHeight(QFontMetrics(font()).height() + 6);
    m_segment = new MerchantSegmentBar;
    leftLayout->addWidget(m_catalog, 1);
    leftLayout->addLayout(runRow);
    leftLayout->addWidget(m_progress);
    leftLayout->addWidget(m_segment);
    split->addWidget(left);

    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    m_sentence = new QLabel(tr("Pick a product and press Analyse."));
    m_sentence->setWordWrap(true);
    m_sentence->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // The sentence scrolls in its own few lines: the customers table below keeps its rows.
    auto* sentenceArea = new QScrollArea;
    sentenceArea->setWidget(m_sentence);
    sentenceArea->setWidgetResizable(true);
    sentenceArea->setFrameShape(QFrame::NoFrame);
    sentenceArea->setMinimumHeight(QFontMetrics(font()).lineSpacing() * 3);
    sentenceArea->setMaximumHeight(QFontMetrics(font()).lineSpacing() * 6);
    rightLayout->addWidget(sentenceArea);
    m_stats = new QLabel;
    m_stats->setWordWrap(true);
    m_stats->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_results = new QTabWidget;
    // The figures with their intervals above the two plots: on a small screen the customers
    // table keeps the room under the sentence.
    auto* plotsPage = new QWidget;
    auto* figures = new QVBoxLayout(plotsPage);
    figures->setContentsMargins(0, 0, 0, 0);
    figures->addWidget(m_stats);
    auto* plots = new QHBoxLayout;
    figures->addLayout(plots, 1);
    m_histPlot = createPlot(plotsPage);
    m_hist = new QCPBars(m_histPlot->xAxis, m_histPlot->yAxis);
    m_hist->setBrush(QColor(49, 130, 189));
    m_hist->setPen(Qt::NoPen);
    m_hist->setWidth(0.75);
    m_histPlot->xAxis->setLabel(tr("rank of the product"));
    m_histPlot->xAxis->setTickLabelRotation(35);
    m_histPlot->yAxis->setLabel(tr("customers"));
    m_expoPlot = createPlot(plotsPage);
    m_expo = new QCPBars(m_expoPlot->xAxis, m_expoPlot->yAxis);
    m_expo->setBrush(QColor(230, 120, 30));
    m_expo->setPen(Qt::NoPen);
    m_expo->setWidth(0.6);
    m_expoPlot->yAxis->setLabel(tr("share (%)"));
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    ticker->addTick(0, tr("top-K exposure"));
    ticker->addTick(1, tr("purchases"));
    m_expoPlot->xAxis->setTicker(ticker);
    m_expoPlot->xAxis->setRange(-0.6, 1.6);
    // Narrower than the workbench's default plot minimum: side by side, two of those made the
    // results column 530 px wide, wider than the page beside the request column at 1,024 px.
    m_histPlot->setMinimumWidth(150);
    m_expoPlot->setMinimumWidth(110);
    plots->addWidget(m_histPlot, 3);
    plots->addWidget(m_expoPlot, 2);
    m_histReplot = new ReplotCoalescer(m_histPlot);
    m_expoReplot = new ReplotCoalescer(m_expoPlot);
    m_customersTable = new MerchantCustomersTable;
    m_results->addTab(m_customersTable, tr("Customers"));
    m_results->addTab(plotsPage, tr("Figures and ranks"));

    auto* tables = new QSplitter(Qt::Horizontal);
    auto addTable = [this, tables](QStandardItemModel*& model, QTableView*& view,
                                   const QString& title) {
        auto* w = new QWidget;
        auto* l = new QVBoxLayout(w);
        l->setContentsMargins(0, 0, 0, 0);
        auto* label = new QLabel(title);
        label->setWordWrap(true);
        l->addWidget(label);
        model = new QStandardItemModel(this);
        view = new QTableView;
        view->setModel(model);
        view->setEditTriggers(QAbstractItemView::NoEditTriggers);
        installTableActions(view);
        l->addWidget(view);
        tables->addWidget(w);
        return l;
    };
    QVBoxLayout* driversLayout =
        addTable(m_drivers, m_driversTable,
                 tr("<b>Drivers</b>: purchases that most often push it into the top-K (strongest "
                    "leave-one-out effect)"));
    // Whose histories the drivers come from: all top-K customers, or a seeded sample of them.
    m_driversNote = new QLabel;
    m_driversNote->setWordWrap(true);
    driversLayout->insertWidget(1, m_driversNote);
    addTable(m_categories, m_categoriesTable, tr("<b>Driver categories</b>"));
    tables->setStretchFactor(0, 3);
    tables->setStretchFactor(1, 2);
    m_results->addTab(tables, tr("Drivers"));
    rightLayout->addWidget(m_results, 1);
    split->addWidget(right);
    // The product list needs room to browse (it showed four rows); the splitter lets the
    // analyst trade the request column for the results.
    m_catalog->setMinimumHeight(150);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 5);

    connect(m_run, &QPushButton::clicked, this, [this] {
        if (ItemIndex item = m_catalog->currentItem(); item >= 0)
            analyse(item);
    });
    connect(m_segment, &MerchantSegmentBar::whatIfRequested, this, [this] {
        if (ItemIndex item = m_catalog->currentItem(); item >= 0)
            analyse(item, true);
    });
    connect(m_segment, &MerchantSegmentBar::useSelectedRequested, this, [this](bool forCompare) {
        auto ds = m_controller->dataset();
        const ItemIndex item = m_catalog->currentItem();
        if (ds && item >= 0)
            (forCompare ? m_segment->compareField() : m_segment->whatIfField())
                ->setText(QString::fromStdString(ds->items[static_cast<size_t>(item)].id));
    });
    connect(m_customersTable, &MerchantCustomersTable::customerActivated, this,
            &MerchantView::explainForCustomer);
    connect(m_catalog, &CatalogModelPicker::activated, this,
            [this](ItemIndex item) { analyse(item); });
    connect(m_cancel, &QPushButton::clicked, m_controller, &WorkbenchController::cancelMerchant);
    connect(m_controller, &WorkbenchController::datasetChanged, this, [this] {
        m_catalog->setDataset(m_controller->dataset());
        m_segment->setDataset(m_controller->dataset());
    });
    connect(m_controller, &WorkbenchController::merchantChanged, this, &MerchantView::showResult);
    connect(m_controller, &WorkbenchController::modelChanged, this, &MerchantView::showResult);
    connect(m_controller, &WorkbenchController::merchantProgress, this, [this](double f) {
        m_progress->setValue(static_cast<int>(std::clamp(f, 0.0, 1.0) * 1000));
        bool running = f < 1.0;
        m_cancel->setEnabled(running);
    });
    // Search: the queries this product reaches the top-K for (shown with a search model).
    rightLayout->addWidget(new MerchantQueriesPanel(m_controller, m_catalog), 2);
}

void MerchantView::explainForCustomer(UserIndex user) {
    auto r = m_controller->merchant();
    if (!r)
        return;
    // The drill-down: that customer in the workbench, this product as the explained target.
    m_controller->selectCustomer(user);
    m_controller->setTarget(r->item);
    Q_EMIT customerOpened(user, r->item);
}

QString MerchantView::driversNote(const MerchantExplanation& r) {
    if (r.inTopK == 0)
        return tr("No customer has it in their top-%1, so nothing drives it there.").arg(r.k);
    if (r.driverUsersSampled) {
        // The controller analyses with MerchantConfig's default caps.
        const MerchantConfig caps;
        return tr("Drivers from %1 of %2 customers with it in their top-%3 (seeded random "
                  "sample: at most %4 customers and %5 scored history positions).")
            .arg(groupedCount(r.driverUsers), groupedCount(r.inTopK))
            .arg(r.k)
            .arg(groupedCount(caps.maxDriverUsers),
                 groupedCount(static_cast<long long>(caps.maxDriverPositions)));
    }
    return tr("Drivers from all %1 customers with it in their top-%2.")
        .arg(groupedCount(r.inTopK))
        .arg(r.k);
}

void MerchantView::flush() {
    m_histReplot->flush();
    m_expoReplot->flush();
}

void MerchantView::analyse(int item, bool withWhatIf) {
    m_catalog->selectItem(item);
    m_progress->setValue(0);
    m_cancel->setEnabled(true);
    auto ds = m_controller->dataset();
    if (ds)
        m_sentence->setText(tr("Analysing <b>%1</b> …").arg(itemTitle(*ds, item).toHtmlEscaped()));
    MerchantConfig request = m_segment->request(withWhatIf);
    request.maxUsers = m_users->value();
    // The CLI's explain-item refuses the same settings (core/explain/explainconfigcheck.h).
    if (const std::string why = checkMerchantConfig(request); !why.empty()) {
        m_cancel->setEnabled(false);
        m_sentence->setText(QString::fromStdString(why).toHtmlEscaped());
        return;
    }
    m_controller->explainItem(item, request);
}

void MerchantView::setUserSample(int users) {
    m_users->setValue(users);
}

void MerchantView::showResult() {
    auto r = m_controller->merchant();
    auto ds = m_controller->dataset();
    m_hist->data()->clear();
    m_expo->data()->clear();
    m_drivers->clear();
    m_categories->clear();
    m_driversNote->clear();
    m_customersTable->clear();
    m_sentence->clear();
    if (!r || !ds) {
        m_histReplot->request();
        m_expoReplot->request();
        return;
    }
    m_sentence->setText(
        QStringLiteral("<b>%1</b>")
            .arg(QString::fromStdString(merchantSummarySentence(*r, *ds)).toHtmlEscaped()));
    m_stats->setText(statsText(*r, *ds));
    m_customersTable->setResult(*r, *ds);
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    double maxCount = 1;
    for (size_t b = 0; b < r->rankHistogram.size(); ++b) {
        m_hist->addData(static_cast<double>(b), r->rankHistogram[b]);
        maxCount = std::max(maxCount, static_cast<double>(r->rankHistogram[b]));
        int lo = r->rankBinEdges[b];
        QString label =
            b + 1 < r->rankBinEdges.size()
                ? (r->rankBinEdges[b + 1] - 1 == lo
                       ? groupedCount(lo)
                       : QStringLiteral("%1–%2").arg(groupedCount(lo),
                                                     groupedCount(r->rankBinEdges[b + 1] - 1)))
                : QStringLiteral("%1+").arg(groupedCount(lo));
        ticker->addTick(static_cast<double>(b), label);
    }
    m_histPlot->xAxis->setTicker(ticker);
    m_histPlot->xAxis->setRange(-0.6, r->rankHistogram.size() - 0.4);
    m_histPlot->yAxis->setRange(0, maxCount * 1.1);
    m_expo->addData(0, 100.0 * r->exposureShare);
    m_expo->addData(1, 100.0 * r->popularityShare);
    m_expoPlot->yAxis->setRange(0, 100.0 * std::max(r->exposureShare, r->popularityShare) * 1.2 +
                                       1e-6);

    // Without categories or brands (UCI Online Retail) the category table could only be an
    // empty grid of headers: hide it, give the drivers its room and say why.
    const bool noGroups = ds->categories.empty() && ds->brands.empty();
    m_categoriesTable->parentWidget()->setVisible(!noGroups);
    m_driversNote->setText(driversNote(*r) +
                           (noGroups ? tr(" This dataset has no categories or brands, so there "
                                          "is no breakdown by category.")
                                     : QString()));
    m_drivers->setHorizontalHeaderLabels(
        {tr("Purchase"), tr("Customers"), tr("Alone drops it out"), tr("Mean score drop")});
    for (const DriverStat& d : r->drivers) {
        QList<QStandardItem*> row{new QStandardItem(itemTitle(*ds, d.item)), numItem(d.users, 0),
                                  numItem(d.verifiedDrops, 0), numItem(d.meanScoreDrop, 3)};
        m_drivers->appendRow(row);
    }
    m_categories->setHorizontalHeaderLabels(
        {tr("Category"), tr("Customers"), tr("Mean score drop")});
    for (const NamedCount& c : r->driverCategories)
        m_categories->appendRow({new QStandardItem(QString::fromStdString(c.name)),
                                 numItem(c.users, 0), numItem(c.meanScoreDrop, 3)});
    for (const NamedCount& c : r->driverBrands)
        m_categories->appendRow(
            {new QStandardItem(tr("brand: %1").arg(QString::fromStdString(c.name))),
             numItem(c.users, 0), numItem(c.meanScoreDrop, 3)});
    fitColumnsStretching(m_driversTable, 0); // the numbers stay in view
    fitColumnsStretching(m_categoriesTable, 0);
    m_histReplot->request();
    m_expoReplot->request();
}

} // namespace reclens
