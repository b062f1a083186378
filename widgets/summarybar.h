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

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void refresh();
    /// Writes the head line, the target's title elided in the middle to the head's width.
    void layoutHead();

    WorkbenchController* m_controller;
    QLabel* m_head;
    QLabel* m_summary;
    // The head line with a marker where the target's title goes (empty: no target, m_head's
    // text is set directly), and that whole title.
    QString m_headPattern;
    QString m_headTitle;
    bool m_pending = false;
};

} // namespace reclens
