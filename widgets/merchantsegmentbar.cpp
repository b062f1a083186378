#include "merchantsegmentbar.h"

#include "catalogmodel.h"

#include <QComboBox>
#include <QCompleter>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>

namespace reclens {

MerchantSegmentBar::MerchantSegmentBar(QWidget* parent)
    : QWidget(parent)
    , m_completionModel(new CatalogModel(this)) {
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    m_minLength = new QSpinBox;
    m_minLength->setRange(0, 100000);
    m_minLength->setSpecialValueText(tr("any"));
    m_minLength->setToolTip(tr("Only customers with at least this many purchases."));
    m_maxLength = new QSpinBox;
    m_maxLength->setRange(0, 100000);
    m_maxLength->setSpecialValueText(tr("any"));
    m_maxLength->setToolTip(tr("Only customers with at most this many purchases."));
    m_category = new QComboBox;
    m_category->setToolTip(tr("Only customers who bought a product of this category. The data "
                              "has no customer attributes such as country."));
    m_category->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_category->setMinimumContentsLength(10);
    auto* lengths = new QHBoxLayout;
    lengths->addWidget(m_minLength, 1);
    lengths->addWidget(new QLabel(tr("to")));
    lengths->addWidget(m_maxLength, 1);
    grid->addWidget(new QLabel(tr("Purchases:")), 0, 0);
    grid->addLayout(lengths, 0, 1, 1, 2);
    grid->addWidget(new QLabel(tr("Bought:")), 1, 0);
    grid->addWidget(m_category, 1, 1, 1, 2);

    auto productField = [this](const QString& placeholder) {
        auto* field = new QLineEdit;
        field->setPlaceholderText(placeholder);
        field->setClearButtonEnabled(true);
        auto* completer = new QCompleter(m_completionModel, field);
        completer->setCompletionColumn(CatalogModel::IdColumn);
        completer->setCaseSensitivity(Qt::CaseInsensitive);
        field->setCompleter(completer);
        return field;
    };
    auto useSelected = [this](bool forCompare) {
        auto* b = new QToolButton;
        b->setText(tr("Selected"));
        b->setToolTip(tr("Use the product selected in the list"));
        connect(b, &QToolButton::clicked, this,
                [this, forCompare] { Q_EMIT useSelectedRequested(forCompare); });
        return b;
    };
    m_compare = productField(tr("product id (optional)"));
    m_compare->setToolTip(tr("Rank a second product for the same customers: who ranks which "
                             "higher (Analyse)."));
    m_compare->setProperty("help", m_compare->toolTip());
    grid->addWidget(new QLabel(tr("Compare with:")), 2, 0);
    grid->addWidget(m_compare, 2, 1);
    grid->addWidget(useSelected(true), 2, 2);
    m_whatIf = productField(tr("product id"));
    m_whatIf->setToolTip(tr("If these customers had bought this product: append it to their "
                            "histories and rank again (fresh forward passes)."));
    m_whatIf->setProperty("help", m_whatIf->toolTip());
    m_runWhatIf = new QPushButton(tr("What-if"));
    m_runWhatIf->setToolTip(m_whatIf->toolTip());
    grid->addWidget(new QLabel(tr("If they bought:")), 3, 0);
    grid->addWidget(m_whatIf, 3, 1);
    auto* whatIfButtons = new QHBoxLayout;
    whatIfButtons->addWidget(useSelected(false));
    whatIfButtons->addWidget(m_runWhatIf);
    grid->addLayout(whatIfButtons, 3, 2);
    grid->setColumnStretch(1, 1);
    connect(m_runWhatIf, &QPushButton::clicked, this, &MerchantSegmentBar::whatIfRequested);
    for (QLineEdit* field : {m_compare, m_whatIf})
        connect(field, &QLineEdit::textChanged, this,
                [this, field] { field->setStyleSheet(QString()); });
}

void MerchantSegmentBar::setDataset(std::shared_ptr<const Dataset> ds) {
    m_ds = ds;
    m_completionModel->setDataset(ds);
    m_category->clear();
    m_category->addItem(tr("any category"));
    if (ds)
        for (const std::string& c : ds->categories)
            m_category->addItem(QString::fromStdString(c));
    m_category->setEnabled(ds && !ds->categories.empty());
}

ItemIndex MerchantSegmentBar::itemIn(QLineEdit* field) const {
    const QString text = field->text().trimmed();
    if (text.isEmpty() || !m_ds)
        return -1;
    const ItemIndex item = m_ds->findItem(text.toStdString());
    // Unknown id: marked, and the request goes on without it.
    field->setStyleSheet(item < 0 ? QStringLiteral("background: #fdd") : QString());
    field->setToolTip(item < 0 ? tr("'%1' is not a product id of this dataset").arg(text)
                               : field->property("help").toString());
    return item;
}

MerchantConfig MerchantSegmentBar::request(bool withWhatIf) const {
    MerchantConfig c;
    c.segment.minHistoryLength = m_minLength->value();
    c.segment.maxHistoryLength = m_maxLength->value();
    if (m_category->currentIndex() > 0)
        c.segment.category = m_category->currentText().toStdString();
    c.compareWith = itemIn(m_compare);
    c.whatIfAdd = withWhatIf ? itemIn(m_whatIf) : -1;
    return c;
}

} // namespace reclens
