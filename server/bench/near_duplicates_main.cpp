// dateline-bench-near-duplicates: which near-duplicate method, at which threshold, finds the
// copies of scripts/bench/make_copies.py's corpus. Every pair of articles is compared (no LSH,
// so that the methods are compared, not their candidate search): exact shingle resemblance,
// its b-bit MinHash estimate, and SimHash's Hamming distance. Prints, for each threshold, the
// pairs it finds and how many are gold pairs (gold.json), over the pairs that hold an injected
// copy and the gold pairs. Not installed; RESULTS.md.
#include "near_duplicates.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

using namespace dateline::index;

namespace {

struct Text {
    std::string id;
    std::vector<std::uint64_t> shingles;  // sorted, distinct (for the exact resemblance)
    NearDuplicateSignature signature;
    std::uint64_t simhash = 0;
};

std::vector<std::uint64_t> exact_shingles(const std::string& title, const std::string& body) {
    std::vector<std::string> words = shingle_words(title);
    for (auto& w : shingle_words(body)) words.push_back(w);
    std::vector<std::uint64_t> out;
    for (std::size_t i = 0; i + kShingleWords <= words.size(); ++i) {
        std::string s;
        for (std::size_t j = i; j < i + kShingleWords; ++j) s += words[j] + " ";
        out.push_back(std::hash<std::string>{}(s));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

double jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
    if (a.empty() || b.empty()) return 0;
    std::size_t common = 0;
    for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
        if (a[i] == b[j]) ++common, ++i, ++j;
        else if (a[i] < b[j]) ++i;
        else ++j;
    }
    return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: dateline-bench-near-duplicates CORPUS.jsonl GOLD.json\n";
        return 2;
    }
    std::vector<Text> texts;
    std::ifstream corpus(argv[1]);
    for (std::string line; std::getline(corpus, line);) {
        const auto doc = nlohmann::json::parse(line);
        const std::string title = doc.value("title", ""), body = doc.value("body", "");
        texts.push_back({doc.at("id").get<std::string>(), exact_shingles(title, body), minhash_signature(title, body),
                         simhash(title, body)});
    }
    std::unordered_map<std::string, std::size_t> group_of;
    const auto gold = nlohmann::json::parse(std::ifstream(argv[2]));
    std::size_t group = 0;
    double gold_pairs = 0;
    for (const auto& ids : gold.at("groups")) {
        for (const auto& id : ids) group_of[id.get<std::string>()] = group;
        gold_pairs += static_cast<double>(ids.size() * (ids.size() - 1) / 2);
        ++group;
    }
    // Precision is counted over the pairs that hold an injected copy (ids "c..."): the gold
    // knows every copy of those, while Reuters' own near-duplicates (re-sends, corrections)
    // are in the gold only when word for word the same (score_clusters.py lists the rest).
    const auto injected = [](const Text& t) { return t.id.starts_with('c'); };
    const auto same_group = [&](const Text& a, const Text& b) {
        const auto x = group_of.find(a.id), y = group_of.find(b.id);
        return x != group_of.end() && y != group_of.end() && x->second == y->second;
    };
    const std::vector<double> thresholds = {0.3, 0.4, 0.5, 0.6, 0.7, 0.8};
    std::map<std::string, std::vector<std::pair<std::size_t, std::size_t>>> found;  // method -> (pairs, correct) by threshold
    for (const char* m : {"jaccard", "minhash"}) found[m].assign(thresholds.size(), {0, 0});
    found["simhash"].assign(13, {0, 0});  // Hamming distance 0..12
    for (std::size_t i = 0; i < texts.size(); ++i)
        for (std::size_t j = i + 1; j < texts.size(); ++j) {
            const bool truth = same_group(texts[i], texts[j]);
            if (!injected(texts[i]) && !injected(texts[j]) && !truth) continue;
            const double estimated = estimated_resemblance(texts[i].signature, texts[j].signature);
            const int distance = std::popcount(texts[i].simhash ^ texts[j].simhash);
            const bool empty = texts[i].shingles.empty() || texts[j].shingles.empty();
            for (int d = distance; d <= 12 && !empty; ++d) {
                ++found["simhash"][d].first;
                found["simhash"][d].second += truth;
            }
            if (estimated < thresholds.front() && !truth) continue;  // most pairs: no need for the exact value
            const double exact = jaccard(texts[i].shingles, texts[j].shingles);
            for (std::size_t t = 0; t < thresholds.size(); ++t) {
                if (exact >= thresholds[t]) ++found["jaccard"][t].first, found["jaccard"][t].second += truth;
                if (estimated >= thresholds[t]) ++found["minhash"][t].first, found["minhash"][t].second += truth;
            }
        }
    std::printf("%zu texts, %.0f gold pairs\nmethod   threshold  pairs  correct  precision  recall\n", texts.size(), gold_pairs);
    for (const auto& [method, rows] : found)
        for (std::size_t t = 0; t < rows.size(); ++t) {
            const auto [pairs, correct] = rows[t];
            const std::string threshold = method == "simhash" ? "<=" + std::to_string(t) : std::to_string(thresholds[t]).substr(0, 4);
            std::printf("%-8s %9s %6zu %8zu %10.4f %7.4f\n", method.c_str(), threshold.c_str(), pairs, correct,
                        pairs ? static_cast<double>(correct) / static_cast<double>(pairs) : 1.0,
                        static_cast<double>(correct) / gold_pairs);
        }
}
