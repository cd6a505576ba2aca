"""The dashboard's named queries apply each filter as the pages say."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from data_models import figures
from data_models.database import connect

AS_OF = dt.date(2026, 11, 21)


@pytest.mark.parametrize(
    ("query", "source", "key"),
    [("timescale_records", "reviews", "review_id"),
     ("recommendation_records", "recommendations", "recommendation_id"),
     ("audit_records", "audits", "audit_id")],
)
def test_the_theme_filter_keeps_exactly_the_items_naming_the_theme(
        demo_db: Path, query: str, source: str, key: str) -> None:
    con = connect(demo_db, read_only=True)
    try:
        everything = getattr(figures, query)(con, figures.Filters(as_of=AS_OF))
        themed = getattr(figures, query)(con, figures.Filters(as_of=AS_OF, theme="neglect"))
        naming = {(b, i) for b, i in con.execute(
            "SELECT board, item_id FROM item_themes WHERE source = ? AND theme = 'neglect'",
            [source]).fetchall()}
    finally:
        con.close()
    expected = everything[[(b, i) in naming for b, i in zip(everything["board"],
                                                             everything[key], strict=True)]]
    assert 0 < len(themed) < len(everything)
    assert sorted(zip(themed["board"], themed[key], strict=True)) == sorted(
        zip(expected["board"], expected[key], strict=True))


def test_the_theme_filter_on_training_counts_only_bookings_on_the_theme(demo_db: Path) -> None:
    con = connect(demo_db, read_only=True)
    try:
        themed = figures.training_uptake(con, figures.Filters(as_of=AS_OF, theme="think family"))
        expected = con.execute("SELECT count(*) FROM training_bookings WHERE themes = "
                               "'think family'").fetchall()[0][0]
    finally:
        con.close()
    assert int(figures.training_by(themed, "all")["booked"].sum()) == expected > 0


def test_freshness_in_words(demo_db: Path) -> None:
    con = connect(demo_db, read_only=True)
    try:
        sentences = dict(figures.freshness_sentences(figures.data_freshness(con)))
    finally:
        con.close()
    assert set(sentences) == {"Reviews", "Recommendations", "Audits", "Training"}
    for sentence in sentences.values():
        assert re.fullmatch(r"[\d,]+ records, data up to 30/10/2026, last stored upload "
                            r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}\.", sentence), sentence
