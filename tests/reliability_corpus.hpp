// SPDX-License-Identifier: MIT
// The deterministic import shared by the reliability tests and their helper program: document
// number i is always the same, so a re-run of the import can be checked document by document.
#pragma once

#include <array>
#include <cstddef>
#include <cstdio>
#include <string>

#include "veille/document.hpp"

namespace veille::test {

/// The alert the import stores (reliability_helper.cpp): about one document in five.
inline constexpr const char* reliability_alert = "conseil";
inline constexpr const char* reliability_alert_query = "\"conseil municipal\"";

inline std::string corpus_id(std::size_t i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "dépêche-%06zu", i);
    return buf;
}

/// Document number @p i of the import: French text, a source, a date and persons.
inline Document corpus_doc(std::size_t i) {
    static constexpr std::array<const char*, 4> sources{"Le Monde", "Libération", "Ouest-France",
                                                        "La Dépêche du Midi"};
    static constexpr std::array<const char*, 5> subjects{
        "le conseil municipal de Lyon", "la préfecture de la Gironde", "le tribunal de Rennes",
        "l’assemblée régionale d’Occitanie", "la mairie de Besançon"};
    static constexpr std::array<const char*, 4> verbs{"vote le budget", "annonce des travaux",
                                                      "reporte sa décision", "ouvre une enquête"};
    Document d;
    d.id = corpus_id(i);
    d.title = std::string("Dépêche ") + std::to_string(i) + " : " + subjects[i % subjects.size()] +
              " " + verbs[(i / 5) % verbs.size()];
    d.body = "Selon nos informations, " + std::string(subjects[(i + 2) % subjects.size()]) +
             " a examiné le dossier numéro " + std::to_string(i) +
             " jeudi soir. Les élus ont débattu pendant trois heures ; la séance a été suspendue "
             "deux fois.\nUn nouveau rendez-vous est prévu à l’automne. Marqueur repère" +
             std::to_string(i % 7) + ".";
    d.source = sources[i % sources.size()];
    char date[16];
    std::snprintf(date, sizeof date, "20%02zu-%02zu-%02zu", 20 + i % 5, 1 + i % 12, 1 + i % 28);
    d.date = date;
    d.url = "https://exemple.fr/depeches/" + std::to_string(i);
    if (i % 3 == 0) d.persons = {"Élisabeth Borne", "Jean-Luc Mélenchon"};
    return d;
}

}  // namespace veille::test
