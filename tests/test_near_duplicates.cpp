// Similarity and clustering of near_duplicates.h and story_clusters.h, without a database.
#include "near_duplicates.h"
#include "story_clusters.h"

#include <doctest/doctest.h>

#include <cctype>
#include <string>
#include <vector>

using namespace dateline;
using namespace dateline::index;

namespace {

const std::string kStory =
    "The Bundesbank left credit policies unchanged after today's regular meeting of its council, a spokesman said "
    "in answer to enquiries.\n    The West German discount rate remains at 3.0 pct, and the Lombard emergency "
    "financing rate at 5.0 pct.\n    Money market dealers had expected no change, citing the stability of the "
    "mark against the dollar in recent weeks and the central bank's concern over money supply growth.\n    "
    "Some economists said the council could cut rates later in the spring if the mark rose again sharply.";

const std::string kOtherStory =
    "Oil prices rose on the spot market as traders reacted to reports that OPEC members were keeping to their "
    "output quotas.\n    North Sea Brent for May loading traded at 18.20 dlrs a barrel, up 30 cents from "
    "Friday.\n    Traders said the rise reflected short covering ahead of the weekend and firm demand from "
    "refiners in the Mediterranean.";

StoryMember member(const std::string& id, std::optional<std::int32_t> day, const std::string& body) {
    return {minhash_signature("", body), {day, id}};
}

}  // namespace

TEST_SUITE("near duplicates") {
    TEST_CASE("whitespace, punctuation and capitals never tell two copies apart") {
        std::string altered;
        for (const char c : kStory) {
            if (c == ',') altered += " --";
            else if (c == '\n') altered += "\n\n";
            else altered += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        CHECK(shingle_words("Bundesbank, left  credit-policies") ==
              std::vector<std::string>{"bundesbank", "left", "credit", "policies"});
        CHECK(minhash_signature("", kStory) == minhash_signature("", altered));
    }

    TEST_CASE("a copy with a paragraph dropped, a new headline and a correction is a copy; another story is not") {
        const auto original = minhash_signature("BUNDESBANK LEAVES CREDIT POLICIES UNCHANGED", kStory);
        const std::string dropped = kStory.substr(0, kStory.rfind("\n    "));
        const auto copy = minhash_signature("UPDATE 1-Bundesbank keeps rates", dropped + "\n(Corrects rate in paragraph 2)");
        CHECK(estimated_resemblance(original, original) == doctest::Approx(1.0));
        CHECK(estimated_resemblance(original, copy) >= kCopyResemblance);
        CHECK(are_copies(original, copy));
        const auto other = minhash_signature("OIL PRICES RISE", kOtherStory);
        CHECK(estimated_resemblance(original, other) < 0.2);
        CHECK_FALSE(are_copies(original, other));
    }

    TEST_CASE("a text without words is nobody's copy, not even another empty one's") {
        const auto empty = minhash_signature("", " -- ");
        CHECK(empty.shingles == 0);
        CHECK_FALSE(are_copies(empty, empty));
        CHECK(copy_components({empty, empty}) == std::vector<std::size_t>{0, 1});
    }

    TEST_CASE("a signature round-trips through its stored value, and a value of another length is refused") {
        const auto signature = minhash_signature("title", kStory);
        CHECK(decode_signature(encode_signature(signature)) == signature);
        CHECK(encode_signature(signature).size() == 4 + kMinHashes);
        CHECK_FALSE(decode_signature("short"));
    }

    TEST_CASE("copies of copies join one component, named by its smallest index") {
        const std::string dropped = kStory.substr(0, kStory.rfind("\n    "));
        const auto component = copy_components({minhash_signature("", kOtherStory), minhash_signature("", kStory),
                                                 minhash_signature("", dropped), minhash_signature("", kStory + " Reuter")});
        CHECK(component == std::vector<std::size_t>{0, 1, 1, 1});
    }

    TEST_CASE("the head is the earliest article, then the smallest id, and undated articles come last") {
        std::vector<StoryMember> members{member("b", 100, kStory), member("a", 100, kStory + " Reuter"),
                                         member("z", 99, kStory + " (Corrects)"), member("u", std::nullopt, kStory),
                                         member("o", 50, kOtherStory)};
        const auto stories = assign_stories(members);
        CHECK(stories[2].role == schema::StoryRole::head);
        for (const int copy : {0, 1, 3}) {
            CHECK(stories[copy].role == schema::StoryRole::copy);
            CHECK(stories[copy].cluster_id == cluster_id_of("z"));
        }
        CHECK(stories[4] == schema::ClusterValue{cluster_id_of("o"), schema::StoryRole::alone});

        std::vector<StoryMember> same_day{member("b", 100, kStory), member("a", 100, kStory + " Reuter"),
                                          member("u", std::nullopt, kStory)};
        const auto tie = assign_stories(same_day);
        CHECK(tie[1].role == schema::StoryRole::head);
        CHECK(tie[0].cluster_id == cluster_id_of("a"));
    }

    TEST_CASE("ids are read only for the articles of stories of several") {
        std::vector<StoryMember> members{member("", 1, kStory), member("", 2, kOtherStory), member("", 3, kStory)};
        std::vector<std::size_t> asked;
        const auto stories = assign_stories(members, [&](std::vector<StoryMember>& all, const std::vector<std::size_t>& at) {
            asked = at;
            for (const auto i : at) all[i].order.id = "id" + std::to_string(i);
        });
        CHECK(asked == std::vector<std::size_t>{0, 2});
        CHECK(stories[0] == schema::ClusterValue{cluster_id_of("id0"), schema::StoryRole::head});
        CHECK(stories[2].role == schema::StoryRole::copy);
        CHECK(stories[1].role == schema::StoryRole::alone);
    }
}
