// Builds the cursors of a query over one shard, and says which queries it can build.
#pragma once

#include "search/match/cursors.h"

#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

namespace dateline::search::match {

inline bool is_term(const Xapian::Query& query) { return query.get_type() == Xapian::Query::LEAF_TERM; }

// Phrases, NEAR and synonyms whose words are plain terms.
inline bool of_terms_only(const Xapian::Query& query) {
    if (query.get_num_subqueries() == 0) return false;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        if (!is_term(query.get_subquery(i))) return false;
    return true;
}

inline std::string term_of(const Xapian::Query& leaf) { return *leaf.get_terms_begin(); }

// Keeps the docid of every document Xapian's match passes it.
class DocidCollector final : public Xapian::MatchSpy {
public:
    void operator()(const Xapian::Document& doc, double) override { docids_.push_back(doc.get_docid()); }
    std::vector<Xapian::docid> take() { return std::move(docids_); }

private:
    std::vector<Xapian::docid> docids_;
};

// The documents of a range of docids, as a posting list Xapian's matcher intersects a
// phrase with: the phrase's positions are then read only for documents in the range.
class DocidRangeSource final : public Xapian::PostingSource {
public:
    explicit DocidRangeSource(DocidRange range) : range_(range) {}
    void init(const Xapian::Database&) override { current_ = 0; }
    Xapian::doccount get_termfreq_min() const override { return 0; }  // docids may be unused
    Xapian::doccount get_termfreq_est() const override { return size(); }
    Xapian::doccount get_termfreq_max() const override { return size(); }
    Xapian::docid get_docid() const override { return current_; }
    void next(double) override { current_ = std::max(current_ + 1, range_.first); }
    void skip_to(Xapian::docid target, double) override { current_ = std::max({current_, target, range_.first}); }
    bool at_end() const override { return current_ > range_.last; }
    PostingSource* clone() const override { return new DocidRangeSource(range_); }

private:
    Xapian::doccount size() const { return range_.last >= range_.first ? range_.last - range_.first + 1 : 0; }

    DocidRange range_;
    Xapian::docid current_ = 0;  // before the first
};

// Builds the cursors of a query over one shard, weighing its terms by the whole collection.
class CursorBuilder {
public:
    // `range`: the shard's own docids a walk covers, when it covers not the whole shard.
    CursorBuilder(const ShardView& shard, const CollectionStats& stats, const FacetStore& store,
                  const PostingCache* cache, std::optional<Deadline> deadline, std::optional<DocidRange> range)
        : shard_(shard), stats_(stats), store_(store), cache_(cache), deadline_(deadline), range_(range) {}

    /// Whether a phrase's match stopped at the deadline.
    bool cut_short() const { return cut_short_; }

    // `weighted`: false under the filtering side of FILTER and AND_NOT (Xapian's factor 0).
    CursorPtr build(const Xapian::Query& query, bool weighted) const {
        switch (query.get_type()) {
            case Xapian::Query::LEAF_TERM: return term(term_of(query), weighted);
            case Xapian::Query::LEAF_MATCH_ALL: return std::make_unique<AllDocumentsCursor>(store_, shard_);
            case Xapian::Query::LEAF_MATCH_NOTHING: return std::make_unique<NothingCursor>();
            case Xapian::Query::OP_AND: return std::make_unique<AndCursor>(children(query, 0, weighted));
            case Xapian::Query::OP_OR: return std::make_unique<OrCursor>(children(query, 0, weighted));
            case Xapian::Query::OP_FILTER: {
                auto all = children(query, 1, false);
                all.insert(all.begin(), build(query.get_subquery(0), weighted));
                return std::make_unique<AndCursor>(std::move(all));
            }
            case Xapian::Query::OP_AND_NOT: {
                // a AND_NOT b AND_NOT c ...: none of the others.
                auto others = children(query, 1, false);
                CursorPtr right = others.size() == 1 ? std::move(others.front())
                                                     : std::make_unique<OrCursor>(std::move(others));
                return std::make_unique<AndNotCursor>(build(query.get_subquery(0), weighted), std::move(right));
            }
            case Xapian::Query::OP_SYNONYM: return synonym(query, weighted);
            case Xapian::Query::OP_PHRASE:
            case Xapian::Query::OP_NEAR: {
                std::vector<std::unique_ptr<TermCursor>> terms;
                for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
                    terms.push_back(term(term_of(query.get_subquery(i)), weighted));
                return std::make_unique<PhraseCursor>(phrase_matches(query), std::move(terms));
            }
            default: throw std::logic_error("posting match: unsupported query " + query.get_description());
        }
    }

private:
    // A term's cursor over the cache's list when it keeps one, else over Xapian's.
    std::unique_ptr<TermCursor> term(const std::string& name, bool weighted) const {
        const auto& counts = stats_.termfreqs.at(name);
        // The collection's frequency orders intersections too: shards hold alike documents.
        const double term_weight = weighted ? bm25_term_weight(stats_, counts.total) : 0.0;
        if (auto list = cached({name}, counts.by_shard.at(shard_.index)))
            return std::make_unique<TermCursor>(std::move(list), counts.total, term_weight, stats_.length_factor);
        return std::make_unique<TermCursor>(shard_.db, name, counts.total, term_weight, stats_.length_factor);
    }

