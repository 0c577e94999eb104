// The route table: maps each HTTP route to a search call and renders the answer.
#pragma once

#include "http/api_keys.h"
#include "http/metrics.h"
#include "http/rate_limiter.h"
#include "http/static_files.h"
#include "http/types.h"
#include "http/url.h"
#include "search/search_service.h"

#include <memory>
#include <optional>

namespace dateline::http {

/// Who may ask what. What the pointers point to must outlive the router.
struct Access {
    const ApiKeys* keys = nullptr;        // null: every route is open
    RateLimiter* rate_limiter = nullptr;  // null: no rate limit
};

/// What a route asks of a request before it is answered.
struct RoutePolicy {
    std::optional<Scope> scope;  // the key's scope it needs, when keys are on; nullopt: none
    bool rate_limited = true;
};

/// The policy of a request path. Only /api/health (probes) and /metrics (scrapers) escape the
/// rate limit; the page's own files and /api/health need no key, since the page must load to
/// ask for one and its files hold nothing of the archive; /api/export* and /api/timeline*
/// need `export`, /metrics `metrics`, every other /api/ path `search`.
RoutePolicy policy_for(std::string_view path) noexcept;

/// How much of an export's body is made at a time: one chunk of the response.
inline constexpr std::size_t kExportPartBytes = 64 * 1024;
/// The trailer (or, from Router::handle(), header) giving an export manifest's ids_sha256.
inline constexpr const char* kIdsDigestHeader = "X-Dateline-Ids-Sha256";

/// A response and, for an export, the stream its body is read from after the header
/// (sent chunked: the body's length is not known up front).
struct Reply {
    Response response;
    std::unique_ptr<search::ExportStream> body_stream;  // null: the body is in `response`
};

class Router {
public:
    /// Without static files only the API answers; without metrics there is no /metrics.
    /// What the pointers point to must outlive the router.
    Router(const search::SearchService& searcher, const StaticFiles* static_files,
           search::RequestLimits limits = {}, const Metrics* metrics = nullptr, Access access = {});

    /// Answers one request from `client` (its address, which the rate limit counts by);
    /// never throws and never touches a socket.
    Response handle(const Request& request, std::string_view client = {}) const;

    /// As handle(), but an export's body is left in the reply's stream, for the session to
    /// send a part at a time (handle() reads it whole into the body).
    Reply respond(const Request& request, std::string_view client = {}) const;

private:
    // Every route that answers with a whole body.
    Response answer(const Request& request, const Target& target) const;
    Response search(const Request& request, const search::Params& params) const;
    Response document(const Request& request, const std::string& id, const search::Params& params) const;
    Response facet_values(const Request& request, const std::string& facet, search::Params params) const;
    Reply export_matches(const Request& request, const search::Params& params) const;
    Response timeline(const Request& request, const search::Params& params) const;
    Response cooccurrence(const Request& request, const search::Params& params) const;
    Response health(const Request& request) const;
    Response metrics(const Request& request) const;
    /// The refusal of a request its route's policy does not let through, if any.
    std::optional<Response> refusal(const Request& request, const RoutePolicy& policy, std::string_view client) const;

    const search::SearchService& searcher_;
    const StaticFiles* static_files_;
    search::RequestLimits limits_;
    const Metrics* metrics_;
    Access access_;
};

/// The HTTP status for an error code: bad_param/bad_query 400, not_found 404,
/// index_unavailable 503, internal 500.
Status status_for(search::ErrorCode code) noexcept;

}  // namespace dateline::http
