#include "index_writer.h"

#include "schema.h"

#include <chrono>
#include <ctime>
#include <stdexcept>
#include <thread>

namespace dateline::index {
namespace {

// The caller holds the run lock, so no other Dateline run writes here; Xapian's own lock
// can still be held for a moment by a writer that was just killed (its lock-holding child
// exits when it notices), so wait a little before calling it a conflict.
Xapian::WritableDatabase open_database(const std::filesystem::path& path) {
    constexpr auto kLockPatience = std::chrono::seconds(10);
    const auto deadline = std::chrono::steady_clock::now() + kLockPatience;
    while (true) {
        try {
            return Xapian::WritableDatabase(path.string(), Xapian::DB_CREATE_OR_OPEN);
        } catch (const Xapian::DatabaseLockError& e) {
            if (std::chrono::steady_clock::now() > deadline)
                throw std::runtime_error(path.string() + ": the database is locked by another writer: " +
                                         e.get_description());
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        } catch (const Xapian::Error& e) {
            throw std::runtime_error(path.string() + ": cannot open database: " + e.get_description());
        }
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
    count_change();
}

void IndexWriter::count_change() {
    // Each commit is atomic: a crash loses at most the batch in progress, and the change
    // records committed with earlier batches tell the next run what is still to do.
    if (++pending_ >= batch_size_) {
        db_.commit();
        pending_ = 0;
    }
}

std::optional<InputState> IndexWriter::input_state(const std::string& input_key) const {
    const std::string record = db_.get_metadata(std::string(schema::kInputStateKeyPrefix) + input_key);
    if (record.empty()) return std::nullopt;
    return InputState::decode(record);
}

void IndexWriter::record_input(const std::string& input_key, const InputState& state) {
    db_.set_metadata(std::string(schema::kInputStateKeyPrefix) + input_key, state.encode());
}

std::vector<std::string> IndexWriter::recorded_inputs(const std::string& key_prefix) const {
    const std::string prefix = std::string(schema::kInputStateKeyPrefix) + key_prefix;
    std::vector<std::string> keys;
    for (auto it = db_.metadata_keys_begin(prefix); it != db_.metadata_keys_end(prefix); ++it)
        keys.push_back((*it).substr(schema::kInputStateKeyPrefix.size()));
    return keys;
}

Xapian::doccount IndexWriter::documents_from(const std::string& input_key) const {
    return db_.get_termfreq(schema::input_term(input_key));
}

std::size_t IndexWriter::delete_documents_from(const std::string& input_key, const std::unordered_set<std::string>& keep) {
    const std::string term = schema::input_term(input_key);
    std::vector<Xapian::docid> stale;
    for (auto posting = db_.postlist_begin(term); posting != db_.postlist_end(term); ++posting) {
        if (!keep.empty()) {
            auto terms = db_.termlist_begin(*posting);
            terms.skip_to(std::string(schema::kIdPrefix));
            if (terms != db_.termlist_end(*posting) && keep.count(*terms)) continue;
        }
        stale.push_back(*posting);
    }
    for (const Xapian::docid id : stale) {
        db_.delete_document(id);
        ++counts_.deleted;
        count_change();
    }
    return stale.size();
}

void IndexWriter::forget_input(const std::string& input_key) {
    db_.set_metadata(std::string(schema::kInputStateKeyPrefix) + input_key, "");  // empty deletes the key
}

WriteCounts IndexWriter::finish() {
    db_.set_metadata(std::string(schema::kLastUpdateKey), utc_now_iso());
    db_.commit();
    pending_ = 0;
    return counts_;
}

}  // namespace dateline::index
