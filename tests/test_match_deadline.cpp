// Xapian's match stopped by Dateline's own clock (search/match_deadline.h), not by
// Enquire::set_time_limit, whose timer thread may write into a finished match's stack.
#include "search/match_deadline.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

using namespace dateline::search;

namespace {

constexpr Xapian::doccount kDocuments = 2000;

// Every document has "every"; even docids also have "even".
Xapian::WritableDatabase numbered_database() {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (Xapian::docid id = 1; id <= kDocuments; ++id) {
        Xapian::Document doc;
        doc.add_term("every");
        if (id % 2 == 0) doc.add_term("even");
        db.add_document(doc);
    }
    return db;
}

class DocidRecorder final : public Xapian::MatchSpy {
public:
    void operator()(const Xapian::Document& doc, double) override { seen.push_back(doc.get_docid()); }
    std::vector<Xapian::docid> seen;
};

// Zeroes a stretch of the stack below the caller's frame, where a finished match's frames
// were, waits long enough for a timer thread to start, and says whether anything wrote there.
// With Enquire::set_time_limit(1e-6), about half of all small matches are followed by such
// a write (465 of 1,000 in a trial with Xapian 1.4.22).
__attribute__((noinline)) bool stack_written_after_return() {
    volatile unsigned char area[64 * 1024];
    std::memset(const_cast<unsigned char*>(area), 0, sizeof area);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    for (const unsigned char byte : area)
        if (byte != 0) return true;
    return false;
}

__attribute__((noinline)) void small_match_with_tiny_limit(const Xapian::Database& db) {
    DocidRecorder spy;
    spy_on_matches(db, Xapian::Query("even"), {&spy}, deadline_after(std::chrono::microseconds(1)));
}

}  // namespace

TEST_SUITE("match deadline") {
    TEST_CASE("without a deadline the spies see every match, in docid order") {
        const auto db = numbered_database();
        DocidRecorder first, second;
        const auto completeness = spy_on_matches(db, Xapian::Query("even"), {&first, &second}, std::nullopt);
        CHECK_FALSE(completeness.partial);
        REQUIRE(first.seen.size() == kDocuments / 2);
        CHECK(first.seen.front() == 2);
        CHECK(first.seen.back() == kDocuments);
        CHECK(std::is_sorted(first.seen.begin(), first.seen.end()));
        CHECK(second.seen == first.seen);
    }

    TEST_CASE("a deadline in the future lets the match run to its end") {
        const auto db = numbered_database();
        DocidRecorder spy;
        const auto completeness = spy_on_matches(db, Xapian::Query("every"), {&spy}, deadline_after(std::chrono::hours(1)));
        CHECK_FALSE(completeness.partial);
        CHECK(spy.seen.size() == kDocuments);
    }

    TEST_CASE("a passed deadline ends the match at the next reading of the clock, with an estimate") {
        const auto db = numbered_database();
        DocidRecorder first, second;
        const Deadline passed = std::chrono::steady_clock::now() - std::chrono::seconds(1);
        const auto completeness = spy_on_matches(db, Xapian::Query("every"), {&first, &second}, passed);
        CHECK(completeness.partial);
        // The clock is read at the kClockEvery-th match, which no spy sees.
        CHECK(first.seen.size() == kClockEvery - 1);
        CHECK(second.seen == first.seen);
        // The estimate of a single term is its exact frequency.
        CHECK(completeness.estimated == kDocuments);
    }

    TEST_CASE("nothing writes into the stack after a match with a deadline has returned") {
        Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
        for (int i = 0; i < 5; ++i) {
            Xapian::Document doc;
            doc.add_term("even");
            db.add_document(doc);
        }
        int written = 0;
        for (int search = 0; search < 200; ++search) {
            small_match_with_tiny_limit(db);
            written += stack_written_after_return();
        }
        CHECK(written == 0);
    }

    TEST_CASE("a zero limit is no deadline") {
        CHECK_FALSE(deadline_after(std::chrono::microseconds(0)));
        CHECK(deadline_after(std::chrono::microseconds(1)));
    }
}
