#include "mainwindow.h"

#include "attentionview.h"
#include "bookmarksdock.h"
#include "counterfactualview.h"
#include "customersview.h"
#include "merchantview.h"
#include "modelview.h"
#include "plotutil.h"
#include "projectactions.h"
#include "projectview.h"
#include "recommendationsview.h"
#include "saliencyview.h"
#include "searchview.h"
#include "summarybar.h"
#include "tableutil.h"
#include "topkmatrixview.h"
#include "unsavedmodelprompt.h"
#include "workbenchcontroller.h"

#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

namespace reclens {

namespace {

QString plotExportContext(const WorkbenchController& c) {
    QStringList parts;
    const auto ds = c.dataset();
    if (ds && c.customer() >= 0 && static_cast<size_t>(c.customer()) < ds->users.size())
        parts << QObject::tr("Customer %1")
                     .arg(QString::fromStdString(ds->users[static_cast<size_t>(c.customer())].id));
    if (ds && c.target() >= 0 && static_cast<size_t>(c.target()) < ds->items.size()) {
        const Item& it = ds->items[static_cast<size_t>(c.target())];
        parts << (it.title.empty() || it.title == it.id
                      ? QObject::tr("target %1").arg(QString::fromStdString(it.id))
                      : QObject::tr("target %1 (%2)")
                            .arg(QString::fromStdString(it.title), QString::fromStdString(it.id)));
    }
    if (!c.modelSource().isEmpty())
        parts << QObject::tr("model %1").arg(QFileInfo(c.modelSource()).fileName());
    else if (c.model())
        parts << QObject::tr("model not saved");
    if (ds)
        parts << QObject::tr("dataset %1").arg(QString::fromStdString(ds->name));
    return parts.join(QStringLiteral(" \u00b7 "));
}

} // namespace

/// The first sentence a person needs for a failed open or save, then the engine's message
/// (which names the file, line and what was expected).
static QString blockingErrorText(const QString& message) {
    QString lead;
    if (message.contains(QStringLiteral("not a RecLens model")))
        lead = QObject::tr("This file is not a RecLens model.");
    else if (message.contains(QStringLiteral("fingerprint")) ||
             message.contains(QStringLiteral("another dataset")) ||
             message.contains(QStringLiteral("different dataset")))
        lead = QObject::tr("This model was trained on another dataset: open that dataset first, "
                           "then the model.");
    else if (message.startsWith(QStringLiteral("Opening dataset")))
        lead = QObject::tr("The dataset could not be opened.");
    else if (message.startsWith(QStringLiteral("Opening checkpoint")))
        lead = QObject::tr("The model could not be opened.");
    else if (message.startsWith(QStringLiteral("Saving project")))
        lead = QObject::tr("The project could not be saved; its changes are kept unsaved.");
    else if (message.startsWith(QStringLiteral("Saving")))
        lead = QObject::tr("The model could not be saved.");
    else
        lead = QObject::tr("Training stopped with an error.");
    const int colon = message.indexOf(QStringLiteral(": "));
    return lead + QStringLiteral("\n\n") + (colon > 0 ? message.mid(colon + 2) : message);
}

/// A tab page in a scroll area: the widest page (the Merchant view wants ~900 px) no longer
/// sets the window's minimum width, which squeezed the Customers dock to ~100 px at 1,024 px;
/// a page narrower than it needs scrolls instead. Every page: one that was not (Top-K at once,
/// with a long status line) shrank the dock once shown, and the dock stayed narrower on every
/// tab after it.
///
/// The page sits in a PageBody: with wrapped labels the page asks for its preferred height for
/// the width, taller than the tab at 1,024 x 700, and the area (no vertical bar) cut off its
/// bottom: Saliency's agreement table, Search's explanation, Model's analyst feedback, the
/// What-if buttons. In the body the page gets the tab's height and its parts share it.
static QScrollArea* scrollable(QWidget* page) {
    // The area asks its widget's layout for height-for-width, so the body goes one level down.
    auto* holder = new QWidget;
    auto* body = new PageBody(holder);
    for (QWidget* w : {holder, static_cast<QWidget*>(body)}) {
        auto* layout = new QVBoxLayout(w);
        layout->setContentsMargins(0, 0, 0, 0);
    }
    holder->layout()->addWidget(body);
    body->layout()->addWidget(page);
    auto* area = new QScrollArea;
    area->setWidget(holder);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    // Only the width is the problem; a vertical bar that comes and goes as a caption wraps
    // would resize (and replot) the page each time an explanation arrives.
    area->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    return area;
}

MainWindow::MainWindow(WorkbenchController* controller, QWidget* parent)
    : QMainWindow(parent)
    , m_controller(controller) {
    setWindowTitle(tr("RecLens — why does the recommender rank what it ranks?"));
    setAcceptDrops(true);
    resize(1500, 920);

    // Centre: the always-visible summary above the tabbed views.
    auto* centre = new QWidget;
    auto* centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(6, 6, 6, 0);
    m_summary = new SummaryBar(controller);
    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_project = new ProjectView(controller);
    m_recs = new RecommendationsView(controller);
    m_attention = new AttentionView(controller);
    m_saliency = new SaliencyView(controller);
    m_topKMatrix = new TopKMatrixView(controller);
    m_whatIf = new CounterfactualView(controller);
    m_merchant = new MerchantView(controller);
    m_model = new ModelView(controller);
    m_search = new SearchView(controller);
    m_tabs->addTab(scrollable(m_project), tr("Project"));
    m_tabs->addTab(scrollable(m_recs), tr("Recommendations"));
    m_tabs->addTab(scrollable(m_attention), tr("Attention"));
    m_tabs->addTab(scrollable(m_saliency), tr("Saliency"));
    m_tabs->addTab(scrollable(m_topKMatrix), tr("Top-K at once"));
    m_tabs->addTab(scrollable(m_whatIf), tr("What-if"));
    m_tabs->addTab(scrollable(m_merchant), tr("Merchant"));
    // Merchant drill-down: the customer's explanation of the product, one click away.
    connect(m_merchant, &MerchantView::customerOpened, this, [this] { showTab(SaliencyTab); });
    m_tabs->addTab(scrollable(m_model), tr("Model"));
    m_tabs->addTab(scrollable(m_search), tr("Search")); // its bars scroll inside the tab
    m_tabs->setTabToolTip(AttentionTab, tr("Where the model looks: attention per layer and head, "
                                           "checked against leave-one-out."));
    m_tabs->setTabToolTip(SaliencyTab, tr("How much each purchase contributes, by five "
                                          "attribution methods, with faithfulness scores."));
    m_tabs->setTabToolTip(TopKTab, tr("Every purchase × every top-K recommendation: which "
                                      "purchases drive which recommendations (LOO, IG, Shapley)."));
    m_tabs->setTabToolTip(WhatIfTab, tr("Edit the history and see the ranking change; find the "
                                        "minimal counterfactual."));
    m_tabs->setTabToolTip(SearchTab, tr("A personalised search model: a customer's results "
                                        "for a query and why each one ranks where it does."));
    m_tabs->setTabToolTip(MerchantTab, tr("One product across all customers: exposure and "
                                          "drivers."));
    // "?" beside the tabs: the Guide at the panel on show (F1 does the same).
    auto* helpButton = new QToolButton;
    helpButton->setText(QStringLiteral("?"));
    helpButton->setToolTip(tr("What this panel shows and how to read it (F1)"));
    helpButton->setAutoRaise(true);
    connect(helpButton, &QToolButton::clicked, this,
            [this] { showGuide(panelTopic(static_cast<Tab>(m_tabs->currentIndex()))); });
    m_tabs->setCornerWidget(helpButton, Qt::TopRightCorner);
    centreLayout->addWidget(m_summary);
    centreLayout->addWidget(m_tabs, 1);
    setCentralWidget(centre);
    // Exported plots say what they show: the customer, target, model and dataset on screen.
    // The context is process-wide and outlives this window: a plain pointer to a deleted
    // controller was read by the next export (the widget tests died with SIGBUS in PlotExport
    // after the workbench tests), so it holds a guarded one.
    setPlotExportContext([c = QPointer<WorkbenchController>(m_controller)] {
        return c ? plotExportContext(*c) : QString();
    });

    m_customers = new CustomersView(controller);
    auto* customersDock = new QDockWidget(tr("Customers"), this);
    customersDock->setObjectName(QStringLiteral("customersDock"));
    customersDock->setWidget(m_customers);
    addDockWidget(Qt::LeftDockWidgetArea, customersDock);
    m_customersDock = customersDock;

    m_messages = new QPlainTextEdit;
    m_messages->setReadOnly(true);
    m_messages->setMaximumBlockCount(2000);
    // Its own minimum (~5 lines) would overrule the short default height fitDocksToWindow gives.
    m_messages->setMinimumHeight(m_messages->fontMetrics().lineSpacing() * 2 + 8);
    auto* messagesDock = new QDockWidget(tr("Messages"), this);
    messagesDock->setObjectName(QStringLiteral("messagesDock"));
    messagesDock->setWidget(m_messages);
    addDockWidget(Qt::BottomDockWidgetArea, messagesDock);
    m_messagesDock = messagesDock;

    m_busyLabel = new QLabel;
    m_busy = new QProgressBar;
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(120);
    m_busy->setVisible(false);
    statusBar()->addPermanentWidget(m_busyLabel);
    statusBar()->addPermanentWidget(m_busy);

    createActions();
    // The project's bookmarks below the customers they point to.
    addDockWidget(Qt::LeftDockWidgetArea, m_projectActions->bookmarksDock());
    // Docks' toggle actions go to the View menu (created in createActions).
    for (QMenu* m : menuBar()->findChildren<QMenu*>())
        if (m->objectName() == QStringLiteral("viewMenu")) {
            m->addSeparator();
            m->addAction(customersDock->toggleViewAction());
            m->addAction(m_projectActions->bookmarksDock()->toggleViewAction());
            m->addAction(messagesDock->toggleViewAction());
        }

    connect(m_controller, &WorkbenchController::statusMessage, this,
            [this](const QString& t) { log(t, false); });
    connect(m_controller, &WorkbenchController::errorMessage, this, [this](const QString& t) {
        log(t, true);
        // What the user asked for did not happen: say so where it cannot be missed (the status
        // bar cut long messages). Window-modal but not blocking: jobs keep being delivered.
        if (t.startsWith(QStringLiteral("Opening ")) || t.startsWith(QStringLiteral("Saving ")) ||
            t.startsWith(QStringLiteral("Training failed"))) {
            auto* box = new QMessageBox(QMessageBox::Warning, tr("RecLens"), blockingErrorText(t),
                                        QMessageBox::Ok, this);
            box->setObjectName(QStringLiteral("blockingError"));
            box->setDetailedText(t);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
    });
    // A checkpoint of another dataset: offer the dataset it records instead of only refusing.
    connect(m_controller, &WorkbenchController::checkpointForOtherDataset, this,
            [this](const QString& checkpoint, const QString& itemMap, const QString& source,
                   const QString& name) {
                const QString open = m_controller->dataset()
                                         ? QString::fromStdString(m_controller->dataset()->name)
                                         : tr("none");
                log(tr("%1 was trained on %2 (%3), not on the open dataset (%4).")
                        .arg(checkpoint, name, source, open),
                    false);
                auto* box = new QMessageBox(
                    QMessageBox::Question, tr("Model of another dataset"),
                    tr("This model was trained on <b>%1</b>, not on the open dataset (%2).<br><br>"
                       "Open its dataset, <i>%3</i>, and then the model?")
                        .arg(name.toHtmlEscaped(), open.toHtmlEscaped(), source.toHtmlEscaped()),
                    QMessageBox::Cancel, this);
                box->setObjectName(QStringLiteral("otherDatasetOffer"));
                QPushButton* yes = box->addButton(tr("Open its dataset"), QMessageBox::AcceptRole);
                box->setDefaultButton(yes);
                box->setAttribute(Qt::WA_DeleteOnClose);
                connect(yes, &QPushButton::clicked, this, [this, checkpoint, itemMap, source] {
                    whenUnsavedModelHandled(this, m_controller, tr("opening the model's dataset"),
                                            [this, checkpoint, itemMap, source] {
                                                m_controller->openDatasetThenCheckpoint(
                                                    source, checkpoint, itemMap);
                                            });
                });
                box->open();
            });
    connect(m_controller, &WorkbenchController::trainingFinished, this,
            [this](bool, const QString& t) { log(t, false); });
    connect(m_controller, &WorkbenchController::busyChanged, this, [this](bool busy) {
        m_busy->setVisible(busy);
        m_busyLabel->setText(busy ? tr("working …") : QString());
    });
    connect(m_controller, &WorkbenchController::datasetChanged, this, [this] {
        if (auto ds = m_controller->dataset()) {
            setWindowTitle(tr("RecLens — %1").arg(QString::fromStdString(ds->name)));
            addRecent(QString::fromStdString(ds->sourcePath));
        }
    });
    // Something to look at as soon as there is a model: the first customer of the list.
    connect(m_controller, &WorkbenchController::modelChanged, this, [this] {
        if (m_controller->model() && m_controller->customer() < 0)
            m_customers->listView()->selectRow(0);
    });
    connect(m_project, &ProjectView::openDatasetRequested, this, [this] { openDatasetDialog(); });
    connect(m_project, &ProjectView::openSampleRequested, this, &MainWindow::openSampleGuarded);
    connect(m_recs, &RecommendationsView::pinCheckpointRequested, this,
            &MainWindow::pinCheckpointDialog);
    connect(m_customers, &CustomersView::pinRequested, m_controller,
            [this](UserIndex u) { m_controller->pinCustomer(u); });

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    m_layoutRestored = restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_projectActions->bookmarksDock()->followDocument(); // a saved layout does not show it empty
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("window/tab"), 0).toInt());
}

