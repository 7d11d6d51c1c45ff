"""The analyst views: the README's questions give the answers a reader of the seeds gives, totals never count
a conversion twice, every column is documented, and BI tools can read every view through SQLAlchemy."""
from __future__ import annotations

import datetime as dt
import re
import shutil

import pandas as pd
import pytest
import sqlalchemy as sa

from tests.conftest import ROOT
from warehouse import dictionary, store
from warehouse.schemas import TABLES

JICA = "Japan International Cooperation Agency"
ISRO, JAXA = "Indian Space Research Organisation", "Japan Aerospace Exploration Agency"
METI, MEITY = "Ministry of Economy, Trade and Industry", "Ministry of Electronics and Information Technology"


def readme_questions() -> dict[int, str]:
    """The numbered queries of the README's 'Analyst views' section, by number."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Analyst views"):]
    sql = re.search(r"```sql\n(.*?)```", section, re.S).group(1)
    return {int(re.match(r"-- (\d+)\.", chunk).group(1)): chunk for chunk in sql.strip().split("\n\n")}


@pytest.fixture(scope="module")
def db(seed_warehouse):
    con = store.connect_read_only(seed_warehouse)
    yield con
    con.close()


def ask(db, number: int) -> pd.DataFrame:
    return db.execute(readme_questions()[number]).df()


def test_the_readme_has_the_questions_this_file_checks():
    assert sorted(readme_questions()) == [1, 2, 3, 4, 5, 6, 7]


def test_money_committed_by_type(db):
    by_type = ask(db, 1).set_index("money_type")
    assert set(by_type.index) == {"loan", "grant", "economic_impact"}
    assert (by_type["amounts"] == 1).all()
    # the text: 'grant of 1 billion Yen (~US$ 9 million) and ODA Yen Loan up to 50 billion (~US$ 450 million/...)'
    for money_type, text_says in (("loan", 450.0), ("grant", 9.0)):
        assert by_type.loc[money_type, "usd_million_in_text"] == text_says
        assert by_type.loc[money_type, "usd_million"] == pytest.approx(text_says, rel=0.05)  # ECB rate, not the text's
    assert by_type.loc["economic_impact", "usd_million"] == 400.0  # 'over USD 400 million to the New Mexico economy'


def test_who_gives_the_money(db):
    rows = ask(db, 2).set_index("money_type")
    assert rows.loc["loan", "funder"] == JICA and rows.loc["grant", "funder"] == JICA
    assert (rows.loc["loan", "qualifier"], rows.loc["loan", "value"], rows.loc["loan", "currency"]) == ("at_most", 5e10, "JPY")
    assert "~US$ 450 million" in rows.loc["loan", "conversions"] and "Rs.3,500 crore" in rows.loc["loan", "conversions"]
    assert pd.isna(rows.loc["economic_impact", "funder"])  # the sentence names no organization


def test_people_and_visits_by_programme(db):
    rows = ask(db, 3)
    got = {(r.programme, r.moved): (r.total, r.period) for r in rows.itertuples()}
    assert got[("Action Plan on Human Resource Exchange", "people")] == (500_000, "within five years")
    assert got[("India-Japan Cooperative Science Programme", "visits")][0] == 3_100
    assert got[("MoES & JAMSTEC Collaboration", "visits")][0] == 4
    assert got[("Sakura Science High School Exchange Program", "people")] == (210, "2019-20")
    assert got[("Sakura Science Exchange Programme for Indian Researchers/Administrators", "people")] == (25, "2020")
    sakura = [k for k in got if k[0] in ("Sakura Science Plan", "Japan-Asia Youth Exchange Program in Science")]
    assert [got[k][0] for k in sakura] == [2_849]
    # '2,849 students ... including more than 850 high-school students', '500,000 people, including 50,000 ... workers'
    totals = rows.groupby("moved")["total"].sum()
    assert totals["people"] == 500_000 + 2_849 + 210 + 25 and totals["visits"] == 3_100 + 4


def test_agreements_by_year_and_type(db):
    rows = ask(db, 4)
    parties = {(r.year, r.agreement_type): r.parties for r in rows.itertuples()}
    expected = {
        (2005, "Arrangement"): ISRO,
        (2006, "MoU"): "Japan Science and Technology Agency",
        (2016, "MoU"): JAXA,
        (2024, "MoU"): "Hamamatsu City",
        (2025, "MoU"): "NMexus",
        (2025, "Implementing Arrangement"): JAXA,
        (2025, "Joint Declaration"): "Government of Japan",
        (2025, "Action Plan"): "Government of India",
    }
    for key, party in expected.items():
        assert party in parties.get(key, ""), key


def test_agreements_in_force_on_a_day(db):
    rows = ask(db, 5)
    until = {r.parties: r.in_force_until.date() for r in rows.itertuples()}
    # 'extended upto March 2023'; CERT-In MoC 'renewed on November 12, 2021 for a period of five years';
    # DGH-JOGMEC 'third extension ... till 15th February 2023'
    assert until["Institute of Material Structure Science"] == dt.date(2023, 3, 31)
    assert any("Japan Computer Emergency Response Team" in p and d == dt.date(2026, 11, 11) for p, d in until.items())
    assert any("Directorate General of Hydrocarbons" in p and d == dt.date(2023, 2, 15) for p, d in until.items())
    assert all(d >= dt.date(2022, 6, 1) for d in until.values())


def test_partners_that_sign_most_often(db):
    rows = ask(db, 6)
    pairs = {(r.name_a, r.name_b): r.n_agreements for r in rows.itertuples()}
    # ISRO-JAXA: Arrangement 2005, MoU 2016, IAs 2017, 2018, 2019, 2021 and 2025; METI-MeitY: MoCs 2018, 2023, 2025
    assert pairs[(ISRO, JAXA)] == 7
    assert pairs[(METI, MEITY)] == 3


def test_terms_of_agreements(db):
    rows = ask(db, 7)
    terms = {(r.agreement_type, r.term, r.in_force_until.date()) for r in rows.itertuples()}
    assert ("MoC", "five (5) years", dt.date(2030, 8, 24)) in terms  # signed 25 August 2025 for five years
    assert ("MoU", "5 years", dt.date(2012, 2, 15)) in terms  # DGH-JOGMEC: 'valid for 5 years i.e. till 15th February 2012'


def test_funding_totals_count_every_primary_amount_once(db):
    funding = db.execute("SELECT count(*), sum(value_usd) FROM funding").fetchone()
    primary = db.execute("SELECT count(*), sum(value_usd) FROM figures WHERE kind = 'money' AND equivalent_of IS NULL").fetchone()
    assert funding[0] == primary[0] and funding[1] == pytest.approx(primary[1])
    conversions = db.execute("""
        SELECT c.figure_id, c.text, f.figure_id IS NOT NULL AS counted, strpos(p.conversions, c.text) > 0 AS shown_beside_primary
        FROM figures c LEFT JOIN funding f USING (figure_id) LEFT JOIN funding p ON p.figure_id = c.equivalent_of
        WHERE c.equivalent_of IS NOT NULL""").fetchall()
    assert len(conversions) == 3  # ~US$ 9 million, ~US$ 450 million, Rs.3,500 crore
    assert all(not counted and shown for _, _, counted, shown in conversions)


def test_exchanges_parts_point_at_the_whole(db):
    parts = db.execute("""
        SELECT p.text, w.text FROM exchanges p JOIN exchanges w ON w.figure_id = p.included_in ORDER BY ALL""").fetchall()
    assert parts == [
        ("50,000 Indian skilled workers", "500,000 people"),
        ("more than 850 high-school students", "2,849 students/undergraduates/researchers"),
    ]


def test_every_table_view_and_column_is_commented(db):
    columns = db.execute("""
        SELECT v.view_name, v.comment, c.column_name, c.comment FROM duckdb_views() v
        JOIN duckdb_columns() c ON c.table_name = v.view_name WHERE NOT v.internal AND v.schema_name = 'main'""").fetchall()
    assert {name for name, *_ in columns} >= set(TABLES) | {"funding", "exchanges", "agreements_timeline", "partners", "durations"}
    assert [(view, col) for view, view_doc, col, doc in columns if not view_doc or not doc] == []


def test_the_data_dictionary_page_is_up_to_date():
    assert dictionary.PAGE.read_text(encoding="utf-8") == dictionary.render(dictionary.empty_warehouse_catalog()), \
        "docs/data_dictionary.md is stale: run .venv/bin/python -m warehouse.dictionary"


def test_bi_tools_read_every_view_through_sqlalchemy(seed_warehouse, db, tmp_path):
    """What Superset does with the duckdb-engine dialect: list the views read-only, then select from each."""
    # a copy of the warehouse (its views name their Parquet files relative to the warehouse folder):
    # DuckDB refuses a second connection to one file with another configuration in the same process, and `db` is open
    shutil.copytree(seed_warehouse, tmp_path / "warehouse", symlinks=True)
    copy = tmp_path / "warehouse" / store.DB_NAME
    engine = sa.create_engine(f"duckdb:///{copy}?access_mode=read_only")
    views = sorted(v for (v,) in db.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'").fetchall())
    try:
        assert sorted(sa.inspect(engine).get_view_names()) == views
        with engine.connect() as conn:
            for view in views:
                result = conn.execute(sa.select(sa.text("*")).select_from(sa.table(view)))
                rows = result.fetchall()
                assert list(result.keys()) == [c for (c,) in db.execute(f"SELECT column_name FROM (DESCRIBE {view})").fetchall()], view
                assert len(rows) == db.execute(f"SELECT count(*) FROM {view}").fetchone()[0], view
            with pytest.raises(sa.exc.DBAPIError, match="read-only"):
                conn.execute(sa.text("CREATE VIEW written_by_a_dashboard AS SELECT 1"))
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def macros():
    with dictionary.empty_warehouse() as con:
        yield con


D = dt.date


@pytest.mark.parametrize("signed, reported, until, day, expected", [
    (D(2020, 1, 1), D(2020, 2, 1), D(2025, 1, 1), D(2022, 1, 1), True),
    (D(2020, 1, 1), D(2020, 2, 1), D(2021, 1, 1), D(2022, 1, 1), False),  # expired
    (D(2023, 1, 1), D(2023, 2, 1), None, D(2022, 1, 1), False),  # not signed yet
    (D(2020, 1, 1), D(2020, 2, 1), None, D(2022, 1, 1), None),  # no expiry stated: unknown
    (None, D(2021, 6, 1), D(2023, 1, 1), D(2022, 1, 1), True),  # concluded by the time it was reported
    (None, D(2022, 6, 1), D(2023, 1, 1), D(2022, 1, 1), None),  # before it was reported: unknown
    (None, D(2022, 6, 1), D(2023, 1, 1), D(2024, 1, 1), False),
])
def test_in_force_on(macros, signed, reported, until, day, expected):
    assert macros.execute("SELECT in_force_on(?::DATE, ?::DATE, ?::DATE, ?::DATE)", [signed, reported, until, day]).fetchone()[0] is expected


@pytest.mark.parametrize("expires, precision, last_day", [
    (D(2023, 3, 1), "month", D(2023, 3, 31)),
    (D(2015, 1, 1), "year", D(2015, 12, 31)),
    (D(2030, 8, 24), "day", D(2030, 8, 24)),
])
def test_in_force_until_covers_the_whole_month_or_year(macros, expires, precision, last_day):
    assert macros.execute("SELECT in_force_until(?::DATE, ?)", [expires, precision]).fetchone()[0] == last_day


@pytest.mark.parametrize("sentence, names", [
    ('Under the "Japan-Asia Youth Exchange Program in Science" (Sakura Science Plan), a total of 2,849 students visited Japan.',
     ["Japan-Asia Youth Exchange Program in Science", "Sakura Science Plan"]),
    ("An Action Plan on Human Resource Exchange was adopted to enable the movement of 500,000 people.", ["Action Plan on Human Resource Exchange"]),
    ("About 210 students from India participated in the Sakura Science High School Exchange Program in during 2019-20.",
     ["Sakura Science High School Exchange Program"]),
    ("The DST - JSPS Young Researcher Fellowship Programme was launched in 2017.", ["DST - JSPS Young Researcher Fellowship Programme"]),
    ("The two sides pledged to expand joint research and development.", []),
])
def test_programme_names(macros, sentence, names):
    assert macros.execute("SELECT programme_names(?)", [sentence]).fetchone()[0] == names


@pytest.mark.parametrize("countries, pair", [(["JP", "IN", "JP"], "IN-JP"), (["IN", None], "IN"), ([None], None)])
def test_country_pair(macros, countries, pair):
    assert macros.execute("SELECT country_pair(?::VARCHAR[])", [countries]).fetchone()[0] == pair
