#include "historyeditlist.h"

#include "customersview.h"

#include <QStyledItemDelegate>

#include <algorithm>

namespace reclens {

namespace {

constexpr int PosRole = Qt::UserRole + 1; // original position, -1 for inserted items
constexpr int ItemRole = Qt::UserRole + 2;

// Drawn rather than stored: setting a font on the item from itemChanged would re-enter it.
// Rows are no wider than the viewport, so a long title is elided (its tooltip has it whole)
// instead of running past the right edge behind a sideways scroll bar.
class RemovedRowDelegate : public QStyledItemDelegate {
public:
    explicit RemovedRowDelegate(QAbstractItemView* view)
        : QStyledItemDelegate(view)
        , m_view(view) {}

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        QSize s = QStyledItemDelegate::sizeHint(option, index);
        s.setWidth(std::min(s.width(), m_view->viewport()->width()));
        return s;
    }

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.data(Qt::CheckStateRole).toInt() == Qt::Unchecked) {
            option->font.setStrikeOut(true);
            option->palette.setColor(QPalette::Text, QColor(130, 130, 130));
        }
    }

private:
    QAbstractItemView* m_view;
};

QListWidgetItem* editableItem(const QString& text, int position, ItemIndex item) {
    auto* it = new QListWidgetItem(text);
    it->setFlags((it->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsDragEnabled) &
                 ~Qt::ItemIsDropEnabled);
    it->setCheckState(Qt::Checked);
    it->setData(PosRole, position);
    it->setData(ItemRole, item);
    return it;
}

} // namespace

HistoryEditList::HistoryEditList(QWidget* parent)
    : QListWidget(parent) {
    setDragDropMode(QAbstractItemView::InternalMove);
    setDefaultDropAction(Qt::MoveAction);
    setAlternatingRowColors(true);
    setItemDelegate(new RemovedRowDelegate(this));
    setTextElideMode(Qt::ElideMiddle); // keeps the position number and the title's end
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setResizeMode(QListView::Adjust); // rows follow the width
    setToolTip(tr("Unticked purchases are removed; the order of the list is the order the "
                  "model sees."));
    connect(this, &QListWidget::itemChanged, this, [this] {
        if (!m_loading)
            Q_EMIT edited();
    });
    connect(model(), &QAbstractItemModel::rowsMoved, this, [this] { Q_EMIT edited(); });
}

bool HistoryEditList::load(const Dataset& ds, const History& history) {
    if (history == m_history && count() > 0)
        return false;
    m_loading = true;
    m_keepInView = -1;
    clear();
    m_history = history;
    for (int p = 0; p < static_cast<int>(history.size()); ++p) {
        ItemIndex item = history[static_cast<size_t>(p)];
        QListWidgetItem* it =
            editableItem(QStringLiteral("%1. %2").arg(p + 1).arg(itemTitle(ds, item)), p, item);
        it->setToolTip(tr("<p>Purchase %1 of %2: %3</p>")
                           .arg(p + 1)
                           .arg(history.size())
                           .arg(itemTitle(ds, item).toHtmlEscaped()));
        addItem(it);
    }
    m_loading = false;
    return true;
}

void HistoryEditList::clearHistory() {
    m_history.clear();
    m_keepInView = -1;
    m_loading = true;
    clear();
    m_loading = false;
}

std::vector<int> HistoryEditList::removedPositions() const {
    std::vector<int> out;
    for (int r = 0; r < count(); ++r) {
        int p = item(r)->data(PosRole).toInt();
        if (p >= 0 && item(r)->checkState() != Qt::Checked)
            out.push_back(p);
    }
    std::sort(out.begin(), out.end());
    return out;
}

History HistoryEditList::shownHistory() const {
    History out;
    for (int r = 0; r < count(); ++r)
        if (item(r)->checkState() == Qt::Checked)
            out.push_back(item(r)->data(ItemRole).toInt());
    return out;
}

std::vector<HistoryEdit> HistoryEditList::edits() const {
    bool pureRemoval = true;
    int expected = 0;
    for (int r = 0; r < count(); ++r) {
        int p = item(r)->data(PosRole).toInt();
        if (p < 0 || p < expected)
            pureRemoval = false;
        if (p >= 0)
            expected = p + 1;
    }
    std::vector<HistoryEdit> out;
    if (pureRemoval) {
        // Descending, so every position is still valid when its removal is applied.
        std::vector<int> removed = removedPositions();
        for (auto it = removed.rbegin(); it != removed.rend(); ++it)
            out.push_back({HistoryEdit::Kind::Remove, *it, -1, -1});
        return out;
    }
    // Reordered or inserted: rebuild the sequence (remove everything, insert the list).
    for (int p = static_cast<int>(m_history.size()) - 1; p >= 0; --p)
        out.push_back({HistoryEdit::Kind::Remove, p, -1, -1});
    const History finalSeq = shownHistory();
    for (size_t i = 0; i < finalSeq.size(); ++i)
        out.push_back({HistoryEdit::Kind::Insert, static_cast<int>(i), finalSeq[i], -1});
    return out;
}

