// End-to-end tests: reclens-cli runs as a separate process, as a user or a script would run it.

#include "cliprocess.h"

#include <gtest/gtest.h>

using reclens::test::runCli;

TEST(Cli, VersionReportsBlasAndThreads) {
    auto r = runCli({"version", "--threads", "2"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("RecLens"), std::string::npos);
    EXPECT_NE(r.out.find("BLAS: OpenBLAS"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("threads: 2"), std::string::npos) << r.out;
}

TEST(Cli, UnknownCommandIsAUsageError) {
    auto r = runCli({"no-such-command"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("unknown command"), std::string::npos);
}

TEST(Cli, UnknownOptionIsAUsageError) {
    auto r = runCli({"version", "--bogus"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("unknown option --bogus"), std::string::npos);
}
