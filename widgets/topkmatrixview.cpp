#include "topkmatrixview.h"

#include "customersview.h"
#include "plotutil.h"
#include "workbenchcontroller.h"

#include "qcp.h"
#include <QComboBox>
#include <QCoreApplication>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace reclens {

namespace {

struct MethodInfo {
    const char* key;
    const char* label;
};
constexpr MethodInfo kMethods[] = {
    {"loo", "Leave-one-out"},
    {"ig", "Integrated gradients"},
    {"shapley", "Shapley"},
};

} // namespace

TopKMatrixView::TopKMatrixView(WorkbenchController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller) {
    auto* layout = new QVBoxLayout(this);
    auto* row = new QHBoxLayout;
    m_method = new QComboBox;
    for (const auto& m : kMethods)
        m_method->addItem(tr(m.label), QString::fromLatin1(m.key));
    m_method->setToolTip(tr("The attribution method whose values colour the matrix."));
    m_explain = new QPushButton(tr("Explain the whole top-K"));
    m_explain->setToolTip(tr("Explains every recommendation of the customer's top-K in one "
                             "batched run (leave-one-out, integrated gradients, Shapley)."));
    m_status = new QLabel;
    // Wraps: unwrapped, "10 recommendations x 18 purchases, explained in 41 ms" beside the
    // buttons made the page wider than a 1,024-px window leaves it.
    m_status->setWordWrap(true);
    row->addWidget(new QLabel(tr("Method:")));
    row->addWidget(m_method);
    row->addWidget(m_explain);
    row->addWidget(m_status, 1);
    layout->addLayout(row);

    m_plot = createPlot(this, tr("Top-K at once: attribution matrix"));
    m_plot->axisRect()->setupFullAxesBox(false);
    m_plot->xAxis2->setVisible(false);
    m_plot->yAxis2->setVisible(false);
    m_map = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
    m_map->setInterpolate(false);
    m_map->setTightBoundary(false);
    m_scale = new QCPColorScale(m_plot);
    m_plot->plotLayout()->addElement(0, 1, m_scale);
    m_scale->setType(QCPAxis::atRight);
    m_map->setColorScale(m_scale);
    m_map->setGradient(divergingGradient());
    auto* group = new QCPMarginGroup(m_plot);
    m_plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    m_plot->xAxis->setTickLabelRotation(40);
    m_plot->xAxis->setLabel(tr("recommendation (rank 1 → K)"));
    m_plot->yAxis->setLabel(tr("purchase (oldest at the top)"));
    m_plot->setMouseTracking(true);
    layout->addWidget(m_plot, 1);
    m_whyList = new QLabel;
    m_whyList->setWordWrap(true);
    m_whyList->setToolTip(
        tr("Each purchase's share of the order of the whole top-K. RankingSHAP (Heuss et al. "
           "2024) over purchases: Shapley values of the purchases for the ORDER of the top-K "
           "(Kendall τ between the shown order and the order each subset of purchases gives the "
           "same items; the full history gives τ = 1)."));
    layout->addWidget(m_whyList);
    m_caption = new QLabel;
    m_caption->setWordWrap(true);
    layout->addWidget(m_caption);
    m_replot = new ReplotCoalescer(m_plot);

    connect(m_method, &QComboBox::currentIndexChanged, this, &TopKMatrixView::refresh);
    connect(m_explain, &QPushButton::clicked, m_controller, &WorkbenchController::explainTopKAll);
    connect(m_controller, &WorkbenchController::topKExplanationsChanged, this,
            &TopKMatrixView::refresh);
    connect(m_controller, &WorkbenchController::topKExplanationsStarted, this,
            [this] { m_status->setText(tr("explaining every recommendation …")); });
    // A new customer or model: explain again if the tab is on screen.
    connect(m_controller, &WorkbenchController::recommendationsChanged, this,
            &TopKMatrixView::requestIfStale);
    connect(m_plot, &QCustomPlot::mouseMove, this, &TopKMatrixView::showTooltip);
    connect(m_plot, &QCustomPlot::afterLayout, this, [this] {
        // Both, even when the first changed: each decides from the laid-out height.
        const bool columns = m_rows > 0 && applyColumnLabels();
        if ((m_rows > 0 && applyRowLabels()) || columns)
            m_replot->request();
    });
    refresh();
}

