#include "projectview.h"

#include "datasetbox.h"
#include "numbertext.h"
#include "trainform.h"
#include "trainingcurves.h"
#include "tuningtable.h"
#include "workbenchcontroller.h"

#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace reclens {

namespace {
constexpr int kLeastSettingsWidth = 470; // px: the training form's two columns of fields
constexpr int kLeastCurvesWidth = 330;   // px: curves beside the settings (470 + 330 = 800)
} // namespace

ProjectView::ProjectView(WorkbenchController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller) {
    auto* split = new QSplitter(Qt::Horizontal, this);
    m_split = split;
    auto* outer = new QHBoxLayout(this);
    outer->addWidget(split);

    // Left: what is open, and the training form.
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    // Tight margins: the whole training form must fit without scrolling at 1400 × 900 beside
    // the summary header and the data and model notes.
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_dataset = new DatasetBox(controller);
    leftLayout->addWidget(m_dataset);

    auto* modelBox = new QGroupBox(tr("Model"));
    auto* modelLayout = new QVBoxLayout(modelBox);
    m_modelInfo = new QLabel(tr("No model yet."));
    m_modelInfo->setWordWrap(true);
    m_modelInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    modelLayout->addWidget(m_modelInfo);
    leftLayout->addWidget(modelBox);

    m_form = new TrainForm;
    leftLayout->addWidget(m_form);
    leftLayout->addStretch();
    auto* scroll = new QScrollArea;
    scroll->setWidget(left);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    // Train, Cancel and the progress stay below the scrolled part: always in view.
    auto* buttons = new QHBoxLayout;
    m_buttons = buttons;
    m_train = new QPushButton(tr("Train"));
    m_train->setToolTip(tr("Train a new model in the background (Ctrl+T); the current one stays "
                           "until it finishes."));
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop training: the best complete epoch so far is loaded (unsaved); "
                            "if no epoch completed, the previous model is kept."));
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    // Shown from the first run on: a bar at 0 % beside an opened model looked like a stuck job.
    m_progress->setVisible(false);
    // Tune: the Hyperband search of train/tuner.h instead of the form's values.
    m_tune = new QPushButton(tr("Tune"));
    m_tune->setObjectName(QStringLiteral("tuneButton"));
    m_tune->setToolTip(tr("Search dropout, learning rate, weight decay, side features, length, "
                          "size and heads on the validation split within the budget; the best "
                          "model replaces the current one."));
    m_budget = new QDoubleSpinBox;
    m_budget->setRange(0.1, 600.0);
    m_budget->setValue(5.0);
    m_budget->setSuffix(tr(" min"));
    m_budget->setToolTip(tr("Wall-time budget of the search"));
    buttons->addWidget(m_train);
    buttons->addWidget(m_tune);
    buttons->addWidget(m_budget);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_progress, 1);
    buttons->addStretch(); // keeps the buttons left while the bar is hidden
    m_progressText = new QLabel;
    m_progressText->setWordWrap(true);
    auto* leftPane = m_leftPane = new QWidget;
    auto* paneLayout = new QVBoxLayout(leftPane);
    m_pane = paneLayout;
    paneLayout->setContentsMargins(0, 0, 0, 0);
    paneLayout->addWidget(scroll, 1);
    paneLayout->addLayout(buttons);
    paneLayout->addWidget(m_progressText);
    m_trials = new TuningTable;
    m_trials->setVisible(false); // shown from the first search on
    m_trials->setMinimumHeight(160);
    paneLayout->addWidget(m_trials);
    leftPane->setMinimumWidth(kLeastSettingsWidth);
    split->addWidget(leftPane);

    // Right: the curves of the run in progress, or those stored in the open model.
    m_curves = new TrainingCurves;
    // Scrolls vertically when the tab stacks it below the settings (narrow windows).
    auto* curvesScroll = new QScrollArea;
    curvesScroll->setWidget(m_curves);
    curvesScroll->setWidgetResizable(true);
    curvesScroll->setFrameShape(QFrame::NoFrame);
    curvesScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    split->addWidget(curvesScroll);
    split->setStretchFactor(1, 1);

    setTrainConfig(TrainConfig{});

    connect(m_dataset, &DatasetBox::openDatasetRequested, this, &ProjectView::openDatasetRequested);
    connect(m_dataset, &DatasetBox::openSampleRequested, this, &ProjectView::openSampleRequested);
    connect(m_train, &QPushButton::clicked, this, [this] { m_controller->train(trainConfig()); });
    connect(m_cancel, &QPushButton::clicked, m_controller, &WorkbenchController::cancelTraining);
    connect(m_tune, &QPushButton::clicked, this,
            [this] { m_controller->tune(m_budget->value(), trainConfig()); });
    connect(m_controller, &WorkbenchController::tuningStarted, this, [this] {
        m_trials->reset();
        m_trials->setVisible(true);
        onTrainingStarted();
        m_curves->clear(tr("<b>Tuning</b>: every trial is in the table below the buttons."));
    });
    connect(m_controller, &WorkbenchController::tuningTrial, this, [this](const TrialRecord& t) {
        m_trials->addTrial(t);
        // Beside the curves (1,600 px) the 470-px pane cut the trials' last columns.
        m_leftPane->setMinimumWidth(std::max(kLeastSettingsWidth, m_trials->fullWidth()));
    });
    connect(m_controller, &WorkbenchController::tuningChosen, m_trials, &TuningTable::markChosen);
    connect(m_controller, &WorkbenchController::datasetChanged, this, &ProjectView::updateDataset);
    connect(m_controller, &WorkbenchController::modelChanged, this, &ProjectView::updateModel);
    connect(m_controller, &WorkbenchController::trainingStarted, this,
            [this](const TrainConfig& c) {
                setTrainConfig(c);
                onTrainingStarted();
            });
    connect(m_controller, &WorkbenchController::trainingEpoch, this, &ProjectView::onEpoch);
    connect(m_controller, &WorkbenchController::trainingFinished, this, &ProjectView::onFinished);
    connect(m_controller, &WorkbenchController::trainingProgress, this,
            [this](double f, const QString& text) {
                m_progress->setValue(f < 0 ? 0 : static_cast<int>(f * 1000));
                m_progressText->setText(text);
            });
    updateDataset();
    updateModel();
}

