// SPDX-License-Identifier: MIT
#include "progress.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include <fmt/core.h>

namespace cli {

using Clock = std::chrono::steady_clock;

namespace {

// "850 kB" below a megabyte, "12.3 MB" above: a demo corpus and a real one both read well.
std::string size(std::uint64_t bytes) {
    if (bytes < 1'000'000) return fmt::format("{} kB", (bytes + 999) / 1000);
    return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6);
}

}  // namespace

Progress::Progress(bool enabled, std::optional<std::uint64_t> total_bytes)
    : enabled_(enabled), total_(total_bytes), start_(Clock::now()), last_draw_(start_) {}

Progress::~Progress() { finish(); }

void Progress::tick() {
    if (!enabled_) return;
    const auto now = Clock::now();
    if (now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    draw();
}

void Progress::draw() {
    const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(documents_) / seconds : 0;
    std::string line;
    if (total_ && *total_ > 0) {
        const double done =
            std::min(1.0, static_cast<double>(bytes_) / static_cast<double>(*total_));
        constexpr int width = 24;
        const int filled = static_cast<int>(done * width);
        const double left = done > 0 ? seconds * (1 - done) / done : 0;
        line = fmt::format("[{}{}] {:3.0f}%  {} docs  {} of {}  {:.0f} docs/s  ETA {}:{:02}",
                           std::string(static_cast<std::size_t>(filled), '#'),
                           std::string(static_cast<std::size_t>(width - filled), '.'), done * 100,
                           documents_, size(bytes_), size(*total_), rate,
                           static_cast<int>(left) / 60, static_cast<int>(left) % 60);
    } else {
        line = fmt::format("{} docs  {}  {:.0f} docs/s", documents_, size(bytes_), rate);
    }
    // \r and "erase to end of line": the bar stays on one line of the terminal.
    fmt::print(stderr, "\r{}\x1b[K", line);
    std::fflush(stderr);
}

void Progress::finish() {
    if (!enabled_) return;
    draw();
    fmt::print(stderr, "\n");
    std::fflush(stderr);
    enabled_ = false;
}

}  // namespace cli
