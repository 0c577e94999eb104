#include "index_writer.h"

#include "schema.h"

#include <chrono>
#include <ctime>
#include <stdexcept>

namespace dateline::index {
namespace {

Xapian::WritableDatabase open_database(const std::filesystem::path& path) {
    try {
        return Xapian::WritableDatabase(path.string(), Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError&) {
        throw std::runtime_error(path.string() + ": the database is locked by another indexer");
    } catch (const Xapian::Error& e) {
        throw std::runtime_error(path.string() + ": cannot open database: " + e.get_description());
    }
}

std::string utc_now_iso() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
}

}  // namespace

IndexWriter::IndexWriter(const std::filesystem::path& path, std::size_t batch_size)
    : db_(open_database(path)), batch_size_(batch_size == 0 ? 1 : batch_size) {
    const std::string format = db_.get_metadata(std::string(schema::kFormatKey));
    if (format.empty()) {
        if (db_.get_doccount() != 0)
            throw std::runtime_error(path.string() + ": not a Dateline database (no format version)");
        db_.set_metadata(std::string(schema::kFormatKey), std::string(schema::kFormatVersion));
    } else if (format != schema::kFormatVersion) {
        throw std::runtime_error(path.string() + ": database format " + format + " is not the supported " +
                                 std::string(schema::kFormatVersion) + "; rebuild it with --full");
    }
}

void IndexWriter::write(const Xapian::Document& doc, const std::string& id_term) {
    if (db_.term_exists(id_term)) ++counts_.updated;
    else ++counts_.added;
    db_.replace_document(id_term, doc);
    if (++pending_ >= batch_size_) {
        db_.commit();
        pending_ = 0;
    }
}

WriteCounts IndexWriter::finish() {
    db_.set_metadata(std::string(schema::kLastUpdateKey), utc_now_iso());
    db_.commit();
    pending_ = 0;
    return counts_;
}

}  // namespace dateline::index
