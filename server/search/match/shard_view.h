// One shard of a combined database, seen by the walk: its docids and the combined ones.
#pragma once

#include <xapian.h>
#include <limits>

namespace dateline::search::match {

constexpr Xapian::docid kEnd = std::numeric_limits<Xapian::docid>::max();

// One shard of the combined database, whose docids interleave the shards' own: Xapian
// numbers the shard's document `local` as (local - 1) * count + index + 1.
struct ShardView {
    const Xapian::Database& db;
    Xapian::docid index;
    Xapian::docid count;

    Xapian::docid global(Xapian::docid local) const { return (local - 1) * count + index + 1; }
    /// The shard's first docid whose global() is at least `target`.
    Xapian::docid first_local_from(Xapian::docid target) const {
        return target <= index + 1 ? 1 : (target - index - 1 + count - 1) / count + 1;
    }
    /// The shard's last docid whose global() is at most `target` (0 for none).
    Xapian::docid last_local_to(Xapian::docid target) const {
        return target < index + 1 ? 0 : (target - index - 1) / count + 1;
    }
};

// Docids first to last, inclusive, as the combined database numbers them.
struct DocidRange {
    Xapian::docid first;
    Xapian::docid last;
};

}  // namespace dateline::search::match
