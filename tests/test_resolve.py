"""Resolution across documents: table-driven cases for transforms/resolve.py, and a corpus written for it
(tests/resolution_corpus) built into a warehouse without Prefect, whose instruments, commitments and totals
are known: each real thing counted once, and the traps kept apart."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from flows import batches as batching
from flows import resolution
from transforms import resolve
from warehouse import store
from warehouse.checks import check_build
from warehouse.schemas import MANIFEST

pytestmark = pytest.mark.pure  # no Prefect server: see tests/conftest.py

CORPUS = Path(__file__).with_name("resolution_corpus")
TODAY = dt.date(2026, 11, 22)
D = dt.date


# --- organizations -----------------------------------------------------------------------------------

def org(oid, name, acronym=None, source="text"):
    return {"organization_id": oid, "name": name, "acronym": acronym, "source": source}


@pytest.mark.parametrize("orgs, same, apart", [
    # the names a corpus uses for one institute
    ([org("a", "Indian Institute of Technology Hyderabad"), org("b", "IIT Hyderabad"), org("c", "IITH"), org("d", "IIT-H")],
     [("a", "b"), ("a", "c"), ("a", "d")], []),
    # an acronym defined in one document, used alone or in a short form in others
    ([org("a", "Northfield Institute of Technology", "NFIT"), org("b", "NFIT"), org("c", "NFIT Institute of Technology")],
     [("a", "b"), ("a", "c")], []),
    # one acronym expanded two ways by two documents: a distinctive word in common makes them one
    ([org("a", "Northfield Institute of Technology", "NFIT"), org("b", "Northfield Tech Institute", "NFIT")], [("a", "b")], []),
    # two bodies with one acronym and nothing distinctive in common stay two; the bare acronym fits both: it stays itself
    ([org("a", "National Institute of Technology", "NIT"), org("b", "Nagoya Institute of Technology", "NIT"), org("c", "NIT")],
     [], [("a", "b"), ("a", "c"), ("b", "c")]),
])
def test_organizations_resolve_across_their_names(orgs, same, apart):
    links = resolve.resolve_organizations(orgs)
    for a, b in same:
        assert links[a].resolved_id == links[b].resolved_id, (a, b)
    for a, b in apart:
        assert links[a].resolved_id != links[b].resolved_id, (a, b)
    assert all(links[links[o].resolved_id].resolved_id == links[o].resolved_id for o in links)  # canonical is its own


def test_the_canonical_name_is_the_full_one_and_each_merge_says_why():
    links = resolve.resolve_organizations([org("x", "IIT Hyderabad"), org("y", "Indian Institute of Technology Hyderabad")])
    assert links["x"].resolved_id == "y" and links["x"].match_rule == "short_form" and links["x"].matched_id == "y"
    assert links["y"].match_rule == "canonical_name"


# --- instruments -------------------------------------------------------------------------------------

def agreement(aid, doc, signed, parties=(), kind="MoU", event="signing", title=None, precision="day", published=None, sentence="", text="", rule="agreement:signed:sentence_date"):
    return ({"agreement_id": aid, "doc_id": doc, "agreement_type": kind, "event": event, "title": title, "signed_date": signed,
             "signed_date_precision": precision, "rule": rule, "sentence": sentence, "text": text, "published_date": published or signed},
            set(parties))


def instruments(*rows, acronyms=None):
    links = resolve.resolve_instruments([r for r, _ in rows], {r["agreement_id"]: p for r, p in rows}, acronyms)
    return {l.mention_id: l for l in links}


def test_reports_of_one_signing_are_one_instrument_whatever_they_name():
    links = instruments(
        agreement("a1", "d1", D(2023, 3, 14), {"p", "q"}, title="on quantum sensing research"),
        agreement("a2", "d2", D(2023, 3, 14), {"q"}),  # names one party
        agreement("a3", "d3", D(2023, 3, 1), {"p", "q"}, precision="month", published=D(2023, 9, 30)),  # 'in March 2023'
        agreement("a4", "d4", D(2023, 3, 16), {"p", "q"}, rule="agreement:signed:report_date"),  # undated: the report's own date
    )
    assert len({l.resolved_id for l in links.values()}) == 1
    assert links["a1"].match_rule == resolve.FIRST_REPORT
    assert links["a4"].match_rule.startswith("reported_within_two_weeks")


def test_two_agreements_of_one_pair_on_one_day_for_two_projects_stay_two():
    links = instruments(
        agreement("a1", "d1", D(2024, 5, 5), {"bank", "ministry"}, "Agreement", title="for the Coastal Metro Project"),
        agreement("a2", "d1", D(2024, 5, 5), {"bank", "ministry"}, "Agreement", title="for the Riverside Water Supply Project"),
        agreement("a3", "d2", D(2024, 5, 5), {"bank", "ministry"}, "Agreement", title="for the Riverside Water Supply Project"),
    )
    assert links["a1"].resolved_id != links["a2"].resolved_id
    assert links["a2"].resolved_id == links["a3"].resolved_id


def test_two_mous_of_one_pair_five_years_apart_stay_two_and_a_renewal_is_linked_not_merged():
    links = instruments(
        agreement("old", "d1", D(2015, 2, 3), {"p", "q"}),
        agreement("new", "d2", D(2020, 2, 2), {"p", "q"}),
        agreement("renewal", "d3", D(2025, 2, 1), {"p", "q"}, event="renewal"),
    )
    assert len({l.resolved_id for l in links.values()}) == 3
    assert links["new"].renews_id is None and links["old"].renews_id is None
    assert links["renewal"].renews_id == links["new"].resolved_id  # the latest earlier one


def test_a_renewal_renews_an_instrument_of_its_parties_not_one_that_shares_a_single_party():
    links = instruments(
        agreement("pq", "d1", D(2018, 2, 3), {"gov", "p", "q"}),
        agreement("pr", "d2", D(2020, 2, 2), {"gov", "p", "r"}),  # later, but of another pair under one government
        agreement("renewal", "d3", D(2023, 2, 1), {"gov", "p", "q"}, event="renewal"),
    )
    assert links["renewal"].renews_id == links["pq"].resolved_id


def test_a_mention_citing_an_earlier_instrument_by_acronyms_links_to_it():
    sentence = "Pursuant to the MoC signed by MDE and HAIT on 20 July 2023, a working group met."
    links = instruments(
        agreement("a1", "d1", D(2023, 7, 20), {"mde", "hait"}, "MoC"),
        agreement("a2", "d2", D(2023, 7, 20), {"other", "body"}, "MoC"),  # another MoC of that day
        agreement("cite", "d3", D(2023, 7, 20), (), "MoC", sentence=sentence, text="MoC", published=D(2024, 2, 10)),
        acronyms={"MDE": "mde", "HAIT": "hait"},
    )
    assert links["cite"].resolved_id == links["a1"].resolved_id
    assert links["cite"].match_rule.startswith("cites_earlier+same_day+same_parties")


def test_a_mention_naming_no_party_joins_only_the_one_instrument_it_can_be():
    one = instruments(agreement("a1", "d1", D(2023, 7, 20), {"p", "q"}, "MoC"), agreement("x", "d2", D(2023, 7, 20), (), "MoC"))
    assert one["x"].resolved_id == one["a1"].resolved_id
    two = instruments(agreement("a1", "d1", D(2023, 7, 20), {"p", "q"}, "MoC"), agreement("a2", "d2", D(2023, 7, 20), {"r", "s"}, "MoC"),
                      agreement("x", "d3", D(2023, 7, 20), (), "MoC"))
    assert two["x"].resolved_id not in (two["a1"].resolved_id, two["a2"].resolved_id)


def test_a_month_precise_report_never_chains_two_signings_of_different_days():
    links = instruments(agreement("a", "d1", D(2023, 3, 2), {"p", "q"}), agreement("b", "d2", D(2023, 3, 20), {"p", "q"}),
                        agreement("m", "d3", D(2023, 3, 1), {"p", "q"}, precision="month"))
    assert links["a"].resolved_id != links["b"].resolved_id


# --- commitments -------------------------------------------------------------------------------------

def money(fid, doc, value, funder=None, recipient=None, instrument=None, unit="EUR", kind="loan", published=D(2024, 5, 6), start=0, sentence="", qualifier="exact"):
    return {"figure_id": fid, "doc_id": doc, "value": value, "unit": unit, "money_type": kind, "qualifier": qualifier, "char_start": start,
            "sentence": sentence, "published_date": published, "funder_id": funder, "recipient_id": recipient, "instrument_id": instrument}


def commitments(*rows):
    return {l.mention_id: l for l in resolve.resolve_commitments(rows)}


def test_one_loan_reported_by_three_documents_is_one_commitment():
    links = commitments(money("f1", "d1", 3e8, "bank", "ministry"), money("f2", "d2", 3e8, "bank", published=D(2024, 5, 8)),
                        money("f3", "d3", 3.0e8, recipient="ministry", kind="unspecified", published=D(2024, 6, 1)))
    assert len({l.resolved_id for l in links.values()}) == 1
    assert links["f2"].match_rule == "same_amount+same_funder+recipient_not_known+instrument_not_known"


def test_two_loans_of_one_lender_to_one_borrower_on_one_day_under_two_agreements_stay_two():
    links = commitments(money("f1", "d1", 2e8, "bank", "ministry", "metro"), money("f2", "d1", 2e8, "bank", "ministry", "water"),
                        money("f3", "d2", 2e8, "bank", "ministry", "water"))
    assert links["f1"].resolved_id != links["f2"].resolved_id
    assert links["f3"].resolved_id == links["f2"].resolved_id


def test_amounts_with_nothing_in_common_but_the_number_stay_apart():
    links = commitments(money("f1", "d1", 5e6, "a"), money("f2", "d2", 5e6, "b"), money("f3", "d3", 5e6), money("f4", "d4", 5e6, "a", published=D(2019, 1, 1)))
    assert len({l.resolved_id for l in links.values()}) == 4


def test_a_stated_total_beside_its_parts_is_marked_and_so_is_the_same_total_elsewhere():
    s = "The foundation announced three grants totalling EUR 12 million: EUR 5 million, EUR 4 million and EUR 3 million."
    links = commitments(money("t", "d1", 12e6, "fdn", kind="grant", start=10, sentence=s), money("p1", "d1", 5e6, "fdn", kind="grant", start=20, sentence=s),
                        money("p2", "d1", 4e6, kind="grant", start=30, sentence=s), money("p3", "d1", 3e6, kind="grant", start=40, sentence=s),
                        money("t2", "d2", 12e6, "fdn", kind="grant", published=D(2024, 5, 9)))
    assert links["t"].is_sum_of_parts and links["t"].resolved_id is None and links["t"].match_rule == resolve.SUM_OF_PARTS
    assert links["t"].matched_id == "p1"
    assert links["t2"].is_sum_of_parts and links["t2"].resolved_id is None and links["t2"].match_rule == "same_as_stated_total"
    assert all(links[p].resolved_id and not links[p].is_sum_of_parts for p in ("p1", "p2", "p3"))


def test_an_amount_equal_to_the_next_two_without_a_word_of_total_is_no_total():
    links = commitments(money("a", "d1", 9e6, start=1), money("b", "d1", 5e6, start=2), money("c", "d1", 4e6, start=3))
    assert not any(l.is_sum_of_parts for l in links.values())


def test_resolution_does_not_depend_on_the_order_of_its_input():
    rows = [money("f1", "d1", 3e8, "bank", "ministry"), money("f2", "d2", 3e8, "bank"), money("f3", "d3", 3e8, recipient="ministry"), money("f4", "d4", 3e8, "other")]
    assert resolve.resolve_commitments(rows) == resolve.resolve_commitments(rows[::-1])


# --- resolving only what changed ------------------------------------------------------------------------

def carried(resolved: resolve.Resolved) -> resolve.Carried:
    return resolve.Carried(resolved.signature, resolved.component, {l.mention_id: l for l in resolved.links})


def commitments_since(before, after, monkeypatch=None):
    """Links of `after` resolved with what resolving `before` left, and the figures compared on the way."""
    compared, left = set(), carried(resolve.resolve_commitments_since(before))
    if monkeypatch is not None:
        compare = resolve.compare_money
        monkeypatch.setattr(resolve, "compare_money", lambda a, b, *w: compared.update((a.figure_id, b.figure_id)) or compare(a, b, *w))
    links = resolve.resolve_commitments(after, left)
    return links, frozenset(compared)


# a lender's amount and a borrower's amount of one size: alone nothing ties them; a report naming both does
LENT, BORROWED = money("lent", "d1", 7e7, funder="lender"), money("borrowed", "d2", 7e7, recipient="borrower", published=D(2024, 6, 2))
BOTH = money("both", "d3", 7e7, "lender", "borrower", published=D(2024, 6, 9))
ELSEWHERE = [money("far1", "d4", 1.5e6, "fund", kind="grant"), money("far2", "d5", 1.5e6, "fund", kind="grant", published=D(2024, 7, 1))]


def test_a_new_report_that_ties_two_earlier_commitments_merges_them_as_a_full_run_does(monkeypatch):
    before = [LENT, BORROWED, *ELSEWHERE]
    assert len({l.resolved_id for l in resolve.resolve_commitments([LENT, BORROWED])}) == 2
    links, compared = commitments_since(before, before + [BOTH], monkeypatch)
    assert links == resolve.resolve_commitments(before + [BOTH])
    assert len({l.resolved_id for l in links if l.mention_id in ("lent", "borrowed", "both")}) == 1
    assert compared and not compared & {"far1", "far2"}  # the commitment the change does not touch is carried over


def test_deleting_the_report_that_tied_a_commitment_together_splits_it_as_a_full_run_does(monkeypatch):
    before = [LENT, BORROWED, BOTH, *ELSEWHERE]
    links, compared = commitments_since(before, [LENT, BORROWED, *ELSEWHERE], monkeypatch)
    assert links == resolve.resolve_commitments([LENT, BORROWED, *ELSEWHERE])
    assert len({l.resolved_id for l in links if l.mention_id in ("lent", "borrowed")}) == 2
    assert not compared & {"far1", "far2"}


def test_a_mention_whose_party_now_resolves_otherwise_is_clustered_again():
    before = [LENT, money("lent2", "d6", 7e7, funder="lender's branch", published=D(2024, 5, 20)), *ELSEWHERE]
    after = [LENT, money("lent2", "d6", 7e7, funder="lender", published=D(2024, 5, 20)), *ELSEWHERE]  # its funder merged into the lender
    links, _ = commitments_since(before, after)
    assert links == resolve.resolve_commitments(after)
    assert len({l.resolved_id for l in links if l.mention_id in ("lent", "lent2")}) == 1


def instruments_since(before, after):
    rows = lambda rs: ([r for r, _ in rs], {r["agreement_id"]: p for r, p in rs})
    first = resolve.resolve_instruments_since(*rows(before))
    return resolve.resolve_instruments(*rows(after), carried=carried(first)), resolve.resolve_instruments(*rows(after))


# signed in one year by overlapping parties: the year-precise report and the other fit only through a third
YEARLY = agreement("yearly", "d1", D(2023, 1, 1), {"p1", "p2"}, precision="year", published=D(2023, 9, 1))
OTHER = agreement("other", "d2", D(2023, 1, 1), {"p1", "p3"}, precision="year", published=D(2023, 10, 1))
DATED = agreement("dated", "d3", D(2023, 4, 12), {"p1", "p2", "p3"}, published=D(2023, 4, 13))
RENEWED = agreement("renewal", "d4", D(2026, 2, 2), {"p1", "p2", "p3"}, event="renewal")
APART = [agreement("apart", "d5", D(2019, 7, 7), {"q1", "q2"}, kind="Agreement")]


def test_an_instrument_report_that_ties_two_earlier_ones_merges_them_and_a_deletion_splits_them_again():
    merged, full = instruments_since([YEARLY, OTHER, RENEWED, *APART], [YEARLY, OTHER, DATED, RENEWED, *APART])
    assert merged == full
    assert len({l.resolved_id for l in merged if l.mention_id in ("yearly", "other", "dated")}) == 1
    assert {l.renews_id for l in merged if l.mention_id == "renewal"} == {next(l.resolved_id for l in merged if l.mention_id == "dated")}
    split, full = instruments_since([YEARLY, OTHER, DATED, RENEWED, *APART], [YEARLY, OTHER, RENEWED, *APART])
    assert split == full
    assert len({l.resolved_id for l in split if l.mention_id in ("yearly", "other")}) == 2


def test_a_report_naming_no_party_is_weighed_against_every_instrument_of_its_type_and_year_in_an_incremental_run():
    unnamed = agreement("unnamed", "d6", D(2023, 4, 12), published=D(2023, 4, 20))
    before = [YEARLY, DATED, RENEWED, *APART]
    for after in ([*before, unnamed], [YEARLY, RENEWED, *APART, unnamed], [YEARLY, *APART]):
        got, full = instruments_since(before + [unnamed] if after[-1] is not unnamed else before, after)
        assert got == full


# --- the corpus --------------------------------------------------------------------------------------

def build_warehouse(docs: Path, warehouse: Path) -> Path:
    """The flow's steps without Prefect: extract, write, merge organizations, resolve, views, checks."""
    build = store.new_build(warehouse)
    tables, rejected = batching.extract_files(sorted(docs.glob("*.txt")), docs, today=TODAY, max_bytes=10**7)
    assert not rejected
    batching.write_tables(build, "part-000000", tables, False)
    batching.deduplicate(build)
    resolution.resolve_build(build)
    store.build_database(build)
    assert check_build(build) == []
    return build / store.DB_NAME


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    con = duckdb.connect(str(build_warehouse(CORPUS, tmp_path_factory.mktemp("resolution"))), read_only=True)
    yield con
    con.close()


