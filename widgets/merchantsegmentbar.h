#pragma once
// The Merchant tab's request controls: which customers (history length range, a category they
// bought; the data has no customer attributes such as country), a product to compare with and
// a product for the merchant what-if ("if these customers had bought X"). Product fields take
// an id, with completion over the catalog ids, or the product selected in the list.

#include "explain/merchantexplanation.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace reclens {

class CatalogModel;

class MerchantSegmentBar : public QWidget {
    Q_OBJECT
public:
    explicit MerchantSegmentBar(QWidget* parent = nullptr);

    void setDataset(std::shared_ptr<const Dataset> ds);
    /// Segment and compared product as entered; withWhatIf adds the what-if product.
    /// An id that is not in the catalog is ignored and marked in its field.
    MerchantConfig request(bool withWhatIf) const;

    QSpinBox* minLengthBox() const { return m_minLength; }
    QSpinBox* maxLengthBox() const { return m_maxLength; }
    QComboBox* categoryBox() const { return m_category; }
    QLineEdit* compareField() const { return m_compare; }
    QLineEdit* whatIfField() const { return m_whatIf; }
    QPushButton* whatIfButton() const { return m_runWhatIf; }

Q_SIGNALS:
    /// "Use the selected product" for the compare field (true) or the what-if field (false).
    void useSelectedRequested(bool forCompare);
    void whatIfRequested();

private:
    ItemIndex itemIn(QLineEdit* field) const;

    std::shared_ptr<const Dataset> m_ds;
    QSpinBox* m_minLength;
    QSpinBox* m_maxLength;
    QComboBox* m_category;
    QLineEdit* m_compare;
    QLineEdit* m_whatIf;
    QPushButton* m_runWhatIf;
    CatalogModel* m_completionModel;
};

} // namespace reclens
