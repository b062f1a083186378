#include "attentionview.h"

#include "customersview.h"
#include "plotutil.h"
#include "workbenchcontroller.h"

#include "qcp.h"
#include <QComboBox>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace reclens {

namespace {

QString badgeColour(float tau) {
    if (tau >= 0.4f)
        return QStringLiteral("#c8e6c9"); // agrees with leave-one-out
    if (tau >= 0.1f)
        return QStringLiteral("#fff3c4");
    return QStringLiteral("#ffcdd2"); // does not agree: do not read it as an explanation
}

} // namespace

AttentionView::AttentionView(WorkbenchController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller) {
    auto* layout = new QVBoxLayout(this);
    auto* row = new QHBoxLayout;
    m_mode = new QComboBox;
    m_mode->addItem(tr("Last position: every layer × head"));
    m_mode->setItemData(0, tr("Weight each head puts on each purchase when scoring the next item."),
                        Qt::ToolTipRole);
    m_mode->addItem(tr("Attention rollout across layers"));
    m_mode->setItemData(1,
                        tr("Abnar & Zuidema (2020): heads averaged, residual added, layers "
                           "multiplied — how much each purchase reaches the output."),
                        Qt::ToolTipRole);
    m_mode->addItem(tr("Full causal map of one head"));
    m_mode->setItemData(2,
                        tr("Every position's attention over the earlier positions for one head."),
                        Qt::ToolTipRole);
    m_head = new QComboBox;
    m_head->setToolTip(tr("The head whose full map is shown."));
    row->addWidget(new QLabel(tr("View:")));
    row->addWidget(m_mode);
    row->addWidget(m_head);
    row->addStretch();
    layout->addLayout(row);
    m_badges = new QLabel;
    m_badges->setWordWrap(true);
    m_badgesTip = tr("Kendall τ between each head's weights and the leave-one-out effects: "
                     "green ≥ 0.4 agrees, amber weak, red does not agree.");
    m_badges->setToolTip(m_badgesTip);
    layout->addWidget(m_badges);

    m_plot = createPlot(this, tr("Attention"));
    m_plot->axisRect()->setupFullAxesBox(false);
    m_plot->xAxis2->setVisible(false);
    m_plot->yAxis2->setVisible(false);
    m_map = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
    m_map->setInterpolate(false);
    m_map->setTightBoundary(false);
    m_scale = new QCPColorScale(m_plot);
    m_plot->plotLayout()->addElement(0, 1, m_scale);
    m_scale->setType(QCPAxis::atRight);
    m_scale->axis()->setLabel(tr("attention weight"));
    m_map->setColorScale(m_scale);
    m_map->setGradient(sequentialGradient());
    auto* group = new QCPMarginGroup(m_plot);
    m_plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    // Steep enough that 18-20 purchases each keep their label at 1,024 px (at 55 degrees every
    // other one was skipped): the gap between neighbouring labels grows with the sine.
    m_plot->xAxis->setTickLabelRotation(70);
    m_plot->setMouseTracking(true);
    layout->addWidget(m_plot, 1);
    m_caption = new QLabel;
    m_caption->setWordWrap(true);
    layout->addWidget(m_caption);
    m_replot = new ReplotCoalescer(m_plot);

    connect(m_mode, &QComboBox::currentIndexChanged, this, &AttentionView::refresh);
    connect(m_head, &QComboBox::currentIndexChanged, this, &AttentionView::refresh);
    if (m_controller)
        connect(m_controller, &WorkbenchController::explanationChanged, this,
                &AttentionView::refresh);
    connect(m_plot, &QCustomPlot::mouseMove, this, &AttentionView::showTooltip);
    // The label steps depend on the laid-out size: once it is known (or changes), recompute
    // them and, if they changed, draw once more with the new labels.
    connect(m_plot, &QCustomPlot::afterLayout, this, [this] {
        if (m_rows > 0 && applyTickLabels())
            m_replot->request();
    });
    refresh();
}

