// dateline-bench-phrase-forms: how a quoted phrase searched as written (Dateline's query
// language) compares with the same phrase whose words each match every form of their stem,
// the alternative issue 28 asked to measure. Reads one phrase a line on stdin and prints
// `phrase<TAB>as written<TAB>all forms<TAB>top-10 overlap`, then a summary line.
#include "core/command_line.h"
#include "core/install_layout.h"
#include "core/text_folding.h"
#include "core/program_main.h"
#include "search/index.h"
#include "search/query_builder.h"
#include "search/vocabulary.h"

#include <boost/program_options.hpp>
#include <xapian.h>

#include <iostream>
#include <set>
#include <sstream>

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace dateline;

namespace {

struct Options {
    fs::path db;
    fs::path data_dir;
};

std::optional<Options> parse_options(int argc, char** argv) {
    Options o;
    po::options_description visible(
        "Usage: dateline-bench-phrase-forms --db PATH [--data-dir DIR] < PHRASES\n"
        "Counts each phrase as written and with every form of its words (see the README's\n"
        "\"Capitals and accents\"). Exit status: 0 done, 1 error, 2 usage error.\n\nOptions");
    visible.add_options()("help,h", "show this help and exit")(
        "db", po::value<fs::path>(&o.db)->required(), "database directory")(
        "data-dir", po::value<fs::path>(&o.data_dir)->default_value(dateline::default_data_dir()),
        "directory of the extraction data files");
    if (!read_command_line(argc, argv, visible)) return std::nullopt;
    return o;
}

// The top 10 by relevance, and the exact number of matches.
std::set<Xapian::docid> top_ten(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount& total) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    const Xapian::MSet mset = enquire.get_mset(0, 10, db.get_doccount());
    total = mset.get_matches_estimated();
    return {mset.begin(), mset.end()};
}

int run(const Options& options) {
    const search::Vocabulary vocabulary(options.data_dir);
    search::Index index({options.db});
    const auto snapshot = index.current();
    const auto lease = snapshot->acquire();
    const Xapian::Database& db = lease.db();
    const search::StemExpansion& stems = snapshot->stems();
    const Xapian::Stem english("english");
    unsigned phrases = 0, wider = 0, reordered = 0;
    double written_total = 0, forms_total = 0, overlap_sum = 0;
    for (std::string line; std::getline(std::cin, line);) {
        if (line.find_first_not_of(' ') == std::string::npos) continue;
        const auto written = search::parse_query("\"" + line + "\"", db, snapshot->facets(), vocabulary, stems);
        if (!written) {
            std::cerr << "dateline-bench-phrase-forms: " << line << ": " << written.error().message << '\n';
            return kExitFatal;
        }
        // Xapian 1.4 phrases take terms or OR of terms, not OP_SYNONYM: each word becomes the
        // OR of the words of its stem.
        std::vector<Xapian::Query> words;
        std::istringstream in(dateline::fold(line));
        for (std::string word; in >> word;) {
            const Xapian::Query expanded = stems.expand(Xapian::Query("Z" + english(word)));
            std::vector<std::string> forms(expanded.get_terms_begin(), expanded.get_terms_end());
            if (forms.empty() || search::StemExpansion::is_stem_term(forms.front())) forms = {word};
            words.emplace_back(Xapian::Query::OP_OR, forms.begin(), forms.end());
        }
        const Xapian::Query all_forms(Xapian::Query::OP_PHRASE, words.begin(), words.end(),
                                      static_cast<Xapian::termcount>(words.size()));
        Xapian::doccount written_count = 0, forms_count = 0;
        const auto a = top_ten(db, written->query, written_count);
        const auto b = top_ten(db, all_forms, forms_count);
        std::size_t common = 0;
        for (const auto id : a) common += b.count(id);
        const double overlap = a.empty() ? 1.0 : static_cast<double>(common) / static_cast<double>(a.size());
        std::cout << line << '\t' << written_count << '\t' << forms_count << '\t' << overlap << '\n';
        ++phrases;
        written_total += written_count;
        forms_total += forms_count;
        overlap_sum += overlap;
        wider += forms_count > written_count;
        reordered += overlap < 1.0;
    }
    std::cout << "phrases " << phrases << ", matches as written " << written_total << ", with all forms "
              << forms_total << ", phrases finding more with all forms " << wider << ", top 10 changed " << reordered
              << ", mean top-10 overlap " << (phrases ? overlap_sum / phrases : 1.0) << '\n';
    return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    return dateline::program_main("dateline-bench-phrase-forms", argc, argv, parse_options, run);
}
