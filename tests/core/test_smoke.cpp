#include "common/atomicfile.h"
#include "testdata.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <stdexcept>

using namespace reclens;

TEST(AtomicFile, FailedWriteLeavesOldFileIntact) {
    std::string dir = test::scratchDir("atomic");
    std::string path = dir + "/file.txt";
    ASSERT_TRUE(writeFileAtomically(path, std::string("old contents")).ok());
    Status s = writeFileAtomically(path, [](std::ostream& out) {
        out << "half of the new";
        throw std::runtime_error("simulated failure");
    });
    EXPECT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find(path), std::string::npos);
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "old contents");
    // No temporary file is left behind.
    int files = 0;
    for (auto& e : std::filesystem::directory_iterator(dir)) {
        (void)e;
        ++files;
    }
    EXPECT_EQ(files, 1);
}
