#include "http/api.h"

#include "http/url.h"
#include "search/response_json.h"

namespace dateline::http {
namespace {

constexpr std::string_view kJson = "application/json; charset=utf-8";
constexpr std::string_view kDocPrefix = "/api/doc/";
constexpr std::string_view kFacetsPrefix = "/api/facets/";

Response json_response(const Request& request, Status status, std::string body) {
    Response response = make_response(request, status, kJson, std::move(body));
    response.set(beast_http::field::cache_control, "no-store");
    return response;
}

Response error_response(const Request& request, const search::Error& error) {
    return json_response(request, status_for(error.code), search::to_json(error));
}

}  // namespace

Response make_response(const Request& request, Status status, std::string_view content_type, std::string body) {
    Response response{status, request.version()};
    response.set(beast_http::field::server, "dateline");
    response.set(beast_http::field::content_type, boost::beast::string_view(content_type.data(), content_type.size()));
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Referrer-Policy", "no-referrer");
    response.set("Content-Security-Policy",
                 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
    response.keep_alive(request.keep_alive());
    response.body() = std::move(body);
    response.prepare_payload();
    return response;
}

Status status_for(search::ErrorCode code) noexcept {
    switch (code) {
        case search::ErrorCode::bad_param:
        case search::ErrorCode::bad_query: return Status::bad_request;
        case search::ErrorCode::not_found: return Status::not_found;
        case search::ErrorCode::index_unavailable: return Status::service_unavailable;
        case search::ErrorCode::internal: return Status::internal_server_error;
    }
    return Status::internal_server_error;
}

Router::Router(const search::Searcher& searcher, const StaticFiles* static_files, search::RequestLimits limits,
               const Metrics* metrics)
    : searcher_(searcher), static_files_(static_files), limits_(limits), metrics_(metrics) {}

Response Router::handle(const Request& request) const {
    try {
        if (request.method() != beast_http::verb::get && request.method() != beast_http::verb::head) {
            Response response = error_response(
                request, {search::ErrorCode::bad_param, "method not allowed: only GET and HEAD are served"});
            response.result(Status::method_not_allowed);
            response.set(beast_http::field::allow, "GET, HEAD");
            return response;
        }
        const auto target = parse_target(std::string_view(request.target().data(), request.target().size()));
        if (!target) return error_response(request, {search::ErrorCode::bad_param, "malformed request target"});
        const std::string& path = target->path;

        if (path == "/api/search") return search(request, target->params);
        if (path == "/api/health") return health(request);
        if (path == "/metrics" && metrics_) return metrics(request);
        if (path.starts_with(kDocPrefix) && path.size() > kDocPrefix.size())
            return document(request, path.substr(kDocPrefix.size()), target->params);
        if (path.starts_with(kFacetsPrefix)) return facet_values(request, path.substr(kFacetsPrefix.size()), target->params);
        if (path.starts_with("/api/"))
            return error_response(request, {search::ErrorCode::not_found, "no such endpoint: " + path});
        if (!static_files_) return error_response(request, {search::ErrorCode::not_found, "no web root configured"});
        // The page routes /doc/{id} itself: every such URL loads the page.
        if (path.starts_with("/doc/")) return static_files_->serve(request, "/index.html");
        return static_files_->serve(request, path);
    } catch (const std::exception& e) {
        return error_response(request, {search::ErrorCode::internal, e.what()});
    }
}

Response Router::search(const Request& request, const search::Params& params) const {
    const auto parsed = search::parse_search_request(params, limits_);
    if (!parsed) return error_response(request, parsed.error());
    const auto response = searcher_.search(*parsed);
    if (!response) return error_response(request, response.error());
    return json_response(request, Status::ok, search::to_json(*response));
}

Response Router::document(const Request& request, const std::string& id, const search::Params& params) const {
    std::string query;
    for (const auto& [name, value] : params) {
        if (name != "q") return error_response(request, {search::ErrorCode::bad_param, "unknown parameter '" + name + "'"});
        if (const auto too_long = search::check_query_length(value, limits_)) return error_response(request, *too_long);
        query = value;
    }
    const auto doc = searcher_.document(id, query);
    if (!doc) return error_response(request, doc.error());
    // Replacement of invalid UTF-8 keeps a damaged stored document from failing the request.
    return json_response(request, Status::ok, doc->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Response Router::facet_values(const Request& request, const std::string& facet, search::Params params) const {
    if (facet != "speaker" && facet != "country")
        return error_response(request, {search::ErrorCode::not_found, "no facet '" + facet + "' (speaker or country)"});
    std::string prefix;
    std::erase_if(params, [&](const auto& param) {
        if (param.first != "prefix") return false;
        prefix = param.second;
        return true;
    });
    if (prefix.size() > 200) return error_response(request, {search::ErrorCode::bad_param, "parameter 'prefix': longer than 200 bytes"});
    const auto parsed = search::parse_search_request(params, limits_);
    if (!parsed) return error_response(request, parsed.error());
    const auto values = searcher_.facet_values(*parsed, facet == "speaker" ? search::FacetName::speaker : search::FacetName::country, prefix);
    if (!values) return error_response(request, values.error());
    return json_response(request, Status::ok, search::to_json(*values));
}

Response Router::health(const Request& request) const {
    const auto health = searcher_.health();
    if (!health) return error_response(request, health.error());
    return json_response(request, Status::ok, search::to_json(*health, limits_));
}

Response Router::metrics(const Request& request) const {
    // An unreadable index must not hide the server's own figures from the scraper.
    IndexGauges index;
    if (const auto health = searcher_.health()) index = {health->documents, health->revision};
    Response response = make_response(request, Status::ok, "text/plain; version=0.0.4; charset=utf-8",
                                      metrics_->render(index));
    response.set(beast_http::field::cache_control, "no-store");
    return response;
}

}  // namespace dateline::http
