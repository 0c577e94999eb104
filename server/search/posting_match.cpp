#include "search/posting_match.h"

#include "search/match_deadline.h"

#include <algorithm>
#include <cmath>
#include <future>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <unordered_map>

namespace dateline::search {
namespace {

constexpr Xapian::docid kEnd = std::numeric_limits<Xapian::docid>::max();

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

double bm25_term_weight(const CollectionStats& stats, Xapian::doccount termfreq) {
    double tw = (stats.documents - termfreq + 0.5) / (termfreq + 0.5);
    // BM25Weight's floor for terms in more than about a third of the documents.
    if (tw < 2) tw = tw * 0.5 + 1;
    return std::log(tw) * (kK1 + 1);
}

double bm25_part(double term_weight, double length_factor, Xapian::termcount wdf, Xapian::termcount length) {
    const double normlen = std::max(length * length_factor, kMinNormLen);
    const double wdf_double(wdf);
    const double denom = kK1 * (normlen * kB + (1 - kB)) + wdf_double;
    return term_weight * (wdf_double / denom);
}

// A node of the query tree, always positioned on a matching document (or kEnd).
class Cursor {
public:
    virtual ~Cursor() = default;
    Xapian::docid docid() const { return docid_; }
    /// To the next matching document.
    virtual void advance() = 0;
    /// To the first matching document at or after `target`; no move if already there.
    virtual void seek(Xapian::docid target) = 0;
    /// The BM25 weight of the current document, whose length is `doclength`.
    virtual double weight(Xapian::termcount doclength) const = 0;
    /// Whether any term under this node carries weight.
    virtual bool weighted() const = 0;
    /// An estimate of the matches, to order an intersection by.
    virtual Xapian::doccount estimate() const = 0;

protected:
    Xapian::docid docid_ = 0;
};

using CursorPtr = std::unique_ptr<Cursor>;

// A term's posting list: the decoded copy in the snapshot's PostingCache when it has one,
// else Xapian's. A cached list may be a synonym's, its terms' postings merged.
class TermCursor final : public Cursor {
public:
    TermCursor(const Xapian::Database& db, const std::string& term, Xapian::doccount termfreq, double term_weight,
               double length_factor)
        : it_(db.postlist_begin(term)), end_(db.postlist_end(term)), termfreq_(termfreq), term_weight_(term_weight),
          length_factor_(length_factor) {
        settle();
    }
    TermCursor(std::shared_ptr<const CachedPostingList> cached, Xapian::doccount termfreq, double term_weight,
               double length_factor)
        : cached_(std::move(cached)), termfreq_(termfreq), term_weight_(term_weight), length_factor_(length_factor) {
        settle();
    }
    void advance() override {
        if (cached_) ++next_;
        else ++it_;
        settle();
    }
    void seek(Xapian::docid target) override {
        if (target <= docid_) return;
        if (cached_) {
            next_ = first_at_or_after(*cached_, next_, target);
        } else {
            it_.skip_to(target);
        }
        settle();
    }
    double weight(Xapian::termcount doclength) const override {
        // A term's wdf is never more than the document's length; a synonym's summed wdf is
        // capped there, as Xapian caps it (SynonymCursor).
        return term_weight_ == 0 ? 0.0 : bm25_part(term_weight_, length_factor_, std::min(wdf(), doclength), doclength);
    }
    bool weighted() const override { return term_weight_ != 0; }
    Xapian::doccount estimate() const override { return termfreq_; }
    Xapian::termcount wdf() const { return cached_ ? (*cached_)[next_].wdf : it_.get_wdf(); }

private:
    // The first posting from `from` on whose docid is at least `target`, by galloping: the
    // seeks of a union or an intersection mostly land a few postings on.
    static std::size_t first_at_or_after(const CachedPostingList& list, std::size_t from, Xapian::docid target) {
        const std::size_t n = list.size();
        if (from >= n || list[from].docid >= target) return from;
        std::size_t step = 1;  // list[from] is before target throughout
        while (from + step < n && list[from + step].docid < target) {
            from += step;
            step *= 2;
        }
        const auto begin = list.begin() + static_cast<std::ptrdiff_t>(from + 1);
        const auto end = list.begin() + static_cast<std::ptrdiff_t>(std::min(from + step, n));
        const auto before = [](const CachedPosting& p, Xapian::docid d) { return p.docid < d; };
        return static_cast<std::size_t>(std::lower_bound(begin, end, target, before) - list.begin());
    }