TrainConfig ProjectView::trainConfig() const {
    return m_form->config();
}

QString ProjectView::formNote() const {
    return m_form->note();
}

void ProjectView::setTrainConfig(const TrainConfig& c) {
    m_form->setConfig(c);
}

QToolButton* ProjectView::addSection(const QString& title, QWidget* content) {
    // The header sits in the Train row, outside the scroll area: in view at every size (a box
    // below the training form needed scrolling at 1,024 x 700; a line above it pushed the
    // form's last row out of view at 1,400 x 900). Open, the content goes below that row.
    auto* header = new QToolButton;
    header->setObjectName(content->objectName() + QStringLiteral("Header"));
    header->setCheckable(true);
    header->setAutoRaise(true);
    header->setArrowType(Qt::RightArrow);
    header->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    // A long first line must not widen the column: the text is cut to the width it gets.
    header->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    // …but the title itself always shows: squeezed beside the Train row's buttons in the
    // side-by-side layout it read "Proje… non…".
    constexpr int kArrowRoom = 28;
    header->setMinimumWidth(header->fontMetrics().horizontalAdvance(title + QStringLiteral(": …")) +
                            kArrowRoom);
    content->setVisible(false);
    m_buttons->addWidget(header, 3);
    m_pane->insertWidget(m_pane->indexOf(m_progressText), content);

    auto* text = qobject_cast<QPlainTextEdit*>(content);
    auto updateHeader = [header, text, title, kArrowRoom] {
        const QString note = text ? text->toPlainText().trimmed() : QString();
        const QString first = note.section(QLatin1Char('\n'), 0, 0);
        QString label = title;
        if (text && !header->isChecked())
            label += note.isEmpty()
                         ? tr(": none yet, click to write one")
                         : QStringLiteral(": ") + first +
                               (first.size() < note.size() ? QStringLiteral(" …") : QString());
        // Room for the arrow beside the text; '&' doubled so it is not read as a shortcut.
        label = header->fontMetrics().elidedText(
            label, Qt::ElideRight, std::max(header->width(), header->minimumWidth()) - kArrowRoom);
        header->setText(label.replace(QLatin1Char('&'), QStringLiteral("&&")));
        header->setToolTip(note.isEmpty() ? title : note);
    };
    connect(header, &QToolButton::toggled, this, [header, content, updateHeader](bool open) {
        header->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        content->setVisible(open);
        if (open)
            content->setFocus();
        updateHeader();
    });
    if (text)
        connect(text, &QPlainTextEdit::textChanged, header, updateHeader);
    m_sections.emplace_back(header, updateHeader);
    header->installEventFilter(this);
    updateHeader();
    return header;
}

QCustomPlot* ProjectView::lossPlot() const {
    return m_curves->lossPlot();
}

QCustomPlot* ProjectView::metricPlot() const {
    return m_curves->metricPlot();
}

void ProjectView::flushPlots() {
    m_curves->flush();
}

void ProjectView::updateDataset() {
    const bool open = m_controller->dataset() != nullptr;
    m_train->setEnabled(open && !m_controller->isTraining());
    m_tune->setEnabled(open && !m_controller->isTraining());
}