void AttentionView::setMode(Mode m) {
    m_mode->setCurrentIndex(static_cast<int>(m));
}

double AttentionView::cellValue(int row, int column) const {
    // Row 0 is the top row on screen, which is the highest y index.
    return m_map->data()->cell(column, m_rows - 1 - row);
}

QString AttentionView::statusText() const {
    return m_badges->text();
}

void AttentionView::flush() {
    m_replot->flush();
}

void AttentionView::setExplanation(std::shared_ptr<const ExplanationBundle> bundle,
                                   std::shared_ptr<const Dataset> ds, std::vector<QString> labels,
                                   const QString& keysTitle) {
    m_bundle = std::move(bundle);
    m_dataset = std::move(ds);
    m_givenLabels = std::move(labels);
    m_keysTitle = keysTitle;
    refresh();
}

void AttentionView::refresh() {
    auto bundle = m_controller ? m_controller->explanation() : m_bundle;
    auto ds = m_controller ? m_controller->dataset() : m_dataset;
    Mode mode = static_cast<Mode>(m_mode->currentIndex());
    m_head->setVisible(mode == FullMap);
    m_rows = m_cols = 0;
    m_rowLabels.clear();
    m_colLabels.clear();
    if (!bundle || !bundle->attention || !ds) {
        m_map->data()->clear();
        // A model without attention maps (a TorchScript file with no attention() method) says
        // so, with the engine's reason, instead of waiting for an explanation that came.
        const auto why = bundle ? bundle->unavailable.find("attention")
                                : std::map<std::string, std::string>::const_iterator{};
        if (bundle && why != bundle->unavailable.end())
            m_badges->setText(tr("Attention is not available for this model: %1.")
                                  .arg(QString::fromStdString(why->second)));
        else
            m_badges->setText(tr("Attention appears once a result is explained."));
        m_caption->clear();
        placeCaption();
        m_replot->request();
        return;
    }
    const AttentionExplanation& att = *bundle->attention;
    const int T = att.length;
    if (m_head->count() != att.layers * att.heads) {
        QSignalBlocker block(m_head);
        m_head->clear();
        for (int l = 0; l < att.layers; ++l)
            for (int h = 0; h < att.heads; ++h)
                m_head->addItem(tr("layer %1, head %2").arg(l + 1).arg(h + 1));
    }
    std::vector<float> tau(static_cast<size_t>(att.layers * att.heads),
                           std::numeric_limits<float>::quiet_NaN());
    if (bundle->faithfulness)
        for (const HeadAgreement& a : bundle->faithfulness->heads)
            if (a.layer * att.heads + a.head < static_cast<int>(tau.size()))
                tau[static_cast<size_t>(a.layer * att.heads + a.head)] = a.kendallTau;
    QStringList badges;
    for (int l = 0; l < att.layers; ++l)
        for (int h = 0; h < att.heads; ++h) {
            float t = tau[static_cast<size_t>(l * att.heads + h)];
            badges << QStringLiteral("<span style='background:%1'>&nbsp;L%2·H%3 τ=%4&nbsp;</span>")
                          .arg(std::isnan(t) ? QStringLiteral("#eeeeee") : badgeColour(t))
                          .arg(l + 1)
                          .arg(h + 1)
                          .arg(std::isnan(t) ? QStringLiteral("n/a") : QString::number(t, 'f', 2));
        }
    m_badges->setText(tr("Agreement with leave-one-out: ") + badges.join(QStringLiteral(" ")));

    const bool given = m_givenLabels.size() == static_cast<size_t>(T);
    for (int t = 0; t < T; ++t)
        m_colLabels.push_back(
            given ? m_givenLabels[static_cast<size_t>(t)]
                  : QStringLiteral("%1 %2").arg(t + 1).arg(
                        elide(itemTitle(*ds, bundle->history[static_cast<size_t>(t)]), 20)));

    std::vector<std::vector<float>> rows; // top row first
    if (mode == LastPosition) {
        for (int l = 0; l < att.layers; ++l)
            for (int h = 0; h < att.heads; ++h) {
                rows.push_back(att.lastRow[static_cast<size_t>(l * att.heads + h)]);
                float t = tau[static_cast<size_t>(l * att.heads + h)];
                m_rowLabels.push_back(
                    std::isnan(t) ? tr("L%1 H%2").arg(l + 1).arg(h + 1)
                                  : tr("L%1 H%2 (τ %3)").arg(l + 1).arg(h + 1).arg(t, 0, 'f', 2));
            }
        m_caption->setText(
            m_keysTitle.isEmpty()
                ? tr("Rows: layer and head. Columns: the history, oldest first. Each row is the "
                     "attention of the last position (the one that scores the next item) and "
                     "sums to 1. Hover a cell for its exact weight.")
                : tr("Rows: layer and head. Columns: %1. Each row is the attention of the last "
                     "position (the one that scores) and sums to 1. Hover a cell for its exact "
                     "weight.")
                      .arg(m_keysTitle));
    } else if (mode == Rollout) {
        rows.push_back(att.rollout);
        rows.back().resize(static_cast<size_t>(T), 0.0f); // a scoring token has no rollout share
        m_rowLabels.push_back(tr("rollout"));
        m_caption->setText(tr("Attention rollout: heads averaged per layer, the residual "
                              "connection added, and layers multiplied; how much each purchase "
                              "reaches the output. Not an explanation unless it agrees with "
                              "leave-one-out (badges above)."));
    } else {
        int idx = std::max(0, m_head->currentIndex());
        int l = idx / att.heads;
        int h = idx % att.heads;
        for (int q = T - 1; q >= 0; --q) {
            std::vector<float> r(static_cast<size_t>(T));
            for (int k = 0; k < T; ++k)
                r[static_cast<size_t>(k)] = att.maps.at(l, h, q, k);
            rows.push_back(r);
        }
        for (int q = T - 1; q >= 0; --q)
            m_rowLabels.push_back(m_colLabels[static_cast<size_t>(q)]);
        m_caption->setText(tr("Layer %1, head %2: row = querying position, column = attended "
                              "position (causal: only earlier positions).")
                               .arg(l + 1)
                               .arg(h + 1));
    }
    m_rows = static_cast<int>(rows.size());
    m_cols = T;
    m_map->data()->setSize(m_cols, m_rows);
    m_map->data()->setRange(QCPRange(0, std::max(1, m_cols - 1)),
                            QCPRange(0, std::max(1, m_rows - 1)));
    if (m_cols == 1 || m_rows == 1) // a single cell needs a non-degenerate range
        m_map->data()->setRange(QCPRange(0, std::max(1, m_cols - 1)),
                                QCPRange(0, std::max(1, m_rows - 1)));
    double maxV = 1e-6;
    for (int r = 0; r < m_rows; ++r)
        for (int c = 0; c < m_cols; ++c) {
            double v = rows[static_cast<size_t>(r)][static_cast<size_t>(c)];
            m_map->data()->setCell(c, m_rows - 1 - r, v);
            maxV = std::max(maxV, v);
        }
    m_map->setDataRange(QCPRange(0.0, maxV));

    m_rowStep = m_colStep = 0; // new labels: set them whatever the steps
    applyTickLabels();
    reserveRoomForLastLabel(m_colLabels.empty() ? QString() : m_colLabels.back());
    m_plot->xAxis->setRange(-0.5, m_cols - 0.5);
    m_plot->yAxis->setRange(-0.5, m_rows - 0.5);
    m_plot->xAxis->setLabel(
        m_keysTitle.isEmpty() ? tr("history position and product (oldest → newest)") : m_keysTitle);
    m_plot->yAxis->setLabel(mode == FullMap ? tr("querying position") : QString());
    placeCaption();
    m_replot->request();
}

