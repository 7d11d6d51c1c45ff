"""Figures in running text: money, counts, durations and percentages, each with its qualifier and offsets.

A number becomes a figure only when it carries a unit: a currency, a time unit, a percent sign or a
counted noun. That one rule keeps out most non-figures (years, list markers, '5G', 'Article 6');
dates, ordinals, names with digits and URLs are masked before numbers are read.

Each way of reading a number is a registered rule (`FIGURE_RULES`, tried in order on every number). The
document is read once: the numbers in one pass, the words that decide a money type or an exchange found
once per document and looked up by bisection, the words around a number read in windows of bounded size.
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Callable

from transforms.countries import default_countries
from transforms.currencies import VOCABULARY, name_key
from transforms.dates import DateMention
from transforms.numbers import DIGIT_NUMBER, MAGNITUDE, WORD_NUMBER, parse_magnitude, parse_number, parse_words
from transforms.rules import Case, rule
from transforms.text import FOLDS_TO_ASCII_LETTERS, caseless, digits_are_ascii, finditer_from, word_starts

# ----------------------------------------------------------------------------- vocabularies

TIME_UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
              "year": "year", "years": "year", "decade": "decade", "decades": "decade", "fortnight": "fortnight",
              "fortnights": "fortnight"}
# units a text may use that the tables store as another: a decade is 10 years, a fortnight 2 weeks
UNIT_AS = {"decade": ("year", 10.0), "fortnight": ("week", 2.0)}
DAYS_PER_UNIT = {"day": 1.0, "week": 7.0, "month": 30.4375, "year": 365.25}
# the largest value of each kind that a text can mean; a larger one is a misread (400 digits, '1e308')
PLAUSIBLE_BELOW = {"money": 1e17, "count": 1e11, "duration": 1e5, "percent": 1e6}

QUALIFIERS = [
    (r"(?:about|around|approx(?:imate?ly|imatly|imetely|\.)?|aprox(?:imately|\.)?|nearly|almost|roughly|some|close\s+to|an\s+estimated|estimated|~|≈|c\.|circa)", "approx"),
    (r"(?:more\s+than|over|above|exceeding|in\s+excess\s+of|upwards\s+of|beyond)", "more_than"),
    (r"(?:at\s+least|a\s+minimum\s+of|minimum\s+of|not\s+less\s+than|no\s+less\s+than|no\s+fewer\s+than)", "at_least"),
    (r"(?:up[\s-]*to|upto|a\s+maximum\s+of|maximum\s+of|max\.?\s+of|at\s+most|within|not\s+more\s+than|no\s+more\s+than|not\s+exceeding|not\s+(?:to\s+)?exceed|capped\s+at|a\s+ceiling\s+of|limited\s+to)", "at_most"),
    (r"(?:less\s+than|fewer\s+than|under|below)", "less_than"),
]
# the first two characters of every qualifier, said up front: searched from every position of the text before a
# number, the pattern is then entered at few of them
_QUALIFIER_BEFORE = re.compile(
    r"(?=a[bprlnt\s]|n[eo]|ro|so|c[l.ia]|e[sx]|m[oia]|ov|in|u[pn]|be|wi|l[ei]|fe|[~≈])"
    r"(?P<q>" + "|".join(f"(?P<{name}>{pat})" for pat, name in QUALIFIERS) + r")\s*(?:the\s+next\s+|a\s+total\s+of\s+)?$",
    re.IGNORECASE,
)
# "add up to 5 billion" is a total, not a cap; "over the next five years" means during them
_TOTAL_BEFORE = re.compile(r"\badds?\s+up\s+to\s*$|\badding\s+up\s+to\s*$", re.IGNORECASE)
_DURING = re.compile(r"\b(?:over|during|in|for)\s+the\s+(?:next|past|last|coming|following)\s*$|"
                     r"\b(?:spread|split|divided|distributed|staggered|phased|disbursed)\s+over\s*$", re.IGNORECASE)
# a qualifier after the figure: "EUR 2 million (approx.)"
_QUALIFIER_AFTER = re.compile(r"\s*\(\s*(?:approx(?:imately|\.)?|approximate|estimated|est\.)\s*\)", re.IGNORECASE)
# a number whose unit comes after the next one: 'up to 30 and 60 days each'
_COORDINATED_UNIT = re.compile(rf"[ \t]+(?:and|or)[ \t]+(?:{DIGIT_NUMBER}|{WORD_NUMBER})(?P<unit>(?:\s+|-)(?:days?|weeks?|months?|years?)\b)", re.IGNORECASE)
# 'up to 30 and 60 days': the qualifier before the first number governs the second
_COORDINATED_QUALIFIER = re.compile(r"(?P<num>\d[\d,.]*|[a-z]+)[ \t]+(?:and|or)[ \t]*$", re.IGNORECASE)
# a short unit phrase between an amount and a qualifier after it: 'EUR 400 per month (approx.)', '/year (approx)'
_PER_UNIT = re.compile(r"[ \t]*(?:/[ \t]*|[ \t](?:per|a|an|each|every)[ \t]+)[A-Za-z-]+(?:[ \t]+[A-Za-z-]+)?(?=[ \t]*\()", re.IGNORECASE)
# a label line above an amount: "Maximum amount:" on its own line
# a label on the line above an amount, or in the table cell before it ('| Maximum amount: | EUR 50,000 |')
_LABEL_ABOVE = re.compile(r"\b(?P<label>maximum|max\.?|minimum|min\.?|approximate|estimated|up\s+to)\b[^\n|]{0,40}:?[ \t]*"
                          r"(?:\|[ \t]*\n?|\n)(?:[ \t]*\n)*[ \t]*\|?[ \t]*$", re.IGNORECASE)
_LABEL_QUALIFIER = {"maximum": "at_most", "max": "at_most", "up to": "at_most", "minimum": "at_least", "min": "at_least",
                    "approximate": "approx", "estimated": "approx"}

MONEY_TYPES = [
    ("loan", r"\b(?:loans?|yen\s+loan|ODA\s+loan|credit\s+line|line\s+of\s+credit|credit\s+facilit(?:y|ies)|credits?\s+agreements?|(?:soft|concessional|export)\s+credits?|lend(?:ing|s)?|borrow\w*|"
             r"concessional\s+(?:financ\w*|credit)|repay\w*|interest\s+rates?)\b"),
    ("grant", r"\b(?:grants?|grant[- ]in[- ]aid|grant\s+aid|donat\w+|aid|scholarships?|fellowships?|stipends?|bursar(?:y|ies)|call\s+for\s+proposals?|funding\s+call|"
              r"subsid(?:y|ies|ise[sd]?|ize[sd]?)|prizes?|awards?|awarded|non-repayable|technical\s+(?:cooperation|assistance))\b"),
    ("investment", r"\b(?:invest\w*|FDI|equity|capital\s+expenditure|fund\s+of|stakes?|venture\s+capital|capital\s+injection)\b"),
    ("economic_impact", r"\b(?:econom(?:y|ic\s+(?:impact|output|benefit|activity|value))|GDP)\b"),
    ("grant", r"\b(?:contribut\w*|fund(?:s|ed|ing)?\s+(?:of|for|to)|financial\s+(?:assistance|support))\b"),
    # public money for research and study is a grant: 'fund the programme', 'research programmes worth',
    # 'extending the centre's funding by', 'a research investment' (said of a research council's programmes)
    ("grant", r"\b(?:fund(?:s|ed|ing)?(?!\s+of\b)|research\s+(?:investments?|programmes?|programs?|projects?|calls?)|programmes?\s+funding)\b"),
    # money a body puts into a programme or matches is a grant: 'through its mobility programme', 'will match it with'
    ("grant", r"\b(?:through\s+(?:its|their|the)\s+(?:[\w-]+\s+){0,4}?program(?:me)?s?|match(?:es|ed|ing)?\s+(?:it|them|this|that|the\s+\w+)\s+with|matching\s+funds?)\b"),
]
# the letters the alternatives start with, said up front: the engine then skips most positions of a document
_MONEY_TYPE_RE = re.compile(r"\b(?=[abcdefgilnorsypmtv])(?:" + "|".join(f"(?P<t{i}>{pat})" for i, (_, pat) in enumerate(MONEY_TYPES)) + ")", re.IGNORECASE)
# the words a money-type match can start with: the document is searched for these, not scanned position by position
_MONEY_TYPE_STARTS = ("loan", "yen", "oda", "credit", "line", "lend", "borrow", "grant", "donat", "aid", "scholarship",
                      "fellowship", "stipend", "bursar", "call", "fund", "invest", "fdi", "equity", "capital", "econom",
                      "gdp", "contribut", "financial", "research", "programme", "through", "match", "concessional", "repay",
                      "interest", "subsid", "prize", "award", "non-repayable", "technical", "stake", "venture")
# "contribute $400 million to the regional economy": what the amount adds to an economy, said after it
_ECONOMY_AFTER = re.compile(r"[^.;]{0,50}\b(?:econom(?:y|ies)|GDP)\b", re.IGNORECASE)

IRREGULAR_PLURALS = {"people": "person", "persons": "person", "staff": "staff", "personnel": "personnel",
                     "children": "child", "midwives": "midwife", "men": "man", "women": "woman", "faculty": "faculty", "alumni": "alumnus",
                     "youth": "youth", "media": "media", "criteria": "criterion", "data": "data",
                     # Latin and Greek plurals ('theses' is no plural of 'these')
                     "consortia": "consortium", "curricula": "curriculum", "theses": "thesis", "hypotheses": "hypothesis",
                     "analyses": "analysis", "syllabi": "syllabus", "memoranda": "memorandum", "symposia": "symposium",
                     "fora": "forum", "phenomena": "phenomenon", "indices": "index", "appendices": "appendix",
                     "diagnoses": "diagnosis", "crises": "crisis", "bases": "base", "stimuli": "stimulus", "foci": "focus",
                     "radii": "radius", "nuclei": "nucleus", "corpora": "corpus", "genera": "genus", "strata": "stratum",
                     "bacteria": "bacterium", "millennia": "millennium", "emporia": "emporium", "spectra": "spectrum"}
PEOPLE_NOUNS = {
    "student", "researcher", "scientist", "person", "people", "worker", "fellow", "faculty", "delegate", "official",
    "visitor", "intern", "trainee", "professional", "teacher", "diplomat", "academic", "participant", "scholar",
    "engineer", "expert", "doctor", "nurse", "youth", "undergraduate", "postgraduate", "graduate", "professor",
    "entrepreneur", "journalist", "farmer", "volunteer", "candidate", "alumnus", "member",
    "child", "man", "woman", "staff", "personnel", "employee", "technician", "specialist", "caregiver", "officer",
    "pupil", "learner", "apprentice", "tourist", "migrant", "recruit", "physician", "athlete", "artist", "awardee",
    "citizen", "national", "invitee", "recipient", "postdoc", "administrator", "leader", "manager", "executive",
    "policymaker", "lecturer", "instructor", "mentor", "researcher-in-residence", "resident",
    # more of the people reports count; nouns in -ist and -ian are people by their ending (see _is_person)
    "grantee", "nominee", "appointee", "retiree", "refugee", "returnee", "attendee", "examinee", "mentee", "interviewee",
    "trainer", "educator", "coordinator", "supervisor", "investigator", "innovator", "inventor", "founder", "director",
    "surgeon", "midwife", "paramedic", "medic", "astronaut", "astronomer", "translator", "interpreter", "curator",
    "cadet", "soldier", "sailor", "seafarer", "fisherman", "labourer", "laborer", "designer", "programmer",
    "planner", "lawmaker", "legislator", "writer", "reporter", "photographer", "filmmaker", "musician", "performer",
    "coach", "expatriate", "expat", "foreigner", "immigrant", "emigrant", "pilgrim", "traveller", "traveler",
    "passenger", "patient", "beneficiary", "villager", "inhabitant", "adult", "girl", "boy", "kid", "teenager",
    "adolescent", "jobseeker", "employer", "lawyer", "judge", "prosecutor", "auditor", "inspector",
    "ambassador", "envoy", "minister", "mayor", "governor", "senator", "consul", "attaché", "doctorand", "phd",
    "freshman", "alumna", "dentist", "veterinarian", "counsellor", "counselor", "advisor",
    "adviser", "consultant", "analyst", "representative", "dean", "rector", "chancellor",
    "servant", "principal", "headteacher", "breeder", "tutor", "mechanic", "operator", "welder", "carpenter", "ranger",
    "firefighter", "clinician", "chef", "cook", "guide", "caretaker", "warden",
}
# nouns in -ist and -ian that name no person
_NOT_PEOPLE = {"list", "checklist", "playlist", "wishlist", "wrist", "twist", "mist", "gist", "fist", "median", "meridian"}
# what moves by itself: a visit or an exchange is a movement between the partners, whoever makes it
VISIT_NOUNS = {"visit", "exchange", "trip", "mission", "delegation", "tour", "placement", "secondment", "internship", "stay", "visa"}
# places in a programme that someone fills by moving: a scholarship, a fellowship, a slot or seat reserved for them
SLOT_NOUNS = {"fellowship", "scholarship", "slot", "seat", "place", "position", "bursary", "stipend"}
# a grant or an award is a slot only when it pays for a move: 'mobility grants', 'travel awards'
_MOBILITY_AWARD = re.compile(r"\b(?:mobility|travel|exchange|visiting|visitor|study[\s-]abroad|sandwich)[\s-]+(?:[\w-]+[\s-]+)?(?:grants?|awards?)\b", re.IGNORECASE)
MOVEMENT_CUES = re.compile(
    r"\b(?=[acdefghimoprstvw])(?:visit\w*|exchang\w*|participat\w*|attend\w*|movement|mobility|travel\w*|sen[dt]|sending|host\w*|"
    r"invit\w*|dispatch\w*|came|come|go(?:ing|ne)?\s+to|went|study(?:ing)?\s+(?:in\s+(?:the\s+)?(?-i:[A-Z])|abroad)|"
    r"studied\s+in\s+(?:the\s+)?(?-i:[A-Z])|trained\s+in\s+(?:the\s+)?(?-i:[A-Z])|post(?:ing|ed)\s+(?:of|to)|"
    r"welcome\w*|receiv\w*|placed|deploy\w*|migrat\w*|inbound|outbound|scholarships?|fellowships?|"
    r"second(?:ed|ment)|tour(?:s|ed|ing)?|delegations?)\b",
    re.IGNORECASE,
)
# a move told by its destination, whatever the verb: 'will leave for', 'pursue PhDs at', 'trained at the <Institute>',
# 'at <partner-adjective> universities'; searched only in the clause of a count of people no movement word names
_DESTINATION = re.compile(
    r"\b(?:leav(?:e|es|ing)\s+for|left\s+for|depart\w*|head(?:s|ed|ing)?\s+(?:to|for)|fl(?:y|ies|ew|ying)\s+to|arriv\w*|"
    r"relocat\w*|abroad|overseas|pursu\w*|educated\s+(?:in|at)|"
    r"(?:train\w*|stud(?:y|ies|ied|ying)|work(?:s|ed|ing)?|intern\w*|research(?:ing)?|teach\w*|taught|lectur\w*|seminars?|"
    r"courses?|fellowships?|placements?)\s+(?:[\w'’-]+\s+){0,4}?(?:at|in)\s+(?:the\s+|a\s+)?(?-i:[A-Z])\w*|"
    r"admi(?:t|ts|tted|tting|ssion)\s+(?:to|into)\s+(?-i:[A-Z])\w*|(?:at|to|in)\s+(?:the\s+)?(?:partner|host)(?:'s|’s|s')?\s+(?:[\w-]+\s+)?"
    r"(?:campus\w*|universit\w*|institut\w*|countr\w*|side)|"
    r"at\s+(?-i:[A-Z])[\w-]+\s+(?:universit\w*|institut\w*|colleges?|schools?|academ\w*|laborator\w*|labs?|hospitals?|research\s+cent\w*))\b",
    re.IGNORECASE,
)
_MOVEMENT_CUE_STARTS = ("visit", "exchang", "participat", "attend", "movement", "mobility", "travel", "sen", "host", "invit",
                        "dispatch", "came", "come", "go", "went", "stud", "trained", "welcome", "receiv",
                        "placed", "deploy", "migrat", "inbound", "outbound", "scholarship", "fellowship", "second", "tour", "delegation", "post")
# words that end a counted noun phrase
_NP_STOP = {
    "of", "in", "from", "to", "for", "with", "at", "on", "by", "under", "between", "including", "across", "and", "or",
    "the", "a", "an", "per", "each", "were", "was", "is", "are", "have", "has", "had", "will", "would", "which", "who",
    "that", "this", "these", "those", "since", "during", "over", "through", "until", "till", "as", "it", "its", "their",
    "be", "been", "being", "can", "could", "may", "shall", "should", "than", "into", "within", "about", "after", "before",
    "annually", "each", "every", "so", "far", "also", "not", "there", "here", "like", "such", "while", "where", "when",
}
NOT_COUNTED = {"time", "times", "percent", "cent", "per", "fold", "times", "%", "hours", "hour", "minutes", "minute",
               "seconds", "second", "km", "kms", "kilometres", "kilometers", "metres", "meters", "kg", "tonnes", "tons",
               "mw", "gw", "kw", "sq", "acres", "hectares", "points", "basis", "economy", "economie",
               # physical quantities, as the singular head noun is compared: a measure, not a number of things
               "kilometre", "kilometer", "metre", "meter", "centimetre", "centimeter", "millimetre", "millimeter", "mile",
               "foot", "feet", "inch", "tonne", "ton", "kilogram", "kilo", "gram", "litre", "liter", "gallon", "barrel",
               "hectare", "acre", "watt", "kilowatt", "megawatt", "gigawatt", "terawatt", "mwh", "gwh", "kwh", "twh",
               "volt", "kilovolt", "joule", "calorie", "decibel", "celsius", "fahrenheit", "kelvin", "mt", "ktoe", "mtoe",
               "cubic", "square", "kt"}
# 'degrees' is a measure before a temperature scale, and a count of academic degrees otherwise
_TEMPERATURE_SCALE = re.compile(r"[ \t]*(?:celsius|centigrade|fahrenheit|kelvin|[CF]\b)", re.IGNORECASE)
# "two leading countries", "top 10 countries": a rank or a description of the partners, not a quantity
# ('the first two clinics' counts two clinics)
_RANK_BEFORE = re.compile(r"\b(?:top|last|next|other|remaining|both)\s*$", re.IGNORECASE)
_DESCRIPTIVE = {"leading", "major", "great", "key", "main", "biggest", "largest", "friendly", "partner", "knowledge-driven", "advanced"}

# --------------------------------------------------------------------------------- patterns

# a number starts with a digit, a point or the first letter of a number word ('zero' ... 'ninety', 'a', 'an', 'half'):
# said up front, it lets the engine skip every other position of a document; and the second letter too: a word
# number starts with 'ze', 'on', 'tw', 'th', 'fo', 'fi', 'si', 'se', 'ei', 'ni', 'te', 'el', 'ha', or is 'a' or 'an'
# before a space
_NUM = (rf"(?=[\d.]|\b[zotfsenahZOTFSENAH](?:(?<=[aA])[\sn]|(?<=[zZ])e|(?<=[oO])n|(?<=[tT])[whe]|(?<=[fF])[oi]|"
        rf"(?<=[sS])[ie]|(?<=[eE])[il]|(?<=[nN])i|(?<=[hH])a))(?P<num>{DIGIT_NUMBER}|\b{WORD_NUMBER}\b)")
# a word number restated in digits: "sixty (60)"
_RESTATED = r"(?P<restated>\s*\(\s*\d[\d,.]*\s*\))?"
# a range: "10-15", "5 to 10", "between US$ 5 and US$ 10" (the currency may be repeated before the high end)
_RANGE = rf"(?:[ \t]*(?P<join>-|–|to|and)[ \t]*(?P<hcur>[^\s\d]{{1,4}}[ \t]?)?(?P<high>{DIGIT_NUMBER}|\b{WORD_NUMBER}\b))?"
# "Rs 2,000-crore project"; a line break is a space before a magnitude word ('USD 35\nmillion'), not before a letter
_MAG = rf"(?:(?:[ \t]*|-|[ \t]*\n[ \t]*(?=[a-z]{{2}}))(?P<mag>{MAGNITUDE}))?"
# the rest of a compound number in words: 'one million | three hundred thousand', 'two billion | fifty thousand'
_REST = rf"(?:(?<=illion)(?P<rest>(?:[ \t]+|[ \t]*\n[ \t]*)(?:and[ \t]+)?(?=(?:[a-z]+[ \t-]+){{1,2}}(?:hundred|thousand)\b){WORD_NUMBER}\b))?"
NUMBER_RE = re.compile(rf"{_NUM}{_RESTATED}{_RANGE}{_MAG}{_REST}", re.IGNORECASE)
NUMBER_WITHOUT_RANGE_RE = re.compile(rf"{_NUM}{_RESTATED}(?P<join>)?(?P<hcur>)?(?P<high>)?{_MAG}{_REST}", re.IGNORECASE)
_MAG_AFTER = re.compile(rf"[ \t]*(?P<mag>{MAGNITUDE})", re.IGNORECASE)
_PERCENT_AFTER = re.compile(r"\s*(?:%|per\s?cent\b|percent\b|pc\b)", re.IGNORECASE)
_DURATION_AFTER = re.compile(r"(?:\s+|-)(?:(?:more|further|additional|calendar|financial|fiscal|academic|working|business|consecutive)\s+)?(?P<unit>days?|weeks?|months?|years?|decades?|fortnights?)\b(?![- ]old\b)", re.IGNORECASE)
# a line break inside a phrase is a space ('about 8\nvisiting fellows'), when the next line goes on in lower case
_WORD_AFTER = re.compile(r"(?:[ \t]+|[ \t]*\n[ \t]*(?=[a-z]))(?P<word>(?:no\.?s?\.?|nos\.|numbers?)\s+of\s+|[A-Za-z][\w&'’-]*(?:/[\w-]+)*)")
_WORD_AFTER_WRAPPED = re.compile(r"[ \t]*\n[ \t]*(?P<word>[A-Z][\w&'’-]*)(?=[ \t]+[a-z])")
# a line of running prose before a number: a lower-case word of three letters or more, and no label or cell
_PROSE_BEFORE = re.compile(r"\b[a-z]{3,}\b[^\n:|]*$")
# words of at most 32 characters: a longer token is no currency, and a run without spaces ('1.1.1.1...') must
# not be read to its end after every one of its numbers
_WORDS_AFTER = re.compile(r"[ \t]?(?P<words>[^\s\d]\S{0,31}+(?!\S)(?:[ \t]+[^\s\d]\S{0,31}+(?!\S)){0,3})")
_URL = re.compile(r"(?<!\S)(?=\S*[/.])(?:(?:https?://|www\.)\S+|\S+\.(?:html?|php|aspx?|pdf)\S*|\S+/\S+/\S+)", re.IGNORECASE)
# what every URL has: most documents have none of it and are not scanned for URLs
_URL_MARKS = ("/", "www.", ".htm", ".php", ".asp", ".pdf")
_URL_HINT = re.compile(r"/|www\.|\.(?:html?|php|aspx?|pdf)", re.IGNORECASE)


@lru_cache(maxsize=256)
def _countries_of(users: frozenset[str]) -> tuple[tuple[str, ...], re.Pattern]:
    """The names of the countries whose currency is one of `users`, and their currencies' adjectives ('Sri Lankan',
    'Kenya'): one search of the text, longest names first ('Sri Lankan' before 'Sri Lanka')."""
    names = sorted((n for n, code in VOCABULARY.country_currencies.items() if code in users), key=len, reverse=True)
    return tuple(names), re.compile(r"\b(?=[A-Z])(?:" + "|".join(map(re.escape, names)) + r")\b") if names else re.compile(r"(?!)")


def _may_have_url(text: str) -> bool:
    low = caseless(text)
    return any(mark in low for mark in _URL_MARKS) if low is not None else _URL_HINT.search(text) is not None
_DECADE_PHRASE = re.compile(r"\b(?P<q>(?:over|for|in|during)\s+the\s+)?(?P<lead>next|last|past|coming|a|one)\s+decade\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Z][A-Za-z-]*|[A-Z]{2,}")


@dataclass
class Figure:
    kind: str
    value: float
    unit: str
    qualifier: str
    start: int
    end: int
    text: str
    rule: str
    confidence: float
    value_high: float | None = None
    money_type: str | None = None
    is_exchange: bool | None = None
    equivalent_of: int | None = None  # index of the primary figure in the same list
    included_in: int | None = None  # index of the exchange count this one is part of
    duration_days: float | None = None
    extra: dict = field(default_factory=dict)


class Cues:
    """Positions of the words of one pattern in a document, found once; asked by bisection."""

    def __init__(self, pattern: re.Pattern, text: str, starts: tuple[str, ...]):
        self.matches = [(m.start(), m.end(), m.lastgroup or "") for m in finditer_from(pattern, text, starts)]
        self.starts = [s for s, _, _ in self.matches]

    def any_in(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, start)
        return i < len(self.starts) and self.starts[i] < end

    def last_before(self, start: int, end: int):
        """The last match inside [start, end), or None."""
        i = bisect.bisect_left(self.starts, end) - 1
        while i >= 0 and self.matches[i][1] > end:
            i -= 1  # a match that runs into the amount itself
        return self.matches[i] if i >= 0 and self.matches[i][0] >= start else None

    def first_in(self, start: int, end: int):
        i = bisect.bisect_left(self.starts, start)
        return self.matches[i] if i < len(self.starts) and self.matches[i][1] <= end else None


class FigureContext:
    """What every rule may read about the document: its text, sentences, masked spans and cue positions."""

    def __init__(self, text: str, dates: list[DateMention], sentence_of):
        self.text = text
        self.sentence_of = sentence_of
        self.masked = _masked_spans(text, dates)
        self._dollar: str | None = None
        self._local: dict[frozenset[str], str] = {}  # shared symbol's currencies -> the one this text means
        self.nouns: list[tuple[int, float, str, int]] = []  # (where, value, noun, start) of every counted noun, text order
        self._moves_in: dict[tuple[int, int], bool] = {}  # clause bounds -> does it name a movement or a destination

    def names_movement(self, start: int, end: int) -> bool:
        """Does the clause [start, end) have a movement word or a destination? Asked once per clause: the counts of
        one clause ('40 students and 12 researchers will travel') share the answer."""
        if (start, end) not in self._moves_in:
            self._moves_in[(start, end)] = self.movement_cues.any_in(start, end) or _DESTINATION.search(self.text, start, end) is not None
        return self._moves_in[(start, end)]

    # the cue words are found once, when the first amount or count of people asks: most documents of the corpus
    # have no amount, or no count of people, and are never searched for them
    @cached_property
    def money_cues(self) -> Cues:
        return Cues(_MONEY_TYPE_RE, self.text, _MONEY_TYPE_STARTS)

    @cached_property
    def movement_cues(self) -> Cues:
        return Cues(MOVEMENT_CUES, self.text, _MOVEMENT_CUE_STARTS)

    @cached_property
    def partners(self) -> frozenset[str]:
        """The two countries a document names most (ISO codes), when it names at least three: the partners whose
        exchanges count; empty when the text is too short to tell them from a third country."""
        counts: dict[str, int] = {}
        for _, _, country, _ in default_countries().locate(self.text):
            counts[country.iso2] = counts.get(country.iso2, 0) + 1
        if len(counts) < 3:
            return frozenset()
        ranked = sorted(counts, key=counts.get, reverse=True)  # stable: ties keep the order of first mention
        if counts[ranked[1]] == counts[ranked[2]]:
            return frozenset()  # no clear second partner
        return frozenset(ranked[:2])

    @cached_property
    def document_money_type(self) -> str:
        return _document_money_type(self.money_cues)

    @property
    def dollar(self) -> str:
        """The dollar a bare '$' means: that of the first of the text's own countries whose currency is a dollar, else
        USD. Its own: named in its head, or more than once; a country named once in passing ('most go to Canada')
        is not the one the text counts its money in."""
        if self._dollar is None:
            self._dollar = "USD"
            words = list(_WORD.finditer(self.text))
            named: dict[str, list[int]] = {}
            for i, w in enumerate(words):
                pair = f"{w.group()} {words[i + 1].group()}" if i + 1 < len(words) and words[i + 1].start() == w.end() + 1 else None
                if code := (pair and VOCABULARY.dollar_countries.get(pair)) or VOCABULARY.dollar_countries.get(w.group()):
                    named.setdefault(code, []).append(w.start())
            head = _head_of_text(self.text)
            own = [(at[0], code) for code, at in named.items() if at[0] < head or len(at) > 1]
            if own:
                self._dollar = min(own)[1]
        return self._dollar

    def local_currency(self, users: frozenset[str], default: str) -> str:
        """The currency a symbol several currencies share means ('Rs', 'kr', 'Sh'): that of the first country
        the text names among those that write it so, else the symbol's usual one (once per symbol)."""
        if users not in self._local:
            self._local[users] = default
            if code := self._dateline_currency(users):
                self._local[users] = code  # 'Kathmandu, 3 May -- ... Rs 40 crore': the paper's own country's
                return code
            names, pattern = _countries_of(users)
            # str.find of each name first (C speed): most texts name none of them, and are not searched with the pattern
            if any(name in self.text for name in names) and (m := pattern.search(self.text)):
                self._local[users] = VOCABULARY.country_currencies[m.group()]
        return self._local[users]


    def _dateline_currency(self, users: frozenset[str]) -> str | None:
        """The currency of the city a text opens with (its dateline or by-line), when that country writes the symbol."""
        for _, _, country, is_place in default_countries().locate(self.text[:_DATELINE_REACH]):
            code = VOCABULARY.country_currencies.get(country.name)
            if is_place and code in users:
                return code
        return None


