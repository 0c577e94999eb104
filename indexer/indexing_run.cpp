#include "indexing_run.h"

#include "article_json.h"
#include "document_builder.h"
#include "index_writer.h"
#include "input_walker.h"
#include "schema.h"

#include <chrono>
#include <functional>

namespace dateline::index {
namespace {

using ArticleHandler = std::function<void(const InputFile&, Article&&)>;

// Reads every input file and hands each article, extracted, to `handle`.
RunSummary for_each_article(const RunOptions& options, const extract::Extractor& extractor,
                            const ProblemSink& on_problem, const ArticleHandler& handle) {
    RunSummary summary;
    const auto count_problem = [&](InputProblem&& problem) {
        ++summary.skipped;
        on_problem(std::move(problem));
    };
    for (const auto& file : list_input_files(options.inputs, count_problem)) {
        const auto on_article = [&](Article&& article) {
            extractor.extract(article);
            ++summary.documents;
            handle(file, std::move(article));
        };
        read_input_file(file.path, file.format, file.default_id, options.limits, on_article, count_problem);
    }
    return summary;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

RunSummary index_inputs(const RunOptions& options, const extract::Extractor& extractor, const ProblemSink& on_problem) {
    const auto started = std::chrono::steady_clock::now();
    IndexWriter writer(options.db, options.batch_size);
    DocumentBuilder builder(writer.database());
    RunSummary summary = for_each_article(options, extractor, on_problem, [&](const InputFile& file, Article&& article) {
        writer.write(builder.build(article, file.input_key), schema::id_term(article.id));
    });
    const WriteCounts counts = writer.finish();
    summary.added = counts.added;
    summary.updated = counts.updated;
    summary.seconds = seconds_since(started);
    return summary;
}

RunSummary extract_inputs(const RunOptions& options, const extract::Extractor& extractor, std::ostream& out,
                          const ProblemSink& on_problem) {
    const auto started = std::chrono::steady_clock::now();
    RunSummary summary = for_each_article(options, extractor, on_problem, [&](const InputFile&, Article&& article) {
        out << article_to_json(article, BodyField::omit).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
            << '\n';
    });
    summary.seconds = seconds_since(started);
    return summary;
}

}  // namespace dateline::index