    // The cache's list of `terms` (merged, for a synonym's), if it keeps one.
    std::shared_ptr<const CachedPostingList> cached(std::vector<std::string> terms, Xapian::doccount in_shard) const {
        return cache_ ? cache_->find_or_read(shard_.index, shard_.db, std::move(terms), in_shard) : nullptr;
    }

    // A synonym of terms (QueryParser's stems, expanded): its weight is one term's, with
    // Xapian's estimate of the documents it matches. Walked as one cached list, its terms'
    // postings merged, when the cache keeps it; else as the union of its terms.
    CursorPtr synonym(const Xapian::Query& query, bool weighted) const {
        std::vector<std::string> names;
        std::vector<SynonymNode> nodes;
        Xapian::doccount postings = 0;
        for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
            names.push_back(term_of(query.get_subquery(i)));
            const auto& counts = stats_.termfreqs.at(names.back());
            const Xapian::doccount in_shard = counts.by_shard.at(shard_.index);
            nodes.push_back({in_shard, counts.total});
            postings += in_shard;
        }
        const Xapian::doccount termfreq =
            synonym_termfreq(std::move(nodes), shard_.db.get_doccount(), stats_.documents);
        const double term_weight = weighted ? bm25_term_weight(stats_, termfreq) : 0.0;
        if (auto merged = cached(names, postings))
            return std::make_unique<TermCursor>(std::move(merged), termfreq, term_weight, stats_.length_factor);

        std::vector<std::unique_ptr<TermCursor>> terms;
        for (const std::string& name : names) terms.push_back(term(name, false));
        return std::make_unique<SynonymCursor>(std::move(terms), termfreq, term_weight, stats_.length_factor);
    }

    // Every document of the shard (of its range, if any) matching `phrase`, ascending, by
    // Xapian's boolean match. Stops at the deadline like the walk, and then says so through
    // `cut_short_`.
    std::vector<Xapian::docid> phrase_matches(const Xapian::Query& phrase) const {
        DocidCollector collector;
        const Xapian::Query match =
            range_ ? Xapian::Query(Xapian::Query::OP_FILTER, phrase, Xapian::Query((new DocidRangeSource(*range_))->release()))
                   : phrase;
        if (spy_on_matches(shard_.db, match, {&collector}, deadline_).partial) cut_short_ = true;
        // One database's matcher goes in docid order already; sorting sorted docids costs little.
        std::vector<Xapian::docid> matches = collector.take();
        std::sort(matches.begin(), matches.end());
        return matches;
    }

    std::vector<CursorPtr> children(const Xapian::Query& query, std::size_t from, bool weighted) const {
        std::vector<CursorPtr> out;
        for (std::size_t i = from; i < query.get_num_subqueries(); ++i) out.push_back(build(query.get_subquery(i), weighted));
        return out;
    }

    ShardView shard_;
    const CollectionStats& stats_;
    const FacetStore& store_;
    const PostingCache* cache_;
    std::optional<Deadline> deadline_;
    std::optional<DocidRange> range_;
    mutable bool cut_short_ = false;
};

inline bool supported(const Xapian::Query& query) {
    switch (query.get_type()) {
        case Xapian::Query::LEAF_TERM:
        case Xapian::Query::LEAF_MATCH_ALL:
        case Xapian::Query::LEAF_MATCH_NOTHING: return true;
        case Xapian::Query::OP_PHRASE:
        case Xapian::Query::OP_NEAR:
        case Xapian::Query::OP_SYNONYM: return of_terms_only(query);
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_AND_NOT:
            if (query.get_num_subqueries() == 0) return false;
            for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
                if (!supported(query.get_subquery(i))) return false;
            return true;
        default: return false;
    }
}

}  // namespace dateline::search::match