_DATELINE_REACH = 200  # characters: where a text says where it is written
_HEAD_OF_TEXT = 400  # characters at most: a title and a first sentence, which name the text's own countries
_SENTENCE_END = re.compile(r"[.!?](?=\s|\Z)")


def _head_of_text(text: str) -> int:
    """Where the text's first sentence (after its title, a line without a full stop) ends, at most _HEAD_OF_TEXT."""
    m = _SENTENCE_END.search(text, 0, _HEAD_OF_TEXT)
    return m.end() if m else _HEAD_OF_TEXT


@dataclass
class Candidate:
    """One number in the text and what the rules read around it."""

    m: re.Match
    value: float
    high: float | None
    mag: float
    is_word: bool
    qualifier: str
    q_start: int
    sentence: tuple[int, int]
    currency_before: tuple[str, int, str] | None  # (code, where its words start, the words)

    @property
    def start(self) -> int:
        return self.m.start()

    @property
    def end(self) -> int:
        return self.m.end()

    @cached_property
    def currency_after(self) -> tuple[str, int] | None:
        """The currency right after the number, asked by several rules and read once: names that are also English
        words only after a magnitude or a large number ('30 billion won', not '5 won the prize')."""
        return _currency_after(self.m.string, self.end, self.is_word or (not self.m.group("mag") and self.value < 1000))


