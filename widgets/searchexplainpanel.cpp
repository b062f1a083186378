#include "searchexplainpanel.h"

#include "numbertext.h"

#include "attentionview.h"
#include "attributiontext.h"
#include "plotutil.h"
#include "qcp.h"
#include "titletext.h"

#include "search/searchexplain.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace reclens {

namespace {

constexpr int kBarPixels = 18; // per player: every label stays readable, the tab scrolls

/// A label per attention column: the purchases by title, the words as typed, the SEARCH token.
std::vector<QString> attentionLabels(const search::SearchExplanation& e, const Dataset& ds) {
    std::vector<QString> out;
    if (!e.bundle.attention)
        return out;
    const auto words = static_cast<int>(e.queryTerms.size());
    for (int t = 0; t < e.bundle.attention->length; ++t) {
        const auto ts = static_cast<std::size_t>(t);
        if (t < e.purchaseCount)
            out.push_back(elideTitleMiddle(
                QString::fromStdString(
                    ds.items[static_cast<std::size_t>(e.bundle.history[ts])].title),
                18));
        else if (t < e.purchaseCount + words)
            out.push_back(QObject::tr("q: %1").arg(QString::fromStdString(
                e.queryTerms[ts - static_cast<std::size_t>(e.purchaseCount)].token)));
        else
            out.push_back(QObject::tr("SEARCH (scores)"));
    }
    return out;
}

QString quoted(const std::string& s) {
    return QStringLiteral("\u201c%1\u201d").arg(QString::fromStdString(s));
}

double sum(const std::vector<float>& v) {
    return std::accumulate(v.begin(), v.end(), 0.0);
}

QLabel* wrapped() {
    auto* l = new QLabel;
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

/// A counterfactual line, only when the core found it and re-checked it outside the adapter.
QString counterfactualLine(const search::SearchExplanation& e, const Dataset& ds,
                           const std::optional<search::KindCounterfactual>& c, const QString& one,
                           const QString& many) {
    if (!c)
        return {};
    if (!c->result.found || !c->result.verified)
        return QObject::tr("No set of %1 whose removal drops it out of the top-%2 was found "
                           "and verified.")
            .arg(many)
            .arg(e.bundle.k);
    QStringList names;
    for (int p : c->result.removedPositions) {
        const auto ps = static_cast<std::size_t>(p);
        names << (p < e.purchaseCount
                      ? elideTitleMiddle(
                            QString::fromStdString(
                                ds.items[static_cast<std::size_t>(e.bundle.history[ps])].title),
                            40)
                      : quoted(e.queryTerms[ps - static_cast<std::size_t>(e.purchaseCount)].token));
    }
    return QObject::tr("Without the %1 %2 it drops from #%3 to #%4, out of the top-%5 (verified "
                       "by a separate forward pass).")
        .arg(names.size() == 1 ? one : many, names.join(QStringLiteral(", ")))
        .arg(c->result.originalRank)
        .arg(c->freshRank)
        .arg(c->result.k);
}

} // namespace

SearchExplainPanel::SearchExplainPanel(QWidget* parent)
    : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_headline = wrapped();
    m_share = wrapped();
    m_gate = wrapped();
    layout->addWidget(m_headline);
    layout->addWidget(m_share);
    layout->addWidget(m_gate);

    auto* row = new QHBoxLayout;
    m_method = new QComboBox;
    m_method->setToolTip(tr("Attribution method of the bars and of the share"));
    m_method->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto* methodLabelWidget = new QLabel(tr("&Method:"));
    methodLabelWidget->setBuddy(m_method);
    row->addWidget(methodLabelWidget);
    row->addWidget(m_method);
    m_methodNote = new QLabel; // what the method measures, in a short line (tooltip: more)
    m_methodNote->setWordWrap(true);
    row->addWidget(m_methodNote, 1);