def query(con, sql):
    return con.execute(sql).fetchall()


def test_the_corpus_has_the_instruments_a_reader_finds(corpus_db):
    got = query(corpus_db, """
        SELECT agreement_type, event, signed_date, parties, n_documents, list_transform(documents, d -> d[:2]) AS docs,
               renews_instrument_id IS NOT NULL AS renews
        FROM instruments ORDER BY signed_date, title""")
    assert got == [
        ("MoU", "signing", D(2015, 2, 3), "Cedar Academy of Sciences / Dune Research Council", 1, ["10"], False),
        ("MoU", "signing", D(2018, 1, 10), "Alder University / Birchwood College", 1, ["08"], False),
        ("MoU", "signing", D(2020, 2, 2), "Cedar Academy of Sciences / Dune Research Council", 1, ["11"], False),  # five years on: another MoU
        ("MoU", "renewal", D(2023, 1, 12), "Alder University / Birchwood College", 1, ["09"], True),
        ("MoU", "signing", D(2023, 3, 14), "Lakeside Polytechnic University / Northfield Institute of Technology", 4, ["01", "02", "03", "14"], False),
        ("MoC", "signing", D(2023, 7, 20), "Harbour Agency for Industrial Technology / Ministry of Digital Economy", 3, ["03", "04", "05"], False),
        ("Agreement", "signing", D(2024, 5, 5), "Coastal Development Bank / Ministry of Public Works", 2, ["06", "07"], False),
        ("Agreement", "signing", D(2024, 5, 5), "Coastal Development Bank / Ministry of Public Works", 1, ["06"], False),
    ]
    renewal = query(corpus_db, """
        SELECT old.signed_date FROM instruments r JOIN instruments old ON old.instrument_id = r.renews_instrument_id""")
    assert renewal == [(D(2018, 1, 10),)]


