#include "query_mix.h"

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dateline::bench {
namespace {

std::vector<std::string> split(const std::string& line, char separator) {
    std::vector<std::string> fields;
    std::string field;
    std::istringstream in(line);
    while (std::getline(in, field, separator)) fields.push_back(field);
    if (!line.empty() && line.back() == separator) fields.emplace_back();
    return fields;
}

std::optional<double> fraction(const std::string& text) {
    if (text.empty()) return std::nullopt;
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    if (used != text.size() || value < 0 || value > 1) throw std::invalid_argument("not a fraction in [0, 1]: " + text);
    return value;
}

QueryOp op_of(const std::string& text) {
    if (text == "TERM") return QueryOp::term;
    if (text == "AND") return QueryOp::all;
    if (text == "OR") return QueryOp::any;
    if (text == "PHRASE") return QueryOp::phrase;
    if (text == "BROWSE") return QueryOp::browse;
    throw std::invalid_argument("unknown op \"" + text + "\" (TERM, AND, OR, PHRASE or BROWSE)");
}

std::optional<int> day_at(std::optional<double> fraction_of_span, DaySpan span) {
    if (!fraction_of_span) return std::nullopt;
    return span.first + static_cast<int>(std::lround(*fraction_of_span * (span.last - span.first)));
}

}  // namespace

std::vector<QueryRow> load_queries(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path.string() + ": cannot be read");
    std::vector<QueryRow> rows;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (number == 1 || line.empty()) continue;  // header
        try {
            auto fields = split(line, '\t');
            if (fields.size() < 4 || fields.size() > 7) throw std::invalid_argument("expected 4 to 7 tab-separated columns");
            fields.resize(7);
            QueryRow row;
            row.qid = fields[0];
            row.kind = fields[1];
            row.op = op_of(fields[2]);
            std::istringstream words(fields[3]);
            for (std::string word; words >> word;) row.words.push_back(word);
            if (row.op != QueryOp::browse && row.words.empty()) throw std::invalid_argument("no words for a text query");
            row.country = fields[4];
            for (auto& c : row.country) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            row.f0 = fraction(fields[5]);
            row.f1 = fraction(fields[6]);
            rows.push_back(std::move(row));
        } catch (const std::exception& e) {
            throw std::runtime_error(path.string() + ":" + std::to_string(number) + ": " + e.what());
        }
    }
    if (rows.empty()) throw std::runtime_error(path.string() + ": no queries");
    return rows;
}

std::string query_text(const QueryRow& row) {
    std::string text;
    const char* separator = row.op == QueryOp::any ? " OR " : " ";
    for (const auto& word : row.words) {
        if (!text.empty()) text += separator;
        text += word;
    }
    if (row.op == QueryOp::phrase) text = '"' + text + '"';
    return text;
}

std::optional<int> from_day(const QueryRow& row, DaySpan span) { return day_at(row.f0, span); }
std::optional<int> to_day(const QueryRow& row, DaySpan span) { return day_at(row.f1, span); }

search::SearchRequest to_request(const QueryRow& row, DaySpan span, int size, int facet_size) {
    search::SearchRequest request;
    request.query = query_text(row);
    if (!row.country.empty()) request.countries.push_back(row.country);
    if (const auto day = from_day(row, span)) request.from = date_from_days(*day);
    if (const auto day = to_day(row, span)) request.to = date_from_days(*day);
    request.size = size;
    request.facet_size = facet_size;
    return request;
}

}  // namespace dateline::bench
