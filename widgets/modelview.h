#pragma once
// The Model tab: metrics of the current checkpoint (accuracy and beyond-accuracy), its
// training configuration and dataset fingerprint, and the architecture with parameter counts.

#include <QWidget>

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
};

} // namespace reclens
