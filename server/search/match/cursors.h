// The cursors of a walk: one per node of the query tree, each positioned on a matching document.
#pragma once

#include "search/facet_store.h"
#include "search/match/bm25.h"
#include "search/match/shard_view.h"
#include "search/match_deadline.h"
#include "search/posting_cache.h"

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dateline::search::match {

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
inline Xapian::doccount synonym_termfreq(std::vector<SynonymNode> nodes, Xapian::doccount shard_size, double collection_size) {
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

}  // namespace dateline::search::match