    void settle() {
        if (cached_) docid_ = next_ < cached_->size() ? (*cached_)[next_].docid : kEnd;
        else docid_ = it_ == end_ ? kEnd : *it_;
    }

    std::shared_ptr<const CachedPostingList> cached_;
    std::size_t next_ = 0;  // into cached_
    Xapian::PostingIterator it_;
    Xapian::PostingIterator end_;
    Xapian::doccount termfreq_;
    double term_weight_;
    double length_factor_;
};

// Every live document of the shard, from the column store: Xapian gives match-all no weight.
class AllDocumentsCursor final : public Cursor {
public:
    AllDocumentsCursor(const FacetStore& store, const ShardView& shard)
        : store_(store), shard_(shard), last_(shard.db.get_lastdocid()) {
        settle(1);
    }
    void advance() override {
        if (docid_ != kEnd) settle(docid_ + 1);
    }
    void seek(Xapian::docid target) override {
        if (target > docid_) settle(target);
    }
    double weight(Xapian::termcount) const override { return 0.0; }
    bool weighted() const override { return false; }
    Xapian::doccount estimate() const override { return last_; }

private:
    void settle(Xapian::docid from) {
        Xapian::docid id = from;
        while (id <= last_ && !store_.contains(shard_.global(id))) ++id;
        docid_ = id <= last_ ? id : kEnd;
    }

    const FacetStore& store_;
    ShardView shard_;
    Xapian::docid last_;  // the shard's
};

class NothingCursor final : public Cursor {
public:
    NothingCursor() { docid_ = kEnd; }
    void advance() override {}
    void seek(Xapian::docid) override {}
    double weight(Xapian::termcount) const override { return 0.0; }
    bool weighted() const override { return false; }
    Xapian::doccount estimate() const override { return 0; }
};

// Documents every child matches, found by leapfrogging from the rarest child.
class AndCursor final : public Cursor {
public:
    explicit AndCursor(std::vector<CursorPtr> children) : children_(std::move(children)) {
        std::stable_sort(children_.begin(), children_.end(),
                         [](const CursorPtr& a, const CursorPtr& b) { return a->estimate() < b->estimate(); });
        agree(children_.front()->docid());
    }
    void advance() override {
        children_.front()->advance();
        agree(children_.front()->docid());
    }
    void seek(Xapian::docid target) override {
        if (target <= docid_) return;
        children_.front()->seek(target);
        agree(children_.front()->docid());
    }
    double weight(Xapian::termcount doclength) const override {
        double sum = 0;
        for (const auto& child : children_) sum += child->weight(doclength);
        return sum;
    }
    bool weighted() const override {
        return std::any_of(children_.begin(), children_.end(), [](const CursorPtr& c) { return c->weighted(); });
    }
    Xapian::doccount estimate() const override { return children_.front()->estimate(); }

private:
    // From a candidate, until every child stands on the same document: each child that
    // overshoots proposes the next candidate, and agreement must go once round them all.
    void agree(Xapian::docid candidate) {
        std::size_t agreed = 1;
        for (std::size_t i = 1 % children_.size(); candidate != kEnd && agreed < children_.size();
             i = (i + 1) % children_.size()) {
            children_[i]->seek(candidate);
            if (children_[i]->docid() == candidate) {
                ++agreed;
            } else {
                candidate = children_[i]->docid();
                agreed = 1;
            }
        }
        docid_ = candidate;
    }