def test_the_corpus_has_the_commitments_a_reader_finds(corpus_db):
    got = query(corpus_db, """
        SELECT value, unit, money_type, funder, recipient, n_documents FROM commitments ORDER BY value DESC""")
    assert got == [
        (300e6, "EUR", "loan", "Coastal Development Bank", "Ministry of Public Works", 2),
        (120e6, "EUR", "loan", "Coastal Development Bank", "Ministry of Public Works", 2),
        (5e6, "EUR", "grant", "Elmstead Foundation", "Alder University", 2),
        (4e6, "EUR", "grant", "Elmstead Foundation", "Birchwood College", 1),
        (3e6, "EUR", "grant", "Elmstead Foundation", "Cedar Academy of Sciences", 1),
    ]
    totals = query(corpus_db, "SELECT source_name, match_rule FROM funding_mentions WHERE is_sum_of_parts ORDER BY 1")
    assert totals == [("12_foundation_grants.txt", "sum_of_parts"), ("13_grants_news.txt", "same_as_stated_total")]


def test_the_views_count_every_commitment_and_instrument_once(corpus_db):
    assert query(corpus_db, "SELECT count(*), sum(value) FROM funding") == [(5, 432e6)]
    assert query(corpus_db, "SELECT count(*), sum(value) FROM commitments") == [(5, 432e6)]
    assert query(corpus_db, "SELECT count(*) FROM funding_mentions") == [(10,)]  # every report stays queryable
    assert query(corpus_db, "SELECT count(*), count(DISTINCT instrument_id) FROM agreements") == [(14, 8)]


