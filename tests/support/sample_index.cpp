#include "support/sample_index.h"

#include "extract/extractor.h"
#include "indexing_run.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <random>
#include <stdexcept>
#include <unistd.h>

namespace dateline::testing {

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "dateline-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary directory");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

void write_file(const std::filesystem::path& path, const std::string& content) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

std::filesystem::path source_dir() { return DATELINE_SOURCE_DIR; }
std::filesystem::path sample_corpus() { return source_dir() / "data" / "sample"; }
std::filesystem::path data_dir() { return source_dir() / "indexer" / "extract" / "data"; }

std::size_t build_index(const std::filesystem::path& db, const std::vector<std::filesystem::path>& inputs) {
    const extract::Extractor extractor(data_dir());
    index::RunOptions options;
    options.db = db;
    options.inputs = inputs;
    options.batch_size = 500;
    std::vector<std::string> problems;
    const auto summary = index::index_inputs(options, extractor, [&](index::InputProblem&& problem) {
        problems.push_back(problem.where + ": " + problem.reason);
    });
    if (!problems.empty()) throw std::runtime_error("building the test index: " + problems.front());
    return summary.documents;
}

void write_synthetic_corpus(const std::filesystem::path& file, int count, unsigned seed, const std::string& id_prefix) {
    static const char* const kCountries[] = {"UA", "RU", "US", "DE", "FR", "CN", "TR", "GB", "PL", "JP", "BR", "IN"};
    static const char* const kWords[] = {"ceasefire", "talks", "sanctions", "grain", "energy", "election",
                                         "minister", "summit", "border", "troops", "inflation", "budget"};
    // 40 names whose speaker keys are all distinct (no transliteration collisions).
    static const char* const kFirstNames[] = {"Anna", "Boris", "Carlos", "Dmitri", "Elena", "Farid", "Grace", "Hiro"};
    static const char* const kSurnames[] = {"Kovalenko", "Mendes", "Okafor", "Lindqvist", "Tanaka"};
    std::mt19937 random(seed);
    const auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file);
    for (int i = 0; i < count; ++i) {
        nlohmann::json doc;
        doc["id"] = id_prefix + std::to_string(i);
        std::string body;
        for (int w = 0; w < 30; ++w) body += std::string(kWords[pick(12)]) + (w % 10 == 9 ? ". " : " ");
        doc["title"] = std::string("Report ") + std::to_string(i) + " on " + kWords[pick(12)];
        doc["body"] = body;
        if (pick(10) != 0) {
            char date[16];
            std::snprintf(date, sizeof date, "%04d-%02d-%02d", 2019 + pick(3), 1 + pick(12), 1 + pick(28));
            doc["date"] = date;
        }
        std::vector<std::string> countries, speakers;
        for (int n = 1 + pick(3); n > 0; --n) {
            const std::string code = kCountries[pick(12)];
            if (std::find(countries.begin(), countries.end(), code) == countries.end()) countries.push_back(code);
        }
        for (int n = pick(4); n > 0; --n) {
            const std::string name = std::string(kFirstNames[pick(8)]) + " " + kSurnames[pick(5)];
            if (std::find(speakers.begin(), speakers.end(), name) == speakers.end()) speakers.push_back(name);
        }
        doc["countries"] = countries;
        doc["speakers"] = speakers;
        out << doc.dump() << '\n';
    }
}

}  // namespace dateline::testing
