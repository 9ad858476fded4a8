// SPDX-License-Identifier: MIT
#include "facets/facets.hpp"

namespace veille::detail {

std::vector<FacetRequest> default_facets() {
    std::vector<FacetRequest> out(3);
    out[0].field = "source";
    out[1].field = "date";
    out[2].field = "person";
    return out;
}

std::vector<FacetResult> count_facets(const Xapian::Database&, const ParsedQuery&,
                                      const std::vector<FacetRequest>&) {
    return {};  // counted in the facets issue
}

}  // namespace veille::detail
