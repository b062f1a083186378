#include "distinctelide.h"

#include "report/charts.h"

#include <QFontInfo>
#include <QFontMetrics>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTableView>

#include <algorithm>
#include <string>
#include <vector>

namespace reclens {

namespace {

/// Width of the text inside a cell `cellWidth` px wide, as QCommonStyle lays out an item view's
/// text (SE_ItemViewItemText: the focus frame margin plus one on each side).
int textRoom(const QWidget* view, int cellWidth) {
    const int margin = view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view) + 1;
    return std::max(0, cellWidth - 2 * margin);
}

QFont cellFont(const QWidget* view, const QModelIndex& index) {
    const QVariant f = index.data(Qt::FontRole);
    return f.isValid() ? f.value<QFont>() : view->font();
}

class DistinctElideDelegate : public QStyledItemDelegate {
public:
    explicit DistinctElideDelegate(QTableView* view)
        : QStyledItemDelegate(view)
        , m_view(view) {}

    /// The text of `index` among the column's titles fitted to `room` px in `font`.
    QString textFor(const QModelIndex& index, int room, const QFont& font) const {
        const QAbstractItemModel* model = index.model();
        QStringList titles;
        for (int r = 0, n = std::min(model->rowCount(), kMaxRows); r < n; ++r)
            titles << model->index(r, index.column()).data().toString();
        // The same title twice: no elision tells them apart, their keys do (written whole).
        QStringList keys;
        for (int r = 0; r < titles.size(); ++r) {
            const QString key = model->index(r, index.column()).data(DistinctKeyRole).toString();
            keys << (!key.isEmpty() && titles.count(titles[r]) > 1
                         ? QStringLiteral(" (") + key + QLatin1Char(')')
                         : QString());
        }
        if (index.row() >= titles.size())
            return index.data().toString();
        if (titles != m_titles || keys != m_keys || room != m_room || font != m_font) {
            m_titles = titles;
            m_keys = keys;
            m_room = room;
            m_font = font;
            m_shown = fit(titles, keys, room, font);
        }
        return m_shown[index.row()];
    }

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override {
        QStyledItemDelegate::initStyleOption(option, index);
        if (option->rect.width() > 0)
            option->text = textFor(index, textRoom(m_view, option->rect.width()), option->font);
    }

private:
    // A what-if or recommendation list is 10-100 rows; fitting compares every pair.
    static constexpr int kMaxRows = 200;

    /// fitDistinct measures by a per-character estimate; real glyphs (capitals) can be wider,
    /// and the view would then elide a fitted title again, losing the words that differ. So
    /// the fit narrows until every title fits by the font's own metrics. A title with a key
    /// (`keys`, "" for the others) is shortened to leave room for it.
    static QStringList fit(const QStringList& titles, const QStringList& keys, int room,
                           const QFont& font) {
        std::vector<std::string> in;
        for (const QString& t : titles)
            in.push_back(t.toStdString());
        const QFontMetrics metrics(font);
        const double px = QFontInfo(font).pixelSize();
        QStringList out;
        double width = room;
        for (int attempt = 0; attempt < 8; ++attempt, width *= 0.92) {
            out.clear();
            bool fits = true;
            const std::vector<std::string> fitted = report::fitDistinct(in, width, px);
            for (size_t i = 0; i < fitted.size(); ++i) {
                const QString& key = keys[static_cast<int>(i)];
                const std::string k = key.toStdString();
                out << (key.isEmpty() ? QString::fromStdString(fitted[i])
                                      : QString::fromStdString(report::fitToWidth(
                                            in[i], width - report::estimateTextWidth(k, px), px)) +
                                            key);
                fits = fits && metrics.horizontalAdvance(out.back()) <= room;
            }
            if (fits)
                break;
        }
        return out;
    }

    QTableView* m_view;
    mutable QStringList m_titles; // the column as last fitted
    mutable QStringList m_keys;
    mutable int m_room = -1;
    mutable QFont m_font;
    mutable QStringList m_shown;
};

} // namespace

void elideColumnDistinctly(QTableView* view, int column) {
    if (!dynamic_cast<DistinctElideDelegate*>(view->itemDelegateForColumn(column)))
        view->setItemDelegateForColumn(column, new DistinctElideDelegate(view));
}

QString shownCellText(const QTableView* view, const QModelIndex& index) {
    const QFont font = cellFont(view, index);
    const int room = textRoom(view, view->columnWidth(index.column()));
    const auto* distinct =
        dynamic_cast<const DistinctElideDelegate*>(view->itemDelegateForColumn(index.column()));
    const QString text = distinct ? distinct->textFor(index, room, font) : index.data().toString();
    return QFontMetrics(font).elidedText(text, view->textElideMode(), room);
}

} // namespace reclens
