#pragma once
// The catalog part of "Open dataset": which catalog file, which of its columns hold the item,
// title, category levels, brand and price, and a preview of the first rows as the import will
// read them (category path joined, title composed when there is no title column).

#include "data/importers.h"

#include <QGroupBox>
#include <QList>
#include <QStringList>

class QComboBox;
class QLineEdit;
class QStandardItemModel;
class QTableView;

namespace reclens {

class CatalogMappingBox : public QGroupBox {
    Q_OBJECT
public:
    explicit CatalogMappingBox(QWidget* parent = nullptr);

    /// The catalog file typed or chosen ("" = none).
    QString catalogFile() const;
    void setCatalogFile(const QString& file);
    /// The file previewed when no catalog is chosen (a folder's catalog.csv); "" = none.
    void setImplicitCatalog(const QString& file);
    /// The mapping as chosen: "(none)" entries are "" (not read).
    CatalogColumns columns() const;

    /// The preview's rows (item, title, category path, brand, price), for tests.
    QList<QStringList> previewRows() const;

    /// What `row` of a catalog with `header` becomes under `columns` (the import's own rules):
    /// item, title, category path, brand, price.
    static QStringList mappedRow(const QStringList& header, const QStringList& row,
                                 const CatalogColumns& columns);

private:
    void reload();
    void updatePreview();
    QString previewedFile() const;

    QLineEdit* m_file;
    QComboBox* m_item;
    QComboBox* m_title;
    QList<QComboBox*> m_levels;
    QComboBox* m_brand;
    QComboBox* m_price;
    QStandardItemModel* m_model;
    QTableView* m_table;
    QString m_implicit;
    QString m_loadedFile;
    QStringList m_header;
    QList<QStringList> m_rows;
};

} // namespace reclens
