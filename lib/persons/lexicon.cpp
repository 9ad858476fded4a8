// SPDX-License-Identifier: MIT
#include "persons/lexicon.hpp"

#include <cstring>
#include <functional>
#include <string_view>
#include <unordered_map>

#include "analysis/text.hpp"

namespace veille::detail {

namespace {

#include "persons/lexicon.inc"

// International given names, written for veille (common given names are facts): French news
// names many foreigners whom the French dictionary does not list. Surname-first East Asian
// family names that open a name (Bong Joon-ho, Kim Jong-un) are listed here too.
constexpr std::string_view intl_given_names[] = {R"lex(
Aaron Abby Abigail Ada Adele Adrian Agnieszka Ahmed Aidan Aileen Akira Alan Alastair Albert
Alberto Aleksandr Aleksei Alessandra Alessandro Alexei Alexis Alfonso Ali Alicia Alison Alistair
Aliyu Allison Alonso Alvaro Amber Amir Amy Ana Anders Andrea Andrei Andrej Andres Andrew Andrzej
Angela Angelina Angus Anil Anita Anja Anna Annalena Anthony Antonio Anya Arnold Arjun Ashley
Ashton Aubrey Audrey Austin Ava Ayumi Barack Barbara Barry Ben Benedict Bernie Beth Betty Beyonce
Bianca Bill Billie Bjorn Bob Bobby Boris Brad Bradley Brendan Brett Brian Bridget Britney Brooke
Bruce Bruno Bryan Caitlin Cameron Candace Carla Carlos Carlo Carmen Carol Carrie Casey Cate Catherine
Cecilia Celine Chad Charles Charlie Charlize Chelsea Cheng Chiara Chloe Chris Christian Christina
Christoph Christopher Chuck Ciaran Cillian Claudia Clint Cody Colin Conor Constance Cory Courtney
Craig Cristiano Cynthia Dakota Dale Damian Dan Dana Daniela Danny Dario Darren Dave David Dean Deborah
Demi Denis Dennis Denzel Derek Diego Dmitri Dmitry Dolly Dominic Donald Donna Doug Drew Dua Dustin
Dwayne Dylan Ed Eddie Edward Elena Eli Elijah Elisa Elizabeth Ella Ellen Elon Emily Emma Enrique
Eric Erik Erin Ethan Eva Evan Ewan Ezra Fatima Federico Felipe Felix Fernando Finn Fiona Florence
Francesca Francesco Frank Frankie Fred Freddie Gabriela Gareth Gary Gavin Gemma Gene George
Georgia Gerhard Gianluca Gianni Gina Giorgia Giorgio Giovanni Giulia Giuseppe Glenn Gordon Grace
Graham Greg Gregory Greta Guillermo Gustavo Gwyneth Hailey Hakeem Hamid Hank Hannah Hans Harold
Harrison Harry Harvey Hasan Hassan Heather Heidi Helen Helmut Henry Hideo Hillary Hiroshi Hirokazu
Hugh Hunter Ian Idris Igor Ilya Imran Ingrid Irina Isaac Isabella Ivan Ivanka Jack Jackie Jacob
Jaime Jake James Jamie Jan Jane Janet Janis Jared Jason Javier Javad Jay Jean Jeff Jeffrey Jennifer
Jenna Jeremy Jerome Jesse Jessica Jill Jim Jimmy Joan Joanna Joaquin Jodie John Johnny Jon Jonah
Jonathan Jordan Jorge Jose Joseph Josh Joshua Juan Judd Judith Judy Julia Julian Julianne Justin
Kamala Kanye Karen Karim Karl Kate Katherine Kathleen Kathryn Katie Katy Kazuo Keanu Keir Keith
Kelly Ken Kendrick Kenji Kenneth Kevin Kim Kirsten Klaus Kristen Kristin Kumail Kurt Kyle Kylie
Lana Lance Larry Laura Lauren Lee Leila Lena Leo Leon Leonardo Lewis Liam Lily Linda Lionel Lisa
Liu Liz Lorenzo Lou Luca Lucas Lucia Luis Luka Luke Lupita Madonna Maggie Mahershala Manuel Marco
Margaret Margot Maria Mariah Mario Mark Marta Martha Martin Mary Matt Matteo Matthew Maya Megan Mel
Melania Melissa Meryl Mia Michael Michelle Miguel Mike Mikhail Mila Miles Miranda Mitch Mo
Mohamed Mohammed Morgan Muhammad Nancy Naomi Narendra Natalia Natalie Nathan Neil Nelson Nicola
Nicolas Nicole Nigel Nikita Nikola Noah Nora Norman Olaf Oleg Olga Oliver Olivia Omar Orlando Oscar
Owen Pablo Pamela Paolo Park Patricia Patrick Paul Paula Pavel Pedro Penelope Pete Peter Phil Philip
Phoebe Pierce Quentin Rachel Rafael Rahul Rami Ramon Randy Rebecca Recep Reese Rex Rhys Ricardo
Richard Rick Ridley Rishi Rita Rob Robbie Robert Roberto Robin Rocco Rodrigo Roger Roman Ron Ronald
Rooney Rory Rosa Ross Roy Ruby Rupert Russell Ruth Ryan Ryuichi Sacha Sadiq Salma Sam Samantha Samuel
Sandra Sanna Sarah Saoirse Scarlett Scott Sean Sebastian Selena Sergei Sergey Seth Shakira Sharon
Shaun Sheryl Shinzo Shonda Sigourney Simon Sofia Sophia Stacey Stanley Stefan Stella Stephen Steve
Steven Stuart Sundar Susan Suzanne Sven Sydney Sylvester Taika Takeshi Tamara Tania Tanya Taylor Ted
Teresa Terry Thierry Thomas Tilda Tim Timothy Tina Todd Tom Tommy Toni Tony Tracy Travis Trevor
Troy Tyler Uma Ursula Valentina Vanessa Vera Veronica Victor Viktor Vince Vincent Viola Vladimir
Volodymyr Walter Wayne Wendy Wes Whitney Will Willem William Wim Winona Woody Xavier Xi Yann Yasmin
Yoko Yuri Yusuf Zach Zachary Zendaya Zoe Zohran
Abiy Alassane Amadou Aminata Assa Aya Bola Chimamanda Cyril Didier Emmerson Fela Felix Hage Idrissa
Issa Jacob Kofi Macky Mamadou Moussa Muhammadu Nelson Ngozi Oumar Ousmane Paul Sadio Samuel Thabo
Wole Yoweri Youssou
Bong Kim Moon Yoon Xi Li Wang Zhang Chen Hu Ma Deng Mao Zhou Shinzo Fumio Yoshihide Haruki Hayao
Isao Mamoru Makoto Yorgos Yanis Alexis Kyriakos Recep Benyamin Benjamin Naftali Yair Mahmoud Bashar
Joao Mateus Leandro Marcelo Neymar Rui Nuno Duarte Goncalo Bernardo Afonso
Primoz Janez Matej Jure Ante Dejan Goran Zoran Milos Novak Nemanja Dusan Marko Ivica Zlatan
Aissatou Fatoumata Mariama Awa Ramatoulaye Ndeye Kalidou Cheikh Babacar Serigne Seydou
Taro Kenta Yuki Naoki Yui Sakura Haruto Daisuke Shohei Yoshinori Junichiro
Hichem Nabil Walid Yacine Riyad Sofiane Anis Ilyes Zinedine Satya
Ebrahim Hassan Ali Vladimir Volodymyr Alexeï Alexandre Sergueï Dmitri Mikhaïl Leonid Nikolaï Iouri
)lex"};

constexpr std::string_view particles[] = {R"lex(
de du des del della dello dei degli van von der den ter da das dos di le la bin ben al el ibn y zu
d' of
)lex"};

constexpr std::string_view triggers[] = {R"lex(
m mm mme mmes mlle mlles me mgr dr pr st sir lord lady dame monsieur madame mademoiselle maitre
docteur professeur general generale colonel capitaine commandant lieutenant sergent caporal marechal
amiral abbe cardinal eveque archeveque pere soeur frere pasteur rabbin imam
president presidente vice-president vice-presidente ministre depute deputee eurodepute eurodeputee
senateur senatrice maire juge avocat avocate procureur procureure prefet prefete ambassadeur
ambassadrice chancelier chanceliere roi reine prince princesse pape emir sultan gouverneur gouverneure
conseiller conseillere secretaire commissaire elu elue candidat candidate opposant opposante
militant militante syndicaliste porte-parole leader dirigeant dirigeante patron patronne pdg
directeur directrice fondateur fondatrice cofondateur cofondatrice investisseur milliardaire
economiste banquier banquiere
realisateur realisatrice acteur actrice comedien comedienne chanteur chanteuse cineaste scenariste
ecrivain ecrivaine auteur autrice romancier romanciere poete poetesse dramaturge producteur
productrice compositeur compositrice musicien musicienne rappeur rappeuse guitariste pianiste
violoniste chef-d'orchestre danseur danseuse choregraphe artiste peintre sculpteur photographe
dessinateur dessinatrice styliste couturier createur creatrice showrunner animateur animatrice
presentateur presentatrice journaliste editorialiste chroniqueur chroniqueuse philosophe
historien historienne sociologue chercheur chercheuse scientifique biologiste physicien physicienne
entraineur entraineuse selectionneur selectionneuse joueur joueuse attaquant attaquante defenseur
gardien gardienne milieu capitaine pilote boxeur boxeuse nageur nageuse skieur skieuse cycliste
tennisman tenniswoman athlete sprinteur sprinteuse coureur coureuse footballeur footballeuse
rugbyman basketteur basketteuse judoka escrimeur escrimeuse navigateur navigatrice alpiniste
nomme nommee dite veuve epoux epouse
)lex"};

constexpr std::string_view orgs[] = {R"lex(
pictures guild festival studio studios institute institut coalition center centre awards award
prize prix foundation fondation records entertainment films film productions production university
universite college school ecole group groupe inc corp corporation ltd sa sas llc co company ai
labs lab association club fc ac sc academy academie museum musee stadium stade park city street
avenue rue boulevard place square hotel bank banque media medias news times post journal magazine
tv television radio channel network cup coupe open championship championnat league ligue tour
trophy trophee party parti union federation federation agency agence council conseil committee
comite ministry ministere department departement court tribunal republic republique state etat
airlines airways motors technologies systems software capital partners holdings ventures global
international national nations press presse gallery galerie theatre theater opera orchestra
orchestre philharmonie band boys girls brothers bros sisters records music musique mirror wars
island islands valley river mountain lake beach bay mount college hall house maison palace palais
church eglise cathedral cathedrale hospital hopital station airport aeroport watch prix
)lex"};

// Capitalised words that open a sentence or a run and are never part of a name.
constexpr std::string_view never_names[] = {R"lex(
le la les l' un une des du de d' au aux ce cet cette ces son sa ses leur leurs mon ma mes notre nos
votre vos il elle ils elles on nous vous je tu qui que quoi dont ou et mais donc or ni car si
selon apres avant pendant depuis pour par avec sans sous sur chez contre entre vers dans en des
lorsque quand comme alors ainsi aussi encore enfin puis deja hier aujourd'hui demain lundi mardi
mercredi jeudi vendredi samedi dimanche janvier fevrier mars avril mai juin juillet aout septembre
octobre novembre decembre monsieur madame president presidente ministre premier premiere
gouvernement etat france paris europe tout toute tous toutes chaque plusieurs certains certaines
face outre malgre parmi grace via hormis voici voila oui non
)lex"};

constexpr std::string_view place_openers[] = {R"lex(
san santa santo sao saint sainte st ste los las new port fort mont cap lake north south east west
upper lower great royal haute haut bas basse ile iles
)lex"};

// Nouns before a person's name that make it the name of a street, a building, a prize or a
// ship: "rue Victor Hugo", "lycée Jean Moulin", "prix Albert Londres".
constexpr std::string_view named_after[] = {R"lex(
rue avenue boulevard bd place quai cours allee impasse chemin route pont square parc jardin
esplanade promenade rond-point lycee college ecole universite faculte institut centre musee stade
gymnase piscine hopital clinique gare station aeroport salle theatre cinema prix fondation
residence cite quartier galerie bibliotheque mediatheque espace complexe metro paquebot navire
porte-avions fregate trophee tournoi memorial amphitheatre auditorium campus
)lex"};

using Words = std::unordered_map<std::string, std::uint16_t>;

void add_words(Words& map, std::string_view text, std::uint16_t flag) {
    std::string key;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\n')) ++i;
        std::size_t j = i;
        while (j < text.size() && text[j] != ' ' && text[j] != '\n') ++j;
        if (j > i) {
            key.clear();
            analysis::append_folded(key, text.substr(i, j - i));
            map[key] |= flag;
        }
        i = j;
    }
}

template <std::size_t N>
void add_all(Words& map, const std::string_view (&chunks)[N], std::uint16_t flag) {
    for (auto chunk : chunks) add_words(map, chunk, flag);
}

}  // namespace