def _compound_irregular(w: str) -> str | None:
    """'schoolchildren' -> 'schoolchild', 'businesswomen' -> 'businesswoman', 'fishermen' -> 'fisherman': a compound
    ends in an irregular plural ('men' only after a word of three letters or more ending in s, r or e: not 'specimen')."""
    for plural, singular in (("children", "child"), ("women", "woman"), ("people", "person")):
        if w.endswith(plural) and len(w) > len(plural) + 2:
            return w[: -len(plural)] + singular
    if w.endswith("men") and len(w) >= 6 and w[-4] in "sre" and not w.endswith("women"):
        return w[:-3] + "man"
    return None


def _singular(word: str) -> str:
    w = word.lower().strip("'’")
    if w in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[w]
    if compound := _compound_irregular(w):
        return compound
    last = w.split("-")[-1] if "-" in w and not w.endswith("-") else w
    if last.rstrip("s") in _PARTICLES:
        return w[:-1] if w.endswith("s") else w  # 'spin-offs', 'start-ups': the particle belongs to the noun
    w = last
    if w in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[w]
    if w.endswith("uses") and len(w) >= 5 and w[-5] in "pbnrts" and w != "abuses":
        return w[:-2]  # 'campuses', 'buses', 'viruses', 'censuses'; not 'houses', 'causes', 'excuses'
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x"), ("s", "")):
        if w.endswith(suffix) and len(w) > len(suffix) + 1:
            return w[: -len(suffix)] + repl
    return w


_PARTICLES = {"off", "up", "out", "in", "on", "over", "down", "back", "through"}


def _is_plural(word: str) -> bool:
    w = word.lower()
    if w in IRREGULAR_PLURALS or _compound_irregular(w):
        return True
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s", "ous"))


def _masked_spans(text: str, dates: list[DateMention]) -> list[tuple[int, int]]:
    """Dates and URLs, merged into sorted disjoint spans."""
    urls = _URL.finditer(text) if _may_have_url(text) else ()
    spans = sorted([(d.start, d.end) for d in dates if d.kind != "weekday"] + [(m.start(), m.end()) for m in urls])
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does [start, end) overlap one of the sorted disjoint spans?"""
    i = bisect.bisect_left(spans, (end,)) - 1
    return i >= 0 and spans[i][1] > start


def _may_qualify(before: str) -> bool:
    """Can the text before a number end in a qualifier or a label line? Every qualifier ends in a letter, '~',
    '≈' or a letter and a full stop ('approx.'), and a label stands on the line above: a number after a
    digit, a sign or a bracket is read at once, without the qualifier patterns (a run of '1 1 1 ...')."""
    stripped = before.rstrip()
    last = stripped[-1:]
    return (last.isalpha() or last in "~≈" or (last == "." and stripped[-2:-1].isalpha())
            or before.rstrip(" \t").endswith(("\n", "|")))


_DURING_LAST_WORDS = ("next", "past", "last", "coming", "following", "over")
# how a qualifier (or 'the next', 'a total of' after one) ends: a text before a number that ends otherwise is not
# searched for one, a search that tries every position of it (a third of the time of figures)
_QUALIFIER_LAST_WORDS = (
    "about", "around", "approx", "approx.", "aprox", "aprox.", "ly", "almost", "some", "to", "estimated", "~", "≈", "c.",
    "circa", "than", "over", "above", "exceeding", "exceed", "of", "beyond", "least", "most", "within", "under", "below", "next",
    "at",
)


def _strip_line_end(before: str) -> str:
    """What a pattern ending in '[ \\t]*$' may have before its end: blanks and one line end dropped."""
    return before.removesuffix("\n").rstrip(" \t")


def _may_end_in(before: str, words: tuple[str, ...], strip) -> bool:
    """Can a case-insensitive pattern whose matches end in one of `words` (then blanks) match at the end of `before`?"""
    if not before.isascii() and any(ch in before for ch in FOLDS_TO_ASCII_LETTERS):
        return True  # letters that match ASCII ones only under re.IGNORECASE: let the pattern decide
    return strip(before).lower().endswith(words)


def _qualifier(text: str, start: int, number_end: int) -> tuple[str, int]:
    """The qualifier right before a figure (or on a label line above it) and where its words begin."""
    before = text[max(0, start - 40):start]
    if not _may_qualify(before):
        return "exact", start
    if _may_end_in(before, _DURING_LAST_WORDS, str.rstrip) and (m := _DURING.search(before)):
        return "exact", start - (len(before) - m.start())
    if _may_end_in(before, ("to",), str.rstrip) and _TOTAL_BEFORE.search(before):
        return "exact", start
    m = _QUALIFIER_BEFORE.search(before) if _may_end_in(before, _QUALIFIER_LAST_WORDS, str.rstrip) else None
    if not m and _may_end_in(before, ("and", "or"), _strip_line_end) and (co := _COORDINATED_QUALIFIER.search(before)) and co.start() > 0:
        inherited, _ = _qualifier(text, start - (len(before) - co.start()), start)
        if inherited != "exact":
            return inherited, start
    if not m:
        above = max(0, start - 60)
        if text[above:start].rstrip(" \t").endswith(("\n", "|")) and (label := _LABEL_ABOVE.search(text, above, start)):
            return _LABEL_QUALIFIER.get(re.sub(r"[\s.]+", " ", label.group("label").lower()).strip(), "exact"), start
        return "exact", start
    if m.group("q").lower() == "over" and _DURATION_AFTER.match(text, number_end) and not re.search(r"\bfor\s+$", before[:m.start()]):
        return "exact", start - (len(before) - m.start())  # "over four years": during them
    q = next(name for _, name in QUALIFIERS if m.group(name))
    word = m.group("q")
    if _NOT_A_QUALIFIER_BEFORE.search(before, 0, m.start()):
        return "exact", start  # 'handed over 5 ...' is a verb; 'little beyond three seminars' is three
    if word.isalpha() and m.start() > 0 and before[m.start() - 1].isalnum():
        return "exact", start  # 'Moreover 5' is not 'over 5'
    return q, start - (len(before) - m.start())


# what makes a qualifier word part of something else: a verb ('handed over', 'took over') or 'little/nothing beyond'
_NOT_A_QUALIFIER_BEFORE = re.compile(r"\b(?:(?:hand|turn|pass|took|tak)\w*|(?:little|nothing|not\s+much))\s+$", re.IGNORECASE)


def _token_before(text: str, end: int) -> tuple[str, int]:
    """The run of non-space, non-digit characters that ends at `end` (after at most one space), and its start."""
    i = end - 1 if end > 0 and text[end - 1] in " \t\n" else end  # 'EUR\n1,750,000': a line break is a space
    j, stop = i, max(0, i - 12)
    while j > stop and not text[j - 1].isspace() and not text[j - 1].isdigit():
        j -= 1
    while j < i and text[j] in "([\"'~≈":
        j += 1
    return text[j:i], j


def _currency_before(text: str, num_start: int) -> tuple[str, int, str] | None:
    """A currency code, symbol or capitalised name right before a number ('US$ 5', 'KRW5,200', 'Euro 300')."""
    token, at = _token_before(text, num_start)
    if not token:
        return None
    if token.endswith("$") and len(token) <= 2:  # 'US $ 5': the letters may stand apart from the sign
        prev, prev_at = _token_before(text, at)
        if prev and (code := VOCABULARY.symbol(prev + token)) and text[prev_at + len(prev):at].strip() == "":
            return code, prev_at, prev + token
    if code := VOCABULARY.symbol(token):
        if token.isalpha() and _in_capitals_line(text, num_start):
            return None  # 'TOP 10' in a heading in capitals is not a currency code
        return code, at, token
    key = name_key(token)
    if token[0].isupper() and key not in VOCABULARY.english_words and (code := VOCABULARY.name(token)):
        return code, at, token
    return None


def _in_capitals_line(text: str, pos: int) -> bool:
    line_start, line_end = text.rfind("\n", max(0, pos - 200), pos) + 1, text.find("\n", pos, pos + 200)
    line = text[line_start:line_end if line_end >= 0 else pos + 200]
    # a line of capitals has letters: a line that is only the number ('USD\n2,500,000\n(...)') is no heading
    return any(ch.isupper() for ch in line) and not any(ch.islower() for ch in line)


def _currency_after(text: str, end: int, no_english_words: bool) -> tuple[str, int] | None:
    """A currency code, symbol or English name right after a number ('25 €', '4,150INR', '5 million U. S. dollars').

    Names that are also English words ('won', 'pounds') only when `no_english_words` is false: after a large
    number or a magnitude ('30 billion won'), not after 'three' or '5' ('5 won the prize')."""
    m = _WORDS_AFTER.match(text, end)
    if not m:
        return None
    found = _currency_words(m.group("words"), no_english_words)
    return (found[0], m.start("words") + found[1]) if found else None


@lru_cache(maxsize=16384)
def _currency_words(words_after: str, no_english_words: bool) -> tuple[str, int] | None:
    """The currency the words after a number start with, and how many characters it takes (cached: the same
    few words follow numbers again and again)."""
    words = list(_NON_BLANK_RUN.finditer(words_after))
    for k in range(min(len(words), VOCABULARY.longest_name), 0, -1):
        last = words[k - 1]
        phrase = words_after[:last.end()].rstrip(",;:)")
        if k == 1 and (code := VOCABULARY.symbol(phrase) or VOCABULARY.symbol(phrase.rstrip("."))):
            return code, len(phrase if VOCABULARY.symbol(phrase) else phrase.rstrip("."))
        key = name_key(phrase)
        code = VOCABULARY.name(phrase) or (k == 1 and VOCABULARY.unit(phrase))  # a bare unit only after the number
        if code and not (no_english_words and key in VOCABULARY.english_words):
            if k == 1 and key in VOCABULARY.english_words and not phrase.islower():
                continue  # 'Won' with a capital starts a sentence
            return code, len(phrase.rstrip("."))
    return None


_NON_BLANK_RUN = re.compile(r"\S+")


def _typed_by_document(ctx: FigureContext, number_start: int, money_end: int) -> bool:
    """Does an amount's type come from the document as a whole, its sentence and list naming none?"""
    sent_start, sent_end = ctx.sentence_of(number_start)
    if _ECONOMY_AFTER.match(ctx.text, money_end, min(sent_end, money_end + 70)) or ctx.money_cues.any_in(sent_start, sent_end):
        return False
    lead_in = _lead_in(ctx.text, sent_start)
    return not (lead_in and ctx.money_cues.last_before(*lead_in))


