// One indexer run per database at a time: an exclusive lock held for the whole run.
#pragma once

#include <filesystem>
#include <stdexcept>

namespace dateline::index {

class DatabaseBusy : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Locks `<db>/dateline-index.lock` (creating the directory if needed) with flock(2), so
/// the lock goes with the process however it dies. Without `wait`, throws DatabaseBusy
/// when another run holds it; with `wait`, blocks until it is free.
class RunLock {
public:
    RunLock(const std::filesystem::path& db, bool wait);
    ~RunLock();
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace dateline::index