def test_an_acronym_defined_in_one_document_resolves_in_the_others(corpus_db):
    # 02 and 05 name a party only by an acronym 03 and 01 define; 14 expands NFIT another way
    rows = query(corpus_db, """
        SELECT o.name, c.name, o.match_rule FROM organizations o JOIN organizations c ON c.organization_id = o.resolved_organization_id
        WHERE o.organization_id <> o.resolved_organization_id ORDER BY 1""")
    assert rows == [("HAIT", "Harbour Agency for Industrial Technology", "short_form"),
                    ("MDE", "Ministry of Digital Economy", "short_form"),
                    ("Northfield Tech Institute", "Northfield Institute of Technology", "same_acronym")]
    cited = query(corpus_db, """
        SELECT d.source_name, a.match_rule FROM agreements a JOIN documents d USING (doc_id) WHERE d.source_name LIKE '05%'""")
    assert cited == [("05_working_group.txt", "cites_earlier+same_day+same_parties+subject_not_known")]


def test_readme_questions_answer_in_sql(corpus_db):
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    start = readme.index("-- How much did each lender commit, by year, counted once?")
    sql = readme[start:readme.index("```", start)]
    lender, widest = [s.strip() for s in sql.split(";") if s.strip()]
    rows = query(corpus_db, lender)
    assert [r[:5] for r in rows] == [("Coastal Development Bank", 2024, "loan", 2, 4), ("Elmstead Foundation", 2024, "grant", 3, 4)]
    assert query(corpus_db, "SELECT round(sum(value_usd) / 1e6, 1) FROM commitments GROUP BY funder ORDER BY funder") == [(r[5],) for r in rows]
    assert query(corpus_db, widest)[:2] == [
        ("MoU", D(2023, 3, 14), "Lakeside Polytechnic University / Northfield Institute of Technology", 4, D(2023, 3, 15), D(2023, 11, 20)),
        ("MoC", D(2023, 7, 20), "Harbour Agency for Industrial Technology / Ministry of Digital Economy", 3, D(2023, 7, 21), D(2024, 2, 10)),
    ]


