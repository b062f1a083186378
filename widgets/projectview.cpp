#include "projectview.h"

#include "numbertext.h"
#include "trainingcurves.h"
#include "tuningtable.h"
#include "workbenchcontroller.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace reclens {

namespace {

QSpinBox* spin(int lo, int hi, const QString& tip) {
    auto* s = new QSpinBox;
    s->setRange(lo, hi);
    s->setToolTip(tip);
    return s;
}

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
    auto* dataBox = new QGroupBox(tr("Dataset"));
    auto* dataLayout = new QVBoxLayout(dataBox);
    m_datasetInfo = new QLabel(tr("No dataset open. Drop a file here or use File → Open dataset."));
    m_datasetInfo->setWordWrap(true);
    m_datasetInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* openRow = new QHBoxLayout;
    auto* openBtn = new QPushButton(tr("Open dataset…"));
    auto* sampleBtn = new QPushButton(tr("Open bundled sample"));
    openRow->addWidget(openBtn);
    openRow->addWidget(sampleBtn);
    openRow->addStretch();
    dataLayout->addWidget(m_datasetInfo);
    dataLayout->addLayout(openRow);
    leftLayout->addWidget(dataBox);

    auto* modelBox = new QGroupBox(tr("Model"));
    auto* modelLayout = new QVBoxLayout(modelBox);
    m_modelInfo = new QLabel(tr("No model yet."));
    m_modelInfo->setWordWrap(true);
    m_modelInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    modelLayout->addWidget(m_modelInfo);
    leftLayout->addWidget(modelBox);

    auto* trainBox = new QGroupBox(tr("Train a SASRec model"));
    auto* trainLayout = new QVBoxLayout(trainBox);
    m_formNote = new QLabel(tr("Default settings."));
    m_formNote->setWordWrap(true);
    trainLayout->addWidget(m_formNote);
    // Two label/field pairs per row: in one column the 12 settings pushed the Train button
    // below the bottom of the window at its default size.
    auto* form = new QGridLayout;
    form->setColumnStretch(1, 1);
    form->setVerticalSpacing(2);
    form->setColumnStretch(3, 1);
    form->setColumnMinimumWidth(2, 90);
    trainLayout->addLayout(form);
    m_maxLen = spin(2, 500, tr("How many of the most recent purchases the model looks at."));
    m_dim = spin(8, 512, tr("Size of the item embeddings and hidden layers."));
    m_layers = spin(1, 8, tr("Number of self-attention blocks."));
    m_heads = spin(1, 16, tr("Attention heads per block; the size must divide by it."));
    m_dropout = new QDoubleSpinBox;
    m_dropout->setRange(0.0, 0.9);
    m_dropout->setSingleStep(0.05);
    m_dropout->setToolTip(tr("Fraction of activations dropped during training (regularisation)."));
    m_useCategory = new QCheckBox(tr("category"));
    m_useCategory->setToolTip(tr("Add a learned category embedding to each item."));
    m_useBrand = new QCheckBox(tr("brand"));
    m_useBrand->setToolTip(tr("Add a learned brand embedding to each item."));
    m_candidateFeatures = new QCheckBox(tr("for candidates too"));
    m_candidateFeatures->setToolTip(
        tr("Also score each candidate item with its category and brand embeddings, not only "
           "the purchases in the history; helps rarely bought items."));
    auto* sideRow = new QHBoxLayout;
    sideRow->addWidget(m_useCategory);
    sideRow->addWidget(m_useBrand);
    sideRow->addWidget(m_candidateFeatures);
    sideRow->addStretch();
    m_loss = new QComboBox;
    m_loss->addItem(tr("Full softmax cross-entropy"));
    m_loss->addItem(tr("BCE, one sampled negative"));
    m_loss->setToolTip(tr("Training objective; full softmax is usually more accurate."));
    m_epochs =
        spin(1, 1000, tr("Upper bound on passes over the data; early stopping ends sooner."));
    m_patience = spin(1, 100, tr("Epochs without validation NDCG@10 gain before stopping."));
    m_batch = spin(1, 4096, tr("Sequences per optimisation step."));
    m_lr = new QDoubleSpinBox;
    m_lr->setDecimals(5);
    m_lr->setRange(1e-5, 1.0);
    m_lr->setSingleStep(1e-4);
    m_lr->setToolTip(tr("Adam learning rate."));
    m_seed = spin(0, 1000000, tr("Same seed and data give identical metrics."));
    int row = 0;
    auto pair = [&](const QString& l1, QWidget* f1, const QString& l2, QWidget* f2) {
        auto* a = new QLabel(l1);
        a->setBuddy(f1);
        form->addWidget(a, row, 0);
        form->addWidget(f1, row, 1);
        auto* b = new QLabel(l2);
        b->setBuddy(f2);
        form->addWidget(b, row, 2, Qt::AlignRight);
        form->addWidget(f2, row, 3);
        ++row;
    };
    pair(tr("Max length"), m_maxLen, tr("Embedding size"), m_dim);
    pair(tr("Layers"), m_layers, tr("Heads"), m_heads);
    pair(tr("Dropout"), m_dropout, tr("Seed"), m_seed);
    pair(tr("Max epochs"), m_epochs, tr("Patience"), m_patience);
    pair(tr("Batch size"), m_batch, tr("Learning rate"), m_lr);
    form->addWidget(new QLabel(tr("Loss")), row, 0);
    form->addWidget(m_loss, row++, 1, 1, 3);
    form->addWidget(new QLabel(tr("Side features")), row, 0);
    form->addLayout(sideRow, row++, 1, 1, 3);
    leftLayout->addWidget(trainBox);
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
    auto* leftPane = new QWidget;
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
    leftPane->setMinimumWidth(470);
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

