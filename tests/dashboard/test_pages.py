"""Every page renders on demo data, and its main widgets change what it shows."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from access import EVERY_BOARD
from assurance.cli import main
from data_models.filters import Filters
from data_models.queries import timescale_records
from data_models.store.file import connect
from data_models.store.versions import changed
from tests.conftest import everyone
from tests.dashboard.conftest import APP, PAGES, TITLES, captions, no_problems

AS_OF = "2026-11-21"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_an_error(open_page: Callable[..., AppTest], page: str) -> None:
    app = open_page(page, as_of=AS_OF)
    no_problems(app)
    assert app.title[0].value == TITLES.get(page, page.capitalize())


def test_filters_come_from_the_url_and_go_back_into_it(open_page: Callable[..., AppTest]) -> None:
    app = open_page("overview", board_type="adults", period="2024-25", as_of=AS_OF)
    no_problems(app)
    assert app.selectbox(key="filter_board_type").value == "adults"
    assert app.selectbox(key="filter_period").value == "2024-25"
    assert [h.value for h in app.subheader][:1] == ["Adults' boards"]
    app.selectbox(key="filter_quarter").set_value("Q3").run()
    assert app.query_params["quarter"] == "Q3"
    assert app.query_params["board_type"] == "adults"


def test_a_value_not_among_the_choices_is_ignored(open_page: Callable[..., AppTest]) -> None:
    app = open_page("overview", board="<script>alert(1)</script>", as_of="not-a-date")
    no_problems(app)
    assert app.selectbox(key="filter_board").value == "All"
    assert app.date_input(key="filter_as_of").value == dt.date.today()


def _timescale_headline(app: AppTest) -> str:
    return next(m.value.replace("\\", "") for m in app.markdown if m.value.startswith("**"))


def test_timescales_figure_equals_the_command_line(open_page: Callable[..., AppTest],
                                                   demo_db: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    app = open_page("timescales", as_of=AS_OF, board="Kestrel Bay SCP", period="2024-25")
    no_problems(app)
    app.selectbox(key="measure").set_value("rapid_review_15wd").run()
    main(["--db", str(demo_db), "timescales", "--as-of", AS_OF, "--board", "Kestrel Bay SCP",
          "--period", "2024-25", "--format", "json"])
    record = next(r for r in json.loads(capsys.readouterr().out)["records"]
                  if r["measure"] == "rapid_review_15wd")
    counted = record["met"] + record["missed"] + record["overdue"]
    assert _timescale_headline(app).startswith(
        f"**{record['met']} of {counted} ({record['compliance_pct']:.0f}%) met")


def test_changing_a_filter_changes_the_figures(open_page: Callable[..., AppTest]) -> None:
    app = open_page("timescales", as_of=AS_OF)
    everything = _timescale_headline(app)
    app.selectbox(key="filter_board").set_value("Northfold SAB").run()
    assert app.selectbox(key="measure").options[0] == "SAR completed within 6 months of the decision"
    one_board = _timescale_headline(app)
    assert one_board != everything
    assert "SAR completed within 6 months" in one_board


def test_timescale_drill_down_shows_the_reviews_of_a_year(open_page: Callable[..., AppTest],
                                                          demo_db: Path) -> None:
    app = open_page("timescales", as_of=AS_OF)
    app.selectbox(key="drill_year").set_value("2023-24").run()
    con = connect(demo_db, read_only=True)
    records = timescale_records(everyone(con), Filters(as_of=dt.date.fromisoformat(AS_OF), period="2023-24"))
    expected = int((records["measure"] == "notification_5wd").sum())
    con.close()
    assert f"{expected:,} records for 2023-24." in captions(app)


def test_overview_lists_what_needs_attention(open_page: Callable[..., AppTest]) -> None:
    app = open_page("overview", as_of=AS_OF)
    labels = [e.label for e in app.expander]
    assert any(label.startswith("Overdue clocks: ") and not label.endswith(": 0")
               for label in labels)
    assert any(label.startswith("Recommendations past their due date, agreed in any year: ")
               for label in labels)


def test_recommendations_overdue_matches_the_data(open_page: Callable[..., AppTest],
                                                  demo_db: Path) -> None:
    app = open_page("recommendations", as_of=AS_OF, agency="Police")
    con = connect(demo_db, read_only=True)
    overdue = con.execute(
        "SELECT count(*) FROM recommendations WHERE owner = 'Police' AND due_date < ? "
        "AND status IN ('not_started', 'in_progress')",
        [dt.date.fromisoformat(AS_OF)]).fetchall()[0][0]
    con.close()
    assert next(m.value for m in app.metric if m.label == "Overdue") == str(overdue)


def test_training_booked_follows_the_workforce_filter(open_page: Callable[..., AppTest],
                                                      demo_db: Path) -> None:
    app = open_page("training", as_of=AS_OF, board_type="adults", period="2023-24")
    con = connect(demo_db, read_only=True)
    booked = con.execute(
        "SELECT count(*) FROM training_bookings WHERE board_type IN ('adults', 'both') "
        "AND financial_year(session_date) = '2023-24'").fetchall()[0][0]
    con.close()
    assert next(m.value for m in app.metric if m.label == "Booked") == f"{booked:,}"


def test_theme_drill_down_lists_the_reviews(open_page: Callable[..., AppTest]) -> None:
    app = open_page("themes", as_of=AS_OF)
    app.selectbox(key="drill_theme").set_value("self-neglect").run()
    no_problems(app)
    caption = next(c for c in captions(app) if c.endswith("raise self-neglect."))
    assert int(caption.split()[0]) > 0


def test_audit_drill_down_by_agency(open_page: Callable[..., AppTest]) -> None:
    app = open_page("audits", as_of=AS_OF, board_type="children")
    app.selectbox(key="drill_agency").set_value("Police").run()
    no_problems(app)
    assert any(c.endswith("records for Police.") for c in captions(app))


def test_a_filter_that_leaves_nothing_says_so(open_page: Callable[..., AppTest]) -> None:
    app = open_page("recommendations", as_of=AS_OF, board="Millbrook SCP", agency="Housing")
    no_problems(app)
    assert any("No records match these filters" in i.value for i in app.info)


def test_no_database_shows_how_to_load_data(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSURANCE_DB", str(tmp_path / "none.duckdb"))
    app = AppTest.from_file(APP, default_timeout=60).run()
    no_problems(app)
    assert "Run `assurance init`" in app.info[0].value


def test_new_data_shows_at_once(demo_db: Path, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Cached figures are keyed by the version of the data they read: a change to the data,
    made as every writer of the product makes it (saying, in its transaction, whose data
    changed), shows on rerun."""
    import shutil

    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(demo_db, copy)
    monkeypatch.setenv("ASSURANCE_DB", str(copy))
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params["as_of"] = AS_OF
    app.switch_page("screens/recommendations/recommendations.py")
    app.run()
    before = next(m.value for m in app.metric if m.label == "Overdue")
    con = connect(copy)
    con.execute("UPDATE recommendations SET status = 'completed' WHERE due_date < ? "
                "AND status IN ('not_started', 'in_progress')", [dt.date.fromisoformat(AS_OF)])
    changed(con, [board for (board,) in con.execute(
        "SELECT DISTINCT board FROM recommendations").fetchall()])
    con.close()
    app.run()
    assert before != "0"
    assert next(m.value for m in app.metric if m.label == "Overdue") == "0"