    m_plot = createPlot(this, tr("Search: contributions of the words and purchases"));
    m_words = new QCPBars(m_plot->yAxis, m_plot->xAxis);
    m_purchases = new QCPBars(m_plot->yAxis, m_plot->xAxis);
    m_words->setName(tr("query word"));
    m_purchases->setName(tr("purchase"));
    m_words->setBrush(QColor(230, 120, 20));
    m_purchases->setBrush(QColor(40, 110, 160));
    for (QCPBars* b : {m_words, m_purchases}) {
        b->setPen(Qt::NoPen);
        b->setWidth(0.7);
    }
    placeLegendAbove(m_plot); // never over a bar
    m_plot->yAxis->setTickLength(0, 0);
    layout->addLayout(row);
    m_replot = new ReplotCoalescer(m_plot);
    // At its full height (18 px a player): the panel scrolls in its tab, so the labels never
    // overlap and the texts below never run over the bars.
    layout->addWidget(m_plot);

    m_facts = wrapped();
    layout->addWidget(m_facts);
    // Filled here, laid out by the Search tab in a tab of its own: below the bars it was out
    // of sight at 1,024 x 700.
    m_attention = new AttentionView(nullptr, this);
    m_attention->setCaptionAsTooltip();
    m_attention->hide();
    layout->addStretch(1); // a tall window keeps the texts together, the space goes below

    connect(m_method, &QComboBox::currentIndexChanged, this, [this] { refreshBars(); });
    setExplanation(nullptr, nullptr);
}

std::string SearchExplainPanel::method() const {
    return m_method->currentData().toString().toStdString();
}

void SearchExplainPanel::setMethod(const std::string& method) {
    const int i = m_method->findData(QString::fromStdString(method));
    if (i >= 0)
        m_method->setCurrentIndex(i);
}

QString SearchExplainPanel::headlineText() const {
    return m_headline->text();
}
QString SearchExplainPanel::shareText() const {
    return m_share->text();
}
QString SearchExplainPanel::gateText() const {
    return m_gate->text();
}
QString SearchExplainPanel::factsText() const {
    return m_facts->text();
}

void SearchExplainPanel::flush() {
    m_replot->flush();
    m_attention->flush();
}

void SearchExplainPanel::setExplanation(std::shared_ptr<const search::SearchExplanation> e,
                                        std::shared_ptr<const Dataset> ds,
                                        const QString& placeholder) {
    m_e = e && ds ? std::move(e) : nullptr;
    m_ds = std::move(ds);
    const std::string previous = method();
    {
        const QSignalBlocker block(m_method);
        m_method->clear();
        if (m_e)
            for (const auto& a : m_e->bundle.attributions)
                m_method->addItem(methodLabel(a.method), QString::fromStdString(a.method));
        // The user's choice stays; else integrated gradients, whose values add up to the score's
        // difference from an empty query and history, so the share of each side means something.
        int keep = m_method->findData(QString::fromStdString(previous));
        for (const char* m : {"ig", "shapley", "loo"})
            if (keep < 0)
                keep = m_method->findData(QString::fromLatin1(m));
        m_method->setCurrentIndex(std::max(keep, 0));
    }
    if (m_e) {
        // The heatmap reads the bundle the job computed; it shares ownership with this panel.
        auto bundle = std::shared_ptr<const ExplanationBundle>(m_e, &m_e->bundle);
        m_attention->setExplanation(bundle, m_ds, attentionLabels(*m_e, *m_ds),
                                    tr("the purchases (oldest first), the query words, the SEARCH "
                                       "token"));
    } else {
        m_attention->setExplanation(nullptr, nullptr);
    }
    if (!m_e) {
        m_headline->setText(placeholder);
        m_share->clear();
        m_gate->clear();
        m_facts->clear();
        refreshBars();
        return;
    }
    const auto& b = m_e->bundle;
    const Item& item = m_ds->items[static_cast<std::size_t>(b.target)];
    m_headline->setText(
        tr("<b>#%1 %2</b> %3 \u2014 score %4 logits for %5")
            .arg(b.targetRank)
            .arg(QString::fromStdString(item.id).toHtmlEscaped(),
                 elideTitleMiddle(QString::fromStdString(item.title), 60).toHtmlEscaped())
            .arg(static_cast<double>(b.targetScore), 0, 'f', 3)
            .arg(quoted(m_e->query).toHtmlEscaped()));
    const auto& s = m_e->split;
    m_gate->setText(tr("Personalisation gate %1 (0 = the query alone decides, 1 = the purchases "
                       "alone). With the query alone it would be #%2, with the purchases alone "
                       "#%3.")
                        .arg(static_cast<double>(s.gate), 0, 'f', 2)
                        .arg(s.queryOnlyRank)
                        .arg(s.historyOnlyRank));
    QStringList facts;
    facts << QString::fromStdString(m_e->summary);
    for (const QString& line :
         {counterfactualLine(*m_e, *m_ds, m_e->counterfactualQuery, tr("word"), tr("words")),
          counterfactualLine(*m_e, *m_ds, m_e->counterfactualPurchases, tr("purchase"),
                             tr("purchases"))})
        if (!line.isEmpty())
            facts << line;
    QStringList matches;
    for (const auto& m : m_e->lexicalMatches)
        matches << quoted(m);
    facts << (matches.isEmpty() ? tr("No query word appears in its title or category.")
                                : tr("Query words in its title or category: %1.")
                                      .arg(matches.join(QStringLiteral(", "))));
    m_facts->setText(facts.join(QStringLiteral("\n")));
    refreshBars();
}

