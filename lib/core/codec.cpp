// SPDX-License-Identifier: MIT
#include "core/codec.hpp"

#include <fstream>
#include <sstream>

#include "veille/error.hpp"

namespace veille::detail {

std::string read_file(const std::string& path, std::string_view what) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buf;
    if (in) buf << in.rdbuf();
    if (!in || in.bad())
        throw Error(ErrorCode::io, "cannot read " + std::string(what) + " file '" + path + "'");
    return buf.str();
}

}  // namespace veille::detail