void TopKMatrixView::setMethod(const std::string& method) {
    const int i = m_method->findData(QString::fromStdString(method));
    if (i >= 0)
        m_method->setCurrentIndex(i);
}

std::string TopKMatrixView::method() const {
    return m_method->currentData().toString().toStdString();
}

double TopKMatrixView::cellValue(int row, int column) const {
    return m_map->data()->cell(column, m_rows - 1 - row); // row 0 is drawn at the top
}

void TopKMatrixView::flush() {
    m_replot->flush();
}

void TopKMatrixView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    requestIfStale();
}

void TopKMatrixView::requestIfStale() {
    // The run costs about K explanations' IG: only when someone looks at the matrix.
    const auto& recs = m_controller->recommendations();
    if (!isVisible() || !recs || recs->history.empty() || !m_controller->model())
        return;
    const auto bundles = m_controller->topKExplanations();
    if (bundles && !bundles->empty() && bundles->front().history == recs->history)
        return;
    m_controller->explainTopKAll();
}

void TopKMatrixView::refresh() {
    const auto bundles = m_controller->topKExplanations();
    const auto ds = m_controller->dataset();
    m_rows = m_cols = 0;
    m_rowTitles.clear();
    m_colTitles.clear();
    m_colRanks.clear();
    m_rowLabels.clear();
    const std::string method = this->method();
    if (!bundles || bundles->empty() || !ds || !bundles->front().attribution(method)) {
        m_map->data()->clear();
        m_status->setText(m_controller->recommendations()
                              ? tr("Press “Explain the whole top-K” (or open this tab) to explain "
                                   "every recommendation at once.")
                              : tr("Pick a customer first."));
        m_caption->clear();
        m_caption->setToolTip(QString());
        m_whyList->clear();
        m_replot->request();
        return;
    }
    const History& h = bundles->front().history;
    m_rows = static_cast<int>(h.size());
    m_cols = static_cast<int>(bundles->size());
    for (ItemIndex i : h) {
        m_rowTitles.push_back(itemTitle(*ds, i));
        m_rowLabels.push_back(elide(m_rowTitles.back(), 26));
    }
    for (int c = 0; c < m_cols; ++c) {
        const ExplanationBundle& b = (*bundles)[static_cast<size_t>(c)];
        m_colTitles.push_back(itemTitle(*ds, b.target));
        m_colRanks.push_back(b.targetRank);
    }
    m_map->data()->setSize(m_cols, m_rows);
    m_map->data()->setRange(QCPRange(0, std::max(1, m_cols - 1)),
                            QCPRange(0, std::max(1, m_rows - 1)));
    double maxAbs = 1e-9;
    int unconverged = 0;
    for (int c = 0; c < m_cols; ++c) {
        const ExplanationBundle& b = (*bundles)[static_cast<size_t>(c)];
        const Attribution* a = b.attribution(method);
        for (int r = 0; r < m_rows; ++r) {
            const double v = a && static_cast<size_t>(r) < a->values.size()
                                 ? a->values[static_cast<size_t>(r)]
                                 : 0.0;
            m_map->data()->setCell(c, m_rows - 1 - r, v);
            maxAbs = std::max(maxAbs, std::fabs(v));
        }
        unconverged += b.ig && !b.ig->converged ? 1 : 0;
    }
    // Symmetric around zero so white always means "no contribution".
    m_map->setDataRange(QCPRange(-maxAbs, maxAbs));
    m_scale->axis()->setLabel(method == "loo" ? tr("score drop without the purchase (logits)")
                                              : tr("contribution (logits)"));
    m_rowStep = 0;
    m_colChars = -1;
    // The ranges first: the column labels are fitted to where their ticks are.
    m_plot->xAxis->setRange(-0.5, m_cols - 0.5);
    m_plot->yAxis->setRange(-0.5, m_rows - 0.5);
    applyColumnLabels();
    applyRowLabels();
    const auto& t = bundles->front().timingsMs;
    m_status->setText(tr("%1 recommendations × %2 purchases, explained in %3 ms")
                          .arg(m_cols)
                          .arg(m_rows)
                          .arg(t.count("total") ? t.at("total") : 0.0, 0, 'f', 0));
    QString text = shortCaption();
    if (method == "ig" && unconverged > 0)
        text += tr(" IG did not reach its completeness tolerance for %1 of them.").arg(unconverged);
    m_caption->setText(text);
    m_caption->setToolTip(caption());
    m_whyList->setText(whyThisListText());
    m_replot->request();
}