def _money_type(ctx: FigureContext, number_start: int, money_end: int) -> str:
    """The nearest money-type word before the number in its sentence ('Yen Loan up to 50 billion' included),
    else the first one after the amount, else the document's."""
    sent_start, sent_end = ctx.sentence_of(number_start)
    if _ECONOMY_AFTER.match(ctx.text, money_end, min(sent_end, money_end + 70)):
        return "economic_impact"
    if (cue := ctx.money_cues.first_in(money_end, min(sent_end, money_end + 40))) and _describes(ctx.text, money_end, cue[0]):
        return MONEY_TYPES[int(cue[2][1:])][0]  # 'a USD 3 million grant': the noun the amount describes
    if cue := ctx.money_cues.last_before(sent_start, number_start):
        return MONEY_TYPES[int(cue[2][1:])][0]
    if cue := ctx.money_cues.first_in(money_end, min(sent_end, money_end + 120)):
        return MONEY_TYPES[int(cue[2][1:])][0]
    if lead_in := _lead_in(ctx.text, sent_start):
        if cue := ctx.money_cues.last_before(*lead_in):
            return MONEY_TYPES[int(cue[2][1:])][0]
    if typed := _typed_in_next_sentence(ctx, sent_end):
        return typed
    return ctx.document_money_type


# the next sentence speaks of the amount just stated: 'Officials said the money is a grant.'
_AMOUNT_ANAPHORA = re.compile(r"\b(?:the|this|that|these|such)\s+(?:money|sum|amount|funds?|funding|financing|contribution|package|allocation)\b", re.IGNORECASE)


def _typed_in_next_sentence(ctx: FigureContext, sent_end: int) -> str | None:
    """The type the sentence after an amount names for it, when it refers back to it ('The money is a grant')."""
    text = ctx.text
    at = sent_end
    while at < len(text) and at < sent_end + 4 and text[at] in " \t\n\r\"'”’":
        at += 1
    if at >= len(text) or "\n\n" in text[sent_end:at + 1]:
        return None
    s, e = ctx.sentence_of(at)
    e = min(e, s + 300)
    if s < sent_end or not (ref := _AMOUNT_ANAPHORA.search(text, s, e)):
        return None
    cue = ctx.money_cues.first_in(ref.end(), e)
    return MONEY_TYPES[int(cue[2][1:])][0] if cue and MONEY_TYPES[int(cue[2][1:])][0] != "economic_impact" else None


# what may stand between an amount and the noun it describes: 'a USD 3 million grant', '$5m research loan',
# '2 billion yen in loans', 'EUR 4 million worth of grants'; not a verb or a preposition that starts a new phrase
_TYPE_WORD_JOIN = re.compile(r"[ \t]*-?[ \t]*(?:(?:in|of|worth[ \t]+of)[ \t]+)?(?P<words>(?:[A-Za-z][\w-]*[ \t]+){0,2})", re.IGNORECASE)


def _describes(text: str, money_end: int, cue_start: int) -> bool:
    """Is the money-type word right after an amount the noun it describes ('a USD 3 million grant', '2 billion yen
    in loans', '$5m research loan'), with at most two modifiers between, none a verb or a preposition?"""
    m = _TYPE_WORD_JOIN.fullmatch(text, money_end, cue_start)
    return m is not None and not any(w.lower() in _NP_STOP or w.lower() in _VERB_LIKE for w in m.group("words").split())


_VERB_LIKE = {"will", "to", "was", "were", "is", "are", "be", "has", "have", "had", "would", "shall", "should", "can"}
_LIST_LINE_MAX = 200  # characters: a longer line is a paragraph of prose, not an item of a list


def _lead_in(text: str, sent_start: int) -> tuple[int, int] | None:
    """The lead-in or heading of the list an amount's line belongs to ('... cover the following projects:' or a
    short heading line), as (start, end); None when the line is not in a list under one (prose runs between)."""
    line_start = text.rfind("\n", 0, sent_start) + 1
    for _ in range(40):
        if line_start == 0:
            return None
        prev_end = line_start - 1
        prev_start = text.rfind("\n", 0, prev_end) + 1
        line = text[prev_start:prev_end].strip()
        if line.endswith(":"):
            return prev_start, prev_end
        if len(line) > _LIST_LINE_MAX or (line.endswith((".", "!", "?")) and len(line.split()) > 12):
            return None
        line_start = prev_start
    return None


def _document_money_type(cues: Cues) -> str:
    """What a document's money mostly is, for amounts whose sentence says nothing ('made available 2,655
    million' in a report of loan agreements, '8 mill NOK' heading a call): the type most of its money words
    name, when at least two do and two in three agree."""
    counts: dict[str, int] = {}
    for _, _, group in cues.matches:
        name = MONEY_TYPES[int(group[1:])][0]
        if name != "economic_impact":
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return "unspecified"
    best = max(counts, key=counts.get)
    return best if counts[best] >= 2 and counts[best] * 3 >= 2 * sum(counts.values()) else "unspecified"


_NUMBER_OF = re.compile(r"(?:no\.?s?\.?|nos\.|numbers?)\s+of\s+$", re.IGNORECASE)


def _counted_noun(text: str, pos: int, wrapped: bool = False) -> tuple[str, int] | None:
    """The head noun of what a number counts ('3 joint-projects' -> 'project') and where the phrase ends; `wrapped`:
    the number ends a line of prose, whose break is a space even before a capital ('3,200\nKenyan students')."""
    words, at = [], pos
    for _ in range(5):
        m = _WORD_AFTER.match(text, at) or (wrapped and not words and _WORD_AFTER_WRAPPED.match(text, at)) or None
        if not m:
            break
        w = m.group("word")
        if _NUMBER_OF.match(w):
            if words:
                break
            at = m.end() - 1
            continue
        first = w.split("/")[0]
        if first.lower() in ("and", "&") and words and words[-1][0][:1].isupper() and (nxt := _WORD_AFTER.match(text, m.end())) and nxt.group("word")[:1].isupper():
            at = m.end()
            continue  # "150 Northern and Southern PhD students"
        if first.lower() in ("and", "or") and words and not _is_plural(words[-1][0]) and words[-1][0].lower() not in _NP_STOP \
                and (nxt := _WORD_AFTER.match(text, m.end())) and nxt.group("word").lower() not in _NP_STOP:
            at = m.end()
            continue  # "12 public and private hospitals": adjectives joined before one noun
        if first.lower() in _NP_STOP:
            break
        if first.lower() in ("faculty", "staff", "youth") and (nxt := _WORD_AFTER.match(text, m.end())) and _is_plural(nxt.group("word").split("/")[0]):
            words.append((first, m.end()))
            at = m.end()
            continue  # 'faculty members': the modifier of a plural head
        words.append((first, m.end() if "/" not in w else m.start("word") + len(first)))
        at = m.end()
        if _is_plural(first):
            if len(words) > 1 and words[0][0].lower() in _DESCRIPTIVE:
                return None  # "two leading countries": the partners described, not counted
            return _singular(first), words[-1][1] if "/" not in w else m.end()
    return None


def _make(ctx: FigureContext, kind, value, unit, qualifier, start, end, rule_name, confidence, **kw) -> Figure:
    value = _decimal(value)  # 4.1 x 1e9 is 4099999999.9999995 in binary: the text said 4100000000
    if kw.get("value_high") is not None:
        kw["value_high"] = _decimal(kw["value_high"])
    return Figure(kind, value, unit, qualifier, start, end, ctx.text[start:end], rule_name, confidence, **kw)


def _decimal(value: float) -> float:
    return value if not math.isfinite(value) or value.is_integer() else float(f"{value:.15g}")


# ------------------------------------------------------------------------------------ rules

FigureRule = Callable[[Candidate, FigureContext], "Figure | None"]


@rule("percent", stage="figures", cases=[
    Case("Exports rose 12.5% in the year.", "12.5%"),
    Case("Nearly 40 per cent of the seats are reserved.", "Nearly 40 per cent"),
    Case("Loans carry interest @5% a year.", "5%"),
    Case("Both sides discussed 5G networks.", None),
])
def percent(c: Candidate, ctx: FigureContext) -> Figure | None:
    """A number followed by a percent sign or 'per cent' is a percentage."""
    if pm := _PERCENT_AFTER.match(ctx.text, c.end):
        end = pm.end()
        if (again := _PERCENT_RESTATED.match(ctx.text, end)) and parse_number(again.group("num")) == c.value:
            end = again.end()  # 'five per cent (5%)': one figure, said twice
        return _make(ctx, "percent", c.value, "percent", c.qualifier, c.q_start, end, "percent", 0.95, value_high=c.high)
    return None


_PERCENT_RESTATED = re.compile(rf"[ \t]*\([ \t]*(?P<num>{DIGIT_NUMBER})[ \t]*(?:%|per\s?cent\b|percent\b)[ \t]*\)", re.IGNORECASE)


def _money(c: Candidate, ctx: FigureContext, code: str, start: int, end: int, rule_name: str, confidence: float) -> Figure:
    mag = c.mag
    if mag == 1.0 and (mm := _MAG_AFTER.match(ctx.text, end)) and not c.is_word:
        mag, end = parse_magnitude(mm.group("mag")), mm.end()  # '4,150INR crore': the magnitude after the code
    if c.is_word and (restated := _restated_amount(ctx.text, end, code, c.value * mag)):
        end = restated  # 'twenty million pesos (MXN 20,000,000)': one amount, said twice
    elif not c.is_word and (restated := _restated_in_words(ctx.text, end, c.value * mag)):
        end = restated  # 'USD 1,300,000 (one million three hundred thousand US dollars)': the same
    qualifier = c.qualifier
    per = _PER_UNIT.match(ctx.text, end)  # 'Rs 3,34,800/year (approx)'
    if qa := _QUALIFIER_AFTER.match(ctx.text, per.end() if per else end):
        qualifier, end = "approx", qa.end()
    q_start = min(c.q_start, start)
    return _make(ctx, "money", c.value * mag, code, qualifier, q_start, end, rule_name, confidence,
                 value_high=c.high * mag if c.high is not None else None, money_type=_money_type(ctx, c.start, end),
                 extra={"typed_by_document": _typed_by_document(ctx, c.start, end)})


DIGIT_START = re.compile(r"[ \t]?\d")
_RESTATED_AMOUNT = re.compile(rf"[ \t]*\([ \t]*(?P<cur>[^\s\d()]{{1,4}})?[ \t]?(?P<num>{DIGIT_NUMBER})(?:[ \t]*(?P<mag>{MAGNITUDE}))?[ \t]*(?P<cur_after>[^\s\d()]{{1,4}})?[ \t]*\)", re.IGNORECASE)


def _bracket_currency(text: str, end: int, users: frozenset[str]) -> str | None:
    """The currency, one of `users`, that a bracket right after an amount is written in: '(COP 30,000,000)'."""
    if "(" not in text[end:end + 3]:
        return None  # most amounts: no bracket to read
    m = _RESTATED_AMOUNT.match(text, end)
    written = m and (m.group("cur") or m.group("cur_after"))
    code = written and VOCABULARY.symbol(written)
    return code if code in users else None


def _restated_amount(text: str, end: int, code: str, value: float) -> int | None:
    """Where a bracket that restates an amount in words in digits ('(MXN 20,000,000)', '(20 million)') ends."""
    m = _RESTATED_AMOUNT.match(text, end)
    if not m or m.group("num") is None or (num := parse_number(m.group("num"))) is None:
        return None
    written = m.group("cur") or m.group("cur_after")
    if written and code not in {VOCABULARY.symbol(written), VOCABULARY.name(written), *(VOCABULARY.users(written) or ())}:
        return None
    restated = num * parse_magnitude(m.group("mag"))
    return m.end() if abs(restated - value) <= 1e-6 * max(1.0, value) else None


# a line break is a space, before the bracket and inside it ('USD 2,500,000\n(two million\nfive hundred thousand ...)')
_RESTATED_IN_WORDS = re.compile(
    rf"\s{{0,3}}\(\s*(?P<num>{WORD_NUMBER})(?:\s+(?P<mag>{MAGNITUDE}))?(?:\s+(?:and\s+)?(?P<rest>{WORD_NUMBER}))?"
    rf"(?P<words>[^\d()]{{0,60}})\)", re.IGNORECASE)


def _restated_in_words(text: str, end: int, value: float) -> int | None:
    """Where a bracket that restates an amount in digits in words ('(four million five hundred thousand kroner)') ends."""
    if "(" not in text[end:end + 4]:
        return None
    m = _RESTATED_IN_WORDS.match(text, end)
    if not m or (num := parse_words(m.group("num"))) is None:
        return None
    restated = num * parse_magnitude(m.group("mag")) + (parse_words(m.group("rest")) or 0 if m.group("rest") else 0)
    return m.end() if abs(restated - value) <= 1e-6 * max(1.0, value) else None