Lexicon::Lexicon() {
    Words words;
    words.reserve(90000);
    add_all(words, fr_given_names, given_name);
    add_all(words, intl_given_names, given_name);
    add_all(words, fr_surnames, surname_word);
    add_all(words, fr_proper_nouns, proper_noun);
    add_all(words, fr_common_words, common_word);
    add_all(words, particles, particle_word);
    add_all(words, triggers, trigger_word);
    add_all(words, orgs, org_word);
    add_all(words, never_names, never_word);
    add_all(words, place_openers, place_word);
    add_all(words, named_after, named_after_word);

    std::size_t n = 1024;
    while (n * 3 < words.size() * 4) n *= 2;
    slots_.assign(n, Slot{});
    for (const auto& [word, fl] : words) {
        std::size_t i = std::hash<std::string_view>{}(word) & (n - 1);
        while (slots_[i].flags != 0) i = (i + 1) & (n - 1);
        Slot& s = slots_[i];
        s.flags = fl;
        s.len = static_cast<std::uint16_t>(word.size());  // words are short lines of the lists
        if (word.size() <= sizeof s.key) {
            std::memcpy(s.key, word.data(), word.size());
        } else {
            s.long_offset = static_cast<std::uint32_t>(long_keys_.size());
            long_keys_ += word;
        }
    }
}

std::uint16_t Lexicon::raw(std::string_view f) const noexcept {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = std::hash<std::string_view>{}(f)&mask;; i = (i + 1) & mask) {
        const Slot& s = slots_[i];
        if (s.flags == 0) return 0;
        if (s.len != f.size()) continue;
        const char* key = f.size() <= sizeof s.key ? s.key : long_keys_.data() + s.long_offset;
        if (std::memcmp(key, f.data(), f.size()) == 0) return s.flags;
    }
}

const Lexicon& Lexicon::get() {
    static const Lexicon lexicon;
    return lexicon;
}

std::uint16_t Lexicon::flags(std::string_view f) const {
    std::uint16_t fl = raw(f);
    // Plurals: "polonais" is listed, "Bleus" is "bleu" + s.
    if ((fl & common_word) == 0 && f.size() > 3 && (f.back() == 's' || f.back() == 'x'))
        fl = static_cast<std::uint16_t>(fl | (raw(f.substr(0, f.size() - 1)) & common_word));
    return fl;
}

}  // namespace veille::detail
