"""What a BI tool (Superset, through SQLAlchemy and duckdb-engine) sees of a built warehouse: every table and
view reflected with its columns. With SQLAlchemy 2.1 (and 2.0.55 to 2.0.58) duckdb-engine 0.17 could list
views but not reflect a column (`pg_collation`, `REGCLASS`)."""
from __future__ import annotations

import duckdb
import sqlalchemy as sa

from warehouse import store


def test_every_table_and_view_of_the_warehouse_reflects_with_its_columns(seed_warehouse):
    db = (seed_warehouse / store.DB_NAME).resolve()
    con = duckdb.connect(str(db), read_only=True)
    try:
        expected = {name: [c for (c,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND schema_name = 'main' ORDER BY column_index", [name]).fetchall()]
            for (name,) in con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
    finally:
        con.close()
    assert set(store.TABLES) <= set(expected) and len(expected) > len(store.TABLES)  # the contract tables and the analyst views

    engine = sa.create_engine(f"duckdb:///{db}?access_mode=read_only")
    try:
        inspector = sa.inspect(engine)
        assert set(inspector.get_view_names()) | set(inspector.get_table_names()) == set(expected)
        metadata = sa.MetaData()
        for name, columns in expected.items():
            table = sa.Table(name, metadata, autoload_with=engine)
            assert [c.name for c in table.columns] == columns, name
        with engine.connect() as c:  # a reflected table is queryable the way Superset builds its queries
            figures = metadata.tables["figures"]
            n = c.execute(sa.select(sa.func.count()).select_from(figures).where(figures.c.kind == "money")).scalar_one()
            assert n > 0
    finally:
        engine.dispose()