def _shared_word(written: str) -> frozenset[str] | None:
    """The currencies a lower-case currency word names ('rupees', 'pesos', 'kroner'); a dollar is the bare '$' rule's."""
    users = VOCABULARY.last_words.get(written) if written.islower() else None
    return users if users and len(users) > 1 and not written.startswith("dollar") else None


@rule("money:shared_symbol", stage="figures", cases=[
    Case("Nairobi: the Kenyan council set aside Sh4.1bn for the lab.", "Sh4.1bn"),
    Case("The Ugandan ministry and a Danish fund pledged Sh 900 million.", "Sh 900 million"),
    Case("The Pakistani ministry approved Rs 5 billion for the campus.", "Rs 5 billion"),
    Case("Each Swedish project gets 1 250 000 kr over two years.", "1 250 000 kr"),
    Case("The Egyptian fund adds 5 million pounds to the lab.", "5 million pounds"),
    Case("The Canadian council gave $3 million.", None),
    Case("The council gave KSh 300,000.", None),
])
def money_shared_symbol(c: Candidate, ctx: FigureContext) -> Figure | None:
    """A symbol or word several currencies share ('Rs', 'kr', 'Sh', 'pesos') means the currency of the first country the text names that writes it so, with less confidence."""
    if c.currency_before is not None:
        code, at, written = c.currency_before
        if written != "$" and (users := VOCABULARY.users(written)):
            return _money(c, ctx, ctx.local_currency(users, code), at, c.end, "money:shared_symbol", 0.6)
        return None
    if after := c.currency_after:
        written = ctx.text[c.end:after[1]].strip()
        if c.value * c.mag == 1 and c.is_word and not c.m.group("mag"):
            return None  # "one rupee coin": the currency names the kind of thing
        if written != "$" and (users := VOCABULARY.users(written) or _shared_word(written)):
            # 'thirty million pesos (COP 30,000,000)': the bracket that restates the amount names which
            code = _bracket_currency(ctx.text, after[1], users) or ctx.local_currency(users, after[0])
            return _money(c, ctx, code, c.start, after[1], "money:shared_symbol", 0.6)
    return None


_LETTERS_AFTER = re.compile(r"[ \t]?(?P<letters>[A-Z]{2,3})\b(?![ \t]+of\b)")


def _amount_shaped(c: Candidate) -> bool:
    """A number that reads as an amount when only letters mark it: a magnitude, a decimal or a grouped number, or
    a whole number of three digits or more that is no year ('K 5 million', 'KD 750'; not 'AD 1990', 'P 5')."""
    if c.m.group("mag") or not c.value.is_integer() or "," in c.m.group("num"):
        return True
    return c.value >= 100 and not 1000 <= c.value <= 2100


@rule("money:country_symbol", stage="figures", cases=[
    Case("The Kuwaiti fund pledged KD 50,000 to the Peruvian lab.", "KD 50,000"),
    Case("Bosnian and Irish teams share 15,000 KM a year.", "15,000 KM"),
    Case("The Zambian ministry and a Dutch fund gave about K 5 million.", "about K 5 million"),
    Case("The fund pledged KD 50,000 to the lab.", None),
    Case("The Bosnian relay covered 1,500 KM of road.", None),
    Case("The Qatari delegation arrived in AD 2019.", None),
    Case("The Gambian college had D 300 students.", None),
])
def money_country_symbol(c: Candidate, ctx: FigureContext) -> Figure | None:
    """Letters that write a currency but also read as an abbreviation ('K', 'KM', 'KD': CLDR's single letters and two capitals, the press's country initials) make an amount only in a text that names a country of that currency, with less confidence."""
    if c.currency_before is not None or not _amount_shaped(c):
        return None
    token, at = _token_before(ctx.text, c.start)
    if len(token) == 1 and not (c.m.group("mag") or any(sep in c.m.group("num") for sep in ",. ")):
        return None  # a single letter only before a magnitude or a grouped number: 'K 5 million', not 'D 300 students'
    if (users := VOCABULARY.by_country.get(token)) and not _in_capitals_line(ctx.text, c.start):
        if code := ctx.local_currency(users, None):
            qualifier, q_start = _qualifier(ctx.text, at, c.end)  # 'about KD 50,000'
            return _money(replace(c, qualifier=qualifier, q_start=q_start), ctx, code, at, c.end, "money:country_symbol", 0.6)
    # after the number, two or three capitals ('15,000 KM'), never followed by 'of' ('1,500 KM of road': a distance)
    if (m := _LETTERS_AFTER.match(ctx.text, c.end)) and (users := VOCABULARY.by_country.get(m.group("letters"))):
        if code := ctx.local_currency(users, None):
            return _money(c, ctx, code, c.start, m.end(), "money:country_symbol", 0.6)
    return None


@rule("money:currency_before", stage="figures", cases=[
    Case("The bank approved a loan of JPY61 billion for the metro.", "JPY61 billion"),
    Case("The council pledged NZ$ 4 million to the lab.", "NZ$ 4 million"),
    Case("The fund adds EUR 0,9 million a year.", "EUR 0,9 million"),
    Case("A grant of Euro 300 million was announced.", "Euro 300 million"),
    Case("Bids between US$ 5 and US$ 10 million are welcome.", "US$ 5 and US$ 10 million"),
    Case("Each award is worth GBP 12 mn over three years.", "GBP 12 mn"),
    Case("THE TOP 10 UNIVERSITIES", None),
    Case("Goals SDG 2 and SDG 3 guide the work.", None),
    Case("The team won 3 prizes.", None),
])
def money_currency_before(c: Candidate, ctx: FigureContext) -> Figure | None:
    """A currency code, symbol or capitalised name right before a number makes it an amount of that currency."""
    if c.currency_before is None or c.currency_before[2] == "$":
        return None
    code, at, written = c.currency_before
    if written.isalpha() and written.isupper() and not c.m.group("mag") and c.value < 100 and c.value.is_integer():
        return None  # 'SDG 2', 'COP 28': a small whole number after letters is a name's number, not an amount
    end = c.end
    if (after := _currency_after(ctx.text, end, c.is_word)) and after[0] == code:
        end = after[1]  # 'USD 5 million dollars'
    return _money(c, ctx, code, at, end, "money:currency_before", 0.9)


@rule("money:bare_dollar", stage="figures", cases=[
    Case("The program has a budget of $8 million, the Canadian council said.", "$8 million"),
    Case("A grant of $3 million was made to the two academies.", "$3 million"),
    Case("The award of C$ 2 million went to the network.", None),
])
def money_bare_dollar(c: Candidate, ctx: FigureContext) -> Figure | None:
    """A bare '$' is the dollar of the first country the text names whose currency is a dollar (USD when none), with less confidence."""
    if c.currency_before is None or c.currency_before[2] != "$":
        return None
    return _money(c, ctx, ctx.dollar, c.currency_before[1], c.end, "money:bare_dollar", 0.6)


@rule("money:currency_after", stage="figures", cases=[
    Case("The loan amount is 150 billion Norwegian kroner.", "150 billion Norwegian kroner"),
    Case("The state pledged half a billion euros to the network.", "half a billion euros"),
    Case("Each fellow gets 110,000 NIS a year.", "110,000 NIS"),
    Case("The budget is 4,150INR crore.", "4,150INR crore"),
    Case("A sum of 5 million U. S. dollars was set aside.", "5 million U. S. dollars"),
    Case("Tickets cost 25 € each.", "25 €"),
    Case("The call has 8 mill NOK for projects.", "8 mill NOK"),
    Case("Three won the award.", None),
    Case("The 5 won the award.", None),
])
def money_currency_after(c: Candidate, ctx: FigureContext) -> Figure | None:
    """A number followed by a currency code, symbol or English name is an amount of that currency."""
    if after := c.currency_after:
        rule_name = "money:currency_after"
        if c.value * c.mag == 1 and c.is_word and not c.m.group("mag"):
            return None  # "one yen loan project": the currency names the kind of project
        return _money(c, ctx, after[0], c.start, after[1], rule_name, 0.9 if c.m.group("mag") else 0.75)
    return None


@rule("money:currency_named_before", stage="figures", cases=[
    Case("The Yen Loan package is up to 50 billion for the line.", "Yen Loan package is up to 50 billion"),
    Case("The Yen Loan package covers 50 lines.", None),
])
def money_currency_named_before(c: Candidate, ctx: FigureContext) -> Figure | None:
    """A number with a magnitude and no currency takes a currency named one to three words before it."""
    if not c.m.group("mag"):
        return None
    sent_start = c.sentence[0]
    window_start = max(sent_start, c.q_start - 40)
    words = list(_NON_BLANK_RUN.finditer(ctx.text[window_start:c.q_start]))
    for k, w in enumerate(reversed(words[-4:])):
        code = VOCABULARY.symbol(w.group()) if w.group().isupper() else VOCABULARY.name(w.group())
        if code and w.group()[0].isupper() and 1 <= k <= 3 and name_key(w.group()) not in VOCABULARY.english_words \
                and not DIGIT_START.match(ctx.text, window_start + w.end()):  # 'EUR 500,000, or 330 million ...': another amount's

            return _money(c, ctx, code, window_start + w.start(), c.end, "money:currency_named_before", 0.75)
    return None


@rule("duration", stage="figures", cases=[
    Case("The MoU will remain in force for a period of five (5) years.", "five (5) years"),
    Case("They signed a five-year agreement.", "five-year"),
    Case("Visitors stay for a fortnight.", "a fortnight"),
    Case("The plan covers half a decade.", "half a decade"),
    Case("It took a couple of months to agree.", "a couple of months"),
    Case("Guests join a week program in spring.", "a week"),
    Case("Two visits (up to 30 and 60 days each) are allowed.", "up to 30"),
    Case("A 40-year-old engineer led the team.", None),
])
def duration(c: Candidate, ctx: FigureContext) -> Figure | None:
    """A number followed by a time unit (day, week, fortnight, month, year, decade) is a duration."""
    if c.m.group("mag"):
        return None
    if not (dm := _DURATION_AFTER.match(ctx.text, c.end)):
        if not (co := _COORDINATED_UNIT.match(ctx.text, c.end)):
            return None
        dm = _DURATION_AFTER.match(ctx.text, co.start("unit"))  # 'up to 30 and 60 days': the unit of the next number
        unit, factor = UNIT_AS.get(TIME_UNITS[dm.group("unit").lower()], (TIME_UNITS[dm.group("unit").lower()], 1.0))
        return _make(ctx, "duration", c.value * factor, unit, c.qualifier, c.q_start, c.end, "duration", 0.8,
                     duration_days=c.value * factor * DAYS_PER_UNIT[unit])
    unit, factor = UNIT_AS.get(TIME_UNITS[dm.group("unit").lower()], (TIME_UNITS[dm.group("unit").lower()], 1.0))
    value = c.value * factor
    return _make(ctx, "duration", value, unit, c.qualifier, c.q_start, dm.end(), "duration", 0.9,
                 value_high=c.high * factor if c.high is not None else None, duration_days=value * DAYS_PER_UNIT[unit])


@rule("count:number_noun", stage="figures", cases=[
    Case("About 150 students will study abroad under the scheme.", "About 150 students"),
    Case("The two institutes launched 10 - 14 joint research projects.", "10 - 14 joint research projects"),
    Case("They are two leading countries in science.", None),
    Case("It ranks among the top 10 countries.", None),
    Case("They will open at least one call for proposals a year.", "at least one call"),
    Case("The two sides met one expert.", None),
    Case("Of 40 applicants, 9 of the grantees were women.", "9 of the grantees"),
    Case("The network links 12 public and private hospitals.", "12 public and private hospitals"),
    Case("Four consortia bid for the work.", "Four consortia"),
    Case("Our two nations share a border.", None),
    Case("Three quarters of the funds went to labs.", None),
])
def count_number_noun(c: Candidate, ctx: FigureContext) -> Figure | None:
    """A number followed by the plural noun it counts is a count of that noun."""
    text, value = ctx.text, c.value * c.mag
    if not _countable(c):
        return None
    plus = text.startswith("+", c.end)  # "100+ startups"
    line_start = text.rfind("\n", max(0, c.q_start - 200), c.q_start) + 1
    wrapped = text.startswith("\n", c.end) and _PROSE_BEFORE.search(text, line_start or max(0, c.q_start - 200), c.q_start) is not None
    noun = _counted_noun(text, c.end + 1 if plus else c.end, wrapped)
    if noun is None and (part := _PART_OF.match(text, c.end)) and not _NAME_BEFORE.search(text, max(0, c.q_start - 20), c.q_start):
        noun = _counted_noun(text, part.end())  # '9 of the grantees', '40 of the country's universities'
        if noun and len(text[part.end():noun[1]].split()) > 2:
            noun = None  # 'Phase 2 of the project starts': a head noun two words on at most
    if noun is None and (nxt := _CHANGE_TO.match(text, c.end)) and _FROM_BEFORE.search(text, max(0, c.q_start - 8), c.q_start) \
            and (later := _counted_noun(text, nxt.end())):
        ctx.nouns.append((c.end, value, later[0], c.q_start))  # 'from 300 to 600 places': the noun of the other end
        return _count(c, ctx, later[0], c.end, c.qualifier, "count:number_noun", 0.7, phrase=(nxt.end(), later[1]))
    if noun is None and value == 1 and (w := _WORD_AFTER.match(text, c.end)) and w.group("word").lower() not in _NP_STOP:
        noun = (_singular(w.group("word")), w.end())  # 'at least one call': one of a singular noun
    if noun is None or noun[0] in NOT_COUNTED or noun[0] in TIME_UNITS or noun[0] in VOCABULARY.last_words:
        return None  # a currency is never counted: 'twenty pesos' is money or nothing
    if noun[0] == "degree" and _TEMPERATURE_SCALE.match(text, noun[1]):
        return None  # '60 degrees Celsius'
    ctx.nouns.append((noun[1], value, noun[0], c.q_start))  # for a count that leaves its noun out later in the sentence
    if _RANK_BEFORE.search(text, max(0, c.start - 12), c.start):
        return None
    qualifier = "more_than" if plus and c.qualifier == "exact" else c.qualifier
    unit, noun_end = noun
    return _count(c, ctx, unit, noun_end, qualifier, "count:number_noun", 0.8 if c.is_word else 0.85)


