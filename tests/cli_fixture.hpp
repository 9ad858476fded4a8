// SPDX-License-Identifier: MIT
// What the suites that run the built veille command share (test_cli.cpp,
// test_cli_hostile.cpp): a scratch directory, files written and read byte for byte, and one
// run of the command with its exit code and both outputs.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "fixtures.hpp"

#include <nlohmann/json.hpp>
#include <sys/wait.h>

namespace veille::test {

/// @p s single-quoted for the shell.
inline std::string q(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline void write(const std::filesystem::path& p, const std::string& text) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

inline bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

/// One run of the command: exit code (the shell's: 128 + N when signal N ended it), stdout,
/// stderr.
struct Run {
    int code = -1;
    std::string out;
    std::string err;
    [[nodiscard]] nlohmann::json js() const { return nlohmann::json::parse(out); }
};

/// A scratch directory with an index path and a way to run the command in it.
struct Cli {
    TempDir dir;
    std::string db = dir.str("db");

    /// Runs @p command with the shell, in the scratch directory.
    Run shell(const std::string& command, const std::string& stdin_path = "/dev/null") const {
        const auto out = dir.path / "stdout";
        const auto err = dir.path / "stderr";
        const std::string cmd = "cd " + q(dir.path.string()) + " && { " + command + "; } < " +
                                q(stdin_path) + " > " + q(out.string()) + " 2> " + q(err.string());
        const int status = std::system(cmd.c_str());
        Run r;
        r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        r.out = slurp(out);
        r.err = slurp(err);
        return r;
    }
    /// Runs veille with @p args (already quoted for the shell).
    Run run(const std::string& args, const std::string& stdin_path = "/dev/null") const {
        return shell(q(VEILLE_CLI) + " " + args, stdin_path);
    }
    /// Runs `veille COMMAND --db DB ARGS`.
    Run veille(const std::string& command, const std::string& args) const {
        return run(command + " --db " + q(db) + " " + args);
    }
};

}  // namespace veille::test
