// The project note on the Project tab: typed text is the project's (modified, saved in the
// file as the core reads it), and opening a project shows its note again.

#include "workbenchfixture.h"

#include "projectactions.h"
#include "projectdocument.h"
#include "projectnoteedit.h"
#include "projectview.h"

#include "project/projectfile.h"

#include <QTemporaryDir>
#include <QTest>

namespace reclens::test {

TEST_F(WorkbenchTest, ProjectNoteIsTypedOnTheProjectTabSavedAndShownAgainOnOpen) {
    openSample();
    auto* edit = window->projectView()->findChild<ProjectNoteEdit*>();
    ASSERT_TRUE(edit) << "no project note on the Project tab";
    ProjectDocument* doc = window->projectActions()->document();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("note.reclens"));
    ASSERT_TRUE(saveProjectAndWait(*window, path))
        << errors.join(QStringLiteral("\n")).toStdString();
    ASSERT_FALSE(doc->isModified());
    window->showTab(MainWindow::ProjectTab);
    QTest::keyClicks(edit, QStringLiteral("Checked the k-core filter"));
    EXPECT_TRUE(doc->isModified()) << "the note is not part of the project";
    EXPECT_EQ(doc->projectNote(), QStringLiteral("Checked the k-core filter"));
    ASSERT_TRUE(saveProjectAndWait(*window, path))
        << errors.join(QStringLiteral("\n")).toStdString();
    auto onDisk = loadProject(path.toStdString()); // the file as the core reads it
    ASSERT_TRUE(onDisk.ok()) << onDisk.error().message;
    EXPECT_EQ(onDisk->note, "Checked the k-core filter");

    window->projectActions()->newProject();
    EXPECT_TRUE(edit->toPlainText().isEmpty()) << "a new project kept the old note";
    ASSERT_TRUE(window->projectActions()->openProject(path));
    EXPECT_EQ(edit->toPlainText(), QStringLiteral("Checked the k-core filter"));
    EXPECT_FALSE(doc->isModified()) << "showing the note counted as an edit";
}

} // namespace reclens::test
