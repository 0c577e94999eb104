// The route table: maps each HTTP route to a search call and renders the answer.
#pragma once

#include "http/metrics.h"
#include "http/static_files.h"
#include "http/types.h"
#include "search/searcher.h"

#include <optional>

namespace dateline::http {

class Router {
public:
    /// Without static files only the API answers; without metrics there is no /metrics.
    /// What the pointers point to must outlive the router.
    Router(const search::Searcher& searcher, const StaticFiles* static_files,
           search::RequestLimits limits = {}, const Metrics* metrics = nullptr);

    /// Answers one request; never throws and never touches a socket.
    Response handle(const Request& request) const;

private:
    Response search(const Request& request, const search::Params& params) const;
    Response document(const Request& request, const std::string& id, const search::Params& params) const;
    Response facet_values(const Request& request, const std::string& facet, search::Params params) const;
    Response health(const Request& request) const;
    Response metrics(const Request& request) const;

    const search::Searcher& searcher_;
    const StaticFiles* static_files_;
    search::RequestLimits limits_;
    const Metrics* metrics_;
};

/// The HTTP status for an error code: bad_param/bad_query 400, not_found 404,
/// index_unavailable 503, internal 500.
Status status_for(search::ErrorCode code) noexcept;

}  // namespace dateline::http
