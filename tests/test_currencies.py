"""Every ISO 4217 currency as accord reads money (issue 11): codes, CLDR symbols, country-prefixed and dotted
local forms, English names with and without the country's adjective, bare units and their native plurals.

Table-driven, in sentences written for these tests, for small economies of every region and several partners."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from transforms import currencies
from transforms.extract import extract_document

pytestmark = pytest.mark.pure  # no Prefect server: see tests/conftest.py


def money(text: str) -> list[tuple[float, str, str]]:
    rows = extract_document(text, given_date=dt.date(2024, 6, 1)).figures
    for r in rows:
        assert text[r["char_start"]:r["char_end"]] == r["text"]
    return [(r["value"], r["unit"], r["text"]) for r in rows if r["kind"] == "money"]


# (sentence, value, ISO code, the figure's text)
LOCAL_FORMS = [
    # a dollar prefixed with its country's letters (its ISO code's or its name's initials)
    ("The Trinidadian council gave TT$2 million to the Malian lab.", 2e6, "TTD", "TT$2 million"),
    ("A Jamaican grant of J$15 million supports Finnish partners.", 1.5e7, "JMD", "J$15 million"),
    ("Fijian students get FJ$ 8,000 each from the Estonian fund.", 8000.0, "FJD", "FJ$ 8,000"),
    ("The Solomon Islands ministry and a Korean agency pay SI$ 4 million.", 4e6, "SBD", "SI$ 4 million"),
    ("The Belizean college and a Swiss foundation share BZ$ 200,000.", 2e5, "BZD", "BZ$ 200,000"),
    ("The Guyanese ministry lends G$ 10 million to the Cuban institute.", 1e7, "GYD", "G$ 10 million"),
    # a form several dollars make ('B$'): the country the text names
    ("Brunei pledged B$ 1 million to a Slovak university.", 1e6, "BND", "B$ 1 million"),
    ("The Bahamian side and Norway give B$ 300,000 to the reef survey.", 3e5, "BSD", "B$ 300,000"),
    ("The Namibian council pays N$ 4 million to the Angolan lab.", 4e6, "NAD", "N$ 4 million"),
    # a currency CLDR writes only in Arabic script: the Latin initials of its country and its unit
    ("The Kuwaiti fund granted KD 50,000 to the Nepalese institute.", 5e4, "KWD", "KD 50,000"),
    ("The Bahraini ministry set aside BD 120,000 for scholarships in Ghana.", 1.2e5, "BHD", "BD 120,000"),
    ("The Jordanian and Irish universities split JD 2 million.", 2e6, "JOD", "JD 2 million"),
    ("Qatar grants QR 2 million to the Chilean observatory.", 2e6, "QAR", "QR 2 million"),
    # CLDR's dotted local abbreviations and symbols of the territory's own locales
    ("The Bhutanese ministry pledged Nu. 3 million to the Austrian project.", 3e6, "BTN", "Nu. 3 million"),
    ("The Maldivian council set aside Rf 100,000 for the Danish partner.", 1e5, "MVR", "Rf 100,000"),
    ("The Paraguayan and Swedish agencies pay Gs. 40 million.", 4e7, "PYG", "Gs. 40 million"),
    ("The Panamanian secretariat pays B/. 200,000 to the Kyrgyz academy.", 2e5, "PAB", "B/. 200,000"),
    # single letters and two capitals: money only where the text names their country
    ("The Zambian ministry gives K 5 million to a Finnish college.", 5e6, "ZMW", "K 5 million"),
    ("Papua New Guinea and Japan pay K 3 million each year.", 3e6, "PGK", "K 3 million"),
    ("The Bosnian ministry will pay 15,000 KM to the Irish institute.", 1.5e4, "BAM", "15,000 KM"),
    ("The Guatemalan and Korean funds pay Q 5 million.", 5e6, "GTQ", "Q 5 million"),
    ("The Vanuatu council receives VT 50 million from the Australian side.", 5e7, "VUV", "VT 50 million"),
    # bare units, singular or plural, after the number; English plurals in -s and the territory's own plural
    ("Each Kazakh fellow receives 4,000 tenge a month from the Latvian side.", 4000.0, "KZT", "4,000 tenge"),
    ("The Georgian fund adds 30,000 lari for the Chilean team.", 3e4, "GEL", "30,000 lari"),
    ("Tajik partners receive 50,000 somoni from Estonia.", 5e4, "TJS", "50,000 somoni"),
    ("The Macedonian agency allocates 2 million denars to Slovenia.", 2e6, "MKD", "2 million denars"),
    ("The Paraguayan ministry offers 500 million guaraníes to Portugal.", 5e8, "PYG", "500 million guaraníes"),
    ("The Paraguayan ministry offers 500 million guaranies to Portugal.", 5e8, "PYG", "500 million guaranies"),
    ("Guatemala gives 5 million quetzales to the Korean institute.", 5e6, "GTQ", "5 million quetzales"),
    ("The Costa Rican fund adds 25 million colones to the Bhutanese lab.", 2.5e7, "CRC", "25 million colones"),
    ("The Albanian ministry pays 50 million lekë to the Greek college.", 5e7, "ALL", "50 million lekë"),
    ("Eritrean teams get 500,000 nakfa from the Italian foundation.", 5e5, "ERN", "500,000 nakfa"),
    ("Vanuatu receives 50 million vatu from New Zealand.", 5e7, "VUV", "50 million vatu"),
    ("The Malagasy and Mauritian labs share 900 million ariary.", 9e8, "MGA", "900 million ariary"),
    # a unit that is also an English word, after a magnitude or a large number
    ("The Afghan and Uzbek ministries share 3 million afghanis.", 3e6, "AFN", "3 million afghanis"),
    ("The Peruvian and Thai institutes split 4,500 soles a month.", 4500.0, "PEN", "4,500 soles"),
    # a unit several currencies have: the country the text names
    ("Moldovan schools get 300,000 lei from the Czech fund.", 3e5, "MDL", "300,000 lei"),
    ("Uzbek partners get 1 billion som from the Latvian bank.", 1e9, "UZS", "1 billion som"),
    ("Turkmen partners receive 3 million manat from the Omani fund.", 3e6, "TMT", "3 million manat"),
    ("The Serbian academy and a Dutch charity pay 30 million dinars.", 3e7, "RSD", "30 million dinars"),
    # the country's adjective as the press writes it, not as CLDR ('Kyrgyz som', CLDR 'Kyrgystani som')
    ("The Peruvian fund and the academy pay 5 million Kyrgyz soms.", 5e6, "KGS", "5 million Kyrgyz soms"),
    ("Each Icelandic fellow gets 80,000 Botswana pula.", 8e4, "BWP", "80,000 Botswana pula"),
    # ISO codes of small economies before and after the number
    ("The Malawian council gives MWK 40 million to the Scottish lab.", 4e7, "MWK", "MWK 40 million"),
    ("The Lesotho college gets 1 million LSL from the Irish trust.", 1e6, "LSL", "1 million LSL"),
    ("The Comorian ministry pays KMF 20 million to the Seychelles lab.", 2e7, "KMF", "KMF 20 million"),
    # single letters glued to the number, where the text names their country (the letter means the kina,
    # the kwacha or the kyat by the country named)
    ("The Zambian and Irish ministries set up a K3 million fund.", 3e6, "ZMW", "K3 million"),
    ("Papua New Guinea and Korea will spend about K12.4 million.", 1.24e7, "PGK", "about K12.4 million"),
    ("Myanmar and Thailand share K900,000 for the survey.", 9e5, "MMK", "K900,000"),
    ("Eswatini and Taiwan pay each nurse E1,800 a month.", 1800.0, "SZL", "E1,800"),
    # the press's abbreviations of local currencies, also only where their country is named
    ("Turkey and Georgia will spend TL 30 million on joint laboratories.", 3e7, "TRY", "TL 30 million"),
    ("Bangladesh and Japan agreed on a Tk 40 million fund.", 4e7, "BDT", "Tk 40 million"),
    ("The Egyptian and Hungarian sides will spend LE 900,000 on training.", 9e5, "EGP", "LE 900,000"),
    ("Rwanda and Belgium value the campus land at Rwf 45 million.", 4.5e7, "RWF", "Rwf 45 million"),
    ("Tonga and Chile agreed on 3.3 million pa'anga for school repairs.", 3.3e6, "TOP", "3.3 million pa'anga"),
    # CFA francs: the West African one (XOF) or the Central African one (XAF), by the country named
    ("Mali and Spain will share 1.2 billion CFA francs.", 1.2e9, "XOF", "1.2 billion CFA francs"),
    ("Gabon and Morocco will share 800 million CFA francs.", 8e8, "XAF", "800 million CFA francs"),
]


@pytest.mark.parametrize("text,value,code,written", LOCAL_FORMS, ids=[c[2] + "-" + c[3] for c in LOCAL_FORMS])
def test_local_currency_forms_are_money_of_their_iso_code(text, value, code, written):
    assert money(text)[:1] == [(value, code, written)]


NOT_MONEY = [
    "The runner won 3 medals in Cairo and 2 in Tunis.",
    "The Bosnian relay covered 1,500 KM of road in a week.",
    "The Irish team drove 15,000 KM across Europe.",  # 'KM' is a currency only in a text naming Bosnia
    "The Kuwaiti delegation visited the site in AD 2019.",
    "The fund pledged KD 50,000 to the lab.",  # 'KD' with no Kuwait in the text
    "The 2 real reasons were cost and time.",
    "The ministers took 5 kip after lunch.",
    "Zimbabwe's mines produced 30 gold bars in May.",
    "Form K 5 of the Zambian registry must be filed.",
    "The Moldovan choir wore 12 lei of flowers.",
    "THE ZAMBIAN FUND AND K 500 PARTNERS",
    "The Gambian college had D 300 students.",  # a single letter only before a magnitude or a grouped number
    "The Irish college had D 3,000 visitors.",  # 'D' (the dalasi of English-language Gambian texts) with no Gambia
    "The Peruvian rover team logged 30 sols on Mars.",
    "Some 4,000 Afghanis live in the Tajik border towns.",  # the people, capitalised; '4,000 afghanis' is money
    "The Paraguayan census counted 1,200 Guarani speakers.",
    "Costa Rican surgeons removed 3 colon polyps.",
    "The Irish team built K3 and K12 test rigs.",  # glued letters with no country of theirs named, no magnitude
    "The Turkish and Dutch team leads (TL 3 and TL 4) met.",
]


def test_a_conversion_into_cfa_francs_in_a_bracket_is_its_own_currency():
    """'EUR 6 million (around 3.9 billion CFA francs)': the bracket's amount is in francs, not a second euro amount."""
    assert money("France will give EUR 6 million (around 3.9 billion CFA francs) to Senegal's universities.") == [
        (6e6, "EUR", "EUR 6 million"), (3.9e9, "XOF", "around 3.9 billion CFA francs")]


