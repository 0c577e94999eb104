#include "database_layout.h"

#include "core/schema.h"
#include "core/shard_layout.h"

#include <xapian.h>

#include <fstream>
#include <stdexcept>
#include <string>

namespace dateline::index {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> shard_directories(const fs::path& db, unsigned count) {
    if (count == 1) return {db};
    std::vector<fs::path> paths;
    for (unsigned i = 0; i < count; ++i) paths.push_back(db / schema::shard_directory(i));
    return paths;
}

std::string format_of(const fs::path& shard) {
    try {
        return Xapian::Database(shard.string()).get_metadata(std::string(schema::kFormatKey));
    } catch (const Xapian::Error&) {
        return {};  // unreadable: IndexWriter will say why, unless the rebuild removes it
    }
}

// Everything a Dateline database leaves in `db`, except the run lock (held by the caller).
// The stub and Xapian's version file go first, so that an interrupted removal leaves no
// half database that a reader would open.
void remove_databases(const fs::path& db) {
    fs::remove(db / schema::kStubFile);
    fs::remove(db / "iamglass");
    for (const auto& entry : fs::directory_iterator(db)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_directory() && name.starts_with("shard-")) fs::remove_all(entry.path());
        else if (entry.is_regular_file() && (entry.path().extension() == ".glass" || name == "flintlock"))
            fs::remove(entry.path());
    }
}

}  // namespace

unsigned shard_count_of(const fs::path& db) {
    if (fs::exists(db / "iamglass")) return 1;
    if (!fs::exists(db / schema::kStubFile)) return 0;
    const auto shards = resolve_shards(db);
    const auto count = static_cast<unsigned>(shards.size());
    bool ours = count >= 2;
    for (unsigned i = 0; ours && i < count; ++i)
        ours = !shards[i].is_remote() && shards[i].path == db / schema::shard_directory(i);
    if (!ours)
        throw std::runtime_error((db / schema::kStubFile).string() +
                                 ": not the stub file dateline-index writes (auto shard-0, auto shard-1, ...)");
    return count;
}

DatabaseLayout DatabaseLayout::prepare(const fs::path& db, unsigned shards, bool rebuild) {
    unsigned existing = shard_count_of(db);
    const unsigned wanted = shards != 0 ? shards : (existing != 0 ? existing : 1);
    if (existing != 0 && existing != wanted) {
        if (!rebuild)
            throw std::runtime_error(db.string() + ": the database has " + std::to_string(existing) +
                                     (existing == 1 ? " shard" : " shards") + " and --shards asks for " +
                                     std::to_string(wanted) + "; the count is fixed when a database is created "
                                     "(rebuild it with --full to change it)");
        existing = 0;
    } else if (existing != 0 && rebuild && format_of(shard_directories(db, existing).front()) != schema::kFormatVersion) {
        existing = 0;
    }
    DatabaseLayout layout;
    layout.db_ = db;
    layout.shard_paths_ = shard_directories(db, wanted);
    if (existing == 0) {
        remove_databases(db);
        layout.stub_missing_ = wanted > 1;
    }
    return layout;
}

void DatabaseLayout::publish() const {
    if (!stub_missing_) return;
    // Written aside and renamed: a reader sees no stub or the whole stub.
    const fs::path stub = db_ / schema::kStubFile;
    const fs::path partial = db_ / (std::string(schema::kStubFile) + ".tmp");
    {
        std::ofstream out(partial, std::ios::trunc);
        out << shard_stub_text(static_cast<unsigned>(shard_paths_.size()));
        out.flush();
        if (!out) throw std::runtime_error(partial.string() + ": cannot write the stub file");
    }
    fs::rename(partial, stub);
}

}  // namespace dateline::index
