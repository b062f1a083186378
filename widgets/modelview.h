#pragma once
// The Model tab: metrics of the current checkpoint (accuracy and beyond-accuracy), its
// training configuration and dataset fingerprint, and the architecture with parameter counts.

#include <QWidget>

class QGridLayout;
class QLabel;
class QStandardItemModel;
class QTableView;

namespace reclens {

class WorkbenchController;

class ModelView : public QWidget {
    Q_OBJECT
public:
    explicit ModelView(WorkbenchController* controller, QWidget* parent = nullptr);
    QTableView* metricsTable() const { return m_metricsTable; }
    /// Appends `widget` under a `title` label across the tab's width (the project's feedback).
    void addSection(const QString& title, QWidget* widget);

private:
    void refresh();

    WorkbenchController* m_controller;
    QLabel* m_header;
    QTableView* m_metricsTable;
    QStandardItemModel* m_metrics;
    QTableView* m_configTable;
    QStandardItemModel* m_config;
    QTableView* m_archTable;
    QStandardItemModel* m_arch;
    QGridLayout* m_layout;
};

} // namespace reclens
