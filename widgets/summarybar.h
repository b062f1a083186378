#pragma once
// The strip above the explanation views: who and what is being explained, the target's rank,
// and the engine's plain-language summary (built only from re-scored facts). Always visible.

#include <QFrame>

class QLabel;

namespace reclens {

class WorkbenchController;

class SummaryBar : public QFrame {
    Q_OBJECT
public:
    explicit SummaryBar(WorkbenchController* controller, QWidget* parent = nullptr);
    QString summaryText() const;

private:
    void refresh();

    WorkbenchController* m_controller;
    QLabel* m_head;
    QLabel* m_summary;
    bool m_pending = false;
};

} // namespace reclens
