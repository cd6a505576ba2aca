"""National-scale data: the size the benchmark needs, deterministic, and valid."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from access import EVERY_BOARD
from assurance.national import generate
from ingest import check_extract


@pytest.fixture(scope="module")
def national() -> dict[str, pd.DataFrame]:
    return generate(2026)


@pytest.mark.slow
def test_about_the_national_size(national: dict[str, pd.DataFrame]) -> None:
    sizes = {kind: len(frame) for kind, frame in national.items()}
    assert 30_000 <= sizes["reviews"] <= 50_000
    assert 120_000 <= sizes["recommendations"] <= 180_000
    assert 250_000 <= sizes["audits"] <= 350_000
    assert 2_500_000 <= sizes["training"] <= 3_500_000
    assert national["reviews"]["board"].nunique() >= 280
    years = national["audits"]["audit_date"].dt.year
    assert years.max() - years.min() >= 9


@pytest.mark.slow
def test_same_seed_same_data(national: dict[str, pd.DataFrame]) -> None:
    again = generate(2026)
    for kind in national:
        pd.testing.assert_frame_equal(national[kind], again[kind])


@pytest.mark.slow
def test_a_sample_of_each_data_set_passes_the_checks(national: dict[str, pd.DataFrame],
                                                     con: duckdb.DuckDBPyConnection) -> None:
    for kind, frame in national.items():
        sample = frame.sample(n=min(len(frame), 2000), random_state=1).copy()
        for column in sample.columns:
            if pd.api.types.is_datetime64_any_dtype(sample[column]):
                sample[column] = sample[column].dt.strftime("%d/%m/%Y")
        checked = check_extract(con, kind, sample.to_csv(index=False).encode(), f"{kind}.csv",
                                dt.date(2026, 11, 21), scope=EVERY_BOARD)
        assert checked.errors == [], (kind, checked.errors[:3])
