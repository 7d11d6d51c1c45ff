"""Figures in running text: money, counts, durations and percentages, each with its qualifier and offsets.

A number becomes a figure only when it carries a unit: a currency, a time unit, a percent sign or a
counted noun. That one rule keeps out most non-figures (years, list markers, '5G', 'Article 6');
dates, ordinals, names with digits and URLs are masked before numbers are read.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from transforms.dates import DateMention
from transforms.numbers import DIGIT_NUMBER, MAGNITUDE, WORD_NUMBER, parse_magnitude, parse_number

# ----------------------------------------------------------------------------- vocabularies

CURRENCY_PREFIXES = {
    "us$": "USD", "us $": "USD", "usd": "USD", "$": "USD", "a$": "AUD", "au$": "AUD", "aud": "AUD", "c$": "CAD",
    "cad": "CAD", "s$": "SGD", "sgd": "SGD", "hk$": "HKD", "nz$": "NZD", "€": "EUR", "eur": "EUR", "euro": "EUR",
    "£": "GBP", "gbp": "GBP", "¥": "JPY", "jpy": "JPY", "yen": "JPY", "rs.": "INR", "rs": "INR", "inr": "INR",
    "₹": "INR", "re.": "INR", "rmb": "CNY", "cny": "CNY", "₩": "KRW", "krw": "KRW", "chf": "CHF",
}
CURRENCY_SUFFIXES = {
    "yen": "JPY", "japanese yen": "JPY", "rupees": "INR", "rupee": "INR", "indian rupees": "INR",
    "us dollars": "USD", "u.s. dollars": "USD", "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR",
    "pounds": "GBP", "pounds sterling": "GBP", "australian dollars": "AUD", "usd": "USD", "jpy": "JPY", "inr": "INR",
    "eur": "EUR", "gbp": "GBP", "aud": "AUD", "yuan": "CNY", "won": "KRW",
}
_PREFIX = r"(?:\b(?:US\s?\$|USD|A\$|AU\$|AUD|C\$|CAD|S\$|SGD|HK\$|NZ\$|EUR|GBP|JPY|INR|RMB|CNY|KRW|CHF|Rs\.?|Re\.|Yen)|[$€£¥₹₩])"
# a currency named by a word, a few words before a bare amount: "Yen Loan up to 50 billion"
_CURRENCY_WORD = r"\b(?:USD|JPY|INR|EUR|GBP|Yen|Rs\.?|rupees?|dollars?|euros?)"
_SUFFIX = r"(?:(?:Japanese\s+)?[Yy]en|(?:Indian\s+)?[Rr]upees?|(?:US|U\.S\.|Australian)\s+[Dd]ollars|[Dd]ollars?|[Ee]uros?|[Pp]ounds(?:\s+sterling)?|yuan|won|USD|JPY|INR|EUR|GBP|AUD)\b"

TIME_UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
              "year": "year", "years": "year", "decade": "decade", "decades": "decade"}
DAYS_PER_UNIT = {"day": 1.0, "week": 7.0, "month": 30.4375, "year": 365.25}

QUALIFIERS = [
    (r"(?:about|around|approximately|approx\.?|nearly|almost|roughly|some|close\s+to|an\s+estimated|estimated|~|≈|c\.|circa)", "approx"),
    (r"(?:more\s+than|over|above|exceeding|in\s+excess\s+of|upwards\s+of|beyond)", "more_than"),
    (r"(?:at\s+least|a\s+minimum\s+of|minimum\s+of|not\s+less\s+than|no\s+less\s+than|no\s+fewer\s+than)", "at_least"),
    (r"(?:up\s*to|upto|a\s+maximum\s+of|maximum\s+of|at\s+most|within|not\s+more\s+than|no\s+more\s+than|not\s+exceeding)", "at_most"),
    (r"(?:less\s+than|fewer\s+than|under|below)", "less_than"),
]
_QUALIFIER_BEFORE = re.compile(
    r"(?P<q>" + "|".join(f"(?P<{name}>{pat})" for pat, name in QUALIFIERS) + r")\s*(?:the\s+next\s+|a\s+total\s+of\s+)?$",
    re.IGNORECASE,
)
# "over the next five years" means during, not more than
_DURING = re.compile(r"\b(?:over|during|in|for)\s+the\s+(?:next|past|last|coming|following)\s*$", re.IGNORECASE)

MONEY_TYPES = [
    ("loan", r"\b(?:loans?|yen\s+loan|ODA\s+loan|credit\s+line|line\s+of\s+credit|lend(?:ing|s)?|borrow\w*)\b"),
    ("grant", r"\b(?:grants?|grant[- ]in[- ]aid|grant\s+aid|donat\w+|aid)\b"),
    ("investment", r"\b(?:invest\w*|FDI|equity|capital\s+expenditure|fund\s+of)\b"),
    ("economic_impact", r"\b(?:econom(?:y|ic\s+(?:impact|output|benefit|activity|value))|GDP)\b"),
    ("grant", r"\b(?:contribut\w*|fund(?:s|ed|ing)?\s+(?:of|for|to)|financial\s+(?:assistance|support))\b"),
]
# "contribute $400 million to the regional economy": what the amount adds to an economy, said after it
_ECONOMY_AFTER = re.compile(r"^[^.;]{0,50}\b(?:econom(?:y|ies)|GDP)\b", re.IGNORECASE)

IRREGULAR_PLURALS = {"people": "person", "persons": "person", "staff": "staff", "personnel": "personnel",
                     "children": "child", "men": "man", "women": "woman", "faculty": "faculty", "alumni": "alumnus",
                     "youth": "youth", "media": "media", "criteria": "criterion", "data": "data"}
PEOPLE_NOUNS = {
    "student", "researcher", "scientist", "person", "people", "worker", "fellow", "faculty", "delegate", "official",
    "visitor", "intern", "trainee", "professional", "teacher", "diplomat", "academic", "participant", "scholar",
    "engineer", "expert", "doctor", "nurse", "youth", "undergraduate", "postgraduate", "graduate", "professor",
    "entrepreneur", "journalist", "farmer", "volunteer", "candidate", "alumnus", "member",
    "child", "man", "woman", "staff", "personnel", "employee", "technician", "specialist", "caregiver", "officer",
    "pupil", "learner", "apprentice", "tourist", "migrant", "recruit", "physician", "athlete", "artist", "awardee",
}
VISIT_NOUNS = {"visit", "exchange", "trip", "mission", "delegation", "tour", "placement", "secondment", "fellowship", "scholarship", "internship"}
MOVEMENT_CUES = re.compile(
    r"\b(?:visit\w*|exchang\w*|participat\w*|attend\w*|movement|mobility|travel\w*|sen[dt]|sending|host\w*|"
    r"invit\w*|dispatch\w*|came|come|go(?:ing|ne)?\s+to|went|study(?:ing)?\s+(?:in|abroad)|studied\s+in|trained\s+in|"
    r"welcome\w*|receiv\w*|admitted|enrol\w*|placed|deploy\w*|migrat\w*|inbound|outbound)\b",
    re.IGNORECASE,
)
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
               "mw", "gw", "kw", "sq", "acres", "hectares", "points", "basis"}

# --------------------------------------------------------------------------------- patterns

_NUM = rf"(?P<num>{DIGIT_NUMBER}|\b{WORD_NUMBER}\b)"
# a word number restated in digits: "sixty (60)"
_RESTATED = r"(?P<restated>\s*\(\s*\d[\d,.]*\s*\))?"
_RANGE = rf"(?:\s*(?:-|–|to)\s*(?P<high>{DIGIT_NUMBER}|\b{WORD_NUMBER}\b))?"
_MAG = rf"(?:(?:\s*|-)(?P<mag>{MAGNITUDE}))?"  # "Rs 2,000-crore project"
NUMBER_RE = re.compile(
    rf"(?P<prefix>{_PREFIX}\s?)?{_NUM}{_RESTATED}{_RANGE}{_MAG}",
    re.IGNORECASE,
)
_PERCENT_AFTER = re.compile(r"\s*(?:%|per\s?cent\b|percent\b|pc\b)", re.IGNORECASE)
_SUFFIX_AFTER = re.compile(rf"\s*(?P<cur>{_SUFFIX})", re.IGNORECASE)
_DURATION_AFTER = re.compile(r"(?:\s+|-)(?:(?:more|further|additional|calendar|financial|fiscal|academic|working|business)\s+)?(?P<unit>days?|weeks?|months?|years?|decades?)\b(?![- ]old\b)", re.IGNORECASE)
_WORD_AFTER = re.compile(r"[ \t]+(?P<word>(?:no\.?s?\.?|nos\.|numbers?)\s+of\s+|[A-Za-z][\w&'’-]*(?:/[\w-]+)*)")
_URL = re.compile(r"(?<!\S)(?=\S*[/.])(?:(?:https?://|www\.)\S+|\S+\.(?:html?|php|aspx?|pdf)\S*|\S+/\S+/\S+)", re.IGNORECASE)
_DECADE_PHRASE = re.compile(r"\b(?P<q>(?:over|for|in|during)\s+the\s+)?(?P<lead>next|last|past|coming|a|one)\s+decade\b", re.IGNORECASE)
_CURRENCY_BEFORE = re.compile(rf"(?P<cur>{_CURRENCY_WORD})\s+(?:[A-Za-z]+\s+){{1,3}}$", re.IGNORECASE)


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


def _singular(word: str) -> str:
    w = word.lower().strip("'’")
    if w in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[w]
    w = w.split("-")[-1] if "-" in w and not w.endswith("-") else w
    if w in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[w]
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x"), ("s", "")):
        if w.endswith(suffix) and len(w) > len(suffix) + 1:
            return w[: -len(suffix)] + repl
    return w


def _is_plural(word: str) -> bool:
    w = word.lower()
    if w in IRREGULAR_PLURALS:
        return True
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s", "ous"))


def _masked_spans(text: str, dates: list[DateMention]) -> list[tuple[int, int]]:
    """Dates and URLs, merged into sorted disjoint spans."""
    spans = sorted([(d.start, d.end) for d in dates if d.kind != "weekday"] + [(m.start(), m.end()) for m in _URL.finditer(text)])
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


def _qualifier(text: str, start: int) -> tuple[str, int]:
    """The qualifier right before a figure and where its words begin."""
    before = text[max(0, start - 40):start]
    if _DURING.search(before):
        m = _DURING.search(before)
        return "exact", start - (len(before) - m.start())
    m = _QUALIFIER_BEFORE.search(before)
    if not m:
        return "exact", start
    if m.group("q").lower() == "over" and _DURATION_AFTER.match(text, _number_end(text, start)) and not re.search(r"\bfor\s+$", before[:m.start()]):
        return "exact", start - (len(before) - m.start())  # "over four years": during them
    q = next(name for _, name in QUALIFIERS if m.group(name))
    word = m.group("q")
    if word.isalpha() and m.start() > 0 and before[m.start() - 1].isalnum():
        return "exact", start  # 'Moreover 5' is not 'over 5'
    return q, start - (len(before) - m.start())


def _number_end(text: str, start: int) -> int:
    m = NUMBER_RE.match(text, start)
    return m.end() if m else start


def _money_type(sentence_before: str, sentence_after: str) -> str:
    """The nearest money-type word before the amount in its sentence, else after it."""
    if _ECONOMY_AFTER.match(sentence_after):
        return "economic_impact"
    best, best_pos = "unspecified", -1
    for name, pat in MONEY_TYPES:
        for m in re.finditer(pat, sentence_before, re.IGNORECASE):
            if m.start() > best_pos:
                best, best_pos = name, m.start()
    if best_pos >= 0:
        return best
    first, first_pos = "unspecified", len(sentence_after) + 1
    for name, pat in MONEY_TYPES:
        m = re.search(pat, sentence_after[:120], re.IGNORECASE)
        if m and m.start() < first_pos:
            first, first_pos = name, m.start()
    return first


def _counted_noun(text: str, pos: int) -> tuple[str, int] | None:
    """The head noun of what a number counts ('3 joint-projects' -> 'project') and where the phrase ends."""
    words, at, via_of = [], pos, False
    for _ in range(5):
        m = _WORD_AFTER.match(text, at)
        if not m:
            break
        w = m.group("word")
        if re.match(r"(?:no\.?s?\.?|nos\.|numbers?)\s+of\s+$", w, re.IGNORECASE):
            if words:
                break
            at, via_of = m.end() - 1, True
            continue
        first = w.split("/")[0]
        if first.lower() in ("and", "&") and words and words[-1][0][:1].isupper() and (nxt := _WORD_AFTER.match(text, m.end())) and nxt.group("word")[:1].isupper():
            at = m.end()
            continue  # "150 Indian and French PhD students"
        if first.lower() in _NP_STOP:
            break
        if first.lower() in ("faculty", "staff", "youth") and (nxt := _WORD_AFTER.match(text, m.end())) and _is_plural(nxt.group("word").split("/")[0]):
            words.append((first, m.end()))
            at = m.end()
            continue  # 'faculty members': the modifier of a plural head
        words.append((first, m.end() if "/" not in w else m.start("word") + len(first)))
        at = m.end()
        if _is_plural(first):
            return _singular(first), words[-1][1] if "/" not in w else m.end()
    return None


def _make(kind, value, unit, qualifier, start, end, text, rule, confidence, **kw) -> Figure:
    return Figure(kind, value, unit, qualifier, start, end, text[start:end], rule, confidence, **kw)


def extract_figures(text: str, dates: list[DateMention], sentence_of) -> list[Figure]:
    """Every money amount, count, duration and percentage in the text, in text order."""
    masked = _masked_spans(text, dates)
    figures: list[Figure] = []
    taken_until = -1
    for m in NUMBER_RE.finditer(text):
        start, end = m.start(), m.end()
        if start < taken_until:
            continue
        num_start = m.start("num")
        if _inside(masked, num_start, m.end("num")):
            continue
        value = parse_number(m.group("num"))
        if value is None:
            continue
        before_char = text[num_start - 1] if num_start > 0 else " "
        after = text[m.end("num"):m.end("num") + 3]
        is_word = m.group("num")[0].isalpha()
        prefix = m.group("prefix")
        # ordinals, names with digits, list markers, version numbers
        if not is_word and not prefix:
            if re.match(r"(?:st|nd|rd|th)\b", after, re.IGNORECASE) or re.match(r"[A-Za-z]", after) and not m.group("mag"):
                continue
            if before_char.isalpha() or before_char in "#/_@" or re.search(r"\w-\s?$", text[max(0, num_start - 3):num_start]):
                continue
            if re.match(r"\)|\.\s|\.\d", after) and not m.group("restated") and re.search(r"(?:^|\n)\s*\(?$", text[max(0, num_start - 3):num_start]):
                continue
            if re.match(r"\)", after) and "(" not in text[max(0, num_start - 2):num_start]:
                continue  # "1) Start-up Initiative"
        if is_word and re.search(r"\bthe\s+$|\bone\s+of\s*$", text[max(0, num_start - 5):num_start], re.IGNORECASE) and not _DURATION_AFTER.match(text, end):
            continue  # "the two countries": the partners, not a quantity
        if is_word and re.match(r"\s+of\b", text[end:end + 4]) and value == 1:
            continue  # "one of the ..."
        high = parse_number(m.group("high")) if m.group("high") else None
        mag = parse_magnitude(m.group("mag"))
        qualifier, q_start = _qualifier(text, start)
        sent_start, sent_end = sentence_of(start)

        # percent
        if pm := _PERCENT_AFTER.match(text, end):
            f = _make("percent", value, "percent", qualifier, q_start, pm.end(), text, "percent", 0.95, value_high=high)
            figures.append(f)
            taken_until = pm.end()
            continue

        # money with the currency before or after the number
        currency, money_end, rule = None, end, ""
        if prefix:
            currency, rule = CURRENCY_PREFIXES.get(re.sub(r"\s", "", prefix.lower())), "money:currency_before"
        if (sm := _SUFFIX_AFTER.match(text, end)):
            currency = currency or CURRENCY_SUFFIXES.get(re.sub(r"\s+", " ", sm.group("cur").lower()))
            money_end, rule = sm.end(), rule or "money:currency_after"
        if currency is None and m.group("mag") and (cm := _CURRENCY_BEFORE.search(text[max(sent_start, start - 40):start])):
            word = cm.group("cur").lower()
            code = CURRENCY_PREFIXES.get(word) or CURRENCY_SUFFIXES.get(word) or CURRENCY_SUFFIXES.get(word + "s")
            if code:
                currency, rule = code, "money:currency_named_before"
                q_start = min(q_start, start - (len(text[max(sent_start, start - 40):start]) - cm.start()))
        if currency:
            lead = text[q_start:start]
            f = _make(
                "money", value * mag, currency, qualifier, q_start, money_end, text, rule, 0.9 if prefix or m.group("mag") else 0.75,
                value_high=high * mag if high else None,
                money_type=_money_type(text[sent_start:q_start] + lead, text[money_end:sent_end]),
            )
            figures.append(f)
            taken_until = money_end
            continue
        if m.group("mag") and m.group("mag").lower() in ("m", "b", "k"):
            continue  # '5m' without a currency is too ambiguous

        # durations: "five (5) years", "a further 5 years", "3-month"
        if (dm := _DURATION_AFTER.match(text, end)) and not m.group("mag"):
            unit = TIME_UNITS[dm.group("unit").lower()]
            val = value * (10 if unit == "decade" else 1)
            unit = "year" if unit == "decade" else unit
            f = _make("duration", val, unit, qualifier, q_start, dm.end(), text, "duration", 0.9, value_high=high,
                      duration_days=val * DAYS_PER_UNIT[unit])
            figures.append(f)
            taken_until = dm.end()
            continue

        # counts: a number followed by the plural noun it counts
        if value * mag == 1 or (not is_word and 1900 <= value <= 2100 and "," not in m.group("num") and not m.group("mag")):
            continue
        plus = text.startswith("+", end)  # "100+ startups"
        noun = _counted_noun(text, end + 1 if plus else end)
        if plus and qualifier == "exact":
            qualifier = "more_than"
        if noun is None or noun[0] in NOT_COUNTED or noun[0] in TIME_UNITS:
            continue
        unit, noun_end = noun
        sentence = text[sent_start:sent_end]
        is_exchange = (unit in PEOPLE_NOUNS or unit in VISIT_NOUNS) and bool(MOVEMENT_CUES.search(sentence))
        f = _make("count", value * mag, unit, qualifier, q_start, noun_end, text, "count:number_noun",
                  0.85 if not is_word else 0.8, value_high=high * mag if high else None, is_exchange=is_exchange)
        figures.append(f)
        taken_until = noun_end

    figures += _decades(text, figures)
    figures.sort(key=lambda f: (f.start, f.end))
    _link_conversions(text, figures)
    _link_inclusions(text, figures)
    return figures


def _decades(text: str, found: list[Figure]) -> list[Figure]:
    """'for the next decade' is a duration of 10 years."""
    out = []
    if "decade" not in text and "Decade" not in text and "DECADE" not in text:
        return out
    for m in _DECADE_PHRASE.finditer(text):
        if any(f.start <= m.start() < f.end for f in found):
            continue
        start = m.start("q") if m.group("q") else m.start("lead")
        out.append(Figure("duration", 10.0, "year", "exact", start, m.end(), text[start:m.end()], "duration:decade", 0.7,
                          duration_days=10 * DAYS_PER_UNIT["year"]))
    return out


_BRACKET_OPEN = re.compile(r"\s*\(\s*$")
_OR_JOIN = re.compile(r"^\s*,?\s*(?:or|i\.e\.?,?|equivalent\s+to|equal\s+to|roughly|about)\s*(?:about|approximately|around|roughly|some|nearly)?\s*$", re.IGNORECASE)


def _link_conversions(text: str, figures: list[Figure]) -> None:
    """A money amount in brackets right after another ('1 billion Yen (~US$ 9 million)'), or joined by
    'or', restates it in another currency: it points at the primary and takes its money type."""
    money = [i for i, f in enumerate(figures) if f.kind == "money"]
    for a, b in zip(money, money[1:]):
        primary = figures[a]
        while primary.equivalent_of is not None:
            primary = figures[primary.equivalent_of]
        fb = figures[b]
        between = text[figures[a].end:fb.start]
        opens = text[primary.end:fb.start]
        in_bracket = re.fullmatch(r"\s*\([^()]*", opens) is not None and re.fullmatch(r"[^()]*", between.lstrip(" (")) is not None
        joined = _OR_JOIN.match(between) is not None and fb.unit != figures[a].unit
        if (in_bracket or joined) and fb.unit != primary.unit:
            fb.equivalent_of = figures.index(primary)
            fb.money_type = primary.money_type
            fb.rule += "+conversion"


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
