// libFuzzer target: the query language (parse_query) over the sample index, and running
// what it builds.
#include "fuzz_check.h"
#include "fuzz_sample_index.h"
#include "search/facet_store.h"
#include "search/query_builder.h"
#include "search/search_request.h"
#include "core/utf8.h"

#include <xapian.h>

using namespace dateline;

namespace {

struct QueryContext {
    Xapian::Database db;
    search::FacetStore facets;
    search::StemExpansion stems;
};

const QueryContext& context() {
    static const QueryContext loaded = [] {
        Xapian::Database db(fuzz::sample_db().string());
        auto facets = search::FacetStore::build(db);
        search::StemExpansion stems(db);
        return QueryContext{std::move(db), std::move(facets), std::move(stems)};
    }();
    return loaded;
}

// The built query must run: a syntax the parser accepts never fails at match time, except
// for a wildcard over the expansion limit, which the searcher retries with a cap.
void run(const Xapian::Query& query, const Xapian::Database& db) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    try {
        const Xapian::MSet matches = enquire.get_mset(0, 10);
        fuzz::check(matches.size() <= db.get_doccount(), "no more matches than documents");
    } catch (const Xapian::WildcardError&) {
    } catch (const Xapian::Error& e) {
        fuzz::fail("a parsed query runs", e.get_description());
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    context();
    fuzz::vocabulary();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(fuzz::as_text(data, size));
    // The request layer refuses longer queries before they reach the parser.
    if (text.size() > search::RequestLimits{}.max_query_bytes) return 0;
    const QueryContext& c = context();
    const auto parsed = search::parse_query(text, c.db, c.facets, fuzz::vocabulary(), c.stems);
    const bool clean = !find_invalid_utf8(text);
    if (!parsed) {
        fuzz::check(parsed.error().code == search::ErrorCode::bad_query, "query errors are bad_query");
        fuzz::check(!parsed.error().message.empty(), "an error says why");
        // The message quotes the query back in a JSON error body.
        if (clean) fuzz::check_utf8(parsed.error().message, "query error message");
        return 0;
    }
    if (clean) fuzz::check_utf8(parsed->warning, "query warning");
    run(parsed->query, c.db);
    return 0;
}
