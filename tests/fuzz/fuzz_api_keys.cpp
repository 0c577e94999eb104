// libFuzzer target: the --keys file parser. A file is either refused with "FILE:LINE: reason"
// naming a line it has, or read into keys that, written back line by line, read the same.
#include "fuzz_check.h"
#include "http/api_keys.h"

#include <algorithm>
#include <string>

using namespace dateline;
using namespace dateline::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::as_text(data, size);
    const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    try {
        const auto keys = ApiKeys::parse(text, "keys");
        fuzz::check(!keys.entries().empty(), "a file read has a key");
        std::string written;
        for (const auto& entry : keys.entries()) {
            fuzz::check(!entry.scopes.empty(), "every key has a scope");
            fuzz::check(entry.name.find('\n') == std::string::npos, "a key's name is one line", entry.name);
            written += keys_file_line(entry) + '\n';
        }
        const auto again = ApiKeys::parse(written, "written");
        fuzz::check(again.entries().size() == keys.entries().size(), "written keys read back as many", written);
        for (std::size_t i = 0; i < keys.entries().size(); ++i) {
            const auto& a = keys.entries()[i];
            const auto& b = again.entries()[i];
            fuzz::check(a.hash == b.hash && a.scopes == b.scopes && a.name == b.name, "written keys read back the same", written);
        }
    } catch (const KeysFileError& e) {
        const std::string_view message = e.what();
        fuzz::check(message.starts_with("keys:"), "an error names the file", message);
        const auto colon = message.find(": ", 5);
        fuzz::check(colon != std::string_view::npos, "an error names the line", message);
        const std::string line_number(message.substr(5, colon - 5));
        fuzz::check(!line_number.empty() && line_number.find_first_not_of("0123456789") == std::string::npos,
                    "the line is a number", message);
        fuzz::check(std::stoull(line_number) <= lines, "the line is one the file has", message);
    }
    return 0;
}
