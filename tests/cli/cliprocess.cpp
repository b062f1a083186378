#include "cliprocess.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace reclens::test {

namespace {

std::string shellQuote(const std::string& s) {
    std::string q = "'";
    for (char c : s)
        q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

} // namespace

CliResult runCli(const std::vector<std::string>& args) {
    fs::path dir = scratchDir("cli-io");
    std::string cmd = shellQuote(RECLENS_CLI);
    for (const auto& a : args) {
        cmd += ' ';
        cmd += shellQuote(a);
    }
    // Appended piecewise: GCC 12 warns falsely (-Wrestrict) on `"literal" + std::string&&`.
    cmd += " >";
    cmd += shellQuote((dir / "out").string());
    cmd += " 2>";
    cmd += shellQuote((dir / "err").string());
    cmd += " </dev/null";
    int status = std::system(cmd.c_str());
    CliResult r;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = readFile((dir / "out").string());
    r.err = readFile((dir / "err").string());
    return r;
}

std::string scratchDir(const std::string& name) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    // Outside a test (SetUpTestSuite, static set-up) the process id keeps two test processes
    // that ctest runs at once from sharing one folder.
    std::string test = info ? std::string(info->test_suite_name()) + "." + info->name()
                            : "suite-" + std::to_string(::getpid());
    return makeScratchDir(fs::path("reclens-cli-tests") / (test + "-" + name), ScratchMode::Keep);
}

namespace {

// What makes a cached model stale: the CLI binary that trained it and the inputs named in its
// arguments (a file's or a folder's files' sizes and modification times).
std::string stamp(const fs::path& p) {
    std::error_code ec;
    if (!fs::exists(p, ec))
        return {};
    std::string s;
    auto add = [&s](const fs::path& f) {
        std::error_code e;
        s += f.filename().string() + ':' + std::to_string(fs::file_size(f, e)) + ':' +
             std::to_string(fs::last_write_time(f, e).time_since_epoch().count()) + ';';
    };
    if (fs::is_directory(p, ec)) {
        for (const auto& e : fs::directory_iterator(p, ec))
            if (e.is_regular_file())
                add(e.path());
    } else {
        add(p);
    }
    return s;
}

} // namespace

CachedModel trainCached(const std::vector<std::string>& trainArgs) {
    std::string key = stamp(RECLENS_CLI);
    for (const auto& a : trainArgs)
        key += a + '\x1f' + stamp(a);
    const std::string keyHash = std::to_string(std::hash<std::string>{}(key));
    const std::string dir =
        makeScratchDir(fs::path("reclens-cli-tests/model-cache") / keyHash, ScratchMode::Keep);
    const fs::path cached = fs::path(dir) / "model.ckpt";
    const fs::path cachedOut = fs::path(dir) / "train.out";
    CachedModel m;
    if (!fs::exists(cached) || !fs::exists(cachedOut)) {
        // Trained into a file of this process and renamed into place when complete: `train`
        // also saves each improving epoch to its --out, so two test processes training the same
        // key into `cached` let one read the other's epoch-1 checkpoint beside the finished
        // run's summary (CI saw test NDCG@10 0.077 against the summary's 0.165).
        const fs::path mine = fs::path(dir) / ("model-" + std::to_string(::getpid()) + ".ckpt");
        std::vector<std::string> args = trainArgs;
        args.push_back("--out");
        args.push_back(mine.string());
        const CliResult r = runCli(args);
        m.exitCode = r.exitCode;
        m.err = r.err;
        if (r.exitCode != 0)
            return m;
        fs::rename(mine, cached);
        // Written after the model (atomically: temp file, then rename), so its presence says the
        // checkpoint beside it is complete.
        const fs::path tmp = cachedOut.string() + ".tmp" + std::to_string(::getpid());
        writeFile(tmp.string(), r.out);
        fs::rename(tmp, cachedOut);
    }
    // A private copy: a concurrent first run can never replace the file under a running test.
    // Named by the key, so a test that uses two cached models gets two files.
    m.path = scratchDir("cached-model") + "/" + keyHash + ".ckpt";
    fs::copy_file(cached, m.path, fs::copy_options::overwrite_existing);
    m.out = readFile(cachedOut.string());
    m.exitCode = 0;
    return m;
}

std::string plantedSearchShop(const std::string& name, int users) {
    const std::string dir = scratchDir(name);
    const CliResult r =
        runCli({"synth", "--queries", "--out", dir, "--users", std::to_string(users)});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return dir;
}

CachedModel tinySearchModel(const std::string& shopDir, int epochs) {
    return trainCached({"train", "--task", "search", "--data", shopDir, "--queries",
                        shopDir + "/queries.csv", "--dim", "16", "--layers", "1", "--heads", "1",
                        "--max-len", "8", "--epochs", std::to_string(epochs), "--threads", "1"});
}

} // namespace reclens::test
