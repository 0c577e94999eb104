// BM25 as Xapian's BM25Weight computes it, and the collection statistics it reads.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace dateline::search::match {

// Xapian::BM25Weight's defaults (k1 = 1, k2 = 0, k3 = 1, b = 0.5, min_normlen = 0.5), in
// the same arithmetic as its init() and get_sumpart(), so that weights agree to the bit.
// k2 = 0 leaves no per-document extra; k3 with a query-term wqf of 1 (QueryParser's) is 1.
constexpr double kK1 = 1.0;
constexpr double kB = 0.5;
constexpr double kMinNormLen = 0.5;

// What a term's weight needs from the database as a whole (every shard, as Xapian's stats),
// read once for the walks of all the shards.
struct CollectionStats {
    /// `shards` are the databases `combined` joins, in its order.
    CollectionStats(const Xapian::Database& combined, std::span<const Xapian::Database> shards,
                    const Xapian::Query& query)
        : documents(combined.get_doccount()) {
        const double average_length = combined.get_avlength();
        length_factor = average_length == 0 ? 0 : 1 / average_length;
        for (auto term = query.get_unique_terms_begin(); term != query.get_unique_terms_end(); ++term) {
            // The combined database would read each shard's count too: read them once, here.
            TermCounts& counts = termfreqs[*term];
            for (const auto& shard : shards) {
                counts.by_shard.push_back(shard.get_termfreq(*term));
                counts.total += counts.by_shard.back();
            }
        }
    }

    struct TermCounts {
        Xapian::doccount total = 0;  // in the collection
        std::vector<Xapian::doccount> by_shard;
    };

    double documents;
    double length_factor;  // 1 / average document length, or 0 for empty documents
    std::unordered_map<std::string, TermCounts> termfreqs;  // of every term in the query
};

inline double bm25_term_weight(const CollectionStats& stats, Xapian::doccount termfreq) {
    double tw = (stats.documents - termfreq + 0.5) / (termfreq + 0.5);
    // BM25Weight's floor for terms in more than about a third of the documents.
    if (tw < 2) tw = tw * 0.5 + 1;
    return std::log(tw) * (kK1 + 1);
}

inline double bm25_part(double term_weight, double length_factor, Xapian::termcount wdf, Xapian::termcount length) {
    const double normlen = std::max(length * length_factor, kMinNormLen);
    const double wdf_double(wdf);
    const double denom = kK1 * (normlen * kB + (1 - kB)) + wdf_double;
    return term_weight * (wdf_double / denom);
}

}  // namespace dateline::search::match
