#pragma once
// The Project tab's "Train a SASRec model" box: a line saying where the settings come from
// and the hyper-parameter form, two label/field pairs per row.

#include "train/trainer.h"

#include <QGroupBox>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace reclens {

class TrainForm : public QGroupBox {
    Q_OBJECT
public:
    explicit TrainForm(QWidget* parent = nullptr);

    /// The form's settings; fields the form does not show (weight decay, label smoothing,
    /// validation users, threads) come from the last setConfig().
    TrainConfig config() const;
    void setConfig(const TrainConfig& c);
    /// The line above the form: where its settings come from.
    QString note() const;
    void setNote(const QString& text);

private:
    QLabel* m_note;
    QSpinBox* m_maxLen;
    QSpinBox* m_dim;
    QSpinBox* m_layers;
    QSpinBox* m_heads;
    QDoubleSpinBox* m_dropout;
    QCheckBox* m_useCategory;
    QCheckBox* m_useBrand;
    QCheckBox* m_candidateFeatures;
    QComboBox* m_loss;
    QSpinBox* m_epochs;
    QSpinBox* m_patience;
    QSpinBox* m_batch;
    QDoubleSpinBox* m_lr;
    QSpinBox* m_seed;
    TrainConfig m_base; // the last config shown: keeps the fields the form has no widget for
};

} // namespace reclens
