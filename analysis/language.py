"""Is an article in English? A cheap, deterministic check on script and function words.

The extractor's rules and knowledge base are English; run on French or Arabic they would
find nonsense, so a non-English article is stored with a flag and nothing is extracted
from it. The check looks at the share of Latin letters, then at which language's common
function words ("the", "and", "of" against "le", "et", "de"...) the text uses most. A text
too short to judge is taken as English: a wrong "English" costs at most a few claims,
a wrong "foreign" would silently drop a real article's claims.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

MIN_LETTERS = 40  # fewer letters than this: too short to judge
MIN_WORDS = 12
MIN_LATIN_SHARE = 0.5  # below this share of Latin letters the text is in another script
MIN_ENGLISH_SHARE = 0.12  # English news: about a third of its words are function words
SAMPLE_CHARS = 20_000  # the check reads this much from the start of the text

# Frequent function words of English and of the languages most often met in news of
# these wars besides Arabic (which the script check catches).
_FUNCTION_WORDS = {
    "en": "the of and to in is that for on with as by was are at from it its has have had "
    "be were been said which this will their they not but who an or after over",
    "fr": "le la les des du un une et est dans pour sur au aux par qui que ne pas avec "
    "son ses ont été cette il elle sont mais leur plus selon entre",
    "es": "el la los las del un una y es en por para con que se no su sus al lo como "
    "más pero fue son ha han este esta según entre",
    "de": "der die das den dem des ein eine einen und ist im mit von zu auf für nicht "
    "sich auch es wird wurde sind hat haben nach bei aus",
    "it": "il lo la gli le di del della dei che è e per con non una un si sono ha nel "
    "alla anche secondo tra",
    "pt": "o os as do da dos das um uma e é em no na por para com que não se seu sua "
    "foi são ao pelo pela segundo",
    "tr": "ve bir bu da de ile için olarak olan gibi daha çok ama ancak göre sonra kadar değil ise",
    "nl": "de het een en van in is dat op te met voor zijn niet aan er ook als bij door naar werd",
}
FUNCTION_WORDS = {code: frozenset(words.split(" ")) for code, words in _FUNCTION_WORDS.items()}
SCRIPTS = {
    "ARABIC": "ar",
    "CYRILLIC": "ru",
    "HEBREW": "he",
    "CJK": "zh",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "HANGUL": "ko",
    "GREEK": "el",
    "DEVANAGARI": "hi",
    "THAI": "th",
}
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class LanguageGuess:
    """`code` is an ISO 639-1 guess ("und" when only the script is known); `english` is
    False only when the text is long enough to judge and clearly not English."""

    code: str
    english: bool
    reason: str = ""


def guess_language(text: str) -> LanguageGuess:
    """Guess whether `text` is English; see the module docstring for how."""
    sample = text[:SAMPLE_CHARS]
    # Counted by regular expressions: ASCII letters are Latin, only the rest is looked at
    # one by one (a character loop over every article was a tenth of an ingest).
    others = [ch for ch in _NON_ASCII.findall(sample) if ch.isalpha()]
    n_letters = len(_ASCII_LETTER.findall(sample)) + len(others)
    if n_letters < MIN_LETTERS:
        return LanguageGuess("en", True, "too short to judge")
    foreign = [ch for ch in others if not _is_latin(ch)]
    if (n_letters - len(foreign)) / n_letters < MIN_LATIN_SHARE:
        script = _main_script(foreign)
        code = SCRIPTS.get(script, "und")
        return LanguageGuess(code, False, f"written in {script.title() or 'another'} script")
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < MIN_WORDS:
        return LanguageGuess("en", True, "too short to judge")
    shares = {
        code: sum(w in vocab for w in words) / len(words) for code, vocab in FUNCTION_WORDS.items()
    }
    english = shares.pop("en")
    best = max(shares, key=shares.__getitem__)
    if english >= MIN_ENGLISH_SHARE or english >= shares[best]:
        return LanguageGuess("en", True)
    if shares[best] < MIN_ENGLISH_SHARE:
        return LanguageGuess("und", False, "few English words")
    return LanguageGuess(best, False, f"function words of '{best}', few of English")


_ASCII_LETTER = re.compile(r"[A-Za-z]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _is_latin(ch: str) -> bool:
    return ord(ch) < 0x250 or unicodedata.name(ch, "").startswith("LATIN")


def _main_script(chars) -> str:
    counts = Counter(unicodedata.name(ch, "UNKNOWN").split(" ")[0] for ch in chars)
    return counts.most_common(1)[0][0] if counts else ""
