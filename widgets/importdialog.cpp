#include "importdialog.h"

#include "catalogmappingbox.h"
#include "tableutil.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <zlib.h>

namespace reclens {

namespace {

QStringList splitCsvLine(const QString& line, QChar sep) {
    QStringList out;
    QString cur;
    bool quoted = false;
    for (int i = 0; i < line.size(); ++i) {
        QChar c = line[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < line.size() && line[i + 1] == QLatin1Char('"')) {
                cur += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                cur += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == sep) {
            out << cur;
            cur.clear();
        } else {
            cur += c;
        }
    }
    out << cur;
    return out;
}

const DataFormat kFormats[] = {DataFormat::Auto,    DataFormat::UciRetail, DataFormat::UniSrec,
                               DataFormat::RecBole, DataFormat::MovieLens, DataFormat::Csv};

} // namespace

ImportDialog::ImportDialog(QWidget* parent, const QString& initialPath)
    : QDialog(parent) {
    setWindowTitle(tr("Open dataset"));
    resize(1000, 680);
    auto* layout = new QVBoxLayout(this);

    auto* pathRow = new QHBoxLayout;
    m_path = new QLineEdit(initialPath);
    m_path->setPlaceholderText(tr("A data file (CSV, CSV.gz, .inter) or a dataset folder"));
    auto* fileBtn = new QPushButton(tr("File…"));
    auto* dirBtn = new QPushButton(tr("Folder…"));
    pathRow->addWidget(new QLabel(tr("Path:")));
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(fileBtn);
    pathRow->addWidget(dirBtn);
    layout->addLayout(pathRow);

    auto* form = new QFormLayout;
    m_format = new QComboBox;
    for (DataFormat f : kFormats)
        m_format->addItem(f == DataFormat::Auto ? tr("Recognise automatically")
                                                : QString::fromUtf8(formatName(f)));
    m_format->setToolTip(tr("The importer to use; automatic recognition looks at the file names "
                            "and the header."));
    m_detected = new QLabel;
    m_detected->setWordWrap(true);
    m_kCore = new QSpinBox;
    m_kCore->setRange(0, 50);
    m_kCore->setSpecialValueText(tr("off"));
    m_kCore->setToolTip(tr("Repeatedly drop customers and products with fewer interactions than "
                           "this (off = keep everything; 1 = leave out only the catalog "
                           "products nobody bought)."));
    form->addRow(tr("Format:"), m_format);
    form->addRow(tr("Recognised:"), m_detected);
    form->addRow(tr("k-core filter:"), m_kCore);
    layout->addLayout(form);

    m_mappingBox = new QGroupBox(tr("Purchases columns (generic CSV)"));
    auto* mapForm = new QFormLayout(m_mappingBox);
    m_userCol = new QComboBox;
    m_itemCol = new QComboBox;
    m_timeCol = new QComboBox;
    for (QComboBox* c : {m_userCol, m_itemCol, m_timeCol})
        c->setEditable(true);
    m_catalog = new CatalogMappingBox;
    mapForm->addRow(tr("Customer column:"), m_userCol);
    mapForm->addRow(tr("Product column:"), m_itemCol);
    mapForm->addRow(tr("Time column:"), m_timeCol);
    m_mappingProblem = new QLabel;
    m_mappingProblem->setObjectName(QStringLiteral("mappingProblem"));
    m_mappingProblem->setWordWrap(true);
    m_mappingProblem->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_mappingProblem->setVisible(false);
    mapForm->addRow(m_mappingProblem);
    // Side by side: the purchases mapping is short, the catalog's has its own preview.
    auto* mappingRow = new QHBoxLayout;
    mappingRow->addWidget(m_mappingBox, 2);
    mappingRow->addWidget(m_catalog, 3);
    layout->addLayout(mappingRow);

    layout->addWidget(new QLabel(tr("Preview of the first purchase rows:")));
    m_previewModel = new QStandardItemModel(this);
    m_preview = new QTableView;
    m_preview->setModel(m_previewModel);
    installTableActions(m_preview);
    m_preview->horizontalHeader()->setStretchLastSection(false);
    layout->addWidget(m_preview, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel);
    layout->addWidget(buttons);
    m_open = buttons->button(QDialogButtonBox::Open);
    connect(buttons, &QDialogButtonBox::accepted, this, &ImportDialog::accept);
    for (QComboBox* c : {m_userCol, m_itemCol, m_timeCol})
        connect(c, &QComboBox::currentTextChanged, this, &ImportDialog::updateMappingProblem);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(fileBtn, &QPushButton::clicked, this, &ImportDialog::browseFile);
    connect(dirBtn, &QPushButton::clicked, this, &ImportDialog::browseFolder);
    connect(m_path, &QLineEdit::editingFinished, this, &ImportDialog::refresh);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ImportDialog::refresh);
    refresh();
}

