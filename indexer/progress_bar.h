// A one-line progress bar for a terminal: fraction done, documents/s and time left.
#pragma once

#include "indexing_run.h"

#include <chrono>
#include <cstdio>

namespace dateline::index {

class ProgressBar {
public:
    explicit ProgressBar(std::FILE* out) : out_(out), started_(std::chrono::steady_clock::now()) {}
    ~ProgressBar() { finish(); }
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    /// Redraws at most ten times a second.
    void update(const Progress& progress);
    /// Clears the line (before the summary is printed).
    void finish();

private:
    std::FILE* out_;
    std::chrono::steady_clock::time_point started_;
    std::chrono::steady_clock::time_point last_draw_{};
    bool drawn_ = false;
};

}  // namespace dateline::index
