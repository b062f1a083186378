#pragma once
// Edit → Explanation settings…: every ExplainConfig field a user may want to trade between
// accuracy and time, grouped by method, each with a tooltip saying what it does and what it
// costs. OK is refused (and disabled) while the form holds a combination explainConfigProblem()
// rejects; the reason is shown under the form.

#include "explain/explanation.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace reclens {

class ExplainSettingsDialog : public QDialog {
    Q_OBJECT
public:
    /// Fields the dialog does not show (methods, what-if edits, IG small delta) are kept from
    /// `config` in config().
    explicit ExplainSettingsDialog(const ExplainConfig& config, QWidget* parent = nullptr);

    /// The form's values over the config the dialog was opened with.
    ExplainConfig config() const;
    void setConfig(const ExplainConfig& c);
    /// Puts ExplainConfig{}'s values in every field (the "Restore defaults" button).
    void restoreDefaults();
    /// Why the form cannot be accepted; empty when it can.
    QString problem() const;

    QPushButton* okButton() const;
    QPushButton* restoreDefaultsButton() const;

    void accept() override;

private:
    void revalidate();

    ExplainConfig m_base;
    QSpinBox* m_k;
    QSpinBox* m_whatIfK;
    QComboBox* m_igBaseline;
    QSpinBox* m_igBaselineSamples;
    QComboBox* m_igRule;
    QSpinBox* m_igStartSteps;
    QSpinBox* m_igMaxSteps;
    QDoubleSpinBox* m_igTolerance; // percent
    QSpinBox* m_shapleyExactLimit;
    QSpinBox* m_shapleyPermutations;
    QSpinBox* m_shapleyNewest;
    QCheckBox* m_shapleyExactOnLast;
    QComboBox* m_cfGoal;
    QSpinBox* m_cfBudget;
    QSpinBox* m_cfMaxRemovals;
    QSpinBox* m_faithPoints;
    QSpinBox* m_faithOrders;
    QSpinBox* m_seed;
    QLabel* m_problem;
    QDialogButtonBox* m_buttons;
};

} // namespace reclens