    connect(openBtn, &QPushButton::clicked, this, &ProjectView::openDatasetRequested);
    connect(sampleBtn, &QPushButton::clicked, this, &ProjectView::openSampleRequested);
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
    connect(m_controller, &WorkbenchController::tuningTrial, m_trials, &TuningTable::addTrial);
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
    TrainConfig c = m_base;
    c.model.maxLength = m_maxLen->value();
    c.model.dim = m_dim->value();
    c.model.layers = m_layers->value();
    c.model.heads = m_heads->value();
    c.model.dropout = static_cast<float>(m_dropout->value());
    c.model.useCategory = m_useCategory->isChecked();
    c.model.useBrand = m_useBrand->isChecked();
    c.model.outputFeatures = m_candidateFeatures->isChecked();
    c.loss = m_loss->currentIndex() == 1 ? LossKind::Bce : LossKind::CrossEntropy;
    c.epochs = m_epochs->value();
    c.patience = m_patience->value();
    c.batchSize = m_batch->value();
    c.learningRate = static_cast<float>(m_lr->value());
    c.seed = static_cast<std::uint64_t>(m_seed->value());
    return c;
}

QString ProjectView::formNote() const {
    return m_formNote->text();
}

void ProjectView::setTrainConfig(const TrainConfig& c) {
    m_base = c;
    m_maxLen->setValue(c.model.maxLength);
    m_dim->setValue(c.model.dim);
    m_layers->setValue(c.model.layers);
    m_heads->setValue(c.model.heads);
    m_dropout->setValue(c.model.dropout);
    m_useCategory->setChecked(c.model.useCategory);
    m_useBrand->setChecked(c.model.useBrand);
    m_candidateFeatures->setChecked(c.model.outputFeatures);
    m_loss->setCurrentIndex(c.loss == LossKind::Bce ? 1 : 0);
    m_epochs->setValue(c.epochs);
    m_patience->setValue(c.patience);
    m_batch->setValue(c.batchSize);
    m_lr->setValue(c.learningRate);
    m_seed->setValue(static_cast<int>(c.seed));
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
    auto ds = m_controller->dataset();
    if (!ds) {
        m_datasetInfo->setText(tr("No dataset open. Drop a file here or use File → Open dataset."));
        m_train->setEnabled(false);
        m_tune->setEnabled(false);
        return;
    }
    m_train->setEnabled(!m_controller->isTraining());
    m_tune->setEnabled(!m_controller->isTraining());
    const auto& c = ds->cleanup;
    QString text = tr("<b>%1</b><br>%2<br>%3 customers · %4 products · %5 interactions<br>"
                      "%6 categories · %7 brands · fingerprint <code>%8</code>")
                       .arg(QString::fromStdString(ds->name).toHtmlEscaped(),
                            QString::fromStdString(ds->sourcePath).toHtmlEscaped())
                       .arg(groupedCount(static_cast<long long>(ds->users.size())),
                            groupedCount(static_cast<long long>(ds->items.size())),
                            groupedCount(static_cast<long long>(ds->interactionCount())),
                            groupedCount(static_cast<long long>(ds->categories.size())),
                            groupedCount(static_cast<long long>(ds->brands.size())),
                            QString::fromStdString(ds->fingerprint));
    if (c.rowsRead > 0)
        text += tr("<br>Clean-up: %1 of %2 rows kept (cancellations %3, non-positive quantity "
                   "%4, no customer %5, non-product codes %6, other %7)")
                    .arg(groupedCount(c.rowsKept), groupedCount(c.rowsRead),
                         groupedCount(c.cancellations), groupedCount(c.nonPositiveQuantity),
                         groupedCount(c.missingUser), groupedCount(c.nonProductCodes),
                         groupedCount(c.other));
    // The notes in one small paragraph: a line each pushed the training form out of view.
    QStringList notes;
    for (const auto& note : c.notes)
        notes << QString::fromStdString(note).toHtmlEscaped();
    if (!notes.isEmpty())
        text += QStringLiteral("<br><small>") + notes.join(QStringLiteral(" · ")) +
                QStringLiteral("</small>");
    m_datasetInfo->setText(text);
}

void ProjectView::updateModel() {
    auto m = m_controller->model();
    if (!m_live)
        showModelCurves();
    if (!m) {
        m_modelInfo->setText(tr("No model yet. Train one, or open a checkpoint (Ctrl+Shift+O)."));
        if (!m_live)
            m_formNote->setText(tr("No model open: these settings train a new one."));
        return;
    }
    const ModelInfo& i = m->info();
    // The form shows how the open model was trained, so Train retrains it as it was (after a
    // run, these are the settings just used). During a run the form keeps that run's settings.
    if (!m_live) {
        TrainConfig c = i.training;
        c.model = i.config; // the architecture the weights really have
        setTrainConfig(c);
        m_formNote->setText(tr("Settings of the open model; Train retrains with them."));
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
    m_formNote->setText(tr("Settings of the run in progress."));
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
    m_formNote->setText(accepted ? tr("Settings of the open model; Train retrains with them.")
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
    // Settings and curves side by side need about 800 px; a narrower tab (a 1,024-px window
    // with the Customers dock) stacks the curves below the settings instead of scrolling
    // sideways.
    const auto wanted = width() < 800 ? Qt::Vertical : Qt::Horizontal;
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
