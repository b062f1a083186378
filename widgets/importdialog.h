#pragma once
// "Open dataset": picks a file or folder, recognises its format, previews the first rows and,
// for a generic CSV, maps its columns to user / item / timestamp and its catalog's columns to
// item / title / category levels / brand / price (CatalogMappingBox).

#include "data/importers.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStandardItemModel;
class QTableView;

namespace reclens {

class CatalogMappingBox;

class ImportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ImportDialog(QWidget* parent = nullptr, const QString& initialPath = QString());

    QString path() const;
    ImportOptions options() const;

    /// The file whose rows are previewed for `path` (the interactions file of a folder).
    static QString previewFileFor(const QString& path);
    /// Why the column mapping cannot be imported ("" when it can): one column named as two of
    /// customer, product and time would make every purchase its own customer or product.
    QString mappingProblem() const;
    /// Refuses (keeps the dialog open, says why) while mappingProblem() is not empty.
    void accept() override;

    /// First `maxRows` lines of a CSV/TSV (gzip-aware), split into fields.
    static QList<QStringList> readPreview(const QString& file, int maxRows, QChar* separator);

private:
    void browseFile();
    void browseFolder();
    void refresh();
    void updateMappingProblem();

    QLineEdit* m_path;
    QComboBox* m_format;
    QLabel* m_detected;
    QTableView* m_preview;
    QStandardItemModel* m_previewModel;
    QWidget* m_mappingBox;
    QComboBox* m_userCol;
    QComboBox* m_itemCol;
    QComboBox* m_timeCol;
    CatalogMappingBox* m_catalog;
    QSpinBox* m_kCore;
    QLabel* m_mappingProblem = nullptr;
    QPushButton* m_open = nullptr;
};

} // namespace reclens