    std::vector<CursorPtr> children_;
};

// Documents where the terms stand next to each other, in order. Which documents those are is
// Xapian's own phrase match, run first as a boolean match of the phrase alone: Xapian 1.4
// reads position lists through a cursor it keeps per posting list, while its public API
// opens a fresh B-tree cursor for every document's positions (20 times the reads; measured
// with /proc/self/io over the benchmark's phrases). The weight is the terms' BM25, as
// Xapian's phrase weighs.
class PhraseCursor final : public Cursor {
public:
    PhraseCursor(std::vector<Xapian::docid> matches, std::vector<std::unique_ptr<TermCursor>> terms)
        : matches_(std::move(matches)), terms_(std::move(terms)) {
        // Summed rarest first, as Xapian's AND under the phrase sums, to the same bits.
        std::stable_sort(terms_.begin(), terms_.end(),
                         [](const auto& a, const auto& b) { return a->estimate() < b->estimate(); });
        settle();
    }
    void advance() override {
        ++next_;
        settle();
    }
    void seek(Xapian::docid target) override {
        if (target <= docid_) return;
        next_ = static_cast<std::size_t>(std::lower_bound(matches_.begin() + static_cast<std::ptrdiff_t>(next_),
                                                          matches_.end(), target) - matches_.begin());
        settle();
    }
    double weight(Xapian::termcount doclength) const override {
        double sum = 0;
        for (const auto& term : terms_) {
            term->seek(docid_);  // every term of a phrase match is in the document
            sum += term->weight(doclength);
        }
        return sum;
    }
    bool weighted() const override {
        return std::any_of(terms_.begin(), terms_.end(), [](const auto& term) { return term->weighted(); });
    }
    Xapian::doccount estimate() const override { return static_cast<Xapian::doccount>(matches_.size()); }

private:
    void settle() { docid_ = next_ < matches_.size() ? matches_[next_] : kEnd; }

    std::vector<Xapian::docid> matches_;  // ascending
    std::size_t next_ = 0;
    std::vector<std::unique_ptr<TermCursor>> terms_;  // positioned lazily, by weight()
};

// Documents any child matches: how OR and synonyms move.
template <typename Child>
class UnionCursor : public Cursor {
public:
    void advance() override {
        const Xapian::docid current = docid_;
        for (auto& child : children_)
            if (child->docid() == current) child->advance();
        settle();
    }
    void seek(Xapian::docid target) override {
        if (target <= docid_) return;
        for (auto& child : children_) child->seek(target);
        settle();
    }

protected:
    explicit UnionCursor(std::vector<std::unique_ptr<Child>> children) : children_(std::move(children)) { settle(); }

