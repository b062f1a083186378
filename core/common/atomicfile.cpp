#include "common/atomicfile.h"

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <random>
#include <streambuf>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace reclens {

namespace {

constexpr const char* kTempMarker = ".tmp-";

/// A std::streambuf over a POSIX descriptor, so the bytes are fsync'ed through the very
/// descriptor they were written with (reopening by name could meet a different file).
class FdBuffer : public std::streambuf {
public:
    explicit FdBuffer(int fd)
        : m_fd(fd) {
        setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
    }
    bool failed() const { return m_failed; }
    int savedErrno() const { return m_errno; }
    bool flushAll() { return drain() && !m_failed; }

protected:
    int_type overflow(int_type ch) override {
        if (!drain())
            return traits_type::eof();
        if (!traits_type::eq_int_type(ch, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(ch);
            pbump(1);
        }
        return traits_type::not_eof(ch);
    }
    int sync() override { return drain() ? 0 : -1; }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        // Large blocks (checkpoints, PDFs) go straight to the descriptor.
        if (n >= static_cast<std::streamsize>(m_buffer.size())) {
            if (!drain() || !writeAll(s, static_cast<size_t>(n)))
                return 0;
            return n;
        }
        return std::streambuf::xsputn(s, n);
    }

private:
    bool drain() {
        const auto n = static_cast<size_t>(pptr() - pbase());
        if (n > 0 && !writeAll(pbase(), n))
            return false;
        setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
        return true;
    }
    bool writeAll(const char* data, size_t n) {
        if (m_failed)
            return false;
        while (n > 0) {
            const ssize_t w = ::write(m_fd, data, n);
            if (w < 0) {
                if (errno == EINTR)
                    continue;
                m_errno = errno;
                m_failed = true;
                return false;
            }
            data += w;
            n -= static_cast<size_t>(w);
        }
        return true;
    }

    int m_fd;
    bool m_failed = false;
    int m_errno = 0;
    std::array<char, 1 << 16> m_buffer{};
};

std::string errnoText(int e) {
    return std::strerror(e);
}

/// Where the bytes must land: a symbolic link is written through so it stays a link.
std::string resolveTarget(const std::string& path) {
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(path, ec))) {
        auto real = fs::weakly_canonical(path, ec);
        if (!ec)
            return real.string();
    }
    return path;
}

/// Creates a new, empty, exclusively ours temporary next to `target`; returns its descriptor
/// (or -1 with errno set) and its name.
int createTemporary(const std::string& target, std::string& name) {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    const std::string stem = target + kTempMarker + std::to_string(::getpid()) + "-";
    for (int attempt = 0; attempt < 100; ++attempt) {
        name = stem + std::to_string(rng() % 1000000000ull);
        const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

/// The replaced file's permission bits survive the save (0666 & ~umask for a new file).
void copyPermissions(int fd, const std::string& target) {
    struct stat st {};
    if (::stat(target.c_str(), &st) == 0 && S_ISREG(st.st_mode))
        (void)::fchmod(fd, st.st_mode & 07777);
}

/// Makes the rename itself durable; some file systems cannot fsync a directory, which only
/// weakens durability across power loss, never atomicity, so failures are ignored.
void syncDirectoryOf(const std::string& target) {
    fs::path dir = fs::path(target).parent_path();
    if (dir.empty())
        dir = ".";
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return;
    (void)::fsync(fd);
    ::close(fd);
}

/// fsync + rename + directory fsync; removes the temporary on failure.
Status commit(const std::string& path, const std::string& target, const std::string& tmp, int fd) {
    auto fail = [&](const std::string& why) -> Status {
        if (fd >= 0)
            ::close(fd);
        ::unlink(tmp.c_str());
        return makeError(ErrorCode::Io, path, 0, 0, "could not save: " + why);
    };
    if (::fsync(fd) != 0)
        return fail("cannot flush the file to disk (" + errnoText(errno) + ")");
    if (::close(fd) != 0) {
        fd = -1;
        return fail("closing the file failed (" + errnoText(errno) + ")");
    }
    fd = -1;
    if (std::rename(tmp.c_str(), target.c_str()) != 0)
        return fail("cannot replace the old file (" + errnoText(errno) + ")");
    syncDirectoryOf(target);
    return Ok{};
}

} // namespace

int removeAbandonedTemporaries(const std::string& path) {
    const fs::path target(path);
    const std::string prefix = target.filename().string() + kTempMarker;
    fs::path dir = target.parent_path();
    if (dir.empty())
        dir = ".";
    int removed = 0;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0)
            continue;
        // Exactly "<pid>-<digits>": anything else is not one of ours.
        const std::string rest = name.substr(prefix.size());
        const auto dash = rest.find('-');
        if (dash == std::string::npos || dash == 0 || dash + 1 == rest.size() || dash > 9 ||
            rest.find_first_not_of("0123456789-") != std::string::npos ||
            rest.find('-', dash + 1) != std::string::npos)
            continue;
        const auto pid = static_cast<pid_t>(std::stol(rest.substr(0, dash)));
        if (pid <= 0 || pid == ::getpid())
            continue; // this process may be saving the same target on another thread
        if (::kill(pid, 0) == 0 || errno != ESRCH)
            continue; // still running (or not ours to signal): its save may be in progress
        std::error_code rm;
        if (fs::remove(it->path(), rm))
            ++removed;
    }
    return removed;
}

