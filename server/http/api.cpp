#include "http/api.h"

#include "http/url.h"
#include "search/response_json.h"

#include <nlohmann/json.hpp>

#include <sstream>

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

// An error of the HTTP layer itself (access, rate limit), in the same schema as search errors.
Response access_error(const Request& request, Status status, std::string_view code, std::string message) {
    nlohmann::json body{{"error", {{"code", code}, {"message", std::move(message)}}}};
    return json_response(request, status, body.dump());
}

bool starts_with_route(std::string_view path, std::string_view route) {
    return path == route || (path.starts_with(route) && path[route.size()] == '/');
}

std::string rate_text(double per_second) {
    std::ostringstream out;
    out << per_second;
    return out.str();
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

RoutePolicy policy_for(std::string_view path) noexcept {
    if (path == "/api/health") return {std::nullopt, false};
    if (path == "/metrics") return {Scope::metrics, false};
    if (starts_with_route(path, "/api/export") || starts_with_route(path, "/api/timeline")) return {Scope::exports, true};
    if (path.starts_with("/api/")) return {Scope::search, true};
    return {std::nullopt, true};
}

Router::Router(const search::SearchService& searcher, const StaticFiles* static_files, search::RequestLimits limits,
               const Metrics* metrics, Access access)
    : searcher_(searcher), static_files_(static_files), limits_(limits), metrics_(metrics), access_(access) {}

std::optional<Response> Router::refusal(const Request& request, const RoutePolicy& policy, std::string_view client) const {
    if (policy.rate_limited && access_.rate_limiter) {
        const auto decision = access_.rate_limiter->admit(client);
        if (!decision.admitted) {
            Response response = access_error(request, Status::too_many_requests, "rate_limited",
                                             "more than " + rate_text(access_.rate_limiter->limit().per_second) +
                                                 " requests a second from this address; retry later");
            response.set(beast_http::field::retry_after, std::to_string(decision.retry_after.count()));
            return response;
        }
    }
    if (!policy.scope || !access_.keys) return std::nullopt;
    // RFC 6750: no credentials gets the scheme alone; bad ones or too few rights say which.
    const std::string realm = "Bearer realm=\"dateline\"";
    const auto header = request[beast_http::field::authorization];
    if (header.empty()) {
        Response response = access_error(request, Status::unauthorized, "unauthorized",
                                         "this server needs an API key: send 'Authorization: Bearer KEY'");
        response.set(beast_http::field::www_authenticate, realm);
        return response;
    }
    const auto token = bearer_token(std::string_view(header.data(), header.size()));
    const auto scopes = token ? access_.keys->scopes_of(*token) : std::nullopt;
    if (!scopes) {
        Response response = access_error(request, Status::unauthorized, "unauthorized",
                                         token ? "the API key is not valid" : "the Authorization header is not 'Bearer KEY'");
        response.set(beast_http::field::www_authenticate, realm + ", error=\"invalid_token\"");
        return response;
    }
    if (!scopes->contains(*policy.scope)) {
        const std::string scope = to_string(*policy.scope);
        Response response = access_error(request, Status::forbidden, "forbidden",
                                         "the API key's scopes do not include '" + scope + "'");
        response.set(beast_http::field::www_authenticate,
                     realm + ", error=\"insufficient_scope\", scope=\"" + scope + "\"");
        return response;
    }
    return std::nullopt;
}

Response Router::handle(const Request& request, std::string_view client) const {
    Reply reply = respond(request, client);
    if (!reply.body_stream) return std::move(reply.response);
    try {
        std::string body;
        while (reply.body_stream->next(body, kExportPartBytes)) {
        }
        reply.response.set(kIdsDigestHeader, reply.body_stream->manifest().ids_sha256);
        reply.response.erase(beast_http::field::trailer);
        reply.response.body() = std::move(body);
        reply.response.prepare_payload();
        return std::move(reply.response);
    } catch (const std::exception& e) {
        return error_response(request, {search::ErrorCode::internal, e.what()});
    }
}

Reply Router::respond(const Request& request, std::string_view client) const {
    try {
        if (request.method() != beast_http::verb::get && request.method() != beast_http::verb::head) {
            Response response = error_response(
                request, {search::ErrorCode::bad_param, "method not allowed: only GET and HEAD are served"});
            response.result(Status::method_not_allowed);
            response.set(beast_http::field::allow, "GET, HEAD");
            return {std::move(response), nullptr};
        }
        const auto target = parse_target(std::string_view(request.target().data(), request.target().size()));
        if (!target) return {error_response(request, {search::ErrorCode::bad_param, "malformed request target"}), nullptr};
        const std::string& path = target->path;
        if (auto refused = refusal(request, policy_for(path), client)) return {std::move(*refused), nullptr};

        if (path == "/api/search") return {search(request, target->params), nullptr};
        if (path == "/api/export") return export_matches(request, target->params);
        return {answer(request, *target), nullptr};
    } catch (const std::exception& e) {
        return {error_response(request, {search::ErrorCode::internal, e.what()}), nullptr};
    }
}

Response Router::answer(const Request& request, const Target& target) const {
    const std::string& path = target.path;
    if (path == "/api/health") return health(request);
    if (path == "/api/timeline") return timeline(request, target.params);
    if (path == "/api/cooccurrence") return cooccurrence(request, target.params);
    if (path == "/metrics" && metrics_) return metrics(request);
    if (path.starts_with(kDocPrefix) && path.size() > kDocPrefix.size())
        return document(request, path.substr(kDocPrefix.size()), target.params);
    if (path.starts_with(kFacetsPrefix)) return facet_values(request, path.substr(kFacetsPrefix.size()), target.params);
    if (path.starts_with("/api/"))
        return error_response(request, {search::ErrorCode::not_found, "no such endpoint: " + path});
    if (!static_files_) return error_response(request, {search::ErrorCode::not_found, "no web root configured"});
    // The page routes /doc/{id} itself: every such URL loads the page.
    if (path.starts_with("/doc/")) return static_files_->serve(request, "/index.html");
    return static_files_->serve(request, path);
}

Response Router::search(const Request& request, const search::Params& params) const {
    const auto parsed = search::parse_search_request(params, limits_);
    if (!parsed) return error_response(request, parsed.error());
    const auto response = searcher_.search(*parsed);
    if (!response) return error_response(request, response.error());
    return json_response(request, Status::ok, search::to_json(*response));
}

Reply Router::export_matches(const Request& request, const search::Params& params) const {
    const auto parsed = search::parse_export_request(params, limits_);
    if (!parsed) return {error_response(request, parsed.error()), nullptr};
    auto stream = searcher_.open_export(*parsed);
    if (!stream) return {error_response(request, stream.error()), nullptr};
    const bool manifest_only = parsed->content == search::ExportContent::manifest;
    Response response = make_response(request, Status::ok,
                                       manifest_only ? kJson : search::content_type(parsed->format), std::string());
    response.set(beast_http::field::cache_control, "no-store");
    response.set(beast_http::field::content_disposition,
                 std::string(manifest_only ? "inline" : "attachment") + "; filename=\"" + search::export_filename(*parsed) + "\"");
    // The manifest, but for the digest of the ids: known once every row is read, it follows
    // the body as a trailer (and in the JSON Lines body's last line).
    const search::ExportManifest& manifest = (*stream)->manifest();
    response.set("X-Dateline-Revision", manifest.revision);
    response.set("X-Dateline-Updated", manifest.updated);
    response.set("X-Dateline-Total", std::to_string(manifest.total));
    response.set("X-Dateline-Sort", manifest.sort);
    std::string search_params;
    for (const auto& [name, value] : search::to_params(manifest.search))
        search_params += (search_params.empty() ? "" : "&") + name + "=" + percent_encode(value);
    response.set("X-Dateline-Search", search_params);
    response.set(beast_http::field::trailer, kIdsDigestHeader);
    return {std::move(response), std::move(*stream)};
}

Response Router::timeline(const Request& request, const search::Params& params) const {
    const auto parsed = search::parse_timeline_request(params, limits_);
    if (!parsed) return error_response(request, parsed.error());
    const auto response = searcher_.timeline(*parsed);
    if (!response) return error_response(request, response.error());
    return json_response(request, Status::ok, search::to_json(*response));
}

Response Router::cooccurrence(const Request& request, const search::Params& params) const {
    const auto parsed = search::parse_cooccurrence_request(params, limits_);
    if (!parsed) return error_response(request, parsed.error());
    const auto response = searcher_.cooccurrence(*parsed);
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
    return json_response(request, Status::ok, search::to_json(*doc));
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
    // Degraded: still answering from the revision open, but a probe should look.
    return json_response(request, health->problem.empty() ? Status::ok : Status::service_unavailable,
                         search::to_json(*health, limits_));
}

Response Router::metrics(const Request& request) const {
    // An unreadable index must not hide the server's own figures from the scraper.
    IndexGauges index;
    if (const auto health = searcher_.health()) index = {health->documents, health->revision};
    std::optional<RateLimitGauges> rate_limit;
    if (access_.rate_limiter) rate_limit = RateLimitGauges{access_.rate_limiter->rejected(), access_.rate_limiter->clients()};
    Response response = make_response(request, Status::ok, "text/plain; version=0.0.4; charset=utf-8",
                                      metrics_->render(index, rate_limit));
    response.set(beast_http::field::cache_control, "no-store");
    return response;
}

}  // namespace dateline::http