MainWindow::~MainWindow() = default;
void MainWindow::showTab(Tab tab) {
    m_tabs->setCurrentIndex(static_cast<int>(tab));
}
void MainWindow::log(const QString& text, bool error) {
    QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"));
    m_messages->appendPlainText(
        QStringLiteral("%1  %2%3").arg(stamp, error ? tr("Error: ") : QString(), text));
    statusBar()->showMessage(error ? tr("Error: %1").arg(text) : text, error ? 15000 : 6000);
}
void MainWindow::closeEvent(QCloseEvent* event) {
    // Unsaved feedback and notes first, then the model. After a Save the project is written
    // in a job; the window closes again once it is (nothing left to ask about by then).
    auto projectInEvent = std::make_shared<bool>(true);
    const bool projectDone =
        m_projectActions->whenUnsavedProjectHandled(tr("quitting"), [this, projectInEvent] {
            if (!*projectInEvent)
                close();
        });
    *projectInEvent = false;
    if (!projectDone) {
        event->ignore();
        return;
    }
    // Quitting loses an unsaved model too; after a Save the window closes once it is written.
    // `proceed` runs at once on Discard (the event is accepted below), or after a Save, when
    // it closes the window again (the model is saved by then, so no second question).
    auto inEvent = std::make_shared<bool>(true);
    const bool now = whenUnsavedModelHandled(this, m_controller, tr("quitting"), [this, inEvent] {
        if (!*inEvent)
            close();
    });
    *inEvent = false;
    if (!now) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
    m_controller->cancelTraining();
    m_controller->cancelMerchant();
    event->accept();
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (!m_layoutRestored) {
        m_layoutRestored = true; // once: afterwards the user's own dock sizes stand
        fitDocksToWindow();
    }
}

void MainWindow::fitDocksToWindow() {
    resizeDocks({m_customersDock}, {std::clamp(width() * 34 / 100, 250, 430)}, Qt::Horizontal);
    // Bookmarks (when there are any) take a quarter of the left column: the customer list
    // stays the long one.
    if (m_projectActions->bookmarksDock()->isVisibleTo(this))
        resizeDocks({m_customersDock, m_projectActions->bookmarksDock()},
                    {height() * 3 / 4, height() / 4}, Qt::Vertical);
    // Messages: about three lines at 700 px high, six from ~1,000 px. Every message also
    // goes to the status bar, and the views above need the height more (the What-if history
    // and the Merchant lists showed four rows beside a taller dock).
    const int line = m_messagesDock->fontMetrics().lineSpacing();
    resizeDocks({m_messagesDock}, {std::clamp((height() - 560) / 4, 3 * line + 8, 110)},
                Qt::Vertical);
}

} // namespace reclens
