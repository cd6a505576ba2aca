"""Sign-in and scope through the pages themselves (AppTest, signed in as a provider's claims
would sign someone in): each finding of the access probe, and a walk of every page as each
role, failing on another board's name or on records where the role may not see them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from access import read_access
from data_models.labels import humane
from data_models.scope import EVERY

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
AS_OF = "2026-11-21"
MINE = "Kestrel Bay SCP"
BOARDS = ["Ashbourne SAB", "Ashbourne SCP", "Harwick Safeguarding Partnership",
          "Kestrel Bay SAB", "Kestrel Bay SCP", "Millbrook SCP", "Northfold SAB"]
OTHERS = [b for b in BOARDS if b != MINE]
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "a-test-cookie-secret-that-is-long-enough-0123456789",
        "client_id": "assurance-test", "client_secret": "assurance-test-secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
# The columns of record-level lists, as the pages head them.
RECORD_COLUMNS = set(humane(pd.DataFrame(columns=[
    "review_id", "recommendation_id", "audit_id", "booking_id", "recommendation",
    "status_reason", "evidence_of_impact", "case_ref"])).columns)
PEOPLE = f"""
default_role = "none"

[areas]
"Kestrel Bay" = ["Kestrel Bay SCP", "Kestrel Bay SAB"]

[people."viewer@kestrelbay.example"]
role = "viewer"
boards = ["{MINE}"]

[people."uploader@kestrelbay.example"]
role = "uploader"
boards = ["{MINE}"]

[people."admin@kestrelbay.example"]
role = "admin"
boards = ["{MINE}"]

[people."boss@example.org"]
role = "admin"
boards = "all"

[people."waiting@example.org"]
role = "viewer"
boards = []
"""


@pytest.fixture
def signed_in(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
              ) -> Iterator[Callable[..., AppTest]]:
    """Open a page as someone the identity provider signed in with `claims`."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("[auth]\n" + "".join(f'{k} = "{v}"\n' for k, v in AUTH.items()),
                       encoding="utf-8")
    roles = tmp_path / "roles.toml"
    roles.write_text(PEOPLE, encoding="utf-8")
    monkeypatch.setenv("ASSURANCE_DB", str(demo_db))
    monkeypatch.setenv("ASSURANCE_SECRETS", str(secrets))
    monkeypatch.setenv("ASSURANCE_ROLES", str(roles))

    def run(claims: dict[str, object], page: str = "overview", auth: bool = True,
            **params: str) -> AppTest:
        app = AppTest.from_file(APP, default_timeout=120)
        if auth:
            app.secrets["auth"] = AUTH
        app.user = {"is_logged_in": True, **claims}
        app.query_params["as_of"] = AS_OF
        for key, value in params.items():
            app.query_params[key] = value
        if page != "overview":
            app.switch_page(f"screens/{page}/{page}.py")
        return app.run()

    yield run


def verified(email: str) -> dict[str, object]:
    return {"sub": f"id-{email}", "email": email, "email_verified": True, "name": email}


def words(element: object) -> str:
    """An element's text as a reader sees it (Markdown escapes removed)."""
    return str(getattr(element, "value", "")).replace("\\", "")


def shown(app: AppTest) -> str:
    """Everything the page shows as text: headings, words, figures, tables, choices."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                 "error", "success", "text"):
        parts += [str(e.value) for e in getattr(app, kind)]
    parts += [f"{m.label} {m.value}" for m in app.metric]
    for frame in app.dataframe:
        parts += [" ".join(map(str, frame.value.columns)), frame.value.to_string()]
    for box in (*app.selectbox, *app.multiselect):
        parts += [box.label, *map(str, box.options)]
    parts += [str(e.label) for e in app.expander]
    return "\n".join(parts).replace("\\", "")


def nothing_shown(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.metric and not app.dataframe
    assert not [b for b in BOARDS if b in shown(app)]


def test_settings_streamlit_would_not_read_refuse_everyone(
        signed_in: Callable[..., AppTest], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The probe: an [auth] file not named .toml made the app fall back to local mode, where
    everyone was admin. Now the page says why in one line and shows nothing."""
    (tmp_path / "secrets.txt").write_text((tmp_path / "secrets.toml").read_text())
    monkeypatch.setenv("ASSURANCE_SECRETS", str(tmp_path / "secrets.txt"))
    app = signed_in({"is_logged_in": False}, auth=False)
    nothing_shown(app)
    assert [".toml" in words(e) for e in app.error] == [True]
    assert not [b for b in app.button if b.label == "Sign in"]


def test_sign_in_that_streamlit_did_not_load_refuses_everyone(
        signed_in: Callable[..., AppTest]) -> None:
    app = signed_in(verified("boss@example.org"), auth=False)
    nothing_shown(app)
    assert "did not load the sign-in settings" in words(app.error[0])


