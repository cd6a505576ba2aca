"""Run the dashboard headless with AppTest against a real demo database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PAGES = ["overview", "timescales", "themes", "impact", "recommendations", "audits", "training",
         "national"]
# Each page's title where it is not its name with a capital.
TITLES = {"overview": "Safeguarding assurance", "national": "National context"}


@pytest.fixture
def open_page(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """Open a page of the dashboard on the demo data, with optional URL query parameters."""
    monkeypatch.setenv("ASSURANCE_DB", str(demo_db))

    def run(page: str = "overview", **params: str) -> AppTest:
        app = AppTest.from_file(APP, default_timeout=120)
        for key, value in params.items():
            app.query_params[key] = value
        if page != "overview":
            app.switch_page(f"screens/{page}/{page}.py")
        return app.run()

    return run


def no_problems(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def captions(app: AppTest) -> list[str]:
    """Captions as a reader sees them (Markdown escapes removed)."""
    return [c.value.replace("\\", "") for c in app.caption]