    std::vector<std::unique_ptr<Child>> children_;

private:
    void settle() {
        docid_ = kEnd;
        for (const auto& child : children_) docid_ = std::min(docid_, child->docid());
    }
};

// The weight sums the children standing on the document.
class OrCursor final : public UnionCursor<Cursor> {
public:
    explicit OrCursor(std::vector<CursorPtr> children) : UnionCursor(std::move(children)) {}
    double weight(Xapian::termcount doclength) const override {
        double sum = 0;
        for (const auto& child : children_)
            if (child->docid() == docid_) sum += child->weight(doclength);
        return sum;
    }
    bool weighted() const override {
        return std::any_of(children_.begin(), children_.end(), [](const CursorPtr& c) { return c->weighted(); });
    }
    Xapian::doccount estimate() const override {
        Xapian::doccount sum = 0;
        for (const auto& child : children_) sum += child->estimate();
        return sum;
    }
};

// A synonym's terms, weighed as one term whose wdf is the sum of theirs (never more than the
// document's length), as Xapian's OP_SYNONYM weighs.
class SynonymCursor final : public UnionCursor<TermCursor> {
public:
    SynonymCursor(std::vector<std::unique_ptr<TermCursor>> terms, Xapian::doccount termfreq, double term_weight,
                  double length_factor)
        : UnionCursor(std::move(terms)), termfreq_(termfreq), term_weight_(term_weight), length_factor_(length_factor) {}
    double weight(Xapian::termcount doclength) const override {
        if (term_weight_ == 0) return 0.0;
        Xapian::termcount wdf = 0;
        for (const auto& term : children_)
            if (term->docid() == docid_) wdf += term->wdf();
        return bm25_part(term_weight_, length_factor_, std::min(wdf, doclength), doclength);
    }
    bool weighted() const override { return term_weight_ != 0; }
    Xapian::doccount estimate() const override { return termfreq_; }

private:
    Xapian::doccount termfreq_;
    double term_weight_;
    double length_factor_;
};

// Xapian's estimate of the documents a synonym matches, which its weight is computed from,
// in the same arithmetic (1.4's OrContext::postlist(), OrPostList::get_termfreq_est() and
// get_termfreq_est_using_stats()). Over each shard Xapian joins the terms' posting lists in
// pairs, the two with the fewest documents in the shard first, as a Huffman code is built;
// each pair's estimate assumes its two sides independent, and is rounded at every step.
// The shard's counts decide only the shape of the tree: the estimate is of the collection.
struct SynonymNode {
    Xapian::doccount in_shard;
    Xapian::doccount in_collection;
};

// `nodes`: the synonym's terms, in the query's order.
Xapian::doccount synonym_termfreq(std::vector<SynonymNode> nodes, Xapian::doccount shard_size, double collection_size) {
    using Node = SynonymNode;
    const auto either = [](double a, double b, double n) { return a + b - (a * b / n); };
    // The top of the heap is the node with the fewest documents in the shard.
    const auto fewer_on_top = [](const Node& a, const Node& b) { return a.in_shard > b.in_shard; };
    if (collection_size == 0) return 0;
    if (nodes.size() == 1) return nodes.front().in_collection;
    // The same heap operations as Xapian's, so that ties break the same way.
    std::make_heap(nodes.begin(), nodes.end(), fewer_on_top);
    for (;;) {
        const Node right = nodes.front();
        std::pop_heap(nodes.begin(), nodes.end(), fewer_on_top);
        nodes.pop_back();
        const Node left = nodes.front();
        const Node joined{
            shard_size == 0 ? 0 : static_cast<Xapian::doccount>(either(left.in_shard, right.in_shard, shard_size) + 0.5),
            static_cast<Xapian::doccount>(either(left.in_collection, right.in_collection, collection_size) + 0.5)};
        if (nodes.size() == 1) return joined.in_collection;
        std::pop_heap(nodes.begin(), nodes.end(), fewer_on_top);
        nodes.back() = joined;
        std::push_heap(nodes.begin(), nodes.end(), fewer_on_top);
    }
}

// Documents the left side matches and the right side does not; weight from the left only.
class AndNotCursor final : public Cursor {
public:
    AndNotCursor(CursorPtr left, CursorPtr right) : left_(std::move(left)), right_(std::move(right)) { settle(); }
    void advance() override {
        left_->advance();
        settle();
    }
    void seek(Xapian::docid target) override {
        if (target <= docid_) return;
        left_->seek(target);
        settle();
    }
    double weight(Xapian::termcount doclength) const override { return left_->weight(doclength); }
    bool weighted() const override { return left_->weighted(); }
    Xapian::doccount estimate() const override { return left_->estimate(); }

private:
    void settle() {
        for (;;) {
            const Xapian::docid candidate = left_->docid();
            if (candidate == kEnd) break;
            right_->seek(candidate);
            if (right_->docid() != candidate) break;
            left_->advance();
        }
        docid_ = left_->docid();
    }