void AttentionView::setCaptionAsTooltip() {
    m_captionAsTooltip = true;
    placeCaption();
}

void AttentionView::placeCaption() {
    m_caption->setVisible(!m_captionAsTooltip);
    m_badges->setToolTip(m_captionAsTooltip && !m_caption->text().isEmpty()
                             ? m_caption->text() + QStringLiteral("\n\n") + m_badgesTip
                             : m_badgesTip);
}

namespace {

/// Every how many cells a label fits: one line of text per label, across `pixels` for
/// `cells` cells (`pixels` <= 0: not laid out yet, label every cell).
int labelStep(int cells, double pixels, double lineHeight) {
    if (cells <= 1 || pixels <= 0)
        return 1;
    return std::max(1, static_cast<int>(std::ceil(lineHeight / (pixels / cells))));
}

} // namespace

bool AttentionView::applyTickLabels() {
    // A full map of a long history has a row and a column per purchase: past ~25 of them the
    // labels ran into each other. Dense maps label every k-th cell, always the newest one.
    const QCPAxisRect* rect = m_plot->axisRect();
    const double line = QFontMetrics(m_plot->yAxis->tickLabelFont()).height();
    const double slant = std::sin(m_plot->xAxis->tickLabelRotation() * std::numbers::pi / 180.0);
    const int rowStep = labelStep(m_rows, rect->height(), line);
    const int colStep = labelStep(m_cols, rect->width() * std::max(0.3, slant), line);
    if (rowStep == m_rowStep && colStep == m_colStep)
        return false;
    m_rowStep = rowStep;
    m_colStep = colStep;
    auto xt = QSharedPointer<QCPAxisTickerText>::create();
    for (int c = 0; c < m_cols; ++c)
        if ((m_cols - 1 - c) % colStep == 0)
            xt->addTick(c, m_colLabels[static_cast<size_t>(c)]);
    m_plot->xAxis->setTicker(xt);
    auto yt = QSharedPointer<QCPAxisTickerText>::create();
    for (int r = 0; r < m_rows; ++r) // row 0, the top one, is the newest in the full map
        if (r % rowStep == 0)
            yt->addTick(m_rows - 1 - r, m_rowLabels[static_cast<size_t>(r)]);
    m_plot->yAxis->setTicker(yt);
    return true;
}