@pytest.mark.parametrize("text,code", [
    # a dollar country named once in passing is not the text's own: a bare '$' stays USD
    ("The Peruvian and Norwegian councils will fund research. Most Peruvian students go to Canada and Australia, "
     "but the scheme offers about $120,000 for study in Norway.", "USD"),
    ("Ghana and Finland renew ties\n\nThe two ministries signed a plan.\n\nSome graduates later move to New Zealand; "
     "the plan itself has $2 million.", "USD"),
    # named in the first sentence, or more than once, it is
    ("Fiji and Samoa boost exchanges. The councils will fund research with $120,000.", "FJD"),
    ("The councils will fund research. The Jamaican side adds staff. Jamaica also gives $50,000.", "JMD"),
])
def test_a_bare_dollar_is_the_dollar_of_the_texts_own_country(text, code):
    assert [m[1] for m in money(text)] == [code]


@pytest.mark.parametrize("text", NOT_MONEY)
def test_words_and_letters_that_are_not_money(text):
    assert money(text) == []


def test_a_conversion_set_off_by_commas_restates_the_amount_before_it():
    rows = extract_document("The Nepalese board granted NPR 30 million, about EUR 200,000, for teacher training.",
                            given_date=dt.date(2024, 6, 1)).figures
    primary, conversion = [r for r in rows if r["kind"] == "money"]
    assert (primary["unit"], conversion["unit"]) == ("NPR", "EUR")
    assert conversion["equivalent_of"] == primary["figure_id"] and primary["equivalent_of"] is None
    listed = extract_document("The donors gave USD 5 million, EUR 3 million and GBP 2 million to the labs.",
                              given_date=dt.date(2024, 6, 1)).figures
    assert [r["equivalent_of"] for r in listed if r["kind"] == "money"] == [None, None, None]


