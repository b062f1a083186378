#include "common/atomicfile.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <random>
#include <unistd.h>

namespace reclens {

namespace {

std::string temporaryNameFor(const std::string& path) {
    std::random_device rd;
    return path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(rd() % 1000000);
}

bool syncFile(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0)
        return false;
    bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

} // namespace

Status writeFileAtomically(const std::string& path,
                           const std::function<void(std::ostream&)>& write) {
    const std::string tmp = temporaryNameFor(path);
    auto fail = [&](const std::string& why) -> Status {
        std::error_code ec;
        std::filesystem::remove(tmp, ec);
        return makeError(ErrorCode::Io, path, 0, 0, "could not save: " + why);
    };
    try {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            return fail(std::string("cannot create a temporary file (") + std::strerror(errno) +
                        ")");
        write(out);
        out.flush();
        if (!out)
            return fail("writing failed (disk full?)");
        out.close();
        if (!syncFile(tmp))
            return fail("cannot flush the file to disk");
        if (std::rename(tmp.c_str(), path.c_str()) != 0)
            return fail(std::string("cannot replace the old file (") + std::strerror(errno) +
                        ")");
    } catch (const std::exception& e) {
        return fail(e.what());
    }
    return Ok{};
}

Status writeFileAtomically(const std::string& path, const std::string& contents) {
    return writeFileAtomically(path, [&](std::ostream& out) {
        out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    });
}

} // namespace reclens
