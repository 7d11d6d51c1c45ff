"""Numbers as people write them: digits with any grouping, words, magnitudes (million, crore, lakh)."""
from __future__ import annotations

import re
from functools import lru_cache

SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000}
DOZEN = {"dozen": 12}

MAGNITUDES = {
    "thousand": 1e3, "k": 1e3, "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5, "million": 1e6, "millions": 1e6,
    "mn": 1e6, "mln": 1e6, "m": 1e6, "crore": 1e7, "crores": 1e7, "cr": 1e7, "billion": 1e9, "billions": 1e9,
    "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "mill": 1e6,
}

_word = "|".join(sorted([*SMALL, *TENS], key=len, reverse=True))
# "half a billion", "a couple of months", "a fortnight", "a billion yen": a quantity without a number word,
# only where a magnitude or a unit follows (a bare "a" is an article)
_UNIT_AHEAD = r"(?=\s+(?:thousand|lakhs?|crores?|million|billion|trillion|decades?|years?|months?|weeks?|days?|fortnights?|century)\b)"
# a bare "a" only before a magnitude or a fortnight: "a year" is mostly "per year" ("4,000 scholarships a year")
_MAGNITUDE_AHEAD = r"(?=\s+(?:thousand|lakhs?|crores?|million|billion|trillion|fortnight)\b)"
# "a week program", "a month-long visit": one unit of time describing what lasts it
_LENGTH_OF_AHEAD = r"(?=\s+(?:day|week|month|year)(?:-long)?\s+(?:program(?:me)?|course|stay|visit|trip|tour|internship|training|workshop|residency)s?\b)"
FRACTION_NUMBER = rf"(?:(?:half\s+an?|a\s+couple\s+of|a\s+quarter\s+of\s+an?){_UNIT_AHEAD}|an?{_MAGNITUDE_AHEAD}|an?{_LENGTH_OF_AHEAD})"
# "twenty-five", "one hundred and fifty", "two thousand": a run of number words
WORD_NUMBER = (
    rf"(?:(?:{_word})(?:[- ](?:{_word}))?"
    rf"(?:\s+(?:hundred|thousand)(?:\s+(?:and\s+)?(?:{_word})(?:[- ](?:{_word}))?)?)*|a\s+dozen|a\s+hundred|a\s+thousand|{FRACTION_NUMBER})"
)
# 1,25,000 (Indian grouping), 1,250,000, 3100, 1.25, .5, 0,9 (a decimal comma: one or two digits after the
# comma and no group after them), 1e308 (read whole, so that it is never taken for 1), 37 500 and 1 250 000
# (groups of three after a space or a no-break space, as in '37 500 €'; never after a longer run, so a year
# and the number after it stay two). Atomic: a run of digits and commas is read once, whatever follows it.
# and 4.500.000 (European thousands dots: two groups or more, so '4.500' stays a decimal)
DIGIT_NUMBER = r"(?>(?<![\d,.])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d])(?![.,]\d)|(?<![\d,.])\d{1,3}(?:\.\d{3}){2,}(?![\d])(?![.,]\d)|\d+,\d{1,2}(?![\d,])|\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE][+-]?\d+\b)?|(?<![\w.])\.\d+)"
# "million", "bn", "lakh crore": magnitudes may stack in Indian usage
MAGNITUDE = r"(?:lakh\s+crores?|(?:thousand|lakhs?|lacs?|millions?|mill|mn|mln|crores?|cr|billions?|bn|trillion|tn)\b|[mbk]\b)"


_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
_GROUP_SPACES = str.maketrans("", "", " \u00a0\u202f,")


def parse_digits(token: str) -> float:
    """'3,500' -> 3500.0, '37 500' -> 37500.0, '4.500.000' -> 4500000.0, '1,25,000' -> 125000.0, '0,9' -> 0.9, '1e5' -> 100000.0."""
    if _DECIMAL_COMMA.fullmatch(token):
        return float(token.replace(",", "."))
    if token.count(".") > 1:  # '4.500.000'
        return float(token.replace(".", ""))
    return float(token.translate(_GROUP_SPACES))


def parse_words(phrase: str) -> float | None:
    """'twenty-five' -> 25, 'one hundred and fifty' -> 150, 'a dozen' -> 12; None if not a number."""
    total, current, seen = 0, 0, False
    for w in _WORD_SEPARATORS.split(phrase.lower().strip()):
        if w in ("and", "", "of"):
            continue
        if w in ("a", "an"):
            current, seen = (current or 1), True
        elif w == "half":
            return 0.5
        elif w == "quarter":
            return 0.25
        elif w == "couple":
            return 2.0
        elif w in SMALL:
            current += SMALL[w]
            seen = True
        elif w in TENS:
            current += TENS[w]
            seen = True
        elif w in DOZEN:
            current = (current or 1) * 12
            seen = True
        elif w == "hundred":
            current = (current or 1) * 100
            seen = True
        elif w == "thousand":
            total += (current or 1) * 1000
            current = 0
            seen = True
        else:
            return None
    return float(total + current) if seen else None


_DIGIT_NUMBER_RE = re.compile(DIGIT_NUMBER)
_WORD_SEPARATORS = re.compile(r"[\s-]+")


@lru_cache(maxsize=16384)
def parse_number(token: str) -> float | None:
    """A number written in digits or words as a float (cached: the same few numbers recur); None if not a number."""
    token = token.strip()
    if _DIGIT_NUMBER_RE.fullmatch(token):
        return parse_digits(token)
    return parse_words(token)


def parse_magnitude(phrase: str | None) -> float:
    """'lakh crore' -> 1e12, 'billion' -> 1e9, None -> 1."""
    if not phrase:
        return 1.0
    factor = 1.0
    for w in phrase.lower().split():
        factor *= MAGNITUDES.get(w, 1.0)
    return factor