void ProjectView::updateModel() {
    auto m = m_controller->model();
    if (!m_live)
        showModelCurves();
    if (!m) {
        m_modelInfo->setText(tr("No model yet. Train one, or open a checkpoint (Ctrl+Shift+O)."));
        if (!m_live)
            m_form->setNote(tr("No model open: these settings train a new one."));
        return;
    }
    const ModelInfo& i = m->info();
    // The form shows how the open model was trained, so Train retrains it as it was (after a
    // run, these are the settings just used). During a run the form keeps that run's settings.
    if (!m_live) {
        TrainConfig c = i.training;
        c.model = i.config; // the architecture the weights really have
        setTrainConfig(c);
        m_form->setNote(tr("Settings of the open model; Train retrains with them."));
    }
    QString text = tr("%1<br>%2 parameters · %3 layers × %4 heads · d=%5 · max length %6<br>"
                      "%7 epochs (best %8) in %9 s")
                       .arg(m_controller->modelSource().toHtmlEscaped())
                       .arg(groupedCount(i.parameterCount))
                       .arg(i.config.layers)
                       .arg(i.config.heads)
                       .arg(i.config.dim)
                       .arg(i.config.maxLength)
                       .arg(i.epochsTrained)
                       .arg(i.bestEpoch)
                       .arg(i.trainSeconds, 0, 'f', 1);
    auto ndcg = i.metrics.find("test.ndcg@10");
    if (ndcg != i.metrics.end())
        text += tr("<br>test NDCG@10 = %1").arg(ndcg->second, 0, 'f', 4);
    m_modelInfo->setText(text);
}

void ProjectView::showModelCurves() {
    auto m = m_controller->model();
    if (!m) {
        m_curves->clear(tr("Train a model or open a checkpoint to see its training curves."));
        return;
    }
    const ModelInfo& i = m->info();
    if (i.history.empty()) {
        m_curves->clear(tr("This model carries no training history (it was saved before "
                           "RecLens recorded one)."));
        return;
    }
    // Say where the points come from: a file on disk, or a run of this session not yet saved.
    const QString source = m_controller->modelSource();
    const QString origin =
        QFileInfo::exists(source)
            ? tr("From the checkpoint <b>%1</b>").arg(QFileInfo(source).fileName().toHtmlEscaped())
            : tr("From the training run that produced this model (unsaved)");
    // Early stopping keeps the best epoch's weights; patience 0 keeps the last epoch's.
    const int held = i.training.patience > 0 ? i.bestEpoch : i.history.back().epoch;
    m_curves->showHistory(i.history, held,
                          tr("%1: %2 epochs; the model holds the weights of epoch %3 (dashed "
                             "line).")
                              .arg(origin)
                              .arg(i.history.size())
                              .arg(held));
}

void ProjectView::onTrainingStarted() {
    m_live = true;
    m_form->setNote(tr("Settings of the run in progress."));
    m_progress->setVisible(true);
    m_curves->clear(tr("<b>Live</b>: the training run in progress."));
    m_train->setEnabled(false);
    m_tune->setEnabled(false);
    m_cancel->setEnabled(true);
    m_progress->setValue(0);
    m_progressText->setText(tr("Starting …"));
}

void ProjectView::onEpoch(const EpochStats& s) {
    m_curves->addEpoch(s.epoch, s.loss, s.validNdcg10, s.validHr10);
    m_progressText->setText(tr("epoch %1 of at most %6 done · loss %2 · NDCG@10 %3 · %4 "
                               "items/s%5")
                                .arg(s.epoch)
                                .arg(s.loss, 0, 'f', 4)
                                .arg(s.validNdcg10, 0, 'f', 4)
                                .arg(s.itemsPerSecond, 0, 'f', 0)
                                .arg(s.improved ? tr(" · best so far") : QString())
                                .arg(s.epochs));
}

void ProjectView::onFinished(bool accepted, const QString& message) {
    m_train->setEnabled(m_controller->dataset() != nullptr);
    m_tune->setEnabled(m_controller->dataset() != nullptr);
    m_cancel->setEnabled(false);
    m_progress->setValue(accepted ? 1000 : 0);
    m_progressText->setText(message);
    m_live = false;
    m_form->setNote(accepted ? tr("Settings of the open model; Train retrains with them.")
                             : tr("Settings of the run that did not finish."));
    if (accepted)
        showModelCurves(); // the new model's stored history: the same points, now its own
    else
        m_curves->setNote(tr("The last training run did not finish (its epochs, if any, are "
                             "shown); the model above is unchanged."));
}

bool ProjectView::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::Resize)
        for (const auto& [header, update] : m_sections)
            if (watched == header)
                update();
    return QWidget::eventFilter(watched, event);
}

void ProjectView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    // Settings and curves side by side need about 800 px (more once the trials table shows);
    // a narrower tab (a 1,024-px window with the Customers dock) stacks the curves below the
    // settings instead of scrolling sideways.
    const auto wanted =
        width() < m_leftPane->minimumWidth() + kLeastCurvesWidth ? Qt::Vertical : Qt::Horizontal;
    if (m_split->orientation() != wanted) {
        m_split->setOrientation(wanted);
        if (wanted == Qt::Vertical) // settings and curves share the height evenly, once laid out
            QTimer::singleShot(0, m_split, [split = m_split] {
                const int h = split->height();
                split->setSizes({h / 2, h - h / 2});
            });
    }
}

} // namespace reclens
