#include "indexing_run.h"

#include "core/article_json.h"
#include "database_layout.h"
#include "input_state.h"
#include "input_walker.h"
#include "run_lock.h"
#include "sharded_writer.h"
#include "story_clusters.h"

#include <chrono>
#include <set>
#include <sys/resource.h>
#include <unordered_map>
#include <unordered_set>

namespace dateline::index {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::uint64_t peak_rss_bytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

std::uint64_t total_bytes(const std::vector<InputFile>& files) {
    std::uint64_t total = 0;
    for (const auto& file : files)
        if (const auto state = stat_input(file.path)) total += state->size;
    return total;
}

// The change records a run may delete: under the directory INPUTs, or all with --full.
std::vector<std::string> vanished_inputs(const ShardedWriter& writer, const RunOptions& options,
                                         const std::set<std::string>& seen) {
    std::vector<std::string> prefixes;
    if (options.full) {
        prefixes.emplace_back();
    } else {
        for (const auto& input : options.inputs) {
            std::error_code ec;
            if (std::filesystem::is_directory(input, ec)) prefixes.push_back(input_key_of(input) + "/");
        }
    }
    std::vector<std::string> gone;
    for (const auto& prefix : prefixes)
        for (auto& key : writer.recorded_inputs(prefix))
            if (!seen.count(key)) gone.push_back(std::move(key));
    return gone;
}

}  // namespace

RunSummary index_inputs(const RunOptions& options, const extract::Extractor& extractor, const ProblemSink& on_problem) {
    const auto started = std::chrono::steady_clock::now();
    const RunLock lock(options.db, options.wait_for_lock);
    const auto layout = DatabaseLayout::prepare(options.db, options.shards, options.full);
    ShardedWriter writer(layout.shard_paths(), options.batch_size, extractor, options.full);
    layout.publish();

    RunSummary summary;
    bool file_has_problems = false;
    const auto count_problem = [&](InputProblem&& problem) {
        ++summary.skipped;
        file_has_problems = true;
        on_problem(std::move(problem));
    };
    const auto files = list_input_files(options.inputs, count_problem);
    Progress progress{0, total_bytes(files), 0};
    const auto report = [&] {
        progress.documents = summary.documents;
        if (options.on_progress) options.on_progress(progress);
    };

    std::set<std::string> seen;
    std::vector<std::string> unchanged;  // counted at the end, in one pass over the shards
    for (const auto& file : files) {
        seen.insert(file.input_key);
        file_has_problems = false;
        auto state = stat_input(file.path);
        if (!state) {
            count_problem({file.path.string(), "cannot stat"});
            continue;
        }
        progress.bytes_done += state->size;
        const auto recorded = writer.input_state(file.input_key);
        if (!options.full && recorded && recorded->same_stat(*state)) {
            unchanged.push_back(file.input_key);
            report();
            continue;
        }
        const auto hash = hash_file(file.path);
        if (!hash) {
            count_problem({file.path.string(), "cannot read"});
            continue;
        }
        state->hash = *hash;
        if (!options.full && recorded && recorded->hash == state->hash) {
            writer.record_input(file.input_key, *state);  // touched, not changed
            unchanged.push_back(file.input_key);
            report();
            continue;
        }

        std::unordered_set<std::string> written;
        const auto on_article = [&](Article&& article) {
            written.insert(writer.add(std::move(article), file.input_key));
            ++summary.documents;
            report();
        };
        summary.other_records +=
            read_input_file(file.path, file.format, file.default_id, options.limits, on_article, count_problem)
                .other_records;
        // A file written to, truncated or deleted while it was read gave a torn read: it
        // is reported and, like a file with a bad line, keeps its old documents and no
        // change record, so the next run reads it again (or deletes it, once it is gone).
        if (!file_has_problems) {
            const auto after = stat_input(file.path);
            if (!after) {
                count_problem({file.path.string(), "vanished while it was read; its documents go at the next run"});
            } else if (!after->same_stat(*state)) {
                count_problem({file.path.string(), "changed while it was read; it is read again at the next run"});
            }
        }
        // A file that could not be read cleanly keeps its old documents and no change
        // record, so the next run tries it again: nothing is lost to a bad line.
        if (file_has_problems) continue;
        writer.delete_documents_from(file.input_key, std::move(written));
        writer.record_input(file.input_key, *state);
        report();
    }
    for (const auto& key : vanished_inputs(writer, options, seen)) {
        writer.delete_documents_from(key, {});
        writer.forget_input(key);
    }

    const WriteCounts counts = writer.finish();
    summary.unchanged = writer.documents_from(unchanged) + counts.unchanged;
    summary.added = counts.added;
    summary.updated = counts.updated;
    summary.deleted = counts.deleted;
    summary.seconds = seconds_since(started);
    summary.peak_rss_bytes = peak_rss_bytes();
    return summary;
}

RunSummary extract_inputs(const RunOptions& options, const extract::Extractor& extractor, std::ostream& out,
                          const ProblemSink& on_problem) {
    const auto started = std::chrono::steady_clock::now();
    RunSummary summary;
    const auto count_problem = [&](InputProblem&& problem) {
        ++summary.skipped;
        on_problem(std::move(problem));
    };
    // Printed once every article is read: a story's head may be the last article read.
    std::vector<nlohmann::json> documents;
    std::vector<StoryMember> members;
    for (const auto& file : list_input_files(options.inputs, count_problem)) {
        const auto on_article = [&](Article&& article) {
            extractor.extract(article);
            ++summary.documents;
            members.push_back({minhash_signature(article.title, article.body),
                               {article.date ? std::optional(days_since_epoch(*article.date)) : std::nullopt, article.id}});
            documents.push_back(article_to_json(article, BodyField::omit));
        };
        summary.other_records +=
            read_input_file(file.path, file.format, file.default_id, options.limits, on_article, count_problem)
                .other_records;
    }
    const auto stories = assign_stories(members);
    std::unordered_map<std::string, std::string> heads;  // cluster id -> head's id
    for (std::size_t i = 0; i < stories.size(); ++i)
        if (stories[i].role != schema::StoryRole::copy) heads.emplace(stories[i].cluster_id, members[i].order.id);
    for (std::size_t i = 0; i < documents.size(); ++i) {
        documents[i]["cluster"] = stories[i].cluster_id;
        documents[i]["cluster_head"] = heads.at(stories[i].cluster_id);
        out << documents[i].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }
    summary.seconds = seconds_since(started);
    return summary;
}

}  // namespace dateline::index
