#include "mainwindow.h"
// MainWindow's menu bar (File, Edit, Model, View, Help) and the Guide it opens; the file
// dialogs and the recent list the File menu calls are in mainwindowfiles.cpp.

#include "explainsettingsdialog.h"
#include "guidedialog.h"
#include "projectactions.h"
#include "projectview.h"
#include "workbenchcontroller.h"

#include <QAction>
#include <QMenuBar>
#include <QMessageBox>
#include <QTabWidget>

namespace reclens {

void MainWindow::createActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open dataset…"), this, [this] { openDatasetDialog(); });
    open->setShortcut(QKeySequence::Open);
    file->addAction(tr("Open bundled &sample"), this, &MainWindow::openSampleGuarded);
    m_recentMenu = file->addMenu(tr("Open &recent"));
    rebuildRecentMenu();
    file->addSeparator();
    QAction* openCk = file->addAction(tr("Open &model…"), this, &MainWindow::openCheckpointDialog);
    openCk->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    QAction* save =
        file->addAction(tr("&Save checkpoint as…"), this, &MainWindow::saveCheckpointDialog);
    save->setShortcut(QKeySequence::Save);
    m_projectActions = new ProjectActions(this, m_controller, file);
    file->addSeparator();
    QAction* report =
        file->addAction(tr("&Export report…"), this, &MainWindow::exportReportRequested);
    report->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    report->setToolTip(tr("HTML, PDF, JSON or CSV report of the current customer, or of the "
                          "product on the Merchant tab."));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* explainSettings =
        edit->addAction(tr("E&xplanation settings…"), this, &MainWindow::explainSettingsDialog);
    explainSettings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    explainSettings->setToolTip(tr("Top-K, integrated gradients, Shapley, counterfactual and "
                                   "faithfulness settings: accuracy against time."));
    edit->addSeparator();
    edit->addAction(m_projectActions->bookmarkAction());

    QMenu* model = menuBar()->addMenu(tr("&Model"));
    QAction* train = model->addAction(tr("&Train with the Project settings"), this, [this] {
        showTab(ProjectTab);
        m_controller->train(m_project->trainConfig());
    });
    train->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    QAction* cancel = model->addAction(tr("&Cancel training"), m_controller,
                                       &WorkbenchController::cancelTraining);
    cancel->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    model->addSeparator();
    QAction* minimal = model->addAction(tr("Find &minimal explanation"), this, [this] {
        showTab(WhatIfTab);
        m_controller->findMinimalExplanation();
    });
    minimal->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    for (int t = 0; t < m_tabs->count(); ++t) {
        QAction* a =
            view->addAction(m_tabs->tabText(t), this, [this, t] { m_tabs->setCurrentIndex(t); });
        a->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + t)));
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* guide = help->addAction(tr("&Guide"), this, [this] {
        showGuide(panelTopic(static_cast<Tab>(m_tabs->currentIndex())));
    });
    guide->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&About RecLens"), this, [this] {
        QMessageBox::about(
            this, tr("About RecLens"),
            tr("<b>RecLens %1</b><br>A workbench that shows why a SASRec transformer recommends "
               "what it recommends: attention, gradients, integrated gradients, leave-one-out, "
               "Shapley values, counterfactuals and faithfulness scores.")
                .arg(QStringLiteral(RECLENS_VERSION)));
    });
}

std::string MainWindow::panelTopic(Tab tab) {
    switch (tab) {
    case ProjectTab:
        return "panel_project";
    case RecommendationsTab:
        return "panel_recommendations";
    case AttentionTab:
        return "panel_attention";
    case SaliencyTab:
        return "panel_saliency";
    case TopKTab:
        return "panel_topk";
    case WhatIfTab:
        return "panel_whatif";
    case MerchantTab:
        return "panel_merchant";
    case ModelTab:
        return "panel_model";
    case SearchTab:
        return "panel_search";
    }
    return {};
}

GuideDialog* MainWindow::showGuide(const std::string& key) {
    if (!m_guide)
        m_guide = new GuideDialog(this);
    m_guide->showTopic(key);
    return m_guide;
}

void MainWindow::explainSettingsDialog() {
    ExplainSettingsDialog dialog(m_controller->explainConfig(), this);
    if (dialog.exec() == QDialog::Accepted)
        m_controller->setExplainConfig(dialog.config());
}

} // namespace reclens
