#include "search/match_deadline.h"

#include <algorithm>

namespace dateline::search {
namespace {

struct DeadlinePassed {};

// Ends Xapian's match past the deadline by throwing out of Enquire::get_mset(), which has no
// other way to stop short (see the header). The matcher holds its posting lists in smart
// pointers and unwinds cleanly, as it does for its own errors. Added first, it throws before
// any other spy sees the document, so all of them have seen the same documents.
class DeadlineSpy final : public Xapian::MatchSpy {
public:
    explicit DeadlineSpy(Deadline deadline) : deadline_(deadline) {}

    void operator()(const Xapian::Document&, double) override {
        if (past_deadline(++seen_, deadline_)) throw DeadlinePassed{};
    }

    std::uint64_t seen() const { return seen_; }

private:
    Deadline deadline_;
    std::uint64_t seen_ = 0;
};

}  // namespace

MatchCompleteness spy_on_matches(const Xapian::Database& db, const Xapian::Query& query,
                                 const std::vector<Xapian::MatchSpy*>& spies, std::optional<Deadline> deadline) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    std::optional<DeadlineSpy> deadline_spy;
    if (deadline) enquire.add_matchspy(&deadline_spy.emplace(*deadline));
    for (Xapian::MatchSpy* spy : spies) enquire.add_matchspy(spy);
    try {
        // No items, check_at_least = every document: the spies see every match.
        enquire.get_mset(0, 0, db.get_doccount());
        return {};
    } catch (const DeadlinePassed&) {
        // check_at_least = 0: the estimate from the posting lists' statistics, without a match.
        const Xapian::doccount estimated = enquire.get_mset(0, 0, Xapian::doccount{0}).get_matches_estimated();
        const auto seen = static_cast<Xapian::doccount>(deadline_spy->seen() - 1);  // the last one was not passed on
        return {true, std::max(estimated, seen)};
    }
}

}  // namespace dateline::search
