#include "index_writer.h"

#include "core/date.h"
#include "core/schema.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace dateline::index {
namespace {

// The caller holds the run lock, so no other Dateline run writes here; Xapian's own lock
// can still be held for a moment by a writer that was just killed (its lock-holding child
// exits when it notices), so wait a little before calling it a conflict.
Xapian::WritableDatabase open_database(const std::filesystem::path& path, int flags = 0) {
    constexpr auto kLockPatience = std::chrono::seconds(10);
    const auto deadline = std::chrono::steady_clock::now() + kLockPatience;
    while (true) {
        try {
            return Xapian::WritableDatabase(path.string(), Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS | flags);
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

// fsync() of a file or directory, so that what was written to it survives the machine.
void sync_path(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error(path.string() + ": cannot open to sync: " + std::strerror(errno));
    const int synced = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (synced != 0) throw std::runtime_error(path.string() + ": cannot sync to disk: " + std::strerror(error));
}

}  // namespace

WriteCounts& WriteCounts::operator+=(const WriteCounts& other) {
    added += other.added;
    updated += other.updated;
    deleted += other.deleted;
    unchanged += other.unchanged;
    return *this;
}

std::string ShardIdentity::to_string() const { return std::to_string(index) + "/" + std::to_string(count); }

IndexWriter::IndexWriter(const std::filesystem::path& path, ShardIdentity shard, std::size_t batch_size)
    : path_(path), db_(open_database(path)), batch_size_(batch_size == 0 ? 1 : batch_size) {
    const std::string format = db_.get_metadata(std::string(schema::kFormatKey));
    if (format.empty()) {
        if (db_.get_doccount() != 0)
            throw std::runtime_error(path.string() + ": not a Dateline database (no format version)");
        // Committed before any document, so that a reader never meets a shard that does not
        // say what it is.
        db_.set_metadata(std::string(schema::kFormatKey), std::string(schema::kFormatVersion));
        db_.set_metadata(std::string(schema::kShardKey), shard.to_string());
        metadata_changed_ = true;
        commit();
        // A database being built has nothing to lose yet: its commits are not synced to disk
        // one by one (a fifth of a 200,000-article build's wall time, RESULTS.md), but all at
        // once by flush_to_disk(). A killed run still resumes, as the system keeps what was
        // written; only a crash of the machine itself before the end can leave it unreadable.
        db_.close();
        db_ = open_database(path, Xapian::DB_NO_SYNC);
        unsynced_ = true;
    } else if (format != schema::kFormatVersion) {
        throw std::runtime_error(path.string() + ": database format " + format + " is not the supported " +
                                 std::string(schema::kFormatVersion) + "; rebuild it with --full");
    }
    const std::string recorded = db_.get_metadata(std::string(schema::kShardKey));
    if (recorded != shard.to_string())
        throw std::runtime_error(path.string() + ": this database is shard " + recorded + ", not shard " +
                                 shard.to_string() + " (was it moved?)");
}

void IndexWriter::write(Xapian::Document doc, const std::string& id_term) {
    // A rewrite keeps when the id was first indexed; a new id is first indexed now, in the
    // revision the next commit makes.
    std::string first_indexed, first_revision;
    const Xapian::PostingIterator posting = db_.postlist_begin(id_term);
    if (posting != db_.postlist_end(id_term)) {
        ++counts_.updated;
        const Xapian::Document old = db_.get_document(*posting, Xapian::DOC_ASSUME_VALID);
        first_indexed = old.get_value(schema::kSlotFirstIndexed);
        first_revision = old.get_value(schema::kSlotFirstRevision);
    } else {
        ++counts_.added;
    }
    if (first_indexed.empty()) first_indexed = utc_now_iso();
    if (first_revision.empty()) first_revision = schema::revision_value(db_.get_revision() + 1);
    doc.add_value(schema::kSlotFirstIndexed, first_indexed);
    doc.add_value(schema::kSlotFirstRevision, first_revision);
    mark_clusters_pending();
    db_.replace_document(id_term, doc);
    count_change();
}

bool IndexWriter::holds(const std::string& id_term, const std::string& digest) {
    if (unsynced_) return false;  // created by this run: it holds nothing from an earlier one
    const Xapian::PostingIterator posting = db_.postlist_begin(id_term);
    if (posting == db_.postlist_end(id_term)) return false;
    if (db_.get_document(*posting, Xapian::DOC_ASSUME_VALID).get_value(schema::kSlotArticleDigest) != digest)
        return false;
    ++counts_.unchanged;
    return true;
}

void IndexWriter::count_change() {
    // Bounds the changes buffered in memory. Committing documents early is always safe: the
    // change records that say a file is done are committed only after its documents.
    if (++pending_ >= batch_size_) commit();
}

void IndexWriter::mark_clusters_pending() {
    if (clusters_marked_) return;
    db_.set_metadata(std::string(schema::kClustersPendingKey), "1");
    clusters_marked_ = true;
    metadata_changed_ = true;
}

bool IndexWriter::clusters_pending() const {
    return clusters_marked_ || !db_.get_metadata(std::string(schema::kClustersPendingKey)).empty();
}

void IndexWriter::clear_clusters_pending() {
    db_.set_metadata(std::string(schema::kClustersPendingKey), "");
    clusters_marked_ = false;
    metadata_changed_ = true;
}

void IndexWriter::set_story(Xapian::docid docid, const schema::ClusterValue& story) {
    Xapian::Document doc = db_.get_document(docid);
    const std::string prefix(schema::kClusterPrefix);
    std::vector<std::string> old_terms;  // removed after the walk, which must see no write
    auto entry = doc.termlist_begin();
    for (entry.skip_to(prefix); entry != doc.termlist_end() && (*entry).starts_with(prefix); ++entry)
        old_terms.push_back(*entry);
    for (const auto& old : old_terms) doc.remove_term(old);
    if (story.role != schema::StoryRole::alone) doc.add_boolean_term(schema::cluster_term(story.cluster_id));
    doc.add_value(schema::kSlotCluster, schema::cluster_value(story));
    db_.replace_document(docid, doc);
    count_change();
}

void IndexWriter::commit() {
    if (pending_ == 0 && !metadata_changed_) return;  // a revision that changes nothing would wake every reader
    // Glass numbers each commit one past the last.
    db_.set_metadata(std::string(schema::kRevisionKey), std::to_string(db_.get_revision() + 1));
    db_.commit();
    pending_ = 0;
    metadata_changed_ = false;
}

// Why a sync at the end of a run rather than TermGenerator::FLAG_SPELLING: the flag updates
// the table for every word of every document, a fifth of the indexer's time (20,000 synthetic
// articles: 47 s of CPU with it, 38 s without), where one pass over the vocabulary touches
// each word once. Deleted documents' words leave the table too, which the flag never did.
void IndexWriter::sync_spelling(std::size_t words_per_commit) {
    const std::string pending_key(schema::kSpellingPendingKey);
    const bool cut_short = !db_.get_metadata(pending_key).empty();
    if (!cut_short && counts_.added == 0 && counts_.updated == 0 && counts_.deleted == 0) return;
    struct Change {
        std::string word;
        std::int64_t delta;
    };
    std::vector<Change> changes;  // applied after both walks, so that no iterator sees a write
    auto term = db_.allterms_begin();
    const auto terms_end = db_.allterms_end();
    // Prefixed terms start with a capital (Omega's convention, schema.h); they sort between
    // the digits and the lower-case words, and are skipped in one step.
    const auto skip_prefixed = [&] {
        if (term != terms_end && !(*term).empty() && (*term)[0] >= 'A' && (*term)[0] <= 'Z') term.skip_to("[");
    };
    skip_prefixed();
    auto spelling = db_.spellings_begin();
    const auto spellings_end = db_.spellings_end();
    while (term != terms_end || spelling != spellings_end) {
        const bool word_only = spelling == spellings_end || (term != terms_end && *term < *spelling);
        const bool spelling_only = term == terms_end || (spelling != spellings_end && *spelling < *term);
        if (word_only) {
            changes.push_back({*term, static_cast<std::int64_t>(term.get_termfreq())});
            ++term;
            skip_prefixed();
        } else if (spelling_only) {
            changes.push_back({*spelling, -static_cast<std::int64_t>(spelling.get_termfreq())});
            ++spelling;
        } else {
            const auto delta = static_cast<std::int64_t>(term.get_termfreq()) - spelling.get_termfreq();
            if (delta != 0) changes.push_back({*term, delta});
            ++term;
            skip_prefixed();
            ++spelling;
        }
    }
    if (changes.empty() && !cut_short) return;
    // Applied in slices, each committed with the key that says a sync is under way.
    db_.set_metadata(pending_key, "1");
    metadata_changed_ = true;
    for (std::size_t i = 0; i < changes.size(); ++i) {
        const auto& [word, delta] = changes[i];
        if (delta > 0) db_.add_spelling(word, static_cast<Xapian::termcount>(delta));
        else db_.remove_spelling(word, static_cast<Xapian::termcount>(-delta));
        if ((i + 1) % std::max<std::size_t>(words_per_commit, 1) == 0 && i + 1 < changes.size()) {
            metadata_changed_ = true;
            commit();
        }
    }
    db_.set_metadata(pending_key, "");
    metadata_changed_ = true;
}

void IndexWriter::flush_to_disk() {
    if (!unsynced_) return;
    for (const auto& entry : std::filesystem::directory_iterator(path_))
        if (entry.is_regular_file()) sync_path(entry.path());
    sync_path(path_);
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
    if (!stale.empty()) mark_clusters_pending();
    for (const Xapian::docid id : stale) {
        db_.delete_document(id);
        ++counts_.deleted;
        count_change();
    }
    return stale.size();
}

InputRecords IndexWriter::input_records() const {
    const std::string prefix(schema::kInputStateKeyPrefix);
    InputRecords records;
    for (auto it = db_.metadata_keys_begin(prefix); it != db_.metadata_keys_end(prefix); ++it)
        records.emplace((*it).substr(prefix.size()), InputState::decode(db_.get_metadata(*it)));
    return records;
}

void IndexWriter::store_input_records(const InputRecords& changes) {
    for (const auto& [key, state] : changes)  // an empty value deletes the key
        db_.set_metadata(std::string(schema::kInputStateKeyPrefix) + key, state ? state->encode() : std::string());
    metadata_changed_ = metadata_changed_ || !changes.empty();
}

void IndexWriter::set_last_update(const std::string& iso_time) {
    db_.set_metadata(std::string(schema::kLastUpdateKey), iso_time);
    metadata_changed_ = true;
}

}  // namespace dateline::index
