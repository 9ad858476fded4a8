// SPDX-License-Identifier: MIT
// The progress bar of `veille index`, on stderr: documents, MB read, docs/s and, when the
// total size is known, a bar and the time left. Redrawn at most ten times a second.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace cli {

class Progress {
public:
    /// @param enabled draw at all (stderr is a terminal and --no-progress was not given)
    /// @param total_bytes size of the input, if known
    Progress(bool enabled, std::optional<std::uint64_t> total_bytes);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void add_bytes(std::uint64_t n) noexcept { bytes_ += n; }
    void add_document() noexcept { ++documents_; }
    /// Redraws if enough time has passed.
    void tick();
    /// Draws the final figures and ends the line, so the summary starts on a fresh one.
    void finish();

private:
    void draw();

    bool enabled_;
    std::optional<std::uint64_t> total_;
    std::uint64_t bytes_ = 0;
    std::uint64_t documents_ = 0;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace cli
