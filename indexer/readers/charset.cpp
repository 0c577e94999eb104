#include "readers/charset.h"

#include <cerrno>
#include <iconv.h>
#include <stdexcept>

namespace dateline::index {
namespace {

class Converter {
public:
    explicit Converter(const std::string& charset) : cd_(iconv_open("UTF-8", charset.c_str())) {
        if (cd_ == reinterpret_cast<iconv_t>(-1)) throw std::invalid_argument("unknown charset \"" + charset + "\"");
    }
    ~Converter() { iconv_close(cd_); }
    Converter(const Converter&) = delete;
    Converter& operator=(const Converter&) = delete;
    iconv_t get() const { return cd_; }

private:
    iconv_t cd_;
};

}  // namespace

std::string to_utf8(std::string_view text, const std::string& charset) {
    const Converter converter(charset);
    std::string out;
    char* in = const_cast<char*>(text.data());  // iconv's signature; it does not write the input
    std::size_t in_left = text.size();
    char buffer[16384];
    while (in_left > 0) {
        char* to = buffer;
        std::size_t to_left = sizeof buffer;
        const std::size_t status = iconv(converter.get(), &in, &in_left, &to, &to_left);
        out.append(buffer, static_cast<std::size_t>(to - buffer));
        if (status != static_cast<std::size_t>(-1)) continue;
        if (errno == E2BIG) continue;
        throw std::invalid_argument("not " + charset + " text at byte offset " +
                                    std::to_string(text.size() - in_left));
    }
    return out;
}

}  // namespace dateline::index