QString ImportDialog::mappingProblem() const {
    if (!m_mappingBox->isEnabled())
        return {}; // a known format: its columns are fixed
    const QString user = m_userCol->currentText().trimmed();
    const QString item = m_itemCol->currentText().trimmed();
    const QString time = m_timeCol->currentText().trimmed();
    auto same = [](const QString& a, const QString& b) {
        return !a.isEmpty() && a.compare(b, Qt::CaseInsensitive) == 0;
    };
    if (same(user, item) && same(item, time))
        return tr("The column \u201c%1\u201d is chosen as customer, product and time: choose a "
                  "different column for each.")
            .arg(user);
    if (same(user, item))
        return tr("The column \u201c%1\u201d is chosen as both customer and product: choose "
                  "a different column for each.")
            .arg(user);
    if (same(user, time) || same(item, time))
        return tr("The column \u201c%1\u201d is chosen as the time and as the %2: choose a "
                  "different column for each.")
            .arg(time, same(user, time) ? tr("customer") : tr("product"));
    return {};
}

void ImportDialog::updateMappingProblem() {
    if (!m_mappingProblem)
        return; // still being built
    const QString problem = mappingProblem();
    m_mappingProblem->setText(problem);
    m_mappingProblem->setVisible(!problem.isEmpty());
    if (m_open)
        m_open->setEnabled(problem.isEmpty());
}

void ImportDialog::accept() {
    updateMappingProblem();
    if (!mappingProblem().isEmpty())
        return;
    QDialog::accept();
}

QString ImportDialog::path() const {
    return m_path->text().trimmed();
}

ImportOptions ImportDialog::options() const {
    ImportOptions o;
    o.format = kFormats[std::max(0, m_format->currentIndex())];
    o.kCore = m_kCore->value();
    if (!m_userCol->currentText().isEmpty())
        o.userColumn = m_userCol->currentText().toStdString();
    if (!m_itemCol->currentText().isEmpty())
        o.itemColumn = m_itemCol->currentText().toStdString();
    if (!m_timeCol->currentText().isEmpty())
        o.timeColumn = m_timeCol->currentText().toStdString();
    o.catalogPath = m_catalog->catalogFile().toStdString();
    o.catalogColumns = m_catalog->columns();
    return o;
}

void ImportDialog::browseFile() {
    QString f = QFileDialog::getOpenFileName(
        this, tr("Open data file"), m_path->text(),
        tr("Data files (*.csv *.csv.gz *.gz *.tsv *.inter);;All files (*)"));
    if (!f.isEmpty()) {
        m_path->setText(f);
        refresh();
    }
}

void ImportDialog::browseFolder() {
    QString d = QFileDialog::getExistingDirectory(this, tr("Open dataset folder"), m_path->text());
    if (!d.isEmpty()) {
        m_path->setText(d);
        refresh();
    }
}

QString ImportDialog::previewFileFor(const QString& path) {
    QFileInfo fi(path);
    if (!fi.isDir())
        return path;
    QDir dir(path);
    for (const QString& name : {QStringLiteral("interactions.csv"), QStringLiteral("ratings.csv")})
        if (dir.exists(name))
            return dir.filePath(name);
    QStringList inter = dir.entryList({QStringLiteral("*.inter")}, QDir::Files, QDir::Name);
    if (!inter.isEmpty())
        return dir.filePath(inter.front());
    QStringList csv = dir.entryList({QStringLiteral("*.csv"), QStringLiteral("*.csv.gz")},
                                    QDir::Files, QDir::Name);
    return csv.isEmpty() ? QString() : dir.filePath(csv.front());
}