def test_upload_page_offers_templates_before_a_file(open_page: Callable[..., AppTest]) -> None:
    app = open_page("upload")
    no_problems(app)
    assert app.title[0].value == "Upload an extract"
    assert app.selectbox(key="upload_kind").options == [      # local mode: every board, admin
        "Recognise from the headers", "reviews", "recommendations", "audits", "training",
        "National statistics file (administrators)"]


def test_data_quality_lists_uploads_and_their_problems(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from data_models.store.file import init_schema
    from ingest import check_extract, reject

    db = tmp_path / "dq.duckdb"
    con = connect(db)
    init_schema(con)
    bad = b"audit_id,board,board_type,audit_type,agency,audit_date,grade\nA1,B,children,x,P,1/1/2024,ok\n"
    reject(con, check_extract(con, "audits", bad, "bad.csv", dt.date(2026, 11, 21), scope=EVERY_BOARD))
    con.close()
    monkeypatch.setenv("ASSURANCE_DB", str(db))
    app = AppTest.from_file(APP, default_timeout=120)
    app.switch_page("screens/data_quality/data_quality.py")
    app.run()
    no_problems(app)
    assert "1 upload; 1 rejected by the checks." in captions(app)
    app.selectbox(key="drill_upload").set_value("1: bad.csv (rejected)").run()
    problems = next(d.value for d in app.dataframe if "What to do" in d.value.columns)
    assert set(problems["What"]) == {"Error"}
    assert all("is not a recognised" in m for m in problems["What to do"])
    assert len(problems) == 2


def test_local_mode_says_so_and_gives_every_page(open_page: Callable[..., AppTest]) -> None:
    app = open_page("overview", as_of=AS_OF)
    assert any("Local mode" in i.value for i in app.sidebar.info)


def test_exports_page_offers_tables_pack_and_records(open_page: Callable[..., AppTest]) -> None:
    app = open_page("exports", as_of=AS_OF, period="2024-25")
    no_problems(app)
    labels = [b.label for b in app.get("download_button")]
    assert labels == ["Summary tables (Excel)", "Summary tables (CSV, zipped)",
                      "Publication edition (Word)", "Board edition (not for publication) (Word)",
                      "Records and tables (Excel)", "Letter (Word)", "Letter (CSV)",
                      "Escalation list (Word)"]


def test_admin_page_shows_the_role_map(open_page: Callable[..., AppTest],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    example = Path(APP).parents[1] / "streamlit_config" / "roles.example.toml"
    monkeypatch.setenv("ASSURANCE_ROLES", str(example))
    app = open_page("admin")
    no_problems(app)
    emails = set(app.dataframe[0].value["Email"])
    assert "lead@kestrelbay.example" in emails


def test_admin_page_with_no_access_file_says_so_and_saving_makes_it_owner_only(
        open_page: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    roles = tmp_path / "config" / "roles.toml"
    roles.parent.mkdir()
    monkeypatch.setattr("access.files.CONFIG", roles.parent)
    monkeypatch.delenv("ASSURANCE_ROLES", raising=False)
    app = open_page("admin")
    no_problems(app)
    assert [c for c in captions(app) if c.startswith("There is no access file yet")]
    app.text_input[0].input("lead@kestrelbay.example")
    app.multiselect(key="person_boards").set_value(["Kestrel Bay SCP"])
    next(b for b in app.button if b.label == "Save").click().run()
    no_problems(app)
    assert roles.stat().st_mode & 0o777 == 0o600
    assert 'people."lead@kestrelbay.example"' in roles.read_text(encoding="utf-8")
