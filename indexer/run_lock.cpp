#include "run_lock.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace dateline::index {

RunLock::RunLock(const std::filesystem::path& db, bool wait) {
    std::error_code ec;
    std::filesystem::create_directories(db, ec);
    if (ec) throw std::runtime_error(db.string() + ": cannot create the database directory: " + ec.message());
    const std::filesystem::path file = db / "dateline-index.lock";
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw std::runtime_error(file.string() + ": cannot open lock file: " + std::strerror(errno));
    int rc;
    do {
        rc = ::flock(fd_, LOCK_EX | (wait ? 0 : LOCK_NB));
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) {
        const int error = errno;
        ::close(fd_);
        fd_ = -1;
        if (error == EWOULDBLOCK)
            throw DatabaseBusy(db.string() + ": another dateline-index is writing this database (use --wait to queue)");
        throw std::runtime_error(file.string() + ": cannot lock: " + std::strerror(error));
    }
}

RunLock::~RunLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace dateline::index
