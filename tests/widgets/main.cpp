// Widget tests run without a display: the offscreen platform is selected before QApplication.
#include <QApplication>
#include <QStandardPaths>

#include <gtest/gtest.h>

#include <cstdlib>

int main(int argc, char** argv) {
    ::setenv("QT_QPA_PLATFORM", "offscreen", 1);
    ::testing::InitGoogleTest(&argc, argv);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("RecLensTests"));
    QApplication::setApplicationName(QStringLiteral("reclens_widgets_tests"));
    // Settings and the model cache go to a test location, never the user's.
    QStandardPaths::setTestModeEnabled(true);
    return RUN_ALL_TESTS();
}
