// SPDX-License-Identifier: MIT
// The one Boost.Test module of veille; the suites live in test_<area>.cpp.
#define BOOST_TEST_MODULE veille
#include <boost/test/unit_test.hpp>