QString TopKMatrixView::whyThisListText() const {
    const auto bundles = m_controller->topKExplanations();
    const auto ds = m_controller->dataset();
    if (!bundles || bundles->empty() || !bundles->front().listShapley || !ds)
        return {};
    const int width = m_whyList->isVisible() ? m_whyList->contentsRect().width() : 0;
    return whyThisListSentence(*bundles->front().listShapley, bundles->front().history, *ds,
                               m_whyList->font(), width);
}

void TopKMatrixView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    // The line is fitted to the label's width; the label follows the view's width.
    if (!m_whyList->text().isEmpty())
        QMetaObject::invokeMethod(
            this, [this] { m_whyList->setText(whyThisListText()); }, Qt::QueuedConnection);
}

namespace {

int lineCount(const QString& html, const QFont& font, int width) {
    QTextDocument doc;
    doc.setDocumentMargin(0);
    doc.setDefaultFont(font);
    doc.setHtml(html);
    doc.setTextWidth(width);
    doc.size(); // lays the text out: the blocks have no lines before
    int lines = 0;
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next())
        lines += b.layout()->lineCount();
    return lines;
}

} // namespace

QString whyThisListSentence(const ListShapleyExplanation& l, const History& h, const Dataset& ds,
                            const QFont& font, int width) {
    std::vector<size_t> order(l.shapley.values.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return std::fabs(l.shapley.values[a]) > std::fabs(l.shapley.values[b]);
    });
    auto compose = [&](size_t count, int chars) {
        QStringList parts;
        for (size_t i = 0; i < order.size() && i < count; ++i)
            parts << QStringLiteral("%1 %2")
                         .arg(elide(itemTitle(ds, h[order[i]]), chars).toHtmlEscaped())
                         .arg(l.shapley.values[order[i]], 0, 'f', 2);
        return QCoreApplication::translate(
                   "reclens::TopKMatrixView",
                   "<b>Why this list</b> (τ = %1 without any purchase%2): %3")
            .arg(l.shapley.scoreEmpty, 0, 'f', 2)
            .arg(l.shapley.exact
                     ? QString()
                     : QCoreApplication::translate("reclens::TopKMatrixView", ", sampled"))
            .arg(parts.join(QStringLiteral(" · ")));
    };
    // Two lines at most: on Amazon's long titles four of 30 characters took three at 1,024 px
    // and squeezed the matrix. Fewer, shorter names first; the tooltip says what they mean.
    const std::pair<size_t, int> tries[] = {{4, 30}, {3, 30}, {3, 22}, {2, 22}, {2, 16}};
    for (const auto& [count, chars] : tries) {
        const QString text = compose(count, chars);
        if (width <= 0 || lineCount(text, font, width) <= 2)
            return text;
    }
    return compose(2, 16);
}

QString TopKMatrixView::caption() const {
    const std::string m = method();
    const QString what =
        m == "loo"  ? tr("how much each recommendation's score drops when the purchase is "
                          "removed (a real re-run)")
        : m == "ig" ? tr("integrated gradients: each purchase's share of the score above "
                         "the empty-history baseline")
                    : tr("Shapley values: each purchase's average marginal effect over all "
                         "orders of adding purchases (sampled beyond 12 purchases)");
    return tr("Red pushes the recommendation up, blue pushes it down; one colour scale for the "
              "whole matrix. Cells show %1. Hover a cell for the full titles and the value.")
        .arg(what);
}

QString TopKMatrixView::shortCaption() const {
    // One line: three (with the "why this list" line's three) left the purchases 14 px a row at
    // 1,024 x 700, and every other one lost its label. The whole sentence is the tooltip.
    const std::string m = method();
    const QString what = m == "loo"  ? tr("the score drop without the purchase (a real re-run)")
                         : m == "ig" ? tr("integrated gradients above the empty history")
                                     : tr("Shapley values (sampled beyond 12 purchases)");
    return tr("Cells: %1; red pushes up, blue down.").arg(what);
}