QList<QStringList> ImportDialog::readPreview(const QString& file, int maxRows, QChar* separator) {
    QList<QStringList> rows;
    gzFile gz = gzopen(file.toLocal8Bit().constData(), "rb"); // reads plain files too
    if (!gz)
        return rows;
    char buf[8192];
    QStringList lines;
    while (lines.size() < maxRows + 1 && gzgets(gz, buf, sizeof buf))
        lines << QString::fromUtf8(buf).trimmed();
    gzclose(gz);
    if (lines.isEmpty())
        return rows;
    if (lines.front().startsWith(QChar(0xFEFF)))
        lines.front().remove(0, 1);
    QChar sep = QLatin1Char(',');
    if (lines.front().count(QLatin1Char('\t')) > lines.front().count(QLatin1Char(',')))
        sep = QLatin1Char('\t');
    if (separator)
        *separator = sep;
    for (const QString& l : lines)
        rows << splitCsvLine(l, sep);
    return rows;
}

void ImportDialog::refresh() {
    QString p = path();
    m_previewModel->clear();
    bool generic = false;
    if (p.isEmpty() || !QFileInfo::exists(p)) {
        m_detected->setText(p.isEmpty() ? tr("Choose a file or folder.")
                                        : tr("%1 does not exist.").arg(p));
    } else {
        auto detected = detectFormat(p.toStdString());
        DataFormat chosen = kFormats[std::max(0, m_format->currentIndex())];
        if (detected)
            m_detected->setText(QString::fromUtf8(formatName(*detected)));
        else
            m_detected->setText(QString::fromStdString(detected.error().message));
        generic = chosen == DataFormat::Csv ||
                  (chosen == DataFormat::Auto && detected && *detected == DataFormat::Csv);
    }
    QString file = p.isEmpty() ? QString() : previewFileFor(p);
    QList<QStringList> rows =
        file.isEmpty() ? QList<QStringList>() : readPreview(file, 20, nullptr);
    if (!rows.isEmpty()) {
        m_previewModel->setHorizontalHeaderLabels(rows.front());
        for (int r = 1; r < rows.size(); ++r) {
            QList<QStandardItem*> items;
            for (const QString& f : rows[r])
                items << new QStandardItem(f);
            m_previewModel->appendRow(items);
        }
        m_preview->resizeColumnsToContents();
        // Offer the header's columns for mapping, preselecting the conventional names.
        const QStringList header = rows.front();
        auto fill = [&header](QComboBox* box, const QStringList& guesses) {
            QString keep = box->currentText();
            box->clear();
            box->addItems(header);
            for (const QString& g : guesses) {
                int i = header.indexOf(g);
                if (i >= 0) {
                    box->setCurrentIndex(i);
                    return;
                }
            }
            if (!keep.isEmpty())
                box->setCurrentText(keep);
        };
        fill(m_userCol,
             {QStringLiteral("user"), QStringLiteral("user_id"), QStringLiteral("userId"),
              QStringLiteral("customer_id"), QStringLiteral("household_id")});
        fill(m_itemCol, {QStringLiteral("item"), QStringLiteral("item_id"),
                         QStringLiteral("itemId"), QStringLiteral("product_id")});
        fill(m_timeCol, {QStringLiteral("timestamp"), QStringLiteral("time"),
                         QStringLiteral("date"), QStringLiteral("transaction_timestamp")});
    }
    m_mappingBox->setEnabled(generic);
    m_catalog->setEnabled(generic);
    // A folder's catalog.csv is read without being chosen; preview it with its mapping.
    const QString besides =
        QFileInfo(p).isDir() ? QDir(p).filePath(QStringLiteral("catalog.csv")) : QString();
    m_catalog->setImplicitCatalog(QFileInfo::exists(besides) ? besides : QString());
    updateMappingProblem();
}

} // namespace reclens
