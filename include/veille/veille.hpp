// SPDX-License-Identifier: MIT
/// @file
/// Everything of veille's public API.
#pragma once

#include "veille/dates.hpp"
#include "veille/document.hpp"
#include "veille/error.hpp"
#include "veille/hygiene.hpp"
#include "veille/index.hpp"
#include "veille/persons.hpp"
#include "veille/search.hpp"
#include "veille/synonyms.hpp"
#include "veille/version.hpp"