bool TopKMatrixView::applyRowLabels() {
    // A long history has more rows than fit one label each: label every k-th, always the
    // newest purchase.
    const double line = QFontMetrics(m_plot->yAxis->tickLabelFont()).height();
    const double height = m_plot->axisRect()->height();
    const int step = (m_rows <= 1 || height <= 0)
                         ? 1
                         : std::max(1, static_cast<int>(std::ceil(line / (height / m_rows))));
    // The axis title is drawn along the rows: cut at both ends where they are shorter.
    const QString title = tr("purchase (oldest at the top)");
    const QString label =
        QFontMetrics(m_plot->yAxis->labelFont()).horizontalAdvance(title) <= height
            ? title
            : tr("purchase");
    const bool relabelled = label != m_plot->yAxis->label();
    m_plot->yAxis->setLabel(label);
    if (step == m_rowStep)
        return relabelled;
    m_rowStep = step;
    auto yt = QSharedPointer<QCPAxisTickerText>::create();
    for (int r = 0; r < m_rows; ++r)
        if ((m_rows - 1 - r) % step == 0)
            yt->addTick(m_rows - 1 - r, m_rowLabels[static_cast<size_t>(r)]);
    m_plot->yAxis->setTicker(yt);
    return true;
}

bool TopKMatrixView::applyColumnLabels() {
    // Titles rotated under the columns took ~130 px at 1,024 x 700 and left the purchases 8 px
    // a row, so every other row lost its label. The rows come first: one line each; the column
    // labels get the height that is left (the tooltip has every title).
    const QFontMetrics metrics(m_plot->xAxis->tickLabelFont());
    const double line = metrics.height();
    // Above the axis rect, the x axis title and the tick marks below it.
    const double other = m_plot->axisRect()->top() + 2 * line + 16;
    const double room = m_plot->height() - other - m_rows * line;
    // Rotated by 40 degrees a label of n characters is ~0.64 n characters wide tall, plus
    // ~0.77 of a line; "#10 " and at least five characters of the title are worth a rotation.
    constexpr double kSin = 0.643, kCos = 0.766;
    const int fit = static_cast<int>((room - kCos * line) / (kSin * metrics.averageCharWidth()));
    const int chars = fit >= 9 ? std::min(18, fit - 4) : 0;
    // QCustomPlot drops a tick label that would cross the widget's edge: rotated, the labels of
    // the last columns run to the right of their tick, and "#10 …" vanished at 1,600 x 1,000.
    // Those keep fewer title characters, down to the rank alone. A rotated label's box ends
    // cos·width + sin·height/2 to the right of its tick (QCPAxisPainterPrivate's offsets).
    const double edge = m_plot->viewport().right() - 2.0;
    std::vector<QString> labels;
    for (int c = 0; c < m_cols; ++c) {
        const QString rank = QStringLiteral("#%1").arg(m_colRanks[static_cast<size_t>(c)]);
        const double tick = m_plot->xAxis->coordToPixel(c);
        QString label = rank;
        for (int n = chars; n > 0; --n) {
            const QString l =
                rank + QLatin1Char(' ') + elide(m_colTitles[static_cast<size_t>(c)], n);
            if (tick + kCos * metrics.horizontalAdvance(l) + kSin * line / 2 <= edge) {
                label = l;
                break;
            }
        }
        labels.push_back(label);
    }
    if (chars == m_colChars && labels == m_colLabels)
        return false;
    m_colChars = chars;
    m_colLabels = labels;
    auto xt = QSharedPointer<QCPAxisTickerText>::create();
    for (int c = 0; c < m_cols; ++c)
        xt->addTick(c, labels[static_cast<size_t>(c)]);
    m_plot->xAxis->setTicker(xt);
    m_plot->xAxis->setTickLabelRotation(chars > 0 ? 40 : 0);
    return true;
}

QString TopKMatrixView::cellTooltip(int row, int column) const {
    if (row < 0 || row >= m_rows || column < 0 || column >= m_cols)
        return {};
    return tr("Purchase %1: %2\nRecommendation #%3: %4\n%5: %6")
        .arg(row + 1)
        .arg(m_rowTitles[static_cast<size_t>(row)])
        .arg(column + 1)
        .arg(m_colTitles[static_cast<size_t>(column)])
        .arg(m_method->currentText())
        .arg(cellValue(row, column), 0, 'g', 5);
}

void TopKMatrixView::showTooltip(QMouseEvent* event) {
    if (m_rows == 0)
        return;
    const int c = static_cast<int>(std::lround(m_plot->xAxis->pixelToCoord(event->pos().x())));
    const int y = static_cast<int>(std::lround(m_plot->yAxis->pixelToCoord(event->pos().y())));
    const QString tip = cellTooltip(m_rows - 1 - y, c);
    if (tip.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), tip, m_plot);
}

} // namespace reclens