void AttentionView::reserveRoomForLastLabel(const QString& label) {
    // QCustomPlot silently drops a tick label that would cross the widget's edge; the rotated
    // label of the newest position runs right, past the colour scale, so give it room.
    const QFontMetrics fm(m_plot->xAxis->tickLabelFont());
    const double angle = m_plot->xAxis->tickLabelRotation() * std::numbers::pi / 180.0;
    const double extent =
        fm.horizontalAdvance(label) * std::cos(angle) + fm.height() * std::sin(angle);
    const int besideScale = m_scale->outerRect().width() > 0 ? m_scale->outerRect().width() : 70;
    const int right = std::max(0, static_cast<int>(std::ceil(extent)) - besideScale + 8);
    m_plot->plotLayout()->setMargins(QMargins(0, 0, right, 0));
}

void AttentionView::showTooltip(QMouseEvent* event) {
    if (m_rows == 0 || m_cols == 0)
        return;
    double x = m_plot->xAxis->pixelToCoord(event->pos().x());
    double y = m_plot->yAxis->pixelToCoord(event->pos().y());
    int c = static_cast<int>(std::lround(x));
    int yi = static_cast<int>(std::lround(y));
    if (c < 0 || c >= m_cols || yi < 0 || yi >= m_rows) {
        QToolTip::hideText();
        return;
    }
    int r = m_rows - 1 - yi;
    QToolTip::showText(
        event->globalPosition().toPoint(),
        tr("%1\n→ %2\nweight %3")
            .arg(m_rowLabels[static_cast<size_t>(r)], m_colLabels[static_cast<size_t>(c)])
            .arg(cellValue(r, c), 0, 'g', 6),
        m_plot);
}

} // namespace reclens
