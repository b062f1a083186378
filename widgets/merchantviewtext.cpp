// The Merchant tab's figures as text: every figure with its 95 % confidence interval when the
// view ran on a seeded sample, the segment, the product comparison and the what-if.

#include "customersview.h"
#include "merchantview.h"
#include "numbertext.h"

#include <cmath>

namespace reclens {

namespace {

QString pct(double share, int decimals) {
    return QString::number(100.0 * share, 'f', decimals) + QStringLiteral(" %");
}

// " (95 % CI lo–hi)" when sampled, nothing when exact.
QString ci(bool sampled, const ConfidenceInterval& c, double scale, int decimals,
           const QString& unit = {}) {
    if (!sampled)
        return {};
    return QObject::tr(" (95 % CI %1–%2%3)")
        .arg(scale * c.lo, 0, 'f', decimals)
        .arg(scale * c.hi, 0, 'f', decimals)
        .arg(unit);
}

} // namespace

QString MerchantView::statsText(const MerchantExplanation& r, const Dataset& ds) {
    const Item& item = ds.items[static_cast<size_t>(r.item)];
    const bool s = r.sampled;
    QString text =
        tr("<b>%1</b> (%2) — in the top %3 of <b>%4</b> of %5 customers (%6%7)<br>")
            .arg(itemTitle(ds, r.item).toHtmlEscaped(),
                 QString::fromStdString(item.id).toHtmlEscaped())
            .arg(r.k)
            .arg(groupedCount(r.inTopK), groupedCount(r.usersConsidered))
            .arg(pct(r.topKShare, 1), ci(s, r.topKShareCi, 100, 1, QStringLiteral(" %")));
    text +=
        tr("mean rank %1%2 · median %3 · best %4 · exposure %5%6 of all top-%7 slots vs "
           "%8 of purchases (lift %9)")
            .arg(r.meanRank, 0, 'f', 1)
            .arg(ci(s, r.meanRankCi, 1, 1))
            .arg(groupedCount(std::llround(r.medianRank)))
            .arg(groupedCount(r.bestRank))
            .arg(pct(r.exposureShare, 3), ci(s, r.exposureShareCi, 100, 3, QStringLiteral(" %")))
            .arg(r.k)
            .arg(pct(r.popularityShare, 3))
            .arg(r.exposureLift, 0, 'f', 2);
    // Which customers: all of them, or a seeded sample (say of how many and which seed).
    text += s ? tr("<br>Sample of %1 of %2 customers%3, seed %4; intervals at 95 %.")
                    .arg(groupedCount(r.usersConsidered), groupedCount(r.usersEligible))
                    .arg(r.segment.active() ? tr(" in the segment") : QString())
                    .arg(r.seed)
              : tr("<br>All %1 customers%2: exact figures.")
                    .arg(groupedCount(r.usersConsidered))
                    .arg(r.segment.active() ? tr(" in the segment") : QString());
    if (r.segment.active()) {
        const auto& g = r.segment;
        text += tr(" Segment: %1 to %2 purchases%3.")
                    .arg(g.minHistoryLength)
                    .arg(g.maxHistoryLength > 0 ? QString::number(g.maxHistoryLength) : tr("any"))
                    .arg(g.category.empty()
                             ? QString()
                             : tr(", bought %1")
                                   .arg(QString::fromStdString(g.category).toHtmlEscaped()));
    }
    if (r.comparison) {
        const MerchantComparison& c = *r.comparison;
        text +=
            tr("<br><b>Against %1</b>: in the top %2 of %3 (%4%5), mean rank %6%7; this "
               "product ranks higher for %8 customers, the other for %9 (tied %10).")
                .arg(itemTitle(ds, c.other).toHtmlEscaped())
                .arg(r.k)
                .arg(groupedCount(c.otherInTopK))
                .arg(pct(c.otherTopKShare, 1),
                     ci(s, c.otherTopKShareCi, 100, 1, QStringLiteral(" %")))
                .arg(c.otherMeanRank, 0, 'f', 1)
                .arg(ci(s, c.otherMeanRankCi, 1, 1))
                .arg(groupedCount(c.itemAhead), groupedCount(c.otherAhead), groupedCount(c.tied));
    }
    if (r.whatIf) {
        const MerchantWhatIf& w = *r.whatIf;
        text +=
            tr("<br><b>What if</b> %1 customers%2 had bought %3: in the top %4 for %5 → "
               "<b>%6</b>, mean rank %7 → %8 (better for %9, worse for %10).")
                .arg(groupedCount(w.users), w.usersSampled ? tr(" (a seeded sample)") : QString(),
                     itemTitle(ds, w.added).toHtmlEscaped())
                .arg(r.k)
                .arg(groupedCount(w.inTopKBefore), groupedCount(w.inTopKAfter))
                .arg(w.meanRankBefore, 0, 'f', 1)
                .arg(w.meanRankAfter, 0, 'f', 1)
                .arg(groupedCount(w.improved), groupedCount(w.worsened));
    }
    return text + tr(" · %1 s").arg(r.seconds, 0, 'f', 2);
}

} // namespace reclens
