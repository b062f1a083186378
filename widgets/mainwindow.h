#pragma once
// The workbench window. It only composes the views from widgets/ and forwards user actions to
// the WorkbenchController; it holds no engine state of its own.

#include <QMainWindow>

class QLabel;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QDockWidget;
class QTabWidget;

namespace reclens {

class AttentionView;
class CounterfactualView;
class CustomersView;
class MerchantView;
class ModelView;
class GuideDialog;
class ProjectActions;
class ProjectView;
class RecommendationsView;
class SaliencyView;
class SearchView;
class SummaryBar;
class TopKMatrixView;
class WorkbenchController;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum Tab {
        ProjectTab,
        RecommendationsTab,
        AttentionTab,
        SaliencyTab,
        TopKTab,
        WhatIfTab,
        MerchantTab,
        ModelTab,
        SearchTab
    };

    explicit MainWindow(WorkbenchController* controller, QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens `path` (dataset file/folder, or a checkpoint by its suffix).
    void openPath(const QString& path);
    void showTab(Tab tab);

    WorkbenchController* controller() const { return m_controller; }
    ProjectView* projectView() const { return m_project; }
    CustomersView* customersView() const { return m_customers; }
    RecommendationsView* recommendationsView() const { return m_recs; }
    AttentionView* attentionView() const { return m_attention; }
    SaliencyView* saliencyView() const { return m_saliency; }
    TopKMatrixView* topKMatrixView() const { return m_topKMatrix; }
    CounterfactualView* counterfactualView() const { return m_whatIf; }
    MerchantView* merchantView() const { return m_merchant; }
    ModelView* modelView() const { return m_model; }
    SearchView* searchView() const { return m_search; }
    SummaryBar* summaryBar() const { return m_summary; }
    /// File → project actions and the open analysis project (*.reclens).
    ProjectActions* projectActions() const { return m_projectActions; }
    QPlainTextEdit* messages() const { return m_messages; }
    QTabWidget* tabs() const { return m_tabs; }
    /// Help -> Guide at `key` (glossary.h); created on first use.
    GuideDialog* showGuide(const std::string& key);
    /// The glossary key of a tab's panel ("panel_saliency"): what its "?" and F1 open.
    static std::string panelTopic(Tab tab);
    /// Dock sizes in proportion to the window, on the first show without a saved layout: fixed
    /// pixel sizes left a 1,024-px window with less than 600 px for the views.
    /// Screenshots call it too, so that they never depend on a saved layout.
    void fitDocksToWindow();

Q_SIGNALS:
    /// File → Export report… (the report dialog is wired by the application).
    void exportReportRequested();

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    /// A line in the Messages dock and the status bar.
    void log(const QString& text, bool error);
    // mainwindowmenus.cpp
    void createActions();
    void explainSettingsDialog();
    // mainwindowfiles.cpp
    void openDatasetDialog(const QString& initial = QString());
    void openDatasetDialogUnchecked(const QString& initial);
    /// Opens the bundled sample after asking about an unsaved model.
    void openSampleGuarded();
    void openCheckpointDialog();
    void saveCheckpointDialog();
    /// Pins a second checkpoint the user picks beside the open model (Recommendations tab).
    void pinCheckpointDialog();
    void addRecent(const QString& path);
    void rebuildRecentMenu();

    WorkbenchController* m_controller;
    GuideDialog* m_guide = nullptr;
    QTabWidget* m_tabs;
    ProjectView* m_project;
    CustomersView* m_customers;
    QDockWidget* m_customersDock = nullptr;
    QDockWidget* m_messagesDock = nullptr;
    bool m_layoutRestored = false;
    RecommendationsView* m_recs;
    AttentionView* m_attention;
    SaliencyView* m_saliency;
    TopKMatrixView* m_topKMatrix;
    CounterfactualView* m_whatIf;
    MerchantView* m_merchant;
    ModelView* m_model;
    SearchView* m_search;
    SummaryBar* m_summary;
    QPlainTextEdit* m_messages;
    QMenu* m_recentMenu = nullptr;
    ProjectActions* m_projectActions = nullptr;
    QLabel* m_busyLabel;
    QProgressBar* m_busy;
};

/// True for files the workbench opens as checkpoints rather than datasets.
bool isCheckpointPath(const QString& path);

} // namespace reclens
