#include "trainform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace reclens {

namespace {

QSpinBox* spin(int lo, int hi, const QString& tip) {
    auto* s = new QSpinBox;
    s->setRange(lo, hi);
    s->setToolTip(tip);
    return s;
}

} // namespace

TrainForm::TrainForm(QWidget* parent)
    : QGroupBox(tr("Train a SASRec model"), parent) {
    auto* trainLayout = new QVBoxLayout(this);
    m_note = new QLabel(tr("Default settings."));
    m_note->setWordWrap(true);
    trainLayout->addWidget(m_note);
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
    setConfig(TrainConfig{});
}

TrainConfig TrainForm::config() const {
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

QString TrainForm::note() const {
    return m_note->text();
}

void TrainForm::setNote(const QString& text) {
    m_note->setText(text);
}

void TrainForm::setConfig(const TrainConfig& c) {
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

} // namespace reclens