void HistoryEditList::setRemoved(int position, bool removed) {
    for (int r = 0; r < count(); ++r)
        if (item(r)->data(PosRole).toInt() == position) {
            item(r)->setCheckState(removed ? Qt::Unchecked : Qt::Checked);
            if (removed)
                keepInView(r);
        }
}

void HistoryEditList::setRemovedExactly(const std::set<int>& positions) {
    m_loading = true;
    int first = -1;
    for (int r = 0; r < count(); ++r) {
        int p = item(r)->data(PosRole).toInt();
        if (p < 0)
            continue;
        bool removed = positions.count(p) > 0;
        item(r)->setCheckState(removed ? Qt::Unchecked : Qt::Checked);
        if (removed && first < 0)
            first = r;
    }
    m_loading = false;
    // Show what was unticked: it is often the newest purchase, below the visible rows.
    if (first >= 0)
        keepInView(first);
}

void HistoryEditList::insertCatalogItem(const Dataset& ds, ItemIndex item, int row) {
    QListWidgetItem* it = editableItem(tr("+ %1 (inserted)").arg(itemTitle(ds, item)), -1, item);
    it->setBackground(QColor(220, 240, 220));
    it->setToolTip(
        tr("<p>Inserted from the catalog: %1</p>").arg(itemTitle(ds, item).toHtmlEscaped()));
    m_loading = true;
    insertItem(std::clamp(row, 0, count()), it);
    m_loading = false;
    Q_EMIT edited();
}

void HistoryEditList::setEditedHistory(const Dataset& ds, const History& wanted) {
    if (wanted == m_history)
        return;
    // Match each kept item to an unused original position, preferring the next one in order,
    // so a pure removal comes back as unticked rows (and the same edits).
    const int n = static_cast<int>(m_history.size());
    std::vector<bool> used(static_cast<size_t>(n), false);
    std::vector<int> matched; // original position of each edited item, -1 = inserted
    int next = 0;
    for (ItemIndex item : wanted) {
        int found = -1;
        for (int p = next; p < n && found < 0; ++p)
            if (!used[static_cast<size_t>(p)] && m_history[static_cast<size_t>(p)] == item)
                found = p;
        for (int p = 0; p < next && found < 0; ++p)
            if (!used[static_cast<size_t>(p)] && m_history[static_cast<size_t>(p)] == item)
                found = p;
        if (found >= 0) {
            used[static_cast<size_t>(found)] = true;
            next = found + 1;
        }
        matched.push_back(found);
    }
    m_loading = true;
    clear();
    auto addOriginal = [&](int p, bool removed) {
        QListWidgetItem* it = editableItem(QStringLiteral("%1. %2").arg(p + 1).arg(
                                               itemTitle(ds, m_history[static_cast<size_t>(p)])),
                                           p, m_history[static_cast<size_t>(p)]);
        it->setCheckState(removed ? Qt::Unchecked : Qt::Checked);
        addItem(it);
    };
    int lastOriginal = -1;
    auto flushUnusedBefore = [&](int limit) { // unticked rows where they were
        for (int p = lastOriginal + 1; p < limit; ++p)
            if (!used[static_cast<size_t>(p)])
                addOriginal(p, true);
    };
    for (size_t i = 0; i < wanted.size(); ++i) {
        if (matched[i] < 0) {
            QListWidgetItem* it =
                editableItem(tr("+ %1 (inserted)").arg(itemTitle(ds, wanted[i])), -1, wanted[i]);
            it->setBackground(QColor(220, 240, 220));
            addItem(it);
            continue;
        }
        if (matched[i] > lastOriginal) {
            flushUnusedBefore(matched[i]);
            lastOriginal = matched[i];
        }
        addOriginal(matched[i], false);
    }
    flushUnusedBefore(n);
    m_loading = false;
    Q_EMIT edited();
}

void HistoryEditList::keepInView(int row) {
    // Centred: the rows after it (often also unticked: the newest purchases) stay in view too.
    m_keepInView = row;
    if (row >= 0 && row < count())
        scrollToItem(item(row), QAbstractItemView::PositionAtCenter);
}

void HistoryEditList::resizeEvent(QResizeEvent* event) {
    QListWidget::resizeEvent(event);
    // Queued: the list lays its items out after this event, which resets the scroll range.
    if (m_keepInView >= 0)
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (m_keepInView >= 0 && m_keepInView < count())
                    scrollToItem(item(m_keepInView), QAbstractItemView::PositionAtCenter);
            },
            Qt::QueuedConnection);
}

} // namespace reclens
