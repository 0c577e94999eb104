#include "index_stats.h"

#include "core/schema.h"
#include "core/shard_layout.h"

#include <xapian.h>

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace dateline::index {
namespace {

std::vector<std::pair<std::string, std::uint64_t>> top_terms(const Xapian::Database& db, std::string_view prefix,
                                                             std::size_t top, std::uint64_t& distinct) {
    std::vector<std::pair<std::string, std::uint64_t>> all;
    const std::string p(prefix);
    for (auto it = db.allterms_begin(p); it != db.allterms_end(p); ++it)
        all.emplace_back((*it).substr(p.size()), it.get_termfreq());
    distinct = all.size();
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (all.size() > top) all.resize(top);
    return all;
}

}  // namespace

IndexStats read_index_stats(const std::filesystem::path& path, std::size_t top) {
    Xapian::Database db;
    try {
        db = Xapian::Database(path.string());
    } catch (const Xapian::Error& e) {
        throw std::runtime_error(path.string() + ": cannot open database: " + e.get_description());
    }
    IndexStats stats;
    stats.documents = db.get_doccount();
    stats.undated = db.get_termfreq(std::string(schema::kUndatedTerm));
    stats.last_update = db.get_metadata(std::string(schema::kLastUpdateKey));
    // Xapian has no revision for several databases together: each shard has its own.
    for (const auto& shard : resolve_shards(path)) {
        if (!stats.revision.empty()) stats.revision += '.';
        stats.revision += shard.is_remote() ? "?" : std::to_string(Xapian::Database(shard.path.string()).get_revision());
    }
    stats.shards = db.size();
    const std::string inputs(schema::kInputStateKeyPrefix);
    for (auto it = db.metadata_keys_begin(inputs); it != db.metadata_keys_end(inputs); ++it) ++stats.inputs;
    stats.top_speakers = top_terms(db, schema::kSpeakerPrefix, top, stats.distinct_speakers);
    stats.top_countries = top_terms(db, schema::kCountryPrefix, top, stats.distinct_countries);
    for (auto& [code, count] : stats.top_countries)
        std::transform(code.begin(), code.end(), code.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    std::error_code ec;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path, ec))
        if (entry.is_regular_file(ec)) stats.size_bytes += entry.file_size(ec);
    return stats;
}

std::string format_index_stats(const IndexStats& stats) {
    std::ostringstream out;
    out << "documents:        " << stats.documents << " (" << stats.undated << " undated)\n"
        << "last update:      " << (stats.last_update.empty() ? "never" : stats.last_update) << '\n'
        << "shards:           " << stats.shards << '\n'
        << "revision:         " << stats.revision << '\n'
        << "database size:    " << stats.size_bytes << " bytes\n"
        << "input files:      " << stats.inputs << '\n'
        << "speakers:         " << stats.distinct_speakers << " distinct\n"
        << "countries:        " << stats.distinct_countries << " distinct\n";
    out << "top speakers:    ";
    for (const auto& [key, count] : stats.top_speakers) out << ' ' << key << " (" << count << ")";
    out << "\ntop countries:   ";
    for (const auto& [code, count] : stats.top_countries) out << ' ' << code << " (" << count << ")";
    out << '\n';
    return out.str();
}

}  // namespace dateline::index