_CHANGE_TO = re.compile(rf"[ \t]+to[ \t]+(?:{DIGIT_NUMBER}|\b{WORD_NUMBER}\b)", re.IGNORECASE)
# 'N of the <noun>s': a part of a group, counted in the group's noun
_PART_OF = re.compile(r"[ \t]+of[ \t]+(?:the|its|their|these|those)(?:[ \t]+(?:country|nation|region|city|state|university|world|continent)['’]s)?(?=[ \t])", re.IGNORECASE)


_NAME_BEFORE = re.compile(r"\b[A-Z][a-z]*[ \t]+$")  # 'Phase 2 of', 'Article 5 of': a name's number


def _countable(c: Candidate) -> bool:
    """Not a year, not an ambiguous '5m', and not 'one' unless qualified ('at least one call')."""
    value = c.value * c.mag
    if not c.m.group("mag") and not c.value.is_integer():
        return False  # '4.1 Joint projects', '3.3 The college': a clause number; a count is a whole number
    if (value == 1 and c.qualifier == "exact") or (not c.is_word and 1900 <= c.value <= 2100 and "," not in c.m.group("num") and not c.m.group("mag")):
        return False
    return not (c.m.group("mag") and c.m.group("mag").lower() in ("m", "b", "k"))


def _count(c: Candidate, ctx: FigureContext, unit: str, end: int, qualifier: str, rule_name: str, confidence: float,
           phrase: tuple[int, int] | None = None) -> Figure:
    """A count of `unit`; `phrase` is where the words of what it counts stand, when not right after the number."""
    phrase_start, phrase_end = phrase or (c.end, end)
    is_exchange = _moves_between_partners(ctx, c, unit, phrase_start, phrase_end)
    return _make(ctx, "count", c.value * c.mag, unit, qualifier, c.q_start, end, rule_name, confidence,
                 value_high=c.high * c.mag if c.high is not None else None, is_exchange=is_exchange)


def _is_person(unit: str) -> bool:
    """Does the counted noun name people: a known one, one in -ist or -ian ('agronomist', 'clinician'), or a nationality ('Kenyans')?"""
    if unit in PEOPLE_NOUNS or unit.endswith(("child", "woman", "person")) or (unit.endswith("man") and len(unit) >= 6):
        return True
    if unit.endswith(("ist", "ian")) and len(unit) > 5 and unit not in _NOT_PEOPLE:
        return True
    country = default_countries().lookup(unit)
    return country is not None and unit in {a.lower() for a in country.adjectives}


def _moves_between_partners(ctx: FigureContext, c: Candidate, unit: str, phrase_start: int, phrase_end: int) -> bool:
    """Does a count count people, visits or programme places that move between the partners (the gold's is_exchange)?

    Things (projects, institutions, money) never move. People, visits and places move when their clause says so: a
    movement word ('visited', 'exchange', 'sent to'), a destination ('leave for', 'at <Korean> universities'), or a
    nationality and another country it goes to ('60 Thai agronomists trained in the Netherlands'). People counted at
    home do not: 'the country has 300,000 students', 'enrolment rose to 50,000 students', '500 Kenyan nurses trained in
    Kenya', '2,000 farmers received training'."""
    text = ctx.text
    slot = unit in SLOT_NOUNS or (unit in ("grant", "award") and _MOBILITY_AWARD.search(text, max(0, phrase_start), phrase_end + 1))
    if not (_is_person(unit) or unit in VISIT_NOUNS or slot):
        return False
    if unit == "faculty" and "faculties" in text[phrase_start:phrase_end].lower():
        return False  # '14 faculties': the units of a university, not its teachers
    s, e = _clause(text, c.sentence, c.start)
    if _is_person(unit) and _HOME_ENROLMENT_BEFORE.search(text, max(s, c.q_start - 40), c.q_start) \
            and not _MOVING_NOUN.search(text, c.end, phrase_end) and not _FROM_AFTER.match(text, phrase_end):
        return False  # 'the country has 300,000 students': those at home, not people moving
    if _is_person(unit) and _MOVING_NOUN.search(text, phrase_start, phrase_end) and not _ENROLLED.search(text, s, e):
        return True  # 'foreign students', 'visiting scientists': people who came from elsewhere
    if _is_person(unit) and _HOME_NOUN.search(text, phrase_start, phrase_end) and not _GOING.search(text, s, e):
        return False  # 'local students', 'domestic researchers': people where they are, unless they go ('study abroad')
    if _is_person(unit) and _AT_HOME.search(text, phrase_end, e) and not _GOING.search(text, s, e):
        return False  # 'trained in their home provinces', 'at their own workshops': where they are
    if _is_person(unit) and _MOVING_NOUN.search(text, phrase_start, phrase_end) and _ENROLLED.search(text, s, e) \
            and not _nationality_contrast(text, phrase_start, phrase_end, e, lambda: ctx.partners):
        return False  # 'over 25,000 foreign students are enrolled in Chile': enrolment, no partner's people moving
    contrast = _nationality_contrast(text, phrase_start, phrase_end, e, lambda: ctx.partners)
    if contrast is not None:
        return contrast
    if unit in VISIT_NOUNS:
        return True  # 'three planning missions', '20 internships at technical schools': a visit is a move
    if _hosted_from_abroad(text, s, c.q_start, phrase_start, phrase_end):
        return True
    if _TRAINS_BEFORE.search(text, max(s, c.q_start - 20), c.q_start) and not ctx.movement_cues.any_in(s, e):
        return False  # 'the project will train 300 teachers in Mozambique': the people taught where they are
    if not ctx.names_movement(s, e):
        return False
    # 'received training', 'receive support': people helped where they are, not people moving (unless a place says so)
    return not (_AIDED.search(text, phrase_end, e) and not ctx.movement_cues.any_in(s, c.start) and not _OTHER_MOVE.search(text, s, e))


# what ends a clause inside a sentence: a semicolon, or a comma before a conjunction that starts another subject
_CLAUSE_BREAK = re.compile(r";|,\s*(?:while|whereas|but|although|though|yet)\b|\s\u2013\s|\s-\s(?=[a-z])", re.IGNORECASE)
_CLAUSE_REACH = 300  # characters each side of a count: a clause is read in bounded windows, never a whole long sentence


def _clause(text: str, sentence: tuple[int, int], at: int) -> tuple[int, int]:
    """The clause of a sentence around position `at` ('300 students went to Korea, while 12,000 stayed': two clauses)."""
    s, e = max(sentence[0], at - _CLAUSE_REACH), min(sentence[1], at + _CLAUSE_REACH)
    start = s
    for m in _CLAUSE_BREAK.finditer(text, s, at):
        start = m.end()
    after = _CLAUSE_BREAK.search(text, at, e)
    return start, (after.start() if after else e)


# a verb of help received, after the people counted: they stay where they are
_AIDED = re.compile(r"\b(?:receiv\w*|benefit\w*|get|got|gain\w*|obtain\w*)\s+(?:[\w-]+\s+){0,2}?"
                    r"(?:training|support|aid|assistance|treatment|care|services?|equipment|seeds?|loans?|funding|benefits?|"
                    r"vaccin\w*|meals?|cash|subsid\w*|advice|counsel\w*|access)\b", re.IGNORECASE)
_OTHER_MOVE = re.compile(r"\b(?:abroad|overseas|visit\w*|travel\w*|sen[dt]\s|exchang\w*|(?:in|to|at)\s+(?-i:[A-Z]))", re.IGNORECASE)
# words before a country that make it where people go or are: 'in the Netherlands', 'at a Finnish institute', 'to rural Zambia'
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|to|into|inside|within|across|throughout|toward|towards|join(?:s|ed|ing)?)\s+(?:(?-i:[a-z])[\w-]*\s+){0,2}$", re.IGNORECASE)
_NATIONALITY_REACH = 120  # characters after the counted noun in which a destination is looked for


def _nationality_contrast(text: str, phrase_start: int, phrase_end: int, clause_end: int,
                          partners: Callable[[], frozenset[str]] = frozenset) -> bool | None:
    """People of one country counted in, at or going to another move ('60 Thai agronomists trained in the
    Netherlands', '90 students from Peru at Swedish universities'): True; people named in their own country stay
    ('300 Kenyan nurses trained in Kenya'): False; None when the clause does not name both.

    A country is where the people come from when it stands in the counted phrase ('Thai agronomists'), after 'from',
    or before a noun of people ('places for Honduran students'); where they are or go after 'in', 'at', 'to'."""
    window_end = min(clause_end, phrase_end + _NATIONALITY_REACH)
    if window_end <= phrase_start:
        return None
    origins, origin_starts = set(), []
    for word in _PLURAL_WORD.finditer(text, phrase_start, phrase_end):  # 'eight Peruvians', 'Filipinos': a demonym counted
        for _, _, country, _ in default_countries().locate(word.group("stem")):
            origins.add(country.iso2)
            origin_starts.append(word.start())
    for s, e, country, _ in default_countries().locate(text[phrase_start:window_end]):
        s, e = s + phrase_start, e + phrase_start
        if s < phrase_end:
            origin_starts.append(s)
        before = text[max(phrase_start, s - 40):s]
        if s < phrase_end or _FROM_END.search(before) or _people_after(text, e, window_end):
            origins.add(country.iso2)
        elif _LOCATIVE_BEFORE.search(before):
            # the first place named is where these people are or go; a later one belongs to the next count
            # ('send 25 Slovak students to Ecuador and host 25 Ecuadorian students in Slovakia')
            # (the partners are read only here: reading them costs a pass over the whole document)
            if (known := partners()) and country.iso2 not in known:
                return False  # study in a third country ('leave to study overseas, chiefly in Canada') is no exchange
            return (country.iso2 not in origins) if origins else None
    if origins and origin_starts:
        # people of a nationality at a place the gazetteer does not know ('Kenyan engineers completed the course in
        # Reykjavik'): a city of the partner, since a count of a country's people at home names no nationality
        if any(p.group("name") not in _NOT_PLACES for p in _UNKNOWN_PLACE.finditer(text, phrase_end, window_end)):
            return True
    return None


_PLURAL_WORD = re.compile(r"\b(?P<stem>(?-i:[A-Z])[a-z]+?)(?:e?s)\b")
# a capitalised place after 'in' or 'at' ('in Reykjavik', 'at the Tartu clinic'); months and days are no places
_UNKNOWN_PLACE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?(?P<name>(?-i:[A-Z])[a-z]+)\b", re.IGNORECASE)
_NOT_PLACES = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
               "English", "Spring", "Summer", "Autumn", "Winter", "Phase", "Year", "Total", "The", "Their", "Its", "Our", "This"}


# a verb by which a country takes people in, right before the count: 'Japan will accept 300 Vietnamese trainees'
_HOSTING_BEFORE = re.compile(r"\b(?:accept\w*|admit\w*|recruit\w*|br(?:ing|ings|ought)\s+in|tak(?:e|es|ing)(?:\s+in)?|took(?:\s+in)?|"
                             r"employ(?:s|ed|ing)?|hir(?:e|es|ed|ing))\s+$", re.IGNORECASE)


# a verb of teaching right before the people counted: its object is taught where it is
_TRAINS_BEFORE = re.compile(r"\b(?:train|trains|trained|training|educat(?:e|es|ed|ing)|teach(?:es|ing)?|taught|upskill\w*|retrain\w*)\s+$", re.IGNORECASE)


def _hosted_from_abroad(text: str, clause_start: int, count_start: int, phrase_start: int, phrase_end: int) -> bool:
    """Does a country named before a verb of taking people in ('accept', 'admit', 'recruit') take in people of
    another nationality ('Germany will recruit 500 Filipino nurses')? The same nationality stays home."""
    verb = _HOSTING_BEFORE.search(text, max(clause_start, count_start - 30), count_start)
    if not verb:
        return False
    origins = {country.iso2 for _, _, country, _ in default_countries().locate(text[phrase_start:phrase_end])}
    hosts = {country.iso2 for _, _, country, _ in default_countries().locate(text[max(clause_start, verb.start() - 120):verb.start()])}
    return bool(origins) and bool(hosts - origins)


# where people come from: 'from Peru', 'from the Czech ...', 'of the Ghanaian colleges' (not 'of Lebanese descent': an ancestry)
_FROM_END = re.compile(r"\b(?:from\s+(?:the\s+|their\s+)?|of\s+(?:the|their)\s+)$", re.IGNORECASE)
_TWO_WORDS_AFTER = re.compile(r"[ \t]+(?P<w1>[A-Za-z][\w-]*)(?:[ \t]+(?P<w2>[A-Za-z][\w-]*))?")


