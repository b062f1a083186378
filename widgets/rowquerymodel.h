#pragma once
// A table model that shows a vector of row numbers into a large, read-only table (the catalog,
// the customers) and filters and sorts by computing a new vector, never by creating an object
// per row. Large tables (> kSyncRows) are filtered and sorted on a worker thread
// (QtConcurrent): the UI thread only swaps the finished vector in. A newer request supersedes
// an older one, whose worker stops early and whose result is dropped.
//
// Why not QSortFilterProxyModel: it sorts and filters through data() and QVariant on the UI
// thread; over a million rows one keystroke or one click on a header froze the window for
// seconds.

#include <QAbstractTableModel>
#include <QString>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

template <typename T> class QFutureWatcher;

namespace reclens {

class RowQueryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    using Rows = std::vector<std::int32_t>;
    /// True once the request that runs has been superseded: stop, the result is dropped.
    using Superseded = std::function<bool()>;
    /// Computes the rows to show from a snapshot it owns (it may run on a worker thread).
    using Query = std::function<Rows(const Superseded&)>;
    /// Tables up to this many rows are queried on the UI thread: a few milliseconds, and the
    /// view is up to date as soon as the call returns (tests and small shops rely on it).
    static constexpr std::size_t kSyncRows = 50000;

    explicit RowQueryModel(QObject* parent = nullptr);
    ~RowQueryModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    /// The row number in the underlying table shown at view row `row`, or -1.
    std::int32_t sourceRow(int row) const;
    /// The view row showing underlying row `source`, or -1 when it is filtered out (O(rows)).
    int rowOf(std::int32_t source) const;
    /// A worker is computing a newer filter or order.
    bool isBusy() const { return m_busy; }

    /// The display text of (underlying row, column), reading only a snapshot it owns (the
    /// dataset and any counts by shared pointer), so it may run on a worker thread after the
    /// model changed: exports of a million rows run off the UI thread. Empty when the
    /// subclass has none.
    using CellText = std::function<QString(std::int32_t source, int column)>;
    virtual CellText cellText() const { return {}; }
    /// A copy of the rows shown now, in view order.
    Rows rowsShown() const { return m_rows; }

Q_SIGNALS:
    /// The rows of the latest request are shown.
    void rowsReady();
    void busyChanged(bool busy);

protected:
    /// Runs `query` for a table of `tableRows` rows: on the UI thread when small, else on a
    /// worker; the newest call wins.
    void runQuery(std::size_t tableRows, Query query);
    /// Shows `rows` at once and drops any pending request.
    void showRows(Rows rows);

private:
    struct Result {
        std::uint64_t generation = 0;
        Rows rows;
    };
    void setBusy(bool busy);

    Rows m_rows;
    std::shared_ptr<std::atomic<std::uint64_t>> m_latest;
    QFutureWatcher<Result>* m_watcher;
    bool m_busy = false;
};

/// Case-insensitive substring test on UTF-8 strings. An ASCII needle is matched byte-wise with
/// ASCII case folding (no QString per row: 1 M titles in ~50 ms); other needles go through
/// QString::contains.
class SubstringMatcher {
public:
    explicit SubstringMatcher(const QString& needle);
    bool empty() const { return m_ascii.empty() && m_needle.isEmpty(); }
    bool matches(const std::string& text) const;

private:
    QString m_needle;
    std::string m_ascii; // lower-case, when the needle is plain ASCII
};

/// Id order as people expect it: numbers by value ("9" before "10"), before other ids, which
/// compare byte-wise.
bool idLess(const std::string& a, const std::string& b);
/// Byte-wise order with ASCII case folding.
bool textLess(const std::string& a, const std::string& b);

/// The dense rank of each of `texts` in textLess order (equal texts share a rank). Sorting a
/// large table by text once and then by these integers makes every later sort of any subset
/// (a filter, the other direction) an integer sort: a million titles are compared once.
std::vector<std::int32_t> textRanks(const std::vector<const std::string*>& texts);
/// The same in idLess order.
std::vector<std::int32_t> idRanks(const std::vector<const std::string*>& ids);

/// Sorts row numbers by `less`, reversed for a descending order; ties keep the table order.
template <typename Less> void sortRows(RowQueryModel::Rows& rows, Qt::SortOrder order, Less less) {
    if (order == Qt::AscendingOrder)
        std::sort(rows.begin(), rows.end(), [&](std::int32_t a, std::int32_t b) {
            return less(a, b) || (!less(b, a) && a < b);
        });
    else
        std::sort(rows.begin(), rows.end(), [&](std::int32_t a, std::int32_t b) {
            return less(b, a) || (!less(a, b) && a < b);
        });
}

} // namespace reclens
