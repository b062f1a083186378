#include "rowquerymodel.h"

#include "job.h"

#include <QFutureWatcher>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <numeric>

namespace reclens {

namespace {

/// One thread for every list's queries, niced like the jobs' workers: they queue instead of
/// competing with each other, and the UI thread wins the core when both want it, so the heartbeat
/// keeps ticking while a million rows are sorted. A superseded query stops within ~65 k rows.
QThreadPool* queryPool() {
    static QThreadPool* pool = [] {
        auto* p = new QThreadPool;
        p->setMaxThreadCount(1);
        p->setExpiryTimeout(-1);
        return p;
    }();
    return pool;
}

} // namespace

RowQueryModel::RowQueryModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_latest(std::make_shared<std::atomic<std::uint64_t>>(0))
    , m_watcher(new QFutureWatcher<Result>(this)) {
    connect(m_watcher, &QFutureWatcherBase::finished, this, [this] {
        if (m_watcher->future().resultCount() == 0)
            return;
        Result r = m_watcher->result();
        if (r.generation != m_latest->load())
            return; // superseded while it ran
        setBusy(false);
        beginResetModel();
        m_rows = std::move(r.rows);
        endResetModel();
        Q_EMIT rowsReady();
    });
}

RowQueryModel::~RowQueryModel() {
    ++*m_latest; // a running worker stops early; its result goes nowhere
}

int RowQueryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

std::int32_t RowQueryModel::sourceRow(int row) const {
    return row >= 0 && row < static_cast<int>(m_rows.size()) ? m_rows[static_cast<size_t>(row)]
                                                             : -1;
}

int RowQueryModel::rowOf(std::int32_t source) const {
    auto it = std::find(m_rows.begin(), m_rows.end(), source);
    return it == m_rows.end() ? -1 : static_cast<int>(it - m_rows.begin());
}

void RowQueryModel::setBusy(bool busy) {
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

void RowQueryModel::showRows(Rows rows) {
    ++*m_latest;
    setBusy(false);
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    Q_EMIT rowsReady();
}

void RowQueryModel::runQuery(std::size_t tableRows, Query query) {
    const std::uint64_t generation = ++*m_latest;
    if (tableRows <= kSyncRows) {
        showRows(query([] { return false; }));
        return;
    }
    setBusy(true);
    auto latest = m_latest;
    m_watcher->setFuture(
        QtConcurrent::run(queryPool(), [latest, generation, query = std::move(query)] {
            yieldToUiThread();
            Result r;
            r.generation = generation;
            r.rows = query([&] { return latest->load(std::memory_order_relaxed) != generation; });
            return r;
        }));
}

// ---------------------------------------------------------------------------------------------

namespace {

char foldAscii(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool allDigits(const std::string& s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

SubstringMatcher::SubstringMatcher(const QString& needle) {
    bool ascii = true;
    for (QChar c : needle)
        ascii &= c.unicode() < 128;
    if (ascii) {
        m_ascii = needle.toLower().toStdString();
        return;
    }
    m_needle = needle;
}

bool SubstringMatcher::matches(const std::string& text) const {
    if (m_needle.isEmpty()) {
        // UTF-8 continuation and lead bytes are >= 0x80, so they never match an ASCII byte.
        return std::search(text.begin(), text.end(), m_ascii.begin(), m_ascii.end(),
                           [](char a, char b) { return foldAscii(a) == b; }) != text.end();
    }
    return QString::fromStdString(text).contains(m_needle, Qt::CaseInsensitive);
}

bool idLess(const std::string& a, const std::string& b) {
    const bool na = allDigits(a), nb = allDigits(b);
    if (na != nb)
        return na;
    if (na) {
        // Leading zeros aside, a longer number is larger; equal lengths compare as text.
        const auto sa = a.find_first_not_of('0'), sb = b.find_first_not_of('0');
        const size_t la = sa == std::string::npos ? 0 : a.size() - sa;
        const size_t lb = sb == std::string::npos ? 0 : b.size() - sb;
        if (la != lb)
            return la < lb;
        return a.compare(a.size() - la, la, b, b.size() - lb, lb) < 0;
    }
    return a < b;
}

bool textLess(const std::string& a, const std::string& b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return static_cast<unsigned char>(foldAscii(x)) < static_cast<unsigned char>(foldAscii(y));
    });
}

namespace {

/// The first eight case-folded bytes, big-endian, so that integer order is textLess order on
/// them; only rows with equal prefixes compare their whole texts.
std::uint64_t foldedPrefix(const std::string& s) {
    std::uint64_t key = 0;
    for (size_t i = 0; i < 8; ++i)
        key = (key << 8) | (i < s.size() ? static_cast<unsigned char>(foldAscii(s[i])) : 0u);
    return key;
}

template <typename Less>
std::vector<std::int32_t> denseRanks(const std::vector<const std::string*>& texts,
                                     const std::vector<std::uint64_t>& prefixes, Less less) {
    const auto n = static_cast<std::int32_t>(texts.size());
    std::vector<std::int32_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    auto keyLess = [&](std::int32_t a, std::int32_t b) {
        const auto pa = prefixes[static_cast<size_t>(a)], pb = prefixes[static_cast<size_t>(b)];
        if (pa != pb)
            return pa < pb;
        return less(*texts[static_cast<size_t>(a)], *texts[static_cast<size_t>(b)]);
    };
    std::sort(order.begin(), order.end(), keyLess);
    std::vector<std::int32_t> rank(static_cast<size_t>(n), 0);
    std::int32_t r = 0;
    for (std::int32_t i = 0; i < n; ++i) {
        if (i > 0 && keyLess(order[static_cast<size_t>(i - 1)], order[static_cast<size_t>(i)]))
            ++r;
        rank[static_cast<size_t>(order[static_cast<size_t>(i)])] = r;
    }
    return rank;
}

} // namespace

std::vector<std::int32_t> textRanks(const std::vector<const std::string*>& texts) {
    std::vector<std::uint64_t> prefixes(texts.size());
    for (size_t i = 0; i < texts.size(); ++i)
        prefixes[i] = foldedPrefix(*texts[i]);
    return denseRanks(texts, prefixes, textLess);
}

std::vector<std::int32_t> idRanks(const std::vector<const std::string*>& ids) {
    // idLess is not a byte order, so no prefix shortcut: every comparison is idLess.
    const std::vector<std::uint64_t> same(ids.size(), 0);
    return denseRanks(ids, same, idLess);
}

} // namespace reclens
