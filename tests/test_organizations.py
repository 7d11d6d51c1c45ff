"""Organizations, table-driven: acronyms both ways round, reference bodies, institutions, later uses."""
from __future__ import annotations

import pytest

from transforms.extract import organization_id
from transforms.organizations import extract_organizations, org_key

pytestmark = pytest.mark.pure  # no Prefect server: see tests/conftest.py


def orgs(text: str) -> list[tuple[str, str | None]]:
    found = extract_organizations(text)
    for o in found:
        assert text[o.start:o.end] == o.text
    return [(o.name, o.acronym) for o in found]


CASES = [
    ("The Japan Society for the Promotion of Science (JSPS) funds it.", [("Japan Society for the Promotion of Science", "JSPS")]),
    ("JSPS (Japan Society for the Promotion of Science) funds it.", [("Japan Society for the Promotion of Science", "JSPS")]),
    ("The Korea Institute of Energy Research (KIER) and the Fraunhofer Society signed.",
     [("Korea Institute of Energy Research", "KIER"), ("Fraunhofer Society", None)]),
    ("The Indian Institute of Technology Madras (IIT Madras) and Tohoku University agreed.",
     [("Indian Institute of Technology Madras", "IIT Madras"), ("Tohoku University", None)]),
    ("Students from IIT-Bombay and IIT Kharagpur visited RIKEN.",
     [("Indian Institute of Technology Bombay", "IIT Bombay"), ("Indian Institute of Technology Kharagpur", "IIT Kharagpur"), ("RIKEN", None)]),
    ("The Polar Research Council of Canada and the Ministry of Science and ICT of Korea met.",
     [("Polar Research Council of Canada", None), ("Ministry of Science and ICT of Korea", None)]),
    ("Acme Robotics, a Bengaluru-based start-up, joined. Acme Robotics will train 50 engineers.",
     [("Acme Robotics", None), ("Acme Robotics", None)]),
    ("The Helmholtz Association (HGF) and the HGF partners met.", [("Helmholtz Association", "HGF"), ("Helmholtz Association", "HGF")]),
    ("The Embassy of Japan in India and Mitsubishi Heavy Industries hosted the event.",
     [("Embassy of Japan in India", None), ("Mitsubishi Heavy Industries", None)]),
    ("Students of the Technische Universität München visited the Japan Chamber of Commerce and Industry in India.",
     [("Technische Universität München", None), ("Japan Chamber of Commerce and Industry", None)]),
    # a verb spelt like an event word ("awards", "grants") after a body's name leaves the name a body
    ("The Hollin Foundation awards two fellowships to Stoke Polytechnic Institute.",
     [("Hollin Foundation", None), ("Stoke Polytechnic Institute", None)]),
    ("The Hollin Foundation grants EUR 2 million a year.", [("Hollin Foundation", None)]),
    ("The Hollin Foundation fellowship pays for a year abroad.", []),
    # two names joined by 'and', each ending in an organization word, are two bodies
    ("Brackwater University and Fenmoor University share a library.",
     [("Brackwater University", None), ("Fenmoor University", None)]),
    ("The Brackwater Institute & Fenmoor Academy met.", [("Brackwater Institute", None), ("Fenmoor Academy", None)]),
    ("The Ministry of Mines and Energy met.", [("Ministry of Mines and Energy", None)]),
    ("The Trust and Safety Council met.", [("Trust and Safety Council", None)]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_organizations(text, expected):
    assert orgs(text) == expected


def test_spellings_of_one_body_share_one_id():
    assert organization_id("National Centre for Polar and Ocean Research") == organization_id("National Center for Polar & Ocean Research")
    assert org_key("India-Japan Science Council") == org_key("Japan-India Science Council")
    assert orgs("Bhabha Atomic Research Center (BARC)")[0] == ("Bhabha Atomic Research Centre", "BARC")


def test_acronyms_in_another_order_or_language():
    assert orgs("In 2024 the French Development Agency (AFD) lent EUR 100 million.") == [("French Development Agency", "AFD")]
    assert orgs("and the Federal Ministry of Education and Research (BMBF), Germany.") == [("Federal Ministry of Education and Research", "BMBF")]


NOT_ORGS = [
    "They agreed to set up an International Research Laboratory in Bengaluru.",
    "The 7th Joint Working Group met in Tokyo.",
    "The MoU (Memorandum of Understanding) was signed.",
    "Artificial Intelligence (AI) and the Internet of Things (IoT) are priorities.",
    "The India-Japan Digital Partnership (IJDP) was launched.",
]


@pytest.mark.parametrize("text", NOT_ORGS)
def test_things_that_are_not_organizations(text):
    assert orgs(text) == []


# issue 11: whole names, governments as mentions, labels and relationships that are not bodies
MORE_CASES = [
    ("The Ruritania Polar University and the National Institute of Advanced Industrial Science and Technology (AIST) signed an arrangement.",
     [("Ruritania Polar University", None), ("National Institute of Advanced Industrial Science and Technology", "AIST")]),
    ("The head of the JICA Ruritania Office spoke.", [("Japan International Cooperation Agency", "JICA")]),
    ("Vaccines were bought from the United Nations Children's Fund.", [("United Nations Children's Fund", "UNICEF")]),
    ("The loan was signed by the Government of Bangladesh.", [("Government of Bangladesh", None)]),
    ("The governments of Kenya and the United States signed.", [("Government of Kenya", None), ("Government of the United States", None)]),
    ("The Norwegian government renewed the grant.", [("Government of Norway", None)]),
    ("A Norwegian government body renewed the grant.", []),
    ("Proposals go to the RCN and the SNSF, with NSERC as observer.",
     [("Research Council of Norway", "RCN"), ("Swiss National Science Foundation", "SNSF"),
      ("Natural Sciences and Engineering Research Council of Canada", "NSERC")]),
    ("The Steering Committee and the Board of Directors met.", []),
    ("They praised the Kenya-Peru Alliance.", []),
    ("Visitors came to the Consulate-General of Peru in Osaka.", [("Consulate-General of Peru in Osaka", None)]),
]


@pytest.mark.parametrize("text,expected", MORE_CASES)
def test_whole_names_and_governments(text, expected):
    assert orgs(text) == expected


def test_the_country_of_a_body_is_where_the_text_puts_it():
    def country(text):
        return [(o.name, o.country) for o in extract_organizations(text)]

    assert country("Peru's Ministry of Trade and Industry met.") == [("Ministry of Trade and Industry", "PE")]
    assert country("The Kelp Research Centre, New Mexico, hosted it.") == [("Kelp Research Centre", "US")]
    assert country("The Kelp Research Centre, Mexico, hosted it.") == [("Kelp Research Centre", "MX")]
    # a country's possessive before a later use of a defined acronym gives the body its country
    assert country("The Lake Research Consortium (LRC) was set up in 2010. Uganda's LRC hosts 40 students.") == [
        ("Lake Research Consortium", "UG"), ("Lake Research Consortium", "UG")]


# phase 2 of issue 11: failure modes seen on held-out documents, in other words and other country pairs
HELD_OUT_MODES = [
    # a government named by its state's formal name keeps that name; one government per country in a text
    ("The Government of the Republic of Chile and the Government of the Kingdom of Thailand signed. The Chilean government said so.",
     [("Government of the Republic of Chile", "CL"), ("Government of the Kingdom of Thailand", "TH"), ("Government of the Republic of Chile", "CL")]),
    ("The Government of the Republic of Ghana and the Government of the Socialist Republic of Viet Nam met.",
     [("Government of the Republic of Ghana", "GH"), ("Government of the Socialist Republic of Viet Nam", "VN")]),
    # a line end ends a name unless the line was wrapped mid-name; a letterhead's next line may give the country
    ("Ministry of Tourism and Heritage\nNEWS BULLETIN\nBoard of Investment\nRepublic of Ghana\n",
     [("Ministry of Tourism and Heritage", None), ("Board of Investment", "GH")]),
    ("Funding comes from the Ministry of Agriculture and\nFood Security of Uganda.", [("Ministry of Agriculture and Food Security of Uganda", "UG")]),
    ("The Agency for Coastal Research of\nPeru hosted them.", [("Agency for Coastal Research of Peru", "PE")]),
    # a run of spaces parts two columns of a signature block
    ("For the Ministry of Mines of Zambia        For the Geological Institute of Finland",
     [("Ministry of Mines of Zambia", "ZM"), ("Geological Institute of Finland", "FI")]),
    # an embassy or consulate is named with its seat, and belongs to the country it represents
    ("The Embassy of Ghana in Brazil and the High Commission of Malaysia in Kenya met.",
     [("Embassy of Ghana in Brazil", "GH"), ("High Commission of Malaysia in Kenya", "MY")]),
    # a name that reaches 'and <country>'s' stops before it
    ("The Ugandan Ministry of Health and Kenya's Ministry of Trade met.", [("Ministry of Health", "UG"), ("Ministry of Trade", "KE")]),
    # a ministry's generic name gives it neither a country nor an acronym: the text must
    ("Officials of the Ministry of Education visited the Ministry of Foreign Affairs of Senegal.",
     [("Ministry of Education", None), ("Ministry of Foreign Affairs", "SN")]),
    ("Uruguay's Ministry of Foreign Affairs and the Ministry of Science and Technology, Mongolia, met.",
     [("Ministry of Foreign Affairs", "UY"), ("Ministry of Science and Technology", "MN")]),
    # "A in B and C University": B is where the first body is, not part of the second's name
    ("The Polytechnic Institute in Porto and Mahidol University signed.", [("Polytechnic Institute", "PT"), ("Mahidol University", None)]),
    # a union's delegation has no country; a mission belongs to the country it represents
    ("The Delegation of the African Union to Peru met the Permanent Mission of Chile in Geneva.",
     [("Delegation of the African Union to Peru", None), ("Permanent Mission of Chile in Geneva", "CL")]),
    # gatherings are no bodies; a forum or a conference of members is
    ("Delegates of the Baltic Forum on Marine Science met the Annual Summit of the Ghana Academy and the Pacific Islands Forum.",
     [("Ghana Academy", "GH"), ("Pacific Islands Forum", None)]),
    # national agencies named without an organization word, two known bodies joined by 'and'
    ("Grants from Innovation Norway and Enterprise Ireland reached Genome Canada.",
     [("Innovation Norway", "NO"), ("Enterprise Ireland", "IE"), ("Genome Canada", "CA")]),
]


HELD_OUT_MODES_ACRONYMS = [
    ("NAWA and KIAT co-fund it, with the LPDP.", [("Polish National Agency for Academic Exchange", "NAWA"),
     ("Korea Institute for Advancement of Technology", "KIAT"), ("Indonesia Endowment Fund for Education", "LPDP")]),
]


def test_agencies_known_by_acronym():
    for text, expected in HELD_OUT_MODES_ACRONYMS:
        assert orgs(text) == expected


def test_one_body_whatever_name_its_country_goes_by():
    assert organization_id("Viet Nam Institute of Ocean Studies") == organization_id("Vietnam Institute of Ocean Studies")
    assert organization_id("Türkiye Space Agency") == organization_id("Turkey Space Agency")
    assert organization_id("Czechia Polar Station") == organization_id("Czech Republic Polar Station")
    assert organization_id("Georgia Institute of Technology") != organization_id("Georgian Institute of Technology")


@pytest.mark.parametrize("text,expected", HELD_OUT_MODES)
def test_held_out_failure_modes(text, expected):
    found = extract_organizations(text)
    assert [(o.name, o.country) for o in found] == expected
    assert all(o.acronym is None for o in found)


def test_every_iso_country_has_a_row_and_places_never_hide_behind_a_country():
    from transforms.countries import default_countries

    countries = default_countries()
    assert len(countries.countries) >= 240 and len({c.iso2 for c in countries.countries}) == len(countries.countries)
    assert sum(bool(c.adjective) for c in countries.countries) >= 230
    assert [c.iso2 for _, _, c in countries.find("From New Mexico to Mexico via Papua New Guinea and Guinea.")] == ["MX", "PG", "GN"]
    assert [c.iso2 for _, _, c in countries.find("us and the US, the U.S. and the UK")] == ["US", "US", "GB"]
    assert countries.lookup("Kenyan").government == "Government of Kenya"
    assert countries.lookup("United States").government == "Government of the United States"


# --- the fast paths match what the patterns they stand for match ------------------------------------

from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from transforms.organizations import _FEW_FORMS, _forms_pattern, _spaced_name, _span_in, _standalone_uses  # noqa: E402

FORMS = ["RPI", "RPIX", "RPI Kanpur", "M/o Ports", "Acme", "Acme Robotics", "Zeta-Lab"]
form_texts = st.lists(st.sampled_from(FORMS + [" ", "  ", "\n", "-", "-x", "s", ",", "(", "the ", "xRPI", "_", "é"]), max_size=14).map("".join)


@settings(max_examples=300, deadline=None)
@given(form_texts, st.lists(st.sampled_from(FORMS), min_size=1, unique=True))
def test_later_uses_found_with_str_find_are_the_pattern_matches(text, forms):
    """A few forms are found with str.find, many with one pattern: both give the pattern's matches."""
    assert len(forms) <= _FEW_FORMS
    forms = dict.fromkeys(forms)  # as later_uses holds them
    assert _standalone_uses(text, forms) == [(m.start(), m.group()) for m in _forms_pattern(frozenset(forms)).finditer(text)]


NAME_PIECES = ["Polar", "Institute", "of", "Ruritania", "Indo", "-", " ", " ", "  ", "\n", "\t", " - ", "and"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(NAME_PIECES), max_size=12).map("".join), st.sampled_from(["Polar Institute", "Indo-Polar Institute", "Institute of Ruritania", "Polar"]))
@example("Polar  Institute and Polar Institute", "Polar Institute")  # the first, spaced otherwise, comes first
@example("Indo - Polar Institute, Indo-Polar Institute", "Indo-Polar Institute")
@example("Polar\nInstitute, Polar Institute", "Polar Institute")
def test_a_span_found_as_written_is_the_span_the_spaced_pattern_finds(raw, name):
    m = _spaced_name(name).search(raw)
    if m:
        assert _span_in(name, raw, 10) == (10 + m.start(), 10 + m.end())


# session 5, phase 1: secretariats, ministries named without their country
def test_a_multinational_bodys_secretariat_is_a_body_of_its_own():
    assert [(o.name, o.country) for o in extract_organizations("Two officers of the OECD secretariat toured Chile's ports.")] == [
        ("OECD Secretariat", None)]
    assert orgs("Staff of the African Union secretariat met Ghanaian officials.") == [("African Union Secretariat", None)]
    # a national body's 'secretariat' and a body that 'has its secretariat' somewhere name no secretariat
    assert orgs("The NASA secretariat replied.") == [("National Aeronautics and Space Administration", "NASA")]
    assert orgs("The OECD has its secretariat in Paris.") == [("Organisation for Economic Co-operation and Development", "OECD")]


@pytest.mark.parametrize("first,later", [
    ("The Lakes Commission Interim Secretariat opened in 2019.", "Uganda pays the Lakes Commission Secretariat."),
    ("The Provisional Board of the Andes Observatory met in Lima.", "Chile hosts the Board of the Andes Observatory."),
])
def test_a_provisional_name_and_the_plain_name_are_one_body(first, later):
    names = [name for name, _ in orgs(f"{first} {later}")]
    assert len(names) == 2 and names[0] == names[1]


@pytest.mark.parametrize("text,expected", [
    ("Under the Chilean scheme, officials of the Ministry of Education visited Lima.", [("Ministry of Education", "CL")]),
    ("Scholars from Vietnam came with staff of the Ministry of Health. The Ministry of Health paid for it.",
     [("Ministry of Health", "VN"), ("Ministry of Health", "VN")]),
    # two countries before it, or only after it: the text does not say whose ministry it is
    ("Students from Kenya and Ghana met the Ministry of Health.", [("Ministry of Health", None)]),
    ("Officials of the Ministry of Education visited Senegal.", [("Ministry of Education", None)]),
    # a country inside another body's name is that body's, not the sentence's
    ("The Embassy of Norway and the Ministry of Education hosted it.", [("Embassy of Norway", "NO"), ("Ministry of Education", None)]),
])
def test_a_ministry_named_without_its_country_takes_its_sentences_country(text, expected):
    assert [(o.name, o.country) for o in extract_organizations(text)] == expected


def test_two_countries_ministries_of_one_name_are_two_bodies():
    text = ("Peruvian delegates of the Ministry of Science and Technology arrived first. "
            "A week later, a team from Thailand and the Ministry of Science and Technology followed.")
    found = extract_organizations(text)
    assert [(o.name, o.country) for o in found] == [("Ministry of Science and Technology", "PE"), ("Ministry of Science and Technology", "TH")]
    assert organization_id(found[0].name, found[0].country) != organization_id(found[1].name, found[1].country)
    assert organization_id("Lakes Research Institute", "UG") == organization_id("Lakes Research Institute")


@pytest.mark.parametrize("text,expected", [
    # a two-column signature block: a name wrapped at a line end goes on in its own column of the next line
    ("For the Ministry of Trade and         For the Andean Space\nIndustry of Peru                        Agency of Bolivia\n",
     [("Ministry of Trade and Industry of Peru", "PE"), ("Andean Space Agency of Bolivia", "BO"),
      ("Ministry of Trade and Industry of Peru", "PE"), ("Andean Space Agency of Bolivia", "BO")]),
    ("For the Coastal Institute of        For the Polar Research\nFisheries of Ghana                     Council of Norway\n",
     [("Coastal Institute of Fisheries of Ghana", "GH"), ("Polar Research Council of Norway", "NO"),
      ("Coastal Institute of Fisheries of Ghana", "GH"), ("Polar Research Council of Norway", "NO")]),
    # each column's own line, with roles below it, stays as it is
    ("For the Ministry of Mines of Zambia        For the Geological Institute of Finland\nMinister                     Director\n",
     [("Ministry of Mines of Zambia", "ZM"), ("Geological Institute of Finland", "FI")]),
    # a wrapped name in running text (no columns) still goes on to the next line
    ("Funding comes from the Ministry of Energy and\nMines of Laos.", [("Ministry of Energy and Mines of Laos", "LA")]),
])
def test_names_wrapped_in_columns(text, expected):
    assert [(o.name, o.country) for o in extract_organizations(text)] == expected


@pytest.mark.parametrize("text,expected", [
    ("Ghana and Peru run the joint OCEANLAB for coral studies.", [("OCEANLAB", None)]),
    ("Samples went to the GEO-CENTRE in Accra.", [("GEO-CENTRE", None)]),
    ("THE LAB OPENS IN MAY", []),
    # a title-case phrase of common words the same text writes in lower case is a description
    ("Phase two is the Coastal Road Project (Design Service). Earlier, the bank paid for design services.", []),
    ("The Design Service of Chile drew it.", [("Design Service of Chile", None)]),
])
def test_labs_in_capitals_and_common_nouns_in_title_case(text, expected):
    assert orgs(text) == expected


def _names_and_countries(text: str) -> list[tuple[str, str | None]]:
    found = extract_organizations(text)
    for o in found:
        assert text[o.start:o.end] == o.text
    return [(o.name, o.country) for o in found]


# session 5, phase 1: the recognizer on names accord does not know, in varied layouts and country pairs
UNSEEN_BODIES = [
    # departments of ministries, possessives
    ("The Department of Higher Education in Ghana's Ministry of Education funds the scheme.",
     [("Department of Higher Education", "GH"), ("Ministry of Education", "GH")]),
    ("Vietnam's Academy of Science and Technology and Laos's Ministry of Technology signed.",
     [("Academy of Science and Technology", "VN"), ("Ministry of Technology", "LA")]),
    # foundations, academies, councils, consortia, hospitals
    ("The Aldmoor Foundation gave USD 2 million to Peruvian schools.", [("Aldmoor Foundation", None)]),
    ("The Estonian Academy of Sciences and the Latvian Academy of Sciences signed an MoU.",
     [("Estonian Academy of Sciences", "EE"), ("Latvian Academy of Sciences", "LV")]),
    ("A consortium led by the Baltic Quantum Consortium will build the device.", [("Baltic Quantum Consortium", None)]),
    ("Doctors from Mulago National Referral Hospital trained in Cuba.", [("Mulago National Referral Hospital", None)]),
    ("The Riverside Children's Hospital in Accra and a Norwegian hospital signed a pact.", [("Riverside Children's Hospital", "GH")]),
    ("The Accra Technical University Teaching Hospital opened a ward.", [("Accra Technical University Teaching Hospital", "GH")]),
    # institutes with 'of' / 'for', and names in the partner's own language
    ("The Institute for Marine Sciences of Senegal and the Institute of Soil Research, Bolivia, met.",
     [("Institute for Marine Sciences of Senegal", "SN"), ("Institute of Soil Research", "BO")]),
    ("Prof. Ana Ruiz, Director General of the Instituto Nacional de Oceanografía, welcomed the Thai team.",
     [("Instituto Nacional de Oceanografía", None)]),
    ("The Consejo Nacional de Ciencia y Tecnología (CONACYT) of Mexico pays half.", [("Consejo Nacional de Ciencia y Tecnología", "MX")]),
    # acronyms defined in brackets, then used alone
    ("Researchers of the Centre for Arid Zone Studies (CAZS) visited Mongolia. CAZS later sent two more.",
     [("Centre for Arid Zone Studies", None), ("Centre for Arid Zone Studies", None)]),
    ("The Ghana Atomic Energy Commission (GAEC) and Malaysia's Nuclear Agency signed. GAEC will send five staff.",
     [("Ghana Atomic Energy Commission", "GH"), ("Nuclear Agency", "MY"), ("Ghana Atomic Energy Commission", "GH")]),
    # office suffixes
    ("The UNESCO Regional Office for Eastern Africa organised the training.", [("UNESCO Regional Office for Eastern Africa", None)]),
    # markdown, HTML and table layouts
    ("## Partners\n\n- **Ocean Research Institute of Fiji**\n- *Samoa Climate Agency*\n",
     [("Ocean Research Institute of Fiji", "FJ"), ("Samoa Climate Agency", "WS")]),
    ("<p>The <b>Nordic Energy Council</b> and the <i>Icelandic Energy Authority</i> met.</p>",
     [("Nordic Energy Council", None), ("Icelandic Energy Authority", "IS")]),
    ("| Partner | Country |\n|---|---|\n| Andes Polytechnic University | Ecuador |\n| Highland Research Institute | Nepal |\n",
     [("Andes Polytechnic University", None), ("Highland Research Institute", None)]),
    # two bodies joined by 'and': a whole name without 'and', then another whole name
    ("Officials of the Ministry of Fisheries and Marine Research Institute of Ghana met.",
     [("Ministry of Fisheries", None), ("Marine Research Institute of Ghana", "GH")]),
    ("The Department of Energy and National Grid Company of Chile met.", [("Department of Energy", None), ("National Grid Company of Chile", "CL")]),
    ("The Ministry of Agriculture and Food Security of Uganda met.", [("Ministry of Agriculture and Food Security of Uganda", "UG")]),
    # an agreement's preamble defines a party's short name with 'hereinafter'; a plural role before a name is no part of it
    ('The Kyrgyz State Technical University (hereinafter referred to as the "KSTU") and the Tirana Polytechnic Institute '
     '(hereinafter "TPI") agree. KSTU shall host.',
     [("Kyrgyz State Technical University", "KG"), ("Tirana Polytechnic Institute", None), ("Kyrgyz State Technical University", "KG")]),
    ("Representatives of the Pacific Island Farmers Organisation Network attended.", [("Pacific Island Farmers Organisation Network", None)]),
    ("Members of the Andean Research Network met Korean officials.", [("Andean Research Network", None)]),
    ('The two Parties (hereinafter "the Parties") agree.', []),
    # things that are not bodies: programmes, projects, events, places, roles, headings, field labels
    ("The Blue Ocean Programme will train 40 students from Fiji and Samoa.", []),
    ("The Green Hydrogen Project in Namibia started in May.", []),
    ("The Annual Science Week in Lima drew 3,000 visitors.", []),
    ("The delegation visited Table Mountain and the Atacama Desert.", []),
    ("The Vice-Chancellor and the Programme Director spoke.", []),
    ("Funding Agency: see below\nHost Institution: to be named\nProject Title: Coral resilience\n", []),
    ("RESEARCH COOPERATION AND EXCHANGE\n\nThe two sides agreed to widen it.", []),
    ("Applicants need a letter from the Partner University and the Lead Agency.", []),
    ("The Kenya-Thailand Partnership grew in 2023.", []),
]


@pytest.mark.parametrize("text,expected", UNSEEN_BODIES)
def test_bodies_accord_does_not_know(text, expected):
    assert _names_and_countries(text) == expected


# session 5, phase 2: the failure modes of two new held-out sets, in other words and for other country pairs
PHASE2_MODES = [
    # a possessive owner: the unit under its own name, in its owner's country; the owner a body of its own
    ("Lecturers of the University of Nairobi's School of Public Health came to Hanoi.",
     [("University of Nairobi", "KE"), ("School of Public Health", "KE")]),
    ("The Academy's Institute of Plant Genetics hosts two Thai fellows.", [("Institute of Plant Genetics", None)]),
    ("UDELAR's Faculty of Chemistry and a Finnish lab agreed.", [("Faculty of Chemistry", None)]),
    ("Talks were held in the Dean's Office in Tartu.", []),
    # names cut at 'of <city>', a subject list, a dash, a weekday after 'on', a lower-case prefix
    ("The Institute of Tropical Medicine of Lima welcomed Czech nurses.", [("Institute of Tropical Medicine of Lima", "PE")]),
    ("The Ministry of Education, Culture and Sport of Mongolia sent six teachers to Poland.",
     [("Ministry of Education, Culture and Sport of Mongolia", "MN")]),
    ("The Agricultural University – Plovdiv hosts Indian students.", [("Agricultural University – Plovdiv", None)]),
    ("The Space Agency on Tuesday approved the Kenyan payload.", [("Space Agency", None)]),
    ("The e-Learning Centre of Rwanda trains Korean tutors.", [("e-Learning Centre of Rwanda", "RW")]),
    # a name wrapped over a line end inside running text; a letterhead's short lines stay apart
    ("During the visit to Accra the delegation from Norway also met the National Council for\nTertiary Education officials.",
     [("National Council for Tertiary Education", None)]),
    ("Two Estonian researchers will spend a semester at the Bhutan Institute of Renewable\nEnergy in Thimphu next year.",
     [("Bhutan Institute of Renewable Energy", "BT")]),
    ("Twelve students from Laos are to join the programme of the Mongolian National Mining\nAuthority (MNMA) in autumn.",
     [("Mongolian National Mining Authority", "MN")]),
    # names in Spanish, French and Portuguese, with 'd'' and 'del'
    ("The Agence Nationale d'Innovation Scientifique (ANIS) of Senegal signed with Japan.", [("Agence Nationale d'Innovation Scientifique", "SN")]),
    ("The Asociación de Productores del Paraguay (APP) met a Thai delegation.", [("Asociación de Productores del Paraguay", "PY")]),
    ("The Escuela Nacional de Agricultura and a Korean college signed.", [("Escuela Nacional de Agricultura", None)]),
    # governments under the text's own name, and through their monarch
    ("The Royal Government of Cambodia and Japan signed a loan.", [("Royal Government of Cambodia", "KH")]),
    ("The Federal Government of Ethiopia welcomed Irish engineers.", [("Federal Government of Ethiopia", "ET")]),
    ("Bahrain and Ghana agreed. His Majesty's Government in Manama will fund half.", [("His Majesty's Government", None)]),
    ("Qatar will pay. The Emir's Government pledged the grant for Qatar's students.", [("Emir's Government", "QA")]),
    # embassies and missions keep their post; the adjective and possessive forms name the same post
    ("The Embassy of Ghana to the Kingdom of Denmark hosted the signing.", [("Embassy of Ghana to the Kingdom of Denmark", "GH")]),
    ("The Permanent Mission of Fiji to the United Nations in Vienna spoke.", [("Permanent Mission of Fiji to the United Nations in Vienna", "FJ")]),
    ("The Kenyan embassy in Tokyo hosted Japanese alumni.", [("Embassy of Kenya in Tokyo", "KE")]),
    ("Ecuador's embassy in Seoul and the Embassy of Ecuador in Seoul are one.", [("Embassy of Ecuador in Seoul", "EC"), ("Embassy of Ecuador in Seoul", "EC")]),
    ("The Embassy of Nepal in Berlin and the Embassy of Nepal met.", [("Embassy of Nepal in Berlin", "NP"), ("Embassy of Nepal in Berlin", "NP")]),
    ("The Embassy of Peru\nin Hanoi hosted the fair.", [("Embassy of Peru in Hanoi", "PE")]),
    # acronym-only bodies: a news agency credited in a dateline or a sign-off, a union as a funder
    ("Windhoek, 12 June 2023 (NAMPA) - Namibia and Finland signed.", [("NAMPA", None)]),
    ("Namibia and Finland signed.\n\n— NAMPA\n", [("NAMPA", None)]),
    ("An EU-funded lab in Dakar opened.", [("European Union", None)]),
    ("An EU-led review followed.", []),
    # non-bodies: venues, the two countries' forum on a topic, an event named after a body
    ("The signing took place at the Lusaka International Conference Centre.", []),
    ("The Chile-Korea Innovation Forum opened in Seoul.", []),
    ("Delegates met at the UN Water Summit in Dushanbe.", []),
    # one body once per document: a short name and its name 'of <country>'
    ("The Marine Research Council of the Republic of Ghana and Iceland met. The Marine Research Council will pay.",
     [("Marine Research Council of the Republic of Ghana", "GH"), ("Marine Research Council of the Republic of Ghana", "GH")]),
    ("The Caspian Fund for Science pays half. The Caspian Fund expects Georgian partners.",
     [("Caspian Fund for Science", None), ("Caspian Fund for Science", None)]),
    ("The Andes Fund for Water and the Andes Fund for Roads met. The Andes Fund paid.",
     [("Andes Fund for Water", None), ("Andes Fund for Roads", None), ("Andes Fund", None)]),
    # a role before a name is no part of it
    ("Students of Kabul Medical University came to Almaty.", [("Kabul Medical University", "AF")]),
    # a title, then the body's own name in quotes
    ('The Scientific Centre "Agroterra" of Armenia hosts Polish agronomists.', [('Scientific Centre "Agroterra"', "AM")]),
    ("The Steering Committee 'approved' the Thai plan.", []),
]


@pytest.mark.parametrize("text,expected", PHASE2_MODES)
def test_phase2_failure_modes(text, expected):
    assert _names_and_countries(text) == expected


# session 5, phase 3: the faster forms of the phase-2 scans give what the plain patterns give
import re  # noqa: E402

from transforms.organizations import _AGENCY_CREDIT, _SECRETARIAT, _WRAP, _at_line_starts, _starts_a_word_somewhere  # noqa: E402

LINE_PIECES = ["Quito, 4 May 2022 ", "(ABCD)", "(QX)", "-- TNA", "— BTA", "Oslo", ",", " ", "\t", "*", "\n", "\r", "x", "\n\n", "secretariat",
               "-secretariat", "the secretariat's", "asecretariat", "Polar Institute of Marine", " wraps.", "|", ".", "Sci", "é"]
line_texts = st.lists(st.sampled_from(LINE_PIECES), max_size=16).map("".join)


@settings(max_examples=400, deadline=None)
@given(line_texts)
@example("Quito, 4 May 2022 (ABCD) x\n-- TNA\n(QX)")
@example("x (QX)\n (QX) \n*Oslo, Sci 4 May (ABCD)(QX)")
def test_agency_credits_tried_at_line_starts_are_the_patterns_matches(text):
    assert [m.span() for m in _at_line_starts(_AGENCY_CREDIT, text)] == [m.span() for m in _AGENCY_CREDIT.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(line_texts)
@example("Polar Institute of Marine\nSci\n.\nx |\nx \nx\r\nx")
@example("the secretariat's -secretariat asecretariat\nsecretariat")
def test_patterns_that_begin_with_their_literal_match_as_the_look_behind_forms(text):
    """A pattern that begins with a look-behind is tried at every position; its literal first finds the same."""
    wrap = re.compile(r"(?<=[^\s.:;!?|])\n(?=[ \t]*[A-Za-z])")
    secretariat = re.compile(r"(?<![\w-])secretariat(?![\w-])")
    assert [m.span() for m in _WRAP.finditer(text)] == [m.span() for m in wrap.finditer(text)]
    assert [m.span() for m in _SECRETARIAT.finditer(text)] == [m.span() for m in secretariat.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(line_texts, st.sampled_from(["secretariat", "sci", "polar institute", "x", "oslo"]))
@example("-sci xsci", "sci")
@example("-sci sci", "sci")
def test_a_phrase_found_with_str_find_where_a_word_starts_is_the_patterns_find(text, phrase):
    text = text.lower()
    assert _starts_a_word_somewhere(phrase, text) == (re.search(rf"(?<![\w-]){re.escape(phrase)}", text) is not None)


@settings(max_examples=100, deadline=None)
@given(line_texts)
def test_a_phrase_found_in_the_index_of_a_text_asked_many_times_is_the_patterns_find(text):
    """A text's first phrases are searched for with str.find, later ones in the index of its words: both answer alike."""
    from transforms.organizations import _SEARCHES_BEFORE_INDEX

    text = text.lower()
    phrases = ["secretariat", "sci", "polar institute", "x", "oslo", "polar", "marine sci", "institute of"] * 3
    assert len(phrases) > 2 * _SEARCHES_BEFORE_INDEX
    for phrase in phrases:
        assert _starts_a_word_somewhere(phrase, text) == (re.search(rf"(?<![\w-]){re.escape(phrase)}", text) is not None), phrase

# session 6: a legal form, a line break, a formal state name or an unlisted seat do not hide a body or cut its name
SESSION6_NAMES = [
    # a company's legal form is its organization word
    ("Salmones Australes S.A. and Fjord Kraft ASA signed.", [("Salmones Australes S.A.", None), ("Fjord Kraft ASA", None)]),
    ("Orders went to Kinabalu Rubber Sdn Bhd and to Tasman Freight B.V. last year.",
     [("Kinabalu Rubber Sdn Bhd", None), ("Tasman Freight B.V.", None)]),
    ("Andes Cargo Airlines and Sahel Airways fly the students.", [("Andes Cargo Airlines", None), ("Sahel Airways", None)]),
    ("NORWAY AND PERU SIGN MOU AS TALKS END", []),
    # organization words the list lacked
    ("The Directorate General of Inland Fisheries will pay.", [("Directorate General of Inland Fisheries", None)]),
    ("The Presidency of Space Research (PSR) joined.", [("Presidency of Space Research", None)]),
    ("Officers of the Malawi National Police and the East African Community attended.",
     [("Malawi National Police", "MW"), ("East African Community", None)]),
    # a line that ends on a connective goes on into the next: one name, with its acronym
    ("Funds of the Trust for the Promotion of\nRural Schools (TPRS) arrived.", [("Trust for the Promotion of Rural Schools", None)]),
    ("Head of the Directorate General of\nCoastal Roads (DGCR) spoke.", [("Directorate General of Coastal Roads", None)]),
    ("Recalling the treaty between the\nGovernment of the Republic of Zambia and the Government of the\nRepublic of Finland,",
     [("Government of the Republic of Zambia", "ZM"), ("Government of the Republic of Finland", "FI")]),
    # a country's formal name, with its common name in brackets; Taiwan's formal name is not China's
    ("The Embassy of the Republic of China (Taiwan) in the Republic of Guatemala hosted it.",
     [("Embassy of the Republic of China (Taiwan) in the Republic of Guatemala", "TW")]),
    ("The Ministry of Health of the Republic of China and Belize met.", [("Ministry of Health of the Republic of China", "TW")]),
    ("The Ministry of Health of the People's Republic of China and Belize met.", [("Ministry of Health", "CN")]),
    ("The Embassy of the Kingdom of\nNorway in Lusaka hosted it.", [("Embassy of the Kingdom of Norway in Lusaka", "NO")]),
    # any capitalised place after 'in' is a post's seat, listed or not; a manner or a month is not
    ("The Chilean embassy in Tbilisi and the Embassy of Chile in Windhoek hosted it.",
     [("Embassy of Chile in Tbilisi", "CL"), ("Embassy of Chile in Windhoek", "CL")]),
    ("The Embassy of Ghana in Cooperation with the University of Zambia hosted it.", [("Embassy of Ghana", "GH"), ("University of Zambia", "ZM")]),
    ("The Embassy of Fiji in March hosted it.", [("Embassy of Fiji", "FJ")]),
]


@pytest.mark.parametrize("text,expected", SESSION6_NAMES)
def test_session6_names(text, expected):
    assert _names_and_countries(text) == expected


def _parties_and_unlinked(text: str) -> tuple[list[list[str]], list[str]]:
    from transforms.extract import extract_document
    ex = extract_document(text, source_name="t.txt")
    mentioned = {m["organization_id"] for m in ex.organization_mentions}
    parties = [[p["name"] for p in ex.agreement_parties if p["agreement_id"] == a["agreement_id"]] for a in ex.agreements]
    return parties, [o["name"] for o in ex.organizations if o["organization_id"] not in mentioned]


@pytest.mark.parametrize("text,parties", [
    # a government the text names, by any rule (here an acronym's definition), is the party under that name
    ("Lusaka, 4 May 2022. The Government of the\nRepublic of Zambia and the Government of the Republic of Korea (ROK) signed "
     "a visa agreement on Monday.", [["Government of the Republic of Zambia", "Government of the Republic of Korea"]]),
    # a signatory's name wrapped after 'of' is one name, not its first line
    ("MEMORANDUM OF UNDERSTANDING\n\nThe Gdansk University of\nTechnology and the University of Quito agree as follows.\n\n"
     "Done at Quito on 4 May 2022.\n\nFor the Gdansk University of\nTechnology\nJan Nowak\nRector\n\nFor the University of Quito\nAna Ruiz\nRector",
     [["Gdansk University of Technology", "University of Quito"]]),
])
def test_named_governments_and_wrapped_signatories_are_the_parties(text, parties):
    assert _parties_and_unlinked(text) == (parties, [])


# session 6: names in languages that write their inner words in lower case ('de', 'du', 'für', 'national', 'français')
ROMANCE_NAMES = [
    ("Researchers of the Institut national de la santé animale (INSA) came.", [("Institut national de la santé animale", "INSA")]),
    ("The Bundesanstalt für Gewässerkunde (BfG) and the Serviço Nacional de Aprendizagem às Empresas (SENAE) met.",
     [("Bundesanstalt für Gewässerkunde", "BfG"), ("Serviço Nacional de Aprendizagem às Empresas", "SENAE")]),
    ("The Faculté des Lettres de l'Université de Lomé (FLUL) signed.", [("Faculté des Lettres de l'Université de Lomé", "FLUL")]),
    ("The Institut français du Gabon hosted it.", [("Institut français du Gabon", None)]),
    ("Students of the Université d'État de Bamako came.", [("Université d'État de Bamako", None)]),
    ("The Université des Sciences Sociales de Bamako signed.", [("Université des Sciences Sociales de Bamako", None)]),
    # a known name that a French 'de' part goes on from is not that known body
    ("The Académie des sciences d'outre-mer spoke.", []),
    # English names and phrases read as before
    ("The return on investment (ROI) was high.", []),
    ("The Institute will do Research.", []),
]


@pytest.mark.parametrize("text,expected", ROMANCE_NAMES)
def test_names_with_lower_case_connectives(text, expected):
    assert orgs(text) == expected


# session 6: bodies named without an organization word, and names cut at an inner 'and', a hyphen or a role's 'of'
NAMES_WITHOUT_A_HEAD_WORD = [
    # a common word and a country's name, the subject of a body's verb
    ("Statistics Ghana and Innovation Peru will run the survey.", [("Statistics Ghana", "GH"), ("Innovation Peru", "PE")]),
    ("Southern Chile will host it.", []),
    # an apposition with 'the' and a description of the body
    ("Tuifund, the Samoan development finance agency, will run it. Tuifund pays half.", [("Tuifund", "WS"), ("Tuifund", "WS")]),
    ("Ana Ruiz, the head of the agency, spoke.", []),
    ("Jo Lee, the agency's director, spoke.", []),
    # a news agency credited at the end
    ("The council met.\n\nWith files from The Associated Press", [("Associated Press", None)]),
    # an office named after a role keeps the role's own 'of' part
    ("Media contact: Office of the Minister of Mines", [("Office of the Minister of Mines", None)]),
    # a campus after a hyphen is part of the name
    ("Lectures at the Bergen University-Nygard campus start in May.", [("Bergen University-Nygard", "NO")]),
    # an indented address block: 'and' at a line end goes on with the next line's words
    ("NOTE\n\n    Ministry of Foreign Affairs and\n    Regional Integration\n    Accra", [("Ministry of Foreign Affairs and Regional Integration", None)]),
]


@pytest.mark.parametrize("text,expected", NAMES_WITHOUT_A_HEAD_WORD)
def test_names_without_a_head_word_and_whole_names(text, expected):
    assert _names_and_countries(text) == expected


# session 7: holdout6's organization modes, in other words and for other country pairs
# O4: a whole name up to its end: a list after a comma or a line end, 'in charge of', a second name in brackets, a dash
WHOLE_NAMES_7 = [
    ("Funds of the Ministry of Youth,\nSport and Culture (MYSC) of Malawi arrived.", [("Ministry of Youth, Sport and Culture", "MW")]),
    ("The Department of Transport, Tourism & Aviation paid the Fijian pilots.", [("Department of Transport, Tourism & Aviation", None)]),
    ("Officials of the Foreign, Trade & Development Office of Belize met.", [("Foreign, Trade & Development Office of Belize", "BZ")]),
    ("The Ministry of Planning and Finance in charge of Investment met the Czech team.",
     [("Ministry of Planning and Finance in charge of Investment", None)]),
    ("The Eastern Institute of Technology (Dhanbad Mining College), Dhanbad hosts Peruvian students.",
     [("Eastern Institute of Technology (Dhanbad Mining College), Dhanbad", "IN")]),
    ("The Chile–Korea Training Institute and the Nepal—Japan Technical Centre opened.",
     [("Chile–Korea Training Institute", None), ("Nepal—Japan Technical Centre", None)]),
    # a unit named through its parent keeps the parent's whole name
    ("The Press Service of the Ministry of Foreign Affairs of Kazakhstan said so.",
     [("Press Service of the Ministry of Foreign Affairs of Kazakhstan", "KZ")]),
    ("The Directorate for Scholarships of the Ministry of Higher Education met Thai deans.",
     [("Directorate for Scholarships of the Ministry of Higher Education", None)]),
    # counter-cases: a unit in brackets is another body; a list of bodies stays a list; a person and a title are no name
    ("The Ministry of Health (Department of Nursing) met.", [("Ministry of Health", None), ("Department of Nursing", None)]),
    ("Ms. Aiko Sato, DG, Trade and Industry Bureau, spoke.", [("Trade and Industry Bureau", None)]),
    ("The Ministry of Health of the Republic of China and Belize met.", [("Ministry of Health of the Republic of China", "TW")]),
]


@pytest.mark.parametrize("text,expected", WHOLE_NAMES_7)
def test_session7_whole_names(text, expected):
    assert _names_and_countries(text) == expected


# O7: laws, events and regions named like bodies; a press release's end mark
NOT_BODIES_7 = [
    ("Under the University of Malawi Act, Cap. 30:01 the council meets twice.", []),
    ("The Kenya Education Service Act was amended in 2019.", []),
    ("Delegates met at the Bolivia–Paraguay Partnership Forum (BPPF) in Asuncion.", []),
    ("The Baltic Coastal Forum held in Riga drew 300 scientists.", []),
    ("The Sahel Water Council, which will be held in Niamey,", []),
    ("The Okinawa Prefecture and Hawaii signed.", []),
    ("The two ministers met in Oslo.\n(END)", []),
    ("The two ministers met in Oslo.\n-- MORE\n(NTB)", [("NTB", None)]),
    # counter-cases: a body that holds talks, and a city that acts
    ("The Sahel Water Council held talks in Niamey.", [("Sahel Water Council", None)]),
]


@pytest.mark.parametrize("text,expected", NOT_BODIES_7)
def test_session7_things_that_are_not_bodies(text, expected):
    assert _names_and_countries(text) == expected


# O6: a capitalised post is the text's own name, with its seat; a lower-case one a description in the 'of' form
POSTS_7 = [
    ("The Irish Embassy Nairobi hosted the alumni.", [("Irish Embassy Nairobi", "IE")]),
    ("The Canadian High Commission, Nadi funds the lab.", [("Canadian High Commission, Nadi", "CA")]),
    ("The Finnish Embassy in Hanoi and the Embassy of Peru met.", [("Finnish Embassy in Hanoi", "FI"), ("Embassy of Peru", "PE")]),
    ("The Swiss Embassy Director spoke.", [("Swiss Embassy", "CH")]),
    ("The Kenyan embassy in Tokyo hosted Japanese alumni.", [("Embassy of Kenya in Tokyo", "KE")]),
]


@pytest.mark.parametrize("text,expected", POSTS_7)
def test_session7_posts_keep_the_texts_name(text, expected):
    assert _names_and_countries(text) == expected


# O1: bodies with no organization word of their own: a classing noun, a list after one, a photo credit, a masthead,
# an acronym and its city, organization words the list lacked (Coalition, Corps, Lab, Hub)
NO_HEAD_WORD_7 = [
    ("The state news agency Bernama reported the deal.", [("Bernama", None)]),
    ("The Malaysian charity Mercy Relief trains nurses in Laos.", [("Mercy Relief", None)]),
    ("NGOs such as Sightsavers International and WaterAid joined the Zambian scheme.",
     [("Sightsavers International", None), ("WaterAid", None)]),
    ("Ministers at the signing in Accra (Photo: GNA/Kofi Mensah)", [("GNA", None)]),
    ("THE LAGOON TIMES | Vol. 9, No. 12\n\nNews from Lagos", [("The Lagoon Times", None)]),
    ("Researchers from KTH Stockholm visited Nairobi.", [("KTH Stockholm", "SE")]),
    ("The Mekong Skills Coalition (MSC) will train 300 welders.", [("Mekong Skills Coalition", None)]),
    ("Volunteers of the Andean Health Corps and the Lima Data Lab taught.", [("Andean Health Corps", None), ("Lima Data Lab", "PE")]),
    # counter-cases: a described kind, a person after a classing noun, countries after 'such as', a lower-case lab
    ("It signed with Zeta, a Texas-based non-profit Special Purpose Vehicle.", [("Zeta", "US")]),
    ("The agency Director Ana Ruiz spoke.", []),
    ("Countries such as Peru and Chile joined.", []),
    ("The lab opened in May.", []),
    ("Photo: Kofi Mensah", []),
    ("SECTION 2 | No. 4 of the rules", []),
]


@pytest.mark.parametrize("text,expected", NO_HEAD_WORD_7)
def test_session7_bodies_without_an_organization_word(text, expected):
    assert _names_and_countries(text) == expected


# O5: names in the common European languages: their organization words, their small words ('van', 'voor', 'i'),
# a name after a head that comes first, Romance adjectives after the head
EUROPEAN_NAMES_7 = [
    ("Students of the Universiteit van Utrecht (UvU) came to Jakarta.", [("Universiteit van Utrecht", "NL")]),
    ("The Centrum voor Landbouw en Milieu (CLM) hosts two Kenyans.", [("Centrum voor Landbouw en Milieu", None)]),
    ("The Centre Culturel Franco-Nigérien opened a library.", [("Centre Culturel Franco-Nigérien", None)]),
    ("The Istituto Nazionale di Ottica (INO) signed with Chile.", [("Istituto Nazionale di Ottica", None)]),
    ("The Universitetet i Tromso and the Uniwersytet Jagiellonski signed.", [("Universitetet i Tromso", None), ("Uniwersytet Jagiellonski", None)]),
    ("The Stichting Vrije Wetenschap funds Ghanaian PhDs.", [("Stichting Vrije Wetenschap", None)]),
    # counter-cases: English words after an English organization word are no part of its name
    ("The Centre Director spoke. The Institute Annual Report followed.", []),
]


@pytest.mark.parametrize("text,expected", EUROPEAN_NAMES_7)
def test_session7_names_in_european_languages(text, expected):
    assert _names_and_countries(text) == expected


# O2 and O8: press units, letterheads and possessive owners ending in s'
UNITS_7 = [
    ("Contact: Jo Lee, Communications NORAD", [("Communications NORAD", None)]),
    ("Text: Communicatie TU Delft", []),
    ("MINISTRY OF HIGHER EDUCATION\nREPUBLIC OF ZAMBIA\n\nThe Minister of Higher Education said.", [("Ministry of Higher Education", "ZM")]),
    ("MINISTRY OF EDUCATION SIGNS MOU WITH KOREAN UNIVERSITY", []),
    ("Lecturers of the University of Wales' School of Music came to Hanoi.", [("University of Wales", "GB"), ("School of Music", "GB")]),
]


@pytest.mark.parametrize("text,expected", UNITS_7)
def test_session7_units_letterheads_and_owners(text, expected):
    assert _names_and_countries(text) == expected