def _people_after(text: str, end: int, limit: int) -> bool:
    """Is a nationality word followed by the plural noun of people it describes ('Honduran students', 'Thai rice farmers')?"""
    m = _TWO_WORDS_AFTER.match(text, end, limit)
    return m is not None and any(w and _is_plural(w) and _is_person(_singular(w)) for w in (m.group("w1"), m.group("w2")))


# what a count of the people a country or a university has at home follows: 'the country has', 'is home to', 'enrols'
_HOME_ENROLMENT_BEFORE = re.compile(
    r"\b(?:has|have|had|boasts?|counts?|is\s+home\s+to|are\s+home\s+to|enrol(?:l?s)?|totals?|numbers?|there\s+(?:are|were))[ \t]+$",
    re.IGNORECASE,
)
# ... unless those counted come from elsewhere: 'has 300 foreign students', 'had 40 students from the partner'
_MOVING_NOUN = re.compile(r"\b(?:foreign|international|exchange|visiting|incoming|outgoing|overseas)\b", re.IGNORECASE)
_FROM_AFTER = re.compile(r"[ \t]+from\b", re.IGNORECASE)
# where people are at home: 'in their home provinces', 'at their own workshops', 'at the home campus', 'at home'
_AT_HOME = re.compile(r"\b(?:in|at|on)\s+(?:(?:their|its|his|her|our)\s+(?:own|home|local)\b|the\s+home\s+(?:campus|institution|university|college|country)|home\b)", re.IGNORECASE)
# enrolment counted: 'are enrolled', 'out of 15,000', 'enrolment of': people where they study, not a move between partners
_ENROLLED = re.compile(r"\b(?:(?:are|were|is|was|currently|now)\s+enrol+ed|enrol+ment|out\s+of\s+(?:some\s+|about\s+)?\d)", re.IGNORECASE)
_HOME_NOUN = re.compile(r"\b(?:local|domestic|home-grown|in-country)\b", re.IGNORECASE)
_GOING = re.compile(r"\b(?:travel\w*|sen[dt]|sending|go(?:es|ing|ne)?\s+to|went|visit\w*|abroad|overseas|dispatch\w*|second(?:ed|ment)|leav(?:e|es|ing)\s+for|left\s+for)\b", re.IGNORECASE)


_MEMBER_COMPOUND = re.compile(r"-(?P<noun>member|strong|person|people)\b[ \t]+(?P<head>[A-Za-z][\w-]*)", re.IGNORECASE)


@rule("count:member_compound", stage="figures", cases=[
    Case("A 12-member delegation visited the partner campus.", "12-member delegation"),
    Case("A 40-strong team of engineers arrived.", "40-strong team"),
    Case("A 12-hour flight took them there.", None),
])
def count_member_compound(c: Candidate, ctx: FigureContext) -> Figure | None:
    """'a 12-member delegation' or 'a 40-strong team' counts the members of the group it names."""
    if c.is_word and c.value < 2 or not (m := _MEMBER_COMPOUND.match(ctx.text, c.end)):
        return None
    unit = "person" if m.group("noun").lower() in ("person", "people") else "member"
    return _count(c, ctx, unit, m.end(), c.qualifier, "count:member_compound", 0.8)


_ANOTHER_BEFORE = re.compile(r"\b(?:another|a\s+further|an\s+additional|an\s+extra)\s+$", re.IGNORECASE)
# what follows a number whose noun is left out: '87 were eligible', '727 at the university', 'eleven of them'
_NOUN_LEFT_OUT = re.compile(r"[ \t]+(?:were|are|was|is|have|had|will|would|shall|should|can|could|may|might|must|now|at|on|under|"
                            r"of\s+(?:them|these|those|which|whom))\b", re.IGNORECASE)


@rule("count:noun_left_out", stage="figures", cases=[
    Case("Of the 100 projects submitted, 87 were eligible.", "87"),
    Case("Some 3,020 students study here, including 727 at the northern university.", "727"),
    Case("A hundred applications came in, and eleven of them won.", "eleven"),
    Case("The grant will equip 10 clinics and refurbish another 6.", "6"),
    Case("The meeting in room 12 was short.", None),
])
def count_noun_left_out(c: Candidate, ctx: FigureContext) -> Figure | None:
    """A number without a noun, followed by a verb or 'of them', counts the noun of the nearest larger count before it in its sentence."""
    if not ctx.nouns or not _countable(c):
        return None
    if _ANOTHER_BEFORE.search(ctx.text, max(c.sentence[0], c.q_start - 16), c.q_start):
        # 'equip 10 clinics and refurbish another 6': more of the noun counted last in the sentence
        where, _, unit, _ = ctx.nouns[-1]
        return _count(c, ctx, unit, c.end, c.qualifier, "count:noun_left_out", 0.6) if where >= c.sentence[0] else None
    if not _NOUN_LEFT_OUT.match(ctx.text, c.end):
        return None
    # a part is smaller than its whole: '3,020 students from 45 countries, including 727 at ...' counts students
    # a number that opens its sentence ('Three will be hosted by ...', '40 of them now teach') may take the noun of
    # the sentence before: the subject left out is the people just counted
    reach = c.sentence[0]
    if reach > 0 and not ctx.text[reach:c.q_start].strip(" \t\"'“‘(") and "\n\n" not in ctx.text[max(0, reach - 3):reach + 1]:
        reach = ctx.sentence_of(reach - 1)[0] if not ctx.text[reach - 1].isspace() else ctx.sentence_of(max(0, reach - 2))[0]
    for where, value, unit, _ in reversed(ctx.nouns[-8:]):
        if where < reach:
            break
        if value > c.value * c.mag:
            return _count(c, ctx, unit, c.end, c.qualifier, "count:noun_left_out", 0.6)
    return None


