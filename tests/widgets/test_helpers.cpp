// Small pieces of the workbench that need no model: CSV export, the import preview, Kendall τ.

#include "importdialog.h"
#include "tableutil.h"

#include <QStandardItemModel>

#include <gtest/gtest.h>

namespace reclens::test {

TEST(WidgetHelpers, TableCsvQuotesFieldsPerRfc4180) {
    QStandardItemModel m;
    m.setHorizontalHeaderLabels({QStringLiteral("a"), QStringLiteral("b,c")});
    m.appendRow(
        {new QStandardItem(QStringLiteral("say \"hi\"")), new QStandardItem(QStringLiteral("x"))});
    EXPECT_EQ(tableToCsv(&m), QStringLiteral("a,\"b,c\"\n\"say \"\"hi\"\"\",x\n"));
}

TEST(WidgetHelpers, ImportPreviewReadsTheSampleHeader) {
    QString file = ImportDialog::previewFileFor(QStringLiteral(RECLENS_SOURCE_DIR "/sample_data"));
    ASSERT_TRUE(file.endsWith(QStringLiteral("interactions.csv")));
    QChar sep;
    auto rows = ImportDialog::readPreview(file, 5, &sep);
    ASSERT_EQ(rows.size(), 6);
    EXPECT_EQ(sep, QLatin1Char(','));
    EXPECT_EQ(rows.front(), (QStringList{QStringLiteral("user"), QStringLiteral("item"),
                                         QStringLiteral("timestamp")}));
}

} // namespace reclens::test
