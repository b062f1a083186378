#include "titletext.h"

#include "customersview.h"

#include <algorithm>

namespace reclens {

QString elideTitleMiddle(const QString& title, int maxChars) {
    if (title.size() <= maxChars || maxChars < 8)
        return title;
    // A little more of the head (brand, product kind) than of the tail (size, variant).
    const int headChars = maxChars * 55 / 100;
    const int tailChars = maxChars - headChars - 2;
    int headEnd = title.lastIndexOf(QLatin1Char(' '), headChars);
    if (headEnd < headChars / 2)
        headEnd = headChars; // one very long word: cut inside it
    int tailStart = title.indexOf(QLatin1Char(' '), title.size() - tailChars);
    if (tailStart < 0 || tailStart > title.size() - tailChars / 2)
        tailStart = title.size() - tailChars;
    else
        ++tailStart; // after the space
    tailStart = std::max(tailStart, headEnd);
    return title.left(headEnd).trimmed() + QStringLiteral(" … ") + title.mid(tailStart).trimmed();
}

QString elideTitleToFit(const QString& title, const std::function<bool(const QString&)>& fits) {
    constexpr int shortest = 12;
    if (title.size() <= shortest || fits(title))
        return title;
    // Binary search on the character budget: the elided text grows with it (word boundaries
    // make the growth uneven, never reversed by more than a word).
    int lo = shortest, hi = static_cast<int>(title.size()) - 1;
    while (lo < hi) {
        const int mid = (lo + hi + 1) / 2;
        if (fits(elideTitleMiddle(title, mid)))
            lo = mid;
        else
            hi = mid - 1;
    }
    return elideTitleMiddle(title, lo);
}

QString shortenTitlesIn(QString text, const Dataset& ds, const std::vector<ItemIndex>& items,
                        int maxChars) {
    std::vector<ItemIndex> sorted = items;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    // Longest first: a title that contains another one is replaced whole.
    std::sort(sorted.begin(), sorted.end(), [&ds](ItemIndex a, ItemIndex b) {
        return itemTitle(ds, a).size() > itemTitle(ds, b).size();
    });
    for (ItemIndex i : sorted) {
        const QString title = itemTitle(ds, i);
        if (title.size() > maxChars)
            text.replace(title, elideTitleMiddle(title, maxChars));
    }
    return text;
}

} // namespace reclens
