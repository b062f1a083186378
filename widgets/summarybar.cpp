#include "summarybar.h"

#include "customersview.h"
#include "numbertext.h"
#include "titletext.h"
#include "workbenchcontroller.h"

#include <QEvent>
#include <QLabel>
#include <QScrollArea>
#include <QTextDocument>
#include <QVBoxLayout>

namespace reclens {

namespace {
// Stands for the target's title in the head pattern until layoutHead knows the width (a
// control character: no id, title or translation contains it).
constexpr QChar kTitleMarker{u'\x01'};
} // namespace

SummaryBar::SummaryBar(WorkbenchController* controller, QWidget* parent)
    : QFrame(parent)
    , m_controller(controller) {
    setObjectName(QStringLiteral("summaryBar"));
    setStyleSheet(QStringLiteral("#summaryBar { background: #f3f6fb; border: 1px solid #c9d3e3; "
                                 "border-radius: 4px; }"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    m_head = new QLabel;
    // A long title must never widen the window: the head takes the width it is given and the
    // target's title is elided in the middle to fit it (layoutHead; the whole title is the
    // tooltip). Re-elided whenever the head is resized.
    m_head->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_head->installEventFilter(this);
    m_summary = new QLabel;
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont f = m_summary->font();
    f.setPointSizeF(f.pointSizeF() * 1.1);
    m_summary->setFont(f);
    layout->addWidget(m_head);
    // Four lines tall: a long summary scrolls instead of taking a third of a 700 px
    // window from the views below.
    auto* scroll = new QScrollArea;
    scroll->setWidget(m_summary);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setStyleSheet(QStringLiteral("QScrollArea, QScrollArea > QWidget > QWidget "
                                         "{ background: transparent; }"));
    // A fixed height: an explanation arriving must not resize (and replot) every view below.
    scroll->setFixedHeight(QFontMetrics(f).lineSpacing() * 4 + 6);
    layout->addWidget(scroll);
    connect(m_controller, &WorkbenchController::explanationStarted, this, [this] {
        m_pending = true;
        refresh();
    });
    connect(m_controller, &WorkbenchController::explanationChanged, this, [this] {
        m_pending = false;
        refresh();
    });
    connect(m_controller, &WorkbenchController::customerChanged, this, &SummaryBar::refresh);
    connect(m_controller, &WorkbenchController::modelChanged, this, &SummaryBar::refresh);
    connect(m_controller, &WorkbenchController::datasetChanged, this, &SummaryBar::refresh);
    refresh();
}

QString SummaryBar::summaryText() const {
    // The engine's sentence with whole titles (the label may show them shortened).
    return m_summary->toolTip().isEmpty() ? m_summary->text() : m_summary->toolTip();
}

void SummaryBar::refresh() {
    auto ds = m_controller->dataset();
    auto bundle = m_controller->explanation();
    UserIndex u = m_controller->customer();
    m_headPattern.clear();
    if (!ds || !m_controller->model() || u < 0) {
        m_head->setText(tr("<b>Explanation</b>"));
        m_head->setToolTip(QString());
        m_summary->setToolTip(QString());
        m_summary->setText(!ds ? tr("Open a dataset to begin (Ctrl+O), or the bundled sample.")
                           : !m_controller->model()
                               ? tr("Train a model (Ctrl+T) or open a checkpoint.")
                               : tr("Select a customer on the left."));
        return;
    }
    QString customer = QString::fromStdString(ds->users[static_cast<size_t>(u)].id).toHtmlEscaped();
    if (bundle && bundle->target >= 0) {
        const QString title = itemTitle(*ds, bundle->target);
        m_headPattern =
            tr("<b>Customer %1</b> · target <b>%2</b> · rank <b>#%3</b> · score %4 (logit)%5")
                .arg(customer, QString(kTitleMarker), groupedCount(bundle->targetRank))
                .arg(bundle->targetScore, 0, 'f', 3)
                .arg(m_pending ? tr(" · <i>updating …</i>") : QString());
        m_headTitle = title;
        layoutHead();
        m_head->setToolTip(title);
        // The summary names the target and decisive purchases: long titles are shortened so
        // the header stays two or three lines; the tooltip has the sentence with whole titles.
        std::vector<ItemIndex> named(bundle->history.begin(), bundle->history.end());
        named.push_back(bundle->target);
        const QString full = QString::fromStdString(bundle->summary);
        m_summary->setText(shortenTitlesIn(full, *ds, named, 36));
        m_summary->setToolTip(full);
    } else {
        m_head->setText(tr("<b>Customer %1</b>").arg(customer));
        m_head->setToolTip(QString());
        m_summary->setToolTip(QString());
        m_summary->setText(m_pending ? tr("Explaining …")
                                     : tr("Choose a recommendation to explain."));
    }
}

bool SummaryBar::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_head && event->type() == QEvent::Resize)
        layoutHead();
    return QFrame::eventFilter(watched, event);
}

void SummaryBar::layoutHead() {
    if (m_headPattern.isEmpty())
        return;
    // The width the label will draw the rich text at: its font, no document margin.
    QTextDocument doc;
    doc.setDefaultFont(m_head->font());
    doc.setDocumentMargin(0);
    const qreal width = m_head->contentsRect().width();
    auto html = [this](const QString& title) {
        return QString(m_headPattern).replace(kTitleMarker, title.toHtmlEscaped());
    };
    const QString title = elideTitleToFit(m_headTitle, [&](const QString& t) {
        doc.setHtml(html(t));
        return doc.idealWidth() <= width;
    });
    m_head->setText(html(title));
}

} // namespace reclens