void SearchExplainPanel::refreshBars() {
    m_words->data()->clear();
    m_purchases->data()->clear();
    m_barLabels.clear();
    const std::string m = method();
    const Attribution* a = m_e ? m_e->bundle.attribution(m) : nullptr;
    m_methodNote->setText(a ? methodTooltip(m) : QString());
    if (!a) {
        m_plot->setFixedHeight(150);
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
        m_replot->request();
        return;
    }
    const bool signedMethod = isSignedMethod(m);
    const double words = sum(m_e->queryPart(a->values));
    const double purchases = sum(m_e->purchasePart(a->values));
    const double total = std::abs(words) + std::abs(purchases);
    if (!signedMethod)
        m_share->setText(tr("%1 has no sign (how much, not which way): pick a signed method to "
                            "split the score between words and purchases.")
                             .arg(methodLabel(m)));
    else
        m_share->setText(
            tr("<b>Share of the score</b> (%1): words typed %2 logits (%3 %), purchases %4 "
               "logits (%5 %).")
                .arg(methodLabel(m))
                .arg(fixedText(words, 3))
                .arg(total > 0 ? 100.0 * std::abs(words) / total : 0.0, 0, 'f', 0)
                .arg(fixedText(purchases, 3))
                .arg(total > 0 ? 100.0 * std::abs(purchases) / total : 0.0, 0, 'f', 0));
    // Top to bottom: the words in the order typed, then the purchases newest first.
    std::vector<int> order;
    const int n = static_cast<int>(a->values.size());
    for (int p = m_e->purchaseCount; p < n; ++p)
        order.push_back(p);
    for (int p = m_e->purchaseCount - 1; p >= 0; --p)
        order.push_back(p);
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    double lo = 0, hi = 0;
    for (int i = 0; i < n; ++i) {
        const int p = order[static_cast<std::size_t>(i)];
        const double key = n - 1 - i; // keys grow upwards
        const double v = a->values[static_cast<std::size_t>(p)];
        const bool word = p >= m_e->purchaseCount;
        const auto ps = static_cast<std::size_t>(p);
        const QString label =
            word ? tr("word %1").arg(quoted(
                       m_e->queryTerms[ps - static_cast<std::size_t>(m_e->purchaseCount)].token))
                 : elideTitleMiddle(
                       QString::fromStdString(
                           m_ds->items[static_cast<std::size_t>(m_e->bundle.history[ps])].title),
                       30);
        (word ? m_words : m_purchases)->addData(key, v);
        ticker->addTick(key, label);
        m_barLabels << label;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    m_plot->yAxis->setTicker(ticker);
    m_plot->yAxis->setRange(-0.7, n - 0.3);
    const double pad = std::max(1e-6, (hi - lo) * 0.08);
    m_plot->xAxis->setRange(lo - pad, hi + pad);
    m_plot->xAxis->setLabel(signedMethod ? tr("effect on the score (logits)")
                                         : tr("sensitivity (gradient norm, no sign)"));
    m_plot->setFixedHeight(std::max(150, 70 + kBarPixels * n));
    m_replot->request();
}

} // namespace reclens
