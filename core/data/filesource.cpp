#include "data/filesource.h"

#include "data/textinput.h"

#include <filesystem>

namespace reclens::data {

const FileSource& diskFiles() {
    static const FileSource disk{[](const std::string& path) { return readWholeFile(path); },
                                 [](const std::string& path) {
                                     std::error_code ec;
                                     return std::filesystem::exists(path, ec);
                                 }};
    return disk;
}

} // namespace reclens::data
