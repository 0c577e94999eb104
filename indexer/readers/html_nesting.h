// How much work gumbo's tree building will do for a page, read from its tags beforehand.
#pragma once

#include <cstdint>
#include <string_view>

namespace dateline::index {

/// The depth at which each tag of an HTML page is met, summed over its tags: an estimate of
/// the steps gumbo 0.10.1 takes to build the tree. Gumbo checks a new element against the
/// open elements for a <p> to close, and an end tag against them too, so a tag costs up to
/// its depth: a page nested 50,000 deep took 6.8 s, one nested 300,000 deep (3 MB) more than
/// ten minutes, and such a tree, once built, overflows the stack of every recursive walk. Real pages nest a few dozen deep (Chromium stops at 512).
///
/// The estimate reads tags only: void elements, elements whose end tag HTML lets a page omit
/// (p, li, td…), self-closed SVG and MathML elements, comments, and the text of script,
/// style and the like do not nest; an end tag closes one level. Stops counting past `limit`.
std::uint64_t nesting_work(std::string_view html, std::uint64_t limit);

}  // namespace dateline::index