# --- what a build reads, carried over ------------------------------------------------------------------

def _build_with_manifest(warehouse: Path, groups: list[list[Path]], code: str, previous: Path | None) -> Path:
    """A build of the documents in `groups` (a part each) whose manifest says which code made it and after which build."""
    build = store.new_build(warehouse)
    for i, files in enumerate(groups):
        tables, rejected = batching.extract_files(files, CORPUS, today=TODAY, max_bytes=10**7)
        assert not rejected
        batching.write_tables(build, f"part-{i:06d}", tables, False)
    batching.deduplicate(build)
    (build / resolution.MANIFEST).mkdir(exist_ok=True)
    meta = {b"build_fingerprint": code.encode(), b"previous_build": (previous.name if previous else "").encode()}
    pq.write_table(MANIFEST.empty_table().replace_schema_metadata(meta), build / resolution.MANIFEST / f"{resolution.MANIFEST}.parquet")
    return build


def _links(build: Path) -> list[tuple]:
    con = duckdb.connect()
    try:
        return con.execute(f"SELECT * FROM read_parquet({store.table_glob(build, 'resolution_links')}) ORDER BY ALL").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("code_after, read_after", [("same", 2), ("changed", 7)])
def test_a_build_reads_only_the_documents_the_build_before_did_not_when_the_code_is_the_same(tmp_path, code_after, read_after):
    files = sorted(CORPUS.glob("*.txt"))[:8]
    first = _build_with_manifest(tmp_path / "w", [files[:6]], "same", None)
    resolution.resolve_build(first)
    # the next build drops one document of the first, carries five over and adds two
    after = _build_with_manifest(tmp_path / "w", [files[1:6], files[6:8]], code_after, first)
    fresh = _build_with_manifest(tmp_path / "fresh", [files[1:6], files[6:8]], "same", None)
    found, found_fresh = resolution.resolve_build(after), resolution.resolve_build(fresh)
    read = pq.read_table(after / resolution.INPUTS / "documents.parquet")
    assert (read.num_rows, int(read.schema.metadata[b"documents_read"])) == (7, read_after)
    assert found == found_fresh
    assert _links(after) == _links(fresh)


# --- what the flow process imports to resolve ---------------------------------------------------------

def test_resolution_reads_the_organization_heads_without_the_extractor_module():
    """The flow process resolves; the organizations extractor (its patterns, the countries, the rule
    registry) is the extraction processes' to import. The heads resolution leaves out of a subject's words
    are still the extractor's own."""
    import subprocess
    import sys

    code = "import sys, flows.resolution; print('transforms.organizations' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.strip() == "False"
    from transforms import organizations

    assert resolve.HEADS == organizations.HEADS
    assert resolve.content_words("the Ministry of Ocean Studies and the Universities") == {"ocean", "studies"}