@pytest.mark.parametrize("claims", [
    {"sub": "attacker-123", "email": "Boss@Example.org", "email_verified": False},
    {"sub": "boss@example.org"},
    {"sub": "attacker-123", "email": "Boss@Example.org"},
], ids=["unverified email", "sub alone", "no verification claim"])
def test_an_unverified_email_or_sub_is_nobody(signed_in: Callable[..., AppTest],
                                               claims: dict[str, object]) -> None:
    app = signed_in(claims, page="admin")
    nothing_shown(app)
    assert app.error and ("not verified" in words(app.error[0])
                          or "did not give" in words(app.error[0]))
    assert not [t for t in app.title if t.value == "Admin"]


@pytest.mark.parametrize("email", [
    "viewer@\u212Aestrelbay.example",      # the Kelvin sign, which lower-cases to k
    " boss@example.org\n", "boss@example.org\n", "boss@example.org ",
    "boss@example\uff0eorg",               # a full-width full stop, which NFKC makes '.'
], ids=["Kelvin sign", "spaces around", "newline after", "space after", "full-width stop"])
def test_a_verified_email_that_is_not_a_plain_address_is_nobody(
        signed_in: Callable[..., AppTest], email: str) -> None:
    """The probe: a verified \\u212Aate@example.org signed in as kate@example.org, and
    " boss@example.org\\n" as boss@. Either is refused in one line, never matched to a
    listed address."""
    app = signed_in(verified(email), page="admin")
    nothing_shown(app)
    assert [e for e in app.error if "not a plain email address" in words(e)], \
        [e.value for e in app.error]
    assert "\n" not in words(app.error[0])
    assert not [t for t in app.title if t.value == "Admin"]


def test_someone_with_no_board_sees_a_plain_message_and_nothing_else(
        signed_in: Callable[..., AppTest]) -> None:
    for email, says in (("waiting@example.org", "not been given any board"),
                        ("stranger@example.org", "have no role")):
        app = signed_in(verified(email))
        nothing_shown(app)
        assert says in words(app.warning[0])


PAGES = ["overview", "timescales", "themes", "impact", "recommendations", "audits", "training",
         "national", "exports", "upload", "data_quality", "admin"]
MAY_OPEN = {"viewer": 9, "uploader": 11, "admin": 12}


def _walk(run: Callable[..., AppTest], who: str) -> Iterator[AppTest]:
    """Every page the role may open, then every drill-down of it (the first options)."""
    for page in PAGES[:MAY_OPEN[who]]:
        params = {"period": "2024-25"} if page == "exports" else {"board": "Millbrook SCP"}
        app = run(verified(f"{who}@kestrelbay.example"), page=page, **params)
        yield app
        drills = [b.key for b in app.selectbox if b.key and b.key.startswith("drill_")]
        for key in drills:
            for option in app.selectbox(key=key).options[1:4]:
                app.selectbox(key=key).select(option).run()
                yield app


@pytest.mark.parametrize("who", ["viewer", "uploader", "admin"])
def test_every_page_as_each_role_shows_only_their_board_and_records_only_if_allowed(
        signed_in: Callable[..., AppTest], who: str) -> None:
    records_seen = 0
    for app in _walk(signed_in, who):
        assert not app.exception, [e.value for e in app.exception]
        text = shown(app)
        assert not [b for b in OTHERS if b in text], (who, [b for b in OTHERS if b in text])
        lists = [f for f in app.dataframe if RECORD_COLUMNS & set(f.value.columns)]
        records_seen += len(lists)
        if who == "viewer":
            assert not lists, [list(f.value.columns) for f in lists]
    if who != "viewer":
        assert records_seen, "the walk reached no list of records, so it proves nothing"


def test_the_admin_page_cannot_be_made_to_write_another_role(
        signed_in: Callable[..., AppTest], tmp_path: Path) -> None:
    """The probe: an email holding a quote was formatted into roles.toml, so a viewer became
    an admin, and a quote alone made the file unreadable."""
    before = (tmp_path / "roles.toml").read_text()
    app = signed_in(verified("boss@example.org"), page="admin")
    app.text_input[0].input('x@example.org" = "admin" #')
    app.multiselect(key="person_boards").set_value([MINE])
    next(b for b in app.button if b.label == "Save").click().run()
    assert "is not an email address" in app.error[0].value
    assert (tmp_path / "roles.toml").read_text() == before
    app.text_input[0].input("New.Member@KestrelBay.example")
    app.multiselect(key="person_boards").set_value([MINE])
    next(b for b in app.button if b.label == "Save").click().run()
    assert [s.value for s in app.success] and not app.error, [e.value for e in app.error]
    access = read_access(tmp_path / "roles.toml")
    assert access.people["new.member@kestrelbay.example"].role == "viewer"
    assert access.people["boss@example.org"].boards == EVERY


def test_an_admin_of_one_board_sees_and_gives_only_that_board(
        signed_in: Callable[..., AppTest]) -> None:
    app = signed_in(verified("admin@kestrelbay.example"), page="admin")
    people = next(f.value for f in app.dataframe if "Email" in f.value.columns)
    assert "boss@example.org" not in set(people["Email"])
    assert app.multiselect(key="person_boards").options == [MINE]
