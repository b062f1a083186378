#include "testfiles.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace reclens::test {

std::string sourcePath(const std::string& sub) {
    return (fs::path(RECLENS_SOURCE_DIR) / sub).string();
}

fs::path tempRoot() {
    const char* tmp = std::getenv("TMPDIR");
    return (tmp && *tmp) ? fs::path(tmp) : fs::temp_directory_path();
}

std::string makeScratchDir(const fs::path& relative, ScratchMode mode) {
    const fs::path dir = tempRoot() / relative;
    if (mode == ScratchMode::Fresh)
        fs::remove_all(dir);
    fs::create_directories(dir);
    return dir.string();
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

} // namespace reclens::test
