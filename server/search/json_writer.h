// JSON text written straight into a string, for the API's responses (why not nlohmann's
// tree: DESIGN.md, "The JSON writer").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::search {

class JsonWriter {
public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();

    /// The key of the object's next member; its value follows.
    JsonWriter& key(std::string_view name);

    /// A string; bytes that are not UTF-8 are written as U+FFFD, so that a damaged stored
    /// document cannot make the response invalid.
    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(std::uint64_t number);
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
    JsonWriter& value(std::uint32_t number) { return value(static_cast<std::uint64_t>(number)); }
    /// The shortest text that reads back as `number`; null for NaN and the infinities,
    /// which JSON cannot spell.
    JsonWriter& value(double number);
    JsonWriter& value(bool flag);
    JsonWriter& null();

    /// `name` and its value in one call.
    template <typename Value>
    JsonWriter& member(std::string_view name, const Value& v) {
        return key(name).value(v);
    }

    /// The text written; complete once every object and array begun has ended.
    [[nodiscard]] std::string take() &&;

private:
    // A comma before every value but the first of its array or object; none after a key.
    void before_value();
    JsonWriter& open(char bracket);
    JsonWriter& close(char bracket);
    void write_string(std::string_view text);

    std::string out_;
    std::vector<bool> first_in_scope_;  // one entry per open object or array
    bool after_key_ = false;
};

}  // namespace dateline::search
