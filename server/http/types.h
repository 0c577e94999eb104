// The HTTP message types of the server: Beast's, with string bodies.
#pragma once

#include <boost/beast/http.hpp>

#include <string_view>

namespace dateline::http {

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;
using Status = beast_http::status;

/// A response with `body` of `content_type`, keep-alive and version taken from `request`,
/// and the security headers every answer carries.
Response make_response(const Request& request, Status status, std::string_view content_type, std::string body);

}  // namespace dateline::http
