// The identity of a speaker, as the index stores it (schema::kSpeakerPrefix terms): shared by
// the indexer, which writes the keys, and the server, which looks names up by them.
#pragma once

#include <string>
#include <string_view>

namespace dateline {

/// The identity of a speaker across documents: lower case, diacritics folded, titles
/// dropped, transliteration variants collapsed (Zelenskiy, Zelenskyy, Zelensky -> one
/// key). Equal keys are one facet value. Never empty for a non-empty name.
std::string speaker_key(std::string_view display_name);

/// Collapses transliteration variants of one folded word the way the evaluation does:
/// sch->sh, tch->ch, kh->h, ph->f, ck->k, w->v, j->y, q->k, runs of i/y -> y,
/// doubled letters single, a final y dropped ("zelenskiy" -> "zelensk").
std::string collapse_transliteration(std::string_view folded_word);

/// Whitespace runs (newlines included) become single spaces; the ends are trimmed.
std::string normalize_space(std::string_view text);

}  // namespace dateline