_TO_BEFORE = re.compile(r"\b(?:to|reach(?:es|ed|ing)?)[ \t]+$", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\bfrom[ \t]+$", re.IGNORECASE)
_NUMBER_OF_NOUN = re.compile(r"\bnumbers?[ \t]+of[ \t]+(?P<words>[\w-]+(?:[ \t]+[\w-]+){0,3})", re.IGNORECASE)


@rule("count:noun_carried_over", stage="figures", cases=[
    Case("Arrivals rose from 120,000 visitors in 2019 to 180,000 last year.", "180,000"),
    Case("The pact will raise the number of joint degrees offered by both sides to 40.", "40"),
    Case("The budget grew from 3 labs to 2025 plans.", None),
    Case("The team travelled from the port to 12 sites.", None),
])
def count_noun_carried_over(c: Candidate, ctx: FigureContext) -> Figure | None:
    """A number after 'to' without a noun counts the noun its sentence went 'from' or whose number it raises.

    'from 120,000 visitors in 2019 to 180,000', 'raise the number of joint degrees ... to 40'."""
    text, (s, _) = ctx.text, c.sentence
    if not _countable(c) or not _TO_BEFORE.search(text, max(s, c.q_start - 12), c.q_start):
        return None
    for where, value, unit, start in reversed(ctx.nouns[-8:]):
        if where < s:
            break
        if _FROM_BEFORE.search(text, max(s, start - 8), start):
            return _count(c, ctx, unit, c.end, c.qualifier, "count:noun_carried_over", 0.6, phrase=(start, where))
    m = None
    for m in _NUMBER_OF_NOUN.finditer(text, s, c.q_start):
        pass  # the last 'number of' before the number
    if m is None:
        # 'raising to 80 per year the number of scholarships': the 'number of' right after the number
        after = _NUMBER_OF_NOUN.search(text, c.end, min(c.sentence[1], c.end + 40))
        m = after if after and not any(ch.isdigit() for ch in text[c.end:after.start()]) else None
    noun = next((w for w in m.group("words").split() if _is_plural(w)), None) if m else None
    if noun and noun.lower() not in _NP_STOP:
        return _count(c, ctx, _singular(noun), c.end, c.qualifier, "count:noun_carried_over", 0.6, phrase=m.span("words"))
    return None


# a table row or a label line that names what its number counts: '| Number of grants | 12 |', 'No. of fellows: 8'
_NUMBER_OF_LABEL = re.compile(r"\b(?:numbers?|no\.?)\s+of\s+(?P<words>[A-Za-z][\w-]*(?:[ \t]+[A-Za-z][\w-]*){0,2})[ \t]*(?:\|[ \t]*|:[ \t]*)$", re.IGNORECASE)


@rule("count:number_of_label", stage="figures", cases=[
    Case("| Number of grants | 12 |", "12"),
    Case("No. of visiting fellows: 8", "8"),
    Case("| Number of the decree | 12 |", None),
])
def count_number_of_label(c: Candidate, ctx: FigureContext) -> Figure | None:
    """A number in the cell after 'Number of <noun>s' (or after 'Number of <noun>s:') counts that noun."""
    text = ctx.text
    window = max(0, c.q_start - 80)  # the label is on the number's line, close to it
    line_start = text.rfind("\n", window, c.q_start) + 1 or window
    if not _countable(c) or not (m := _NUMBER_OF_LABEL.search(text, line_start, c.q_start)):
        return None
    noun = next((w for w in reversed(m.group("words").split()) if _is_plural(w)), None)
    if noun is None or noun.lower() in _NP_STOP or _singular(noun) in NOT_COUNTED:
        return None
    return _count(c, ctx, _singular(noun), c.end, c.qualifier, "count:number_of_label", 0.6, phrase=m.span("words"))


FIGURE_RULES: list[FigureRule] = [
    percent, money_shared_symbol, money_country_symbol, money_currency_before, money_bare_dollar, money_currency_after, money_currency_named_before,
    duration, count_number_noun,
    count_member_compound, count_noun_left_out, count_noun_carried_over, count_number_of_label,
]


# ----------------------------------------------------------------------------- the one pass

_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
_LETTER = re.compile(r"[A-Za-z]")
_HYPHENED_NAME_BEFORE = re.compile(r"\w-\s?$")
_LIST_MARKER_AFTER = re.compile(r"\)|\.\s|\.\d")
_LINE_START_BEFORE = re.compile(r"(?:^|\n)\s*\(?$")
_PARTNERS_BEFORE = re.compile(r"\bthe\s+$|\bone\s+of\s*$", re.IGNORECASE)
_OF_AFTER = re.compile(r"\s+of\b")
_FRACTION_AFTER = re.compile(r"[\s-]+(?:quarters?|thirds?|fifths?|sixths?|eighths?|tenths?|halves)\b", re.IGNORECASE)
_OUR_BEFORE = re.compile(r"\b(?:our|your|their)\s+$", re.IGNORECASE)


def _not_a_quantity(text: str, m: re.Match, has_currency: bool, value: float) -> bool:
    """Ordinals, names with digits ('5G', 'Chandrayaan-5'), list markers, versions: numbers that are not quantities."""
    num_start, num_end, end = m.start("num"), m.end("num"), m.end()
    before_char = text[num_start - 1] if num_start > 0 else " "
    after = text[num_end:num_end + 3]
    is_word = m.group("num")[0].isalpha()
    if not is_word and not has_currency:
        if _ORDINAL_SUFFIX.match(after):
            return True
        if _LETTER.match(after) and not m.group("mag") and not _currency_after(text, num_end, True):
            return True
        if (before_char.isalpha() and not _glued_currency_letters(text, m)) or before_char in "#/_" \
                or (before_char == "@" and not _PERCENT_AFTER.match(text, end)):
            return True
        if _HYPHENED_NAME_BEFORE.search(text[max(0, num_start - 3):num_start]):
            return True
        if _LIST_MARKER_AFTER.match(after) and not m.group("restated") and _LINE_START_BEFORE.search(text[max(0, num_start - 3):num_start]):
            return True
        if after.startswith(")") and "(" not in text[max(0, num_start - 2):num_start]:
            return True  # "1) Start-up Initiative"
    if is_word and value <= 3 and _PARTNERS_BEFORE.search(text[max(0, num_start - 5):num_start]) and not _DURATION_AFTER.match(text, end):
        return True  # "the two countries": the partners, not a quantity ('the four regional colleges' are four)
    if is_word and _FRACTION_AFTER.match(text, end):
        return True  # "three quarters of", "two thirds of": a share, not a count of quarters
    if value == 2 and _OUR_BEFORE.search(text[max(0, num_start - 8):num_start]):
        return True  # "our two nations", "their two economies": the partners, whatever the noun
    if is_word and _OF_AFTER.match(text[end:end + 4]) and value == 1:
        return True  # "one of the ..."
    return False


def _glued_currency_letters(text: str, m: re.Match) -> bool:
    """'K3 million', 'E1,800': letters that write a currency (money:country_symbol's), glued to an amount with a
    magnitude or grouped digits; 'G20', 'K12' are names."""
    return (_token_before(text, m.start("num"))[0] in VOCABULARY.by_country
            and bool(m.group("mag") or any(sep in m.group("num") for sep in ",.")))


_BETWEEN_BEFORE = re.compile(r"\bbetween\s+\S{0,5}\s?$", re.IGNORECASE)


def _read_number(text: str, m: re.Match) -> re.Match:
    """A range joined by 'and' only after 'between', and a high end after a currency token only if it repeats the currency."""
    if not m.group("high"):
        return m
    join, hcur = m.group("join").lower(), m.group("hcur")
    between = _BETWEEN_BEFORE.search(text[max(0, m.start() - 16):m.start()])
    low_is_year = m.group("num").isdigit() and 1900 <= int(m.group("num")) <= 2100
    high_is_year = m.group("high").isdigit() and 1900 <= int(m.group("high")) <= 2100
    if low_is_year and not high_is_year and not m.group("mag"):
        return NUMBER_WITHOUT_RANGE_RE.match(text, m.start())  # 'in 2019 to 180,000': a year, then a number
    if join == "to" and _FROM_BEFORE.search(text, max(0, m.start() - 8), m.start()):
        return NUMBER_WITHOUT_RANGE_RE.match(text, m.start())  # 'from 300 to 600 places': a change, both ends figures
    if (join == "and" and not between) or (hcur and not VOCABULARY.symbol(hcur.strip()) and not VOCABULARY.name(hcur.strip())):
        return NUMBER_WITHOUT_RANGE_RE.match(text, m.start())
    return m


# the first letters of every number word ('thirt' for thirteen and thirty, 'fif' for fifteen and fifty)
_NUMBER_WORD_STARTS = ("zero", "one", "two", "three", "four", "forty", "five", "fif", "six", "seven", "eight", "nine", "ten",
                       "eleven", "twelve", "thirt", "twent", "half")
_DIGITS = re.compile(r"\d+")
_DIGIT_WORDS = tuple("0123456789")
_POINT = re.compile(r"\.(?=\d)")  # '.5'; a full stop starts no number
# 'a' or 'an' as a word, then a blank ([aA](?<!\w[aA])[nN]?\s): 'a dozen', 'an estimated', 'a billion'; every
# character re's \s matches is a blank (tests/test_figures.py checks the list against the engine)
WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_ARTICLE_WORDS = tuple(article + blank for article in ("a", "an") for blank in WHITESPACE)


def _number_starts(text: str) -> list[int] | None:
    """Where a number can start, in order: a run of digits, a point, a number word, 'a' or 'an'; found with str.find
    and character classes, which the engine runs at C speed, while NUMBER_RE is tried at every position of a
    scan. None when the text's lower-case form has other offsets."""
    low = caseless(text)
    if low is None:
        return None
    if digits_are_ascii(text):  # the digits from the word automaton's pass, which the stages share
        runs = [at for at in word_starts(low, _DIGIT_WORDS) if at == 0 or not "0" <= text[at - 1] <= "9"]
        found = runs + [at - 1 for at in runs if at > 0 and text[at - 1] == "."]
    else:
        found = [m.start() for m in _DIGITS.finditer(text)] + [m.start() for m in _POINT.finditer(text)]
    # 'a' or 'an' as a word, then a blank: from the same pass
    found += [at for at in word_starts(low, _ARTICLE_WORDS) if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_")]
    # a number word starts a word (NUMBER_RE's \b): 'one' in 'money' or 'ten' in 'often' is never tried
    found += [at for at in word_starts(low, _NUMBER_WORD_STARTS) if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_")]
    return sorted(found)


def _next_number(text: str, pos: int, starts: list[int] | None) -> re.Match | None:
    """NUMBER_RE.search(text, pos), tried only at `pos` (which may be inside a run of digits) and where a number can start."""
    if starts is None:
        return NUMBER_RE.search(text, pos)
    if m := NUMBER_RE.match(text, pos):
        return m
    for i in range(bisect.bisect_right(starts, pos), len(starts)):
        if m := NUMBER_RE.match(text, starts[i]):
            return m
    return None


def find_figures(text: str, dates: list[DateMention], sentence_of) -> list[Figure]:
    """Every money amount, count, duration and percentage in the text, in text order: one pass over its numbers."""
    ctx = FigureContext(text, dates, sentence_of)
    figures: list[Figure] = []
    pos, starts = 0, _number_starts(text)
    while m := _next_number(text, pos, starts):
        m = _read_number(text, m)  # may end sooner: the next search starts where this number really ends
        pos = max(m.end(), m.start() + 1)
        if _inside(ctx.masked, m.start("num"), m.end("num")):
            continue
        value = parse_number(m.group("num"))
        if value is None:
            continue
        if m.group("rest") and m.group("num")[0].isalpha() and (rest := parse_words(m.group("rest"))):
            value += rest / parse_magnitude(m.group("mag"))  # 'one million three hundred thousand'
        elif m.group("rest"):
            m = NUMBER_WITHOUT_RANGE_RE.match(text, m.start(), m.start("rest"))  # '5 million three hundred ...': two numbers
            pos = max(m.end(), m.start() + 1)
        currency = _currency_before(text, m.start())
        if _not_a_quantity(text, m, currency is not None, value):
            continue
        high = parse_number(m.group("high")) if m.group("high") else None
        qualifier, q_start = _qualifier(text, currency[1] if currency else m.start(), m.end())
        c = Candidate(m, value, high, parse_magnitude(m.group("mag")), m.group("num")[0].isalpha(), qualifier, q_start,
                      sentence_of(m.start()), currency)
        for find in FIGURE_RULES:
            if (f := find(c, ctx)) is not None:
                if _plausible(f):
                    f.rule = find.rule_name
                    figures.append(f)
                pos = max(pos, f.end)
                break
    figures += _decades(ctx, figures)
    figures += _fractions(ctx, figures)
    figures.sort(key=lambda f: (f.start, f.end))
    _share_qualifiers_across_and(text, figures)
    _type_restated_amounts(figures)
    _link_conversions(text, figures)
    _link_inclusions(text, figures)
    return figures


def _plausible(f: Figure) -> bool:
    """A value a text can mean: finite and below the bound of its kind (400 digits or '1e308' are misreads)."""
    bound = PLAUSIBLE_BELOW[f.kind]
    return all(v is None or (math.isfinite(v) and 0 <= v < bound) for v in (f.value, f.value_high))


@rule("duration:decade", stage="figures", cases=[
    Case("The partnership will grow over the next decade.", "over the next decade"),
    Case("The lab opened in the 1960s.", None),
])
def _decades(ctx: FigureContext, found: list[Figure]) -> list[Figure]:
    """'the next decade' or 'a decade', without a number, is a duration of ten years.

    A pass of its own after the numbers: the phrase has no number to start from."""
    text, out = ctx.text, []
    if "decade" not in text.lower():
        return out
    starts = sorted((f.start, f.end) for f in found)
    for m in _DECADE_PHRASE.finditer(text):
        if _inside(starts, m.start(), m.start() + 1) or _inside(ctx.masked, m.start(), m.end()):
            continue
        start = m.start("q") if m.group("q") else m.start("lead")
        out.append(Figure("duration", 10.0, "year", "exact", start, m.end(), text[start:m.end()], "duration:decade", 0.7,
                          duration_days=10 * DAYS_PER_UNIT["year"]))
    return out


_FRACTION_WORDS = {"half": 50.0, "a quarter": 25.0, "one quarter": 25.0, "three quarters": 75.0, "three-quarters": 75.0}
_FRACTION_PHRASE = re.compile(
    r"\b(?P<q>(?:more\s+than|over|almost|nearly|about|around|roughly|less\s+than|under|at\s+least|some)\s+)?"
    r"(?P<f>half|a\s+quarter|one\s+quarter|three[\s-]quarters)\s+of\b", re.IGNORECASE)


@rule("percent:fraction_in_words", stage="figures", cases=[
    Case("More than half of the water comes from the river.", "More than half"),
    Case("Nearly three quarters of the fellows were women.", "Nearly three quarters"),
    Case("It took half a year.", None),
])
def _fractions(ctx: FigureContext, found: list[Figure]) -> list[Figure]:
    """'more than half of', 'a quarter of', 'three quarters of' is a share: a percentage (50, 25, 75).

    A pass of its own after the numbers: 'half of' has no number to start from."""
    text, out = ctx.text, []
    low = caseless(text) or text.lower()
    if "half" not in low and "quarter" not in low:
        return out
    taken = sorted((f.start, f.end) for f in found)
    for m in _FRACTION_PHRASE.finditer(text):
        start = m.start("q") if m.group("q") else m.start("f")
        if _inside(taken, start, m.end()) or _inside(ctx.masked, start, m.end()):
            continue
        value = _FRACTION_WORDS[re.sub(r"\s+", " ", m.group("f").lower())]
        qualifier, _ = _qualifier(text, m.start("f"), m.end("f")) if m.group("q") else ("exact", start)
        out.append(Figure("percent", value, "percent", qualifier, start, m.end("f"), text[start:m.end("f")],
                          "percent:fraction_in_words", 0.6))
    return out


# what joins two amounts one qualifier governs: 'not less than USD 500 for one side and EUR 300 for the other'
_SHARED_QUALIFIER_JOIN = re.compile(r"[^.;:()\n]{0,40}?\s(?:and|or)\s+$", re.IGNORECASE)
_BOUNDS = ("at_least", "at_most", "more_than", "less_than")


def _share_qualifiers_across_and(text: str, figures: list[Figure]) -> None:
    """An amount joined by 'and' to the amount before it, with no qualifier of its own, takes that amount's bound."""
    money = [f for f in figures if f.kind == "money"]
    for a, b in zip(money, money[1:]):
        if b.qualifier == "exact" and a.qualifier in _BOUNDS and _SHARED_QUALIFIER_JOIN.fullmatch(text, a.end, b.start):
            b.qualifier = a.qualifier


def _type_restated_amounts(figures: list[Figure]) -> None:
    """An amount whose sentence names no type ('Kenya, China sign Sh3.2bn deal' in a headline) takes the type the
    same amount has where its sentence names one ('a grant agreement worth KSh 3.2 billion'): one sum, said twice."""
    typed = {}
    for f in figures:
        if f.kind == "money" and not f.extra.get("typed_by_document"):
            typed.setdefault((f.unit, f.value), f.money_type)
    for f in figures:
        if f.kind == "money" and f.extra.pop("typed_by_document", False) and (f.unit, f.value) in typed:
            f.money_type = typed[(f.unit, f.value)]


_OR_JOIN = re.compile(r"^\s*,?\s*(?:or|i\.e\.?,?|equivalent\s+to|equal\s+to|roughly|about)\s*(?:about|approximately|around|roughly|some|nearly)?\s*$", re.IGNORECASE)


# an approximate amount set off by commas right after another: 'NPR 30 million, about EUR 200,000, for training'
_COMMA_JOIN = re.compile(r"[ \t]*,[ \t]*")
_ASIDE_ENDS = re.compile(r"[ \t]*(?:[,;)]|\.(?!\d))")


def _link_conversions(text: str, figures: list[Figure]) -> None:
    """A money amount in brackets right after another ('1 billion Yen (~US$ 9 million)'), joined by 'or', or
    set off by commas as an approximation ('PKR 30 million, about EUR 200,000, for ...') restates it in another
    currency: it points at the primary and takes its money type."""
    money = [i for i, f in enumerate(figures) if f.kind == "money"]
    for a, b in zip(money, money[1:]):
        primary_i = a
        while figures[primary_i].equivalent_of is not None:
            primary_i = figures[primary_i].equivalent_of
        primary, fb = figures[primary_i], figures[b]
        between = text[figures[a].end:fb.start]
        opens = text[primary.end:fb.start]
        in_bracket = re.fullmatch(r"\s*\([^()]*", opens) is not None and re.fullmatch(r"[^()]*", between.lstrip(" (")) is not None
        joined = _OR_JOIN.match(between) is not None and fb.unit != figures[a].unit
        joined = joined or (fb.qualifier == "approx" and _COMMA_JOIN.fullmatch(between) is not None
                            and _ASIDE_ENDS.match(text, fb.end) is not None)
        if (in_bracket or joined) and fb.unit != primary.unit:
            fb.equivalent_of = primary_i
            fb.money_type = primary.money_type
    _link_restated_totals(text, figures, money)


# an amount that names what it restates, set off as an aside: 'The total, close to KES 2.9 billion, ...',
# 'This sum (about EUR 4 million) ...'
_RESTATING_NOUN_BEFORE = re.compile(r"\b(?:the|this|that|its|their)\s+(?:whole\s+|overall\s+|entire\s+)?"
                                    r"(?:total|sum|amount|money|package|funding|contribution|budget|allocation)\s*[,(–—]\s*$", re.IGNORECASE)


def _link_restated_totals(text: str, figures: list[Figure], money: list[int]) -> None:
    """An approximate amount in an aside after 'the total', 'this sum' restates, in another currency, an amount said
    before: the largest one of the last currency named before it that is no conversion itself."""
    for k, b in enumerate(money):
        fb = figures[b]
        if fb.equivalent_of is not None or fb.qualifier != "approx" or k == 0:
            continue
        if not _RESTATING_NOUN_BEFORE.search(text, max(0, fb.start - 40), fb.start) or not _ASIDE_ENDS.match(text, fb.end):
            continue
        earlier = [i for i in money[:k] if figures[i].equivalent_of is None and figures[i].unit != fb.unit]
        if not earlier:
            continue
        unit = figures[earlier[-1]].unit
        primary_i = max((i for i in earlier if figures[i].unit == unit), key=lambda i: figures[i].value)
        fb.equivalent_of = primary_i
        fb.money_type = figures[primary_i].money_type


# What joins a count to the one before it when it is part of it: '2,849 students including more than 850 ...'.
_INCLUDED_JOIN = re.compile(r"\W*(?:including|incl\.?|of\s+whom|of\s+which|out\s+of\s+which|among\s+them|among\s+whom)\W*", re.IGNORECASE)


def _link_inclusions(text: str, figures: list[Figure]) -> None:
    """An exchange count right after another, joined by 'including' or 'of whom', is part of it: it points at
    it, so that totals over counts that are part of none count every person once."""
    exchange = [i for i, f in enumerate(figures) if f.kind == "count" and f.is_exchange]
    for a, b in zip(exchange, exchange[1:]):
        if _INCLUDED_JOIN.fullmatch(text, figures[a].end, figures[b].start):
            figures[b].included_in = a


def with_offset(figures: list[Figure], offset: int) -> list[Figure]:
    return [replace(f, start=f.start + offset, end=f.end + offset) for f in figures]
