// SPDX-License-Identifier: MIT
#include "progress.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstdio>
#include <string>

namespace cli {

using Clock = std::chrono::steady_clock;

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
    const double mb = static_cast<double>(bytes_) / 1e6;
    std::string line;
    if (total_ && *total_ > 0) {
        const double done = std::min(1.0, static_cast<double>(bytes_) / static_cast<double>(*total_));
        constexpr int width = 24;
        const int filled = static_cast<int>(done * width);
        const double left = done > 0 ? seconds * (1 - done) / done : 0;
        line = fmt::format("[{}{}] {:3.0f}%  {} docs  {:.1f}/{:.1f} MB  {:.0f} docs/s  ETA {}:{:02}",
                           std::string(static_cast<std::size_t>(filled), '#'),
                           std::string(static_cast<std::size_t>(width - filled), '.'), done * 100,
                           documents_, mb, static_cast<double>(*total_) / 1e6, rate,
                           static_cast<int>(left) / 60, static_cast<int>(left) % 60);
    } else {
        line = fmt::format("{} docs  {:.1f} MB  {:.0f} docs/s", documents_, mb, rate);
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