Status writeFileAtomically(const std::string& path,
                           const std::function<void(std::ostream&)>& write) {
    const std::string target = resolveTarget(path);
    removeAbandonedTemporaries(target);
    std::string tmp;
    const int fd = createTemporary(target, tmp);
    if (fd < 0)
        return makeError(ErrorCode::Io, path, 0, 0,
                         "could not save: cannot create a temporary file in the folder (" +
                             errnoText(errno) + ")");
    auto fail = [&](const std::string& why) -> Status {
        ::close(fd);
        ::unlink(tmp.c_str());
        return makeError(ErrorCode::Io, path, 0, 0, "could not save: " + why);
    };
    copyPermissions(fd, target);
    {
        FdBuffer buffer(fd);
        std::ostream out(&buffer);
        try {
            write(out);
        } catch (const std::exception& e) {
            return fail(e.what());
        }
        if (!out || !buffer.flushAll())
            return fail(buffer.failed() ? "writing failed (" + errnoText(buffer.savedErrno()) + ")"
                                        : std::string("writing failed"));
    }
    return commit(path, target, tmp, fd);
}

Status writeFileAtomically(const std::string& path, const std::string& contents) {
    return writeFileAtomically(path, [&](std::ostream& out) {
        out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    });
}

Status writeFileAtomicallyVia(const std::string& path,
                              const std::function<bool(const std::string& tempPath)>& produce) {
    const std::string target = resolveTarget(path);
    removeAbandonedTemporaries(target);
    std::string tmp;
    int fd = createTemporary(target, tmp);
    if (fd < 0)
        return makeError(ErrorCode::Io, path, 0, 0,
                         "could not save: cannot create a temporary file in the folder (" +
                             errnoText(errno) + ")");
    copyPermissions(fd, target);
    ::close(fd); // the producer opens the file by name (and truncates it)
    bool ok = false;
    try {
        ok = produce(tmp);
    } catch (const std::exception& e) {
        ::unlink(tmp.c_str());
        return makeError(ErrorCode::Io, path, 0, 0, std::string("could not save: ") + e.what());
    }
    if (!ok) {
        ::unlink(tmp.c_str());
        return makeError(ErrorCode::Io, path, 0, 0, "could not save: writing the file failed");
    }
    fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        return makeError(ErrorCode::Io, path, 0, 0,
                         "could not save: the written file vanished (" + errnoText(e) + ")");
    }
    return commit(path, target, tmp, fd);
}

} // namespace reclens