def test_every_current_iso_code_is_money_and_funds_metals_and_test_codes_are_not():
    from babel.core import get_global
    from babel.numbers import get_territory_currencies

    in_use = {c for t in get_global("territory_currencies") for c in get_territory_currencies(t, tender=True)}
    assert len(in_use) > 150
    assert all(currencies.VOCABULARY.symbol(code) == code for code in in_use)
    assert [currencies.VOCABULARY.symbol(code) for code in ("XAU", "XTS", "XXX", "XDR", "BOV", "CLF")] == [None] * 6


def test_every_current_currency_has_its_names_singular_and_plural_and_its_bare_unit():
    V = currencies.VOCABULARY
    for name, code in [("Kazakhstani tenge", "KZT"), ("Kazakhstani tenges", "KZT"), ("Georgian lari", "GEL"),
                       ("Bosnia-Herzegovina convertible marks", "BAM"), ("convertible marks", "BAM"),
                       ("Bhutanese ngultrum", "BTN"), ("Tongan paʻanga", "TOP")]:
        assert V.name(name) == code, name
    for unit, code in [("tenge", "KZT"), ("lari", "GEL"), ("ngultrum", "BTN"), ("rufiyaa", "MVR"), ("pula", "BWP")]:
        assert V.unit(unit) == code and V.name(unit) is None, unit  # a bare unit only after the number


def test_the_cached_vocabulary_is_what_babel_gives_today(tmp_path):
    """The committed cache can never go stale: it equals a fresh build from Babel and the reference CSVs."""
    cache = tmp_path / "vocabulary.json"
    built = currencies._load_or_build(cache)  # no cache: built from Babel, then written
    assert built == currencies._build() == currencies.VOCABULARY
    assert currencies._load_or_build(cache) == built  # read back from the file
    stored = json.loads(currencies.CACHE.read_text(encoding="utf-8"))
    assert stored["sources"] == currencies._sources_key(), "rebuild: python -c 'import transforms.currencies'"
    stale = json.loads(cache.read_text(encoding="utf-8"))
    stale["sources"], stale["vocabulary"]["units"] = "other", {"dict": {}}
    cache.write_text(json.dumps(stale), encoding="utf-8")
    assert currencies._load_or_build(cache) == built  # a cache of other sources is rebuilt, not read
