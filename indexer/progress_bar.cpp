#include "progress_bar.h"

#include <string>

namespace dateline::index {

void ProgressBar::update(const Progress& progress) {
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    drawn_ = true;
    const double elapsed = std::chrono::duration<double>(now - started_).count();
    const double fraction = progress.bytes_total ? static_cast<double>(progress.bytes_done) /
                                                       static_cast<double>(progress.bytes_total)
                                                 : 0.0;
    const double rate = elapsed > 0 ? static_cast<double>(progress.documents) / elapsed : 0.0;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    const std::string bar = std::string(static_cast<std::size_t>(filled), '#') +
                            std::string(static_cast<std::size_t>(kWidth - filled), ' ');
    std::fprintf(out_, "\r[%s] %3.0f%%  %zu docs  %.0f docs/s", bar.c_str(), fraction * 100, progress.documents, rate);
    if (fraction > 0.01) std::fprintf(out_, "  ETA %.0fs ", elapsed * (1 - fraction) / fraction);
    std::fflush(out_);
}

void ProgressBar::finish() {
    if (!drawn_) return;
    std::fprintf(out_, "\r\x1b[2K");
    std::fflush(out_);
    drawn_ = false;
}

}  // namespace dateline::index
