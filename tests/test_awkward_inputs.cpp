// dateline-index over awkward inputs (issue 27): each is handled and reported as
// "path: reason" (exit 3), and every other file of the run is indexed all the same.
#include "support/process.h"
#include "support/sample_index.h"

#include <doctest/doctest.h>

#include <fstream>

using namespace dateline;
using dateline::testing::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string kIndex = DATELINE_INDEX_BIN;

struct Run {
    int status;
    std::string output;  // stderr and stdout
};

Run index_run(const std::string& args) {
    const std::string out = testing::run_command(kIndex + " " + args + " 2>&1; echo \"exit=$?\"");
    const auto at = out.rfind("exit=");
    return {std::stoi(out.substr(at + 5)), out.substr(0, at)};
}

std::string documents_line(const std::string& output) {
    const auto at = output.find("documents indexed");
    return at == std::string::npos ? "" : output.substr(output.rfind('\n', at) + 1, output.find('\n', at) - output.rfind('\n', at) - 1);
}

}  // namespace

TEST_SUITE("awkward inputs") {
    TEST_CASE("a huge file, a 10 MB line, a symlink loop and a name that is not UTF-8 are reported, and the rest is indexed") {
        const TempDir dir;
        const auto in = dir / "in";
        testing::write_file(in / "ok.jsonl", R"({"id": "ok-1", "title": "Fine", "body": "A fine article about talks."})" "\n");
        testing::write_file(in / "ok.txt", "Plain title\n\nA plain article about talks.\n");
        // 2 GB, sparse: nothing is written, and nothing may be read past its size check.
        std::ofstream(in / "huge.txt").close();
        fs::resize_file(in / "huge.txt", 2ull << 30);
        // One JSON Lines record of 10 MB: under the 16 MB record limit, so indexed.
        std::ofstream(in / "long.jsonl") << R"({"id": "long-1", "title": "Long", "body": ")" << std::string(10u << 20, 'a')
                                         << R"( talks"})" << '\n';
        fs::create_symlink("loop2.txt", in / "loop1.txt");
        fs::create_symlink("loop1.txt", in / "loop2.txt");
        fs::create_directory_symlink(".", in / "self");  // a directory loop: not followed
        testing::write_file(in / "bad\xff" "name.txt", "Bad name\n\nAn article whose file name is Latin-1.\n");

        const auto run = index_run("--db " + (dir / "db").string() + " " + in.string());
        CAPTURE(run.output);
        CHECK(run.status == 3);
        CHECK(run.output.find((in / "huge.txt").string() + ": file of 2147483648 bytes exceeds the limit of 67108864\n") !=
              std::string::npos);
        for (const char* loop : {"loop1.txt", "loop2.txt"})
            CHECK(run.output.find((in / loop).string() + ": cannot read: Too many levels of symbolic links\n") != std::string::npos);
        CHECK(run.output.find((in / "bad\xef\xbf\xbdname.txt").string() +
                              ": file name is not valid UTF-8 (rename the file to index it)\n") != std::string::npos);
        CHECK(documents_line(run.output).starts_with("dateline-index: 3 documents indexed (3 added, 0 updated), 0 deleted, "
                                                     "0 unchanged, 4 skipped"));

        // The report of the run stays JSON, the bad name included.
        const auto report = index_run("--db " + (dir / "db").string() + " --quiet --report " + (dir / "report.json").string() +
                                      " " + in.string());
        CHECK(report.status == 3);
        CHECK(fs::file_size(dir / "report.json") > 0);
    }

    TEST_CASE("100,000 files in one directory are all indexed") {
        const TempDir dir;
        const auto in = dir / "many";
        fs::create_directories(in);
        for (int i = 0; i < 100000; ++i) {
            const auto n = std::to_string(i);
            std::ofstream(in / ("n" + std::string(6 - n.size(), '0') + n + ".txt")) << "Note " << n << "\n\nTiny note " << n << ".\n";
        }
        const auto run = index_run("--db " + (dir / "db").string() + " " + in.string());
        CAPTURE(run.output);
        CHECK(run.status == 0);
        CHECK(documents_line(run.output).starts_with("dateline-index: 100000 documents indexed (100000 added"));
    }
}
