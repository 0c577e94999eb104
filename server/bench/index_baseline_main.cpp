// dateline-bench-index-baseline: the straightforward single-threaded Xapian indexer that
// dateline-index is measured against. One document per JSONL line (id, title, body, date,
// countries, speakers as given, no extraction), TermGenerator with the English stemmer,
// facets as boolean terms and values, Xapian's default flush, one commit at the end.
//
// Layout: Dateline's term prefixes (Q, S, D/M/Y, XC, XS); slot 0 the day YYYYMMDD, slot 1
// the month YYYYMM, slot 2 the countries and slot 3 the speakers, each list joined by '\n'
// (read by dateline-bench-query's match spies).
#include "core/command_line.h"
#include "core/schema.h"
#include "core/program_main.h"

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <chrono>
#include <fstream>
#include <iostream>

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace dateline;

namespace {

enum ExitCode : int { kOk = dateline::kExitOk, kSkipped = 3 };

struct Options {
    fs::path db;
    std::vector<fs::path> inputs;
};

std::string joined(const nlohmann::json& record, const char* key) {
    std::string out;
    if (const auto it = record.find(key); it != record.end() && it->is_array())
        for (const auto& value : *it) {
            if (!value.is_string()) continue;
            if (!out.empty()) out += '\n';
            out += value.get<std::string>();
        }
    return out;
}

Xapian::Document build(const nlohmann::json& record, Xapian::TermGenerator& generator, const std::string& line) {
    Xapian::Document doc;
    generator.set_document(doc);
    const std::string title = record.value("title", "");
    generator.index_text(title, 1, std::string(schema::kTitlePrefix));
    generator.index_text(title);
    generator.increase_termpos();
    generator.index_text(record.value("body", ""));

    doc.add_boolean_term(schema::id_term(record.at("id").get<std::string>()));
    if (const auto date = parse_iso_date(record.value("date", "")); date && date->precision() == PartialDate::Precision::day) {
        doc.add_boolean_term(schema::day_term(*date));
        doc.add_boolean_term(schema::month_term(date->year, date->month));
        doc.add_boolean_term(schema::year_term(date->year));
        doc.add_value(0, date->to_compact());
        doc.add_value(1, date->to_compact().substr(0, 6));
    }
    const std::string countries = joined(record, "countries");
    const std::string speakers = joined(record, "speakers");
    for (const auto& code : record.value("countries", std::vector<std::string>{})) doc.add_boolean_term(schema::country_term(code));
    for (const auto& name : record.value("speakers", std::vector<std::string>{})) doc.add_boolean_term(schema::speaker_term(name));
    doc.add_value(2, countries);
    doc.add_value(3, speakers);
    doc.set_data(line);
    return doc;
}

std::optional<Options> parse_options(int argc, char** argv) {
    Options o;
    po::options_description desc(
        "Usage: dateline-bench-index-baseline --db PATH FILE.jsonl...\n"
        "Indexes JSON Lines the straightforward way (TermGenerator, one thread, default flush)\n"
        "into a new database at PATH, replacing any there, and prints documents per second.\n"
        "Exit status: 0 done, 1 fatal error, 2 usage error, 3 some lines skipped.\n\nOptions");
    desc.add_options()
        ("help,h", "show this help and exit")
        ("db", po::value<fs::path>(&o.db)->required(), "database to create (overwritten)")
        ("input", po::value<std::vector<fs::path>>(&o.inputs)->required(), "JSONL files (positional)");
    if (!read_command_line(argc, argv, desc, "input")) return std::nullopt;
    return o;
}

int run(const Options& options) {
    const auto started = std::chrono::steady_clock::now();
    Xapian::WritableDatabase db(options.db.string(), Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("english"));
    std::size_t documents = 0, skipped = 0, bytes = 0;
    for (const auto& input : options.inputs) {
        std::ifstream in(input);
        if (!in) throw std::runtime_error(input.string() + ": cannot be read");
        std::string line;
        for (std::size_t number = 1; std::getline(in, line); ++number) {
            bytes += line.size() + 1;
            if (line.empty()) continue;
            try {
                const auto record = nlohmann::json::parse(line);
                const std::string id = record.at("id").get<std::string>();
                db.replace_document(schema::id_term(id), build(record, generator, line));
                ++documents;
            } catch (const nlohmann::json::exception& e) {
                std::cerr << input.string() << ':' << number << ": " << e.what() << '\n';
                ++skipped;
            }
        }
    }
    db.commit();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << "dateline-bench-index-baseline: " << documents << " documents in " << seconds << " s: "
              << static_cast<double>(documents) / seconds << " docs/s, "
              << static_cast<double>(bytes) / 1e6 / seconds << " MB/s\n";
    return skipped == 0 ? kOk : kSkipped;
}

}  // namespace

int main(int argc, char** argv) {
    return dateline::program_main("dateline-bench-index-baseline", argc, argv, parse_options, run);
}