    CursorPtr left_;
    CursorPtr right_;
};

bool is_term(const Xapian::Query& query) { return query.get_type() == Xapian::Query::LEAF_TERM; }

// Phrases, NEAR and synonyms whose words are plain terms.
bool of_terms_only(const Xapian::Query& query) {
    if (query.get_num_subqueries() == 0) return false;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        if (!is_term(query.get_subquery(i))) return false;
    return true;
}

std::string term_of(const Xapian::Query& leaf) { return *leaf.get_terms_begin(); }

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

// A document's place in the page order: by day (for date orders), then weight, then docid.
struct Ranked {
    std::int64_t day_rank;  // larger first; 0 for relevance, lowest for undated
    double weight;
    Xapian::docid id;
};

// Whether `a` comes before `b` in the page order: a function object rather than a function,
// so that the heap's comparisons inline (a function pointer is called for each one).
struct PageOrderBefore {
    bool operator()(const Ranked& a, const Ranked& b) const {
        if (a.day_rank != b.day_rank) return a.day_rank > b.day_rank;
        if (a.weight != b.weight) return a.weight > b.weight;
        return a.id < b.id;
    }
};
constexpr PageOrderBefore before;

std::int64_t day_rank(PageOrder order, std::int32_t day) {
    if (order == PageOrder::relevance) return 0;
    if (day == FacetStore::kUndated) return std::numeric_limits<std::int64_t>::min();
    return order == PageOrder::newest ? day : -static_cast<std::int64_t>(day);
}

// The best `capacity` documents offered, kept in a heap whose top is the worst of them.
class PageChooser {
public:
    explicit PageChooser(std::size_t capacity) : capacity_(capacity) {}
    bool wants_any() const { return capacity_ > 0; }
    void offer(const Ranked& candidate) {
        if (heap_.size() < capacity_) {
            heap_.push_back(candidate);
            std::push_heap(heap_.begin(), heap_.end(), before);
        } else if (before(candidate, heap_.front())) {
            std::pop_heap(heap_.begin(), heap_.end(), before);
            heap_.back() = candidate;
            std::push_heap(heap_.begin(), heap_.end(), before);
        }
    }
    /// Offers everything `other` kept.
    void absorb(const PageChooser& other) {
        for (const Ranked& candidate : other.heap_) offer(candidate);
    }
    /// Places [first, ...) of what was kept, in order.
    std::vector<PageDocument> page_from(std::size_t first) {
        std::sort_heap(heap_.begin(), heap_.end(), before);
        std::vector<PageDocument> page;
        for (std::size_t i = first; i < heap_.size(); ++i) page.push_back({heap_[i].id, heap_[i].weight});
        return page;
    }

private:
    std::size_t capacity_;
    std::vector<Ranked> heap_;
};

bool supported(const Xapian::Query& query) {
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

// A shard's query tree, over the shard's own docids.
struct ShardTree {
    ShardView shard;
    CursorPtr root;
};

// Shards' query trees walked together in the combined database's docid order: each shard's
// own posting lists cost about half of Xapian's merged ones a document, and the column store
// is still read front to back once (walking one shard after the other would read most of its
// cache lines once for each shard). The walk is a merge of the shards' current documents.
class ShardMerge {
public:
    explicit ShardMerge(std::vector<ShardTree> trees) : trees_(std::move(trees)), globals_(trees_.size()) {
        for (std::size_t i = 0; i < trees_.size(); ++i) settle(i);
        choose();
    }
    /// The current document, as the combined database numbers it, or kEnd.
    Xapian::docid docid() const { return current_ == kNone ? kEnd : globals_[current_]; }
    /// The cursor of the shard holding the current document.
    const Cursor& cursor() const { return *trees_[current_].root; }
    void advance() {
        trees_[current_].root->advance();
        settle(current_);
        choose();
    }
    /// To the first document at or after `target` (combined numbering).
    void seek(Xapian::docid target) {
        for (std::size_t i = 0; i < trees_.size(); ++i) {
            trees_[i].root->seek(trees_[i].shard.first_local_from(target));
            settle(i);
        }
        choose();
    }
    /// Whether the query weighs documents (the same for every shard's tree).
    bool weighted() const { return !trees_.empty() && trees_.front().root->weighted(); }

private:
    static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

    void settle(std::size_t i) {
        const Xapian::docid local = trees_[i].root->docid();
        globals_[i] = local == kEnd ? kEnd : trees_[i].shard.global(local);
    }
    void choose() {
        current_ = kNone;
        Xapian::docid lowest = kEnd;
        for (std::size_t i = 0; i < globals_.size(); ++i) {
            if (globals_[i] < lowest) {
                lowest = globals_[i];
                current_ = i;
            }
        }
    }

    std::vector<ShardTree> trees_;
    std::vector<Xapian::docid> globals_;  // each tree's current document, combined numbering
    std::size_t current_ = kNone;
};

// What the walk of some shards saw.
struct WalkOutcome {
    Xapian::doccount seen = 0;
    /// Stopped at the deadline, or one of its phrases did: `seen` is not every match.
    bool partial = false;
    /// How many matches there are, extrapolated when the walk itself stopped early.
    Xapian::doccount estimated = 0;
};

// Everything a walk reads and what it may not pass.
struct WalkContext {
    const Xapian::Query* query;
    const CollectionStats& stats;
    const FacetStore& store;
    const PostingCache* posting_cache;
    PageOrder order;
    std::optional<Deadline> deadline;
};

// Walks the documents of `shards` in `range` together, counting every match into `counter`
// and offering those that pass the filters to `chooser`.
WalkOutcome walk_shards(const WalkContext& context, std::span<const ShardView> shards, DocidRange range,
                        FacetCounter& counter, PageChooser& chooser) {
    std::vector<CursorBuilder> builders;
    builders.reserve(shards.size());
    std::vector<ShardTree> trees;
    const bool whole = range.first <= 1 && range.last >= context.store.last_docid();
    for (const ShardView& shard : shards) {
        const auto local = whole ? std::nullopt
                                 : std::optional<DocidRange>({shard.first_local_from(range.first), shard.last_local_to(range.last)});
        builders.emplace_back(shard, context.stats, context.store, context.posting_cache, context.deadline, local);
        trees.push_back({shard, builders.back().build(*context.query, true)});
    }
    ShardMerge walk(std::move(trees));
    const bool weighted = walk.weighted();
    const FacetStore& store = context.store;

    WalkOutcome outcome;
    if (range.first > 1) walk.seek(range.first);
    for (; walk.docid() <= range.last; walk.advance()) {
        const Xapian::docid id = walk.docid();
        if (past_deadline(++outcome.seen, context.deadline)) {
            // Extrapolated from how far through the range the walk got.
            const double done = static_cast<double>(id - range.first + 1) / (range.last - range.first + 1);
            return {outcome.seen, true, static_cast<Xapian::doccount>(outcome.seen / std::max(done, 1e-6))};
        }
        if (!counter.count(id) || !chooser.wants_any()) continue;
        const double weight = weighted ? walk.cursor().weight(store.length(id)) : 0.0;
        chooser.offer({day_rank(context.order, store.day(id)), weight, id});
    }
    // A phrase's own match stopped early: what was walked is all there is to count.
    outcome.partial = std::any_of(builders.begin(), builders.end(), [](const auto& b) { return b.cut_short(); });
    outcome.estimated = outcome.seen;
    return outcome;
}

// A browse: the live documents with docids in `range`, straight from the column store's
// arrays (no cursor: this loop is the whole of a browse's cost).
WalkOutcome walk_documents(const FacetStore& store, PageOrder order, DocidRange range, FacetCounter& counter,
                           PageChooser& chooser) {
    WalkOutcome outcome;
    for (Xapian::docid id = range.first; id <= range.last; ++id) {
        if (!store.contains(id)) continue;
        ++outcome.seen;
        if (counter.count(id) && chooser.wants_any()) chooser.offer({day_rank(order, store.day(id)), 0.0, id});
    }
    outcome.estimated = outcome.seen;
    return outcome;
}

// How many postings a walk of `query` reads, about: what makes a thread of its own worth it.
double postings_to_walk(const Xapian::Query& query, const CollectionStats& stats) {
    switch (query.get_type()) {
        case Xapian::Query::LEAF_TERM: return stats.termfreqs.at(term_of(query)).total;
        case Xapian::Query::LEAF_MATCH_ALL: return stats.documents;
        default: {
            double sum = 0;
            for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
                sum += postings_to_walk(query.get_subquery(i), stats);
            return sum;
        }
    }
}

}  // namespace

bool posting_match_supports(const Xapian::Query& query) { return supported(query); }

PostingMatch run_posting_match(const Xapian::Query& query, const Xapian::Database& combined,
                               std::span<const Xapian::Database> shards, const FacetStore& store, FacetCounter& counter,
                               const PostingMatchRequest& request) {
    // A browse walks only the column store's arrays, a bounded loop: it is never cut short.
    const bool browse = query.get_type() == Xapian::Query::LEAF_MATCH_ALL;
    const CollectionStats stats(combined, shards, query);
    const WalkContext context{&query, stats, store, request.posting_cache, request.order,
                              browse ? std::nullopt : deadline_after(request.time_limit)};
    std::vector<ShardView> views;
    for (std::size_t i = 0; i < shards.size(); ++i)
        views.push_back({shards[i], static_cast<Xapian::docid>(i), static_cast<Xapian::docid>(shards.size())});
    const std::size_t page_end = request.count == 0 ? 0 : static_cast<std::size_t>(request.first) + request.count;
    PageChooser chooser(page_end);

    // A query over several shards splits by shard; a browse, or a query over one shard, into
    // two halves of the docids. A database serves one thread at a time: the second half of a
    // query over one shard reads its shard through a second handle. Each half runs a
    // phrase's Xapian match over its own docids (DocidRangeSource).
    const bool by_shard = !browse && views.size() > 1;
    const std::size_t parts = by_shard ? views.size() : 2;
    const double postings = browse ? static_cast<double>(store.last_docid()) : postings_to_walk(query, stats);
    bool parallel = request.parallel_walk_postings && postings >= static_cast<double>(*request.parallel_walk_postings);
    std::vector<ShardView> second_views;  // the second half's, for a query over one shard
    if (parallel && !browse && !by_shard) {
        const auto second = request.second_handle ? request.second_handle() : std::span<const Xapian::Database>();
        if (second.size() == 1) second_views.push_back({second.front(), 0, 1});
        else parallel = false;
    }
    // Walks part `part` of `of_parts` (everything when `of_parts` is 1).
    const auto walk_part = [&](const WalkContext& part_context, std::size_t part, std::size_t of_parts,
                               FacetCounter& part_counter, PageChooser& part_chooser) {
        const auto last = static_cast<std::uint64_t>(store.last_docid());
        const DocidRange share{static_cast<Xapian::docid>(last * part / of_parts + 1),
                               static_cast<Xapian::docid>(last * (part + 1) / of_parts)};
        if (browse) return walk_documents(store, request.order, share, part_counter, part_chooser);
        const DocidRange all{1, store.last_docid()};
        if (of_parts == 1) return walk_shards(part_context, views, all, part_counter, part_chooser);
        if (by_shard) return walk_shards(part_context, std::span(&views[part], 1), all, part_counter, part_chooser);
        return walk_shards(part_context, part == 0 ? views : second_views, share, part_counter, part_chooser);
    };

    std::vector<WalkOutcome> outcomes;
    if (!parallel) {
        outcomes.push_back(walk_part(context, 0, 1, counter, chooser));
    } else {
        // Each part but the first on a thread of its own, with its own counts and page,
        // merged here once every walk is done.
        struct PartWalk {
            FacetCounter counter;
            PageChooser chooser;
            WalkOutcome outcome;
        };
        // Xapian::Query counts its references without atomics: each thread walking a query
        // reads a copy of its own, rebuilt from the serialised query rather than sharing the
        // tree. A browse reads no query.
        const std::string serialised = browse ? std::string() : query.serialise();
        const auto walk_other = [&](std::size_t part) {
            const Xapian::Query own_query = browse ? Xapian::Query() : Xapian::Query::unserialise(serialised);
            WalkContext own_context = context;
            own_context.query = &own_query;
            PartWalk walk{FacetCounter(store, counter.selection()), PageChooser(page_end), {}};
            walk.outcome = walk_part(own_context, part, parts, walk.counter, walk.chooser);
            return walk;
        };
        std::vector<std::future<PartWalk>> others;
        for (std::size_t part = 1; part < parts; ++part) {
            try {
                others.push_back(std::async(std::launch::async, walk_other, part));
            } catch (const std::system_error&) {
                // No thread to be had: this part is walked on this thread, when collected.
                others.push_back(std::async(std::launch::deferred, walk_other, part));
            }
        }
        outcomes.push_back(walk_part(context, 0, parts, counter, chooser));
        for (auto& other : others) {
            const PartWalk walk = other.get();
            counter.merge(walk.counter);
            chooser.absorb(walk.chooser);
            outcomes.push_back(walk.outcome);
        }
    }

    PostingMatch match;
    if (std::any_of(outcomes.begin(), outcomes.end(), [](const WalkOutcome& o) { return o.partial; })) {
        match.completeness.partial = true;
        for (const WalkOutcome& outcome : outcomes) match.completeness.estimated += outcome.estimated;
    }
    match.page = chooser.page_from(request.first);
    return match;
}

}  // namespace dateline::search
