"""The digest through a real SMTP server (aiosmtpd on a free local port): each person gets
what needs them, for their boards only, with the pages' figures for the same person and day;
a viewer gets counts and links, an uploader the lists; one a person a day; settings in doubt
and a server that cannot be reached are refused in one line, with nothing recorded."""

from __future__ import annotations

import email
import email.policy
import re
import shutil
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import duckdb
import pytest
from aiosmtpd.controller import Controller
from streamlit.testing.v1 import AppTest

from assurance.cli import main
from data_models.store.file import connect
from tests.dashboard.test_access import AUTH

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
AS_OF = "2026-11-21"                       # a Saturday
MONDAY = "2026-11-23"
MINE = "Kestrel Bay SCP"
BASE = "https://assurance.example.org"
PEOPLE = f"""
default_role = "none"
[people."viewer@kestrelbay.example"]
role = "viewer"
boards = ["{MINE}"]
[people."uploader@kestrelbay.example"]
role = "uploader"
boards = ["{MINE}"]
[people."lead@ashbourne.example"]
role = "uploader"
boards = ["Ashbourne SCP"]
"""


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        self.messages.append(email.message_from_bytes(envelope.content,  # type: ignore[arg-type]
                                                      policy=email.policy.default))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    box = Inbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("ASSURANCE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("ASSURANCE_SMTP_PORT", str(port))
    monkeypatch.setenv("ASSURANCE_SMTP_TLS", "none")
    monkeypatch.setenv("ASSURANCE_MAIL_FROM", "assurance@board.example")
    monkeypatch.setenv("ASSURANCE_BASE_URL", BASE)
    yield box
    controller.stop()


@pytest.fixture
def db(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "digest.duckdb"
    shutil.copyfile(demo_db, path)
    roles = tmp_path / "roles.toml"
    roles.write_text(PEOPLE, encoding="utf-8")
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("[auth]\n" + "".join(f'{k} = "{v}"\n' for k, v in AUTH.items()),
                       encoding="utf-8")
    monkeypatch.setenv("ASSURANCE_ROLES", str(roles))
    monkeypatch.setenv("ASSURANCE_SECRETS", str(secrets))
    monkeypatch.setenv("ASSURANCE_DB", str(path))
    return path


def _digest(db: Path, *args: str) -> int:
    return main(["--db", str(db), "digest", *args])


def _parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    page = message.get_body(("html",))
    assert text is not None and page is not None
    return text.get_content().replace("\r\n", "\n"), page.get_content()


def _figure(text: str, title: str) -> int:
    match = re.search(rf"^{re.escape(title)}: (\d+) \(as of 21/11/2026\)$", text, re.M)
    assert match, title
    return int(match.group(1))


def _page(email_address: str, page: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120)
    app.secrets["auth"] = AUTH
    app.user = {"is_logged_in": True, "sub": f"id-{email_address}", "email": email_address,
                "email_verified": True}
    app.query_params["as_of"] = AS_OF
    if page != "overview":
        app.switch_page(f"screens/{page}/{page}.py")
    return app.run()


def test_an_uploader_gets_the_pages_figures_and_lists_for_their_board_only(
        db: Path, inbox: Inbox) -> None:
    assert _digest(db, "--to", "uploader@kestrelbay.example", "--as-of", AS_OF) == 0
    [message] = inbox.messages
    assert message["To"] == "uploader@kestrelbay.example"
    text, page = _parts(message)
    overview = _page("uploader@kestrelbay.example", "overview")
    assert not overview.exception
    expanders = {e.label.rsplit(": ", 1)[0]: int(e.label.rsplit(": ", 1)[1])
                 for e in overview.expander}
    assert _figure(text, "Timescale clocks overdue") == expanders["Overdue clocks"]
    assert _figure(text, "Timescale clocks due in the next five working days") == \
        expanders["Clocks due in the next five working days"]
    chase = next(d.value for d in _page("uploader@kestrelbay.example",
                                        "recommendations").dataframe
                 if d.proto.alt == "Recommendations to chase, by owner")  # type: ignore[attr-defined]
    owners = [f"{o}: {late} past due, {off} rated off track"
              for o, late, off in zip(chase["Owner"], chase["Overdue"], chase["Off track"],
                                      strict=True) if late or off]
    said = re.findall(r"^  ([^-\n][^\n]*: \d+ past due, \d+ rated off track)$", text, re.M)
    assert said == owners and len(owners) > 3
    assert re.search(r"KB-C-\w+-\d{4}-\d{3}", text)                 # the lists
    assert f"{BASE}/overview?as_of=2026-11-21&amp;board=Kestrel+Bay+SCP" in page
    for other in ("Ashbourne", "Millbrook", "Northfold", "Harwick", "Kestrel Bay SAB", "AS-C-"):
        assert other not in text and other not in page


def test_a_viewer_gets_counts_and_links_and_a_board_b_person_nothing_of_board_a(
        db: Path, inbox: Inbox) -> None:
    assert _digest(db, "--to", "viewer@kestrelbay.example", "--as-of", AS_OF) == 0
    assert _digest(db, "--to", "lead@ashbourne.example", "--as-of", AS_OF) == 0
    viewer, other = (_parts(m) for m in inbox.messages)
    assert not re.search(r"[A-Z]{2}-[CA]-\w+-\d{4}", viewer[0] + viewer[1])   # no record
    assert "Your role sees counts" in viewer[0]
    assert f"{BASE}/recommendations?as_of=2026-11-21" in viewer[0]
    assert "Kestrel" not in other[0] + other[1] and "KB-" not in other[0] + other[1]
    assert "Ashbourne SCP" in other[0]


def test_one_digest_a_person_a_day_and_each_recorded_without_settings(
        db: Path, inbox: Inbox, capsys: pytest.CaptureFixture[str]) -> None:
    assert _digest(db, "--to", "viewer@kestrelbay.example", "--as-of", AS_OF) == 0
    assert _digest(db, "--to", "viewer@kestrelbay.example", "--as-of", AS_OF) == 0
    assert len(inbox.messages) == 1
    assert "one a day" in capsys.readouterr().err
    con = duckdb.connect(str(db), read_only=True)
    try:
        logged = con.execute("SELECT * FROM digests_sent").fetchall()
    finally:
        con.close()
    assert len(logged) == 1 and "127.0.0.1" not in str(logged)


def test_due_sends_what_each_frequency_makes_due(db: Path, inbox: Inbox) -> None:
    for person, frequency in (("viewer@kestrelbay.example", "weekly"),
                              ("uploader@kestrelbay.example", "monthly")):
        assert _digest(db, "--add", person, "--board", MINE, "--frequency", frequency) == 0
    assert _digest(db, "--due", "--as-of", MONDAY) == 0
    assert [m["To"] for m in inbox.messages] == ["viewer@kestrelbay.example"]
    assert _digest(db, "--due", "--as-of", "2026-12-01") == 0    # a Tuesday, first of the month
    assert [m["To"] for m in inbox.messages][1:] == ["uploader@kestrelbay.example"]


def test_a_board_outside_a_persons_own_is_refused_and_due_keeps_to_theirs(
        db: Path, inbox: Inbox, capsys: pytest.CaptureFixture[str]) -> None:
    assert _digest(db, "--to", "viewer@kestrelbay.example", "--board", "Ashbourne SCP",
                   "--as-of", AS_OF) == 2
    assert "is not one of viewer@kestrelbay.example's boards" in capsys.readouterr().err
    # an admin put the viewer down for two boards' digests; the access file gives them one
    for board in (MINE, "Ashbourne SCP"):
        assert _digest(db, "--add", "viewer@kestrelbay.example", "--board", board,
                       "--frequency", "daily") == 0
    assert _digest(db, "--add", "stranger@example.org", "--board", MINE) == 0
    assert _digest(db, "--due", "--as-of", MONDAY) == 2          # the stranger is refused
    assert "stranger@example.org has no role or no board" in capsys.readouterr().err
    [message] = inbox.messages
    text, page = _parts(message)
    assert "for Kestrel Bay SCP" in text and "Ashbourne" not in text + page


def test_in_local_mode_a_digest_covers_every_board_with_counts_only(
        db: Path, inbox: Inbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ASSURANCE_ROLES")
    monkeypatch.delenv("ASSURANCE_SECRETS")
    monkeypatch.setattr("access.files.CONFIG", tmp_path / "no-config")
    assert _digest(db, "--to", "anyone@example.org", "--as-of", AS_OF) == 0
    text, page = _parts(inbox.messages[0])
    assert "for all boards" in text and "Your role sees counts" in text
    assert not re.search(r"[A-Z]{2}-[CA]-\w+-\d{4}", text + page)


def test_stale_data_is_said_for_each_board_by_its_newest_extract(db: Path, inbox: Inbox) -> None:
    assert _digest(db, "--to", "uploader@kestrelbay.example", "--as-of", "2026-12-07") == 0
    text = _parts(inbox.messages[0])[0]
    assert "Data sets not refreshed for more than 35 days (by board): 4 (as of 07/12/2026)" \
        in text
    assert "  - Kestrel Bay SCP, reviews: newest extract 30/10/2026" in text


def test_a_person_not_in_the_access_file_gets_nothing(db: Path, inbox: Inbox,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert _digest(db, "--to", "stranger@example.org", "--as-of", AS_OF) == 2
    assert "has no role or no board" in capsys.readouterr().err and not inbox.messages


@pytest.mark.parametrize(("variable", "value", "says"), [
    ("ASSURANCE_SMTP_TLS", "maybe", "use starttls, ssl or none"),
    ("ASSURANCE_SMTP_PORT", "twenty-five", "is not a port number"),
    ("ASSURANCE_BASE_URL", "javascript:alert(1)", "is not a web address"),
    ("ASSURANCE_MAIL_FROM", "not an address", "must be the address digests come from"),
    ("ASSURANCE_SMTP_HOST", "mail.example.org", "sends digests unencrypted"),
])
def test_a_setting_in_doubt_is_refused_in_one_line(
        db: Path, inbox: Inbox, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], variable: str, value: str, says: str) -> None:
    monkeypatch.setenv(variable, value)
    assert _digest(db, "--to", "viewer@kestrelbay.example", "--as-of", AS_OF) == 2
    err = capsys.readouterr().err
    assert says in err and len(err.strip().splitlines()) == 1 and not inbox.messages


def test_a_server_that_cannot_be_reached_records_nothing(
        db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    for variable, value in (("ASSURANCE_SMTP_HOST", "127.0.0.1"),
                            ("ASSURANCE_SMTP_PORT", str(_free_port())),
                            ("ASSURANCE_SMTP_TLS", "none"),
                            ("ASSURANCE_SMTP_USER", ""), ("ASSURANCE_SMTP_PASSWORD", ""),
                            ("ASSURANCE_MAIL_FROM", "assurance@board.example"),
                            ("ASSURANCE_BASE_URL", BASE)):
        monkeypatch.setenv(variable, value)
    assert _digest(db, "--to", "viewer@kestrelbay.example", "--as-of", AS_OF) == 2
    assert "Could not reach the mail server" in capsys.readouterr().err
    con = connect(db, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM digests_sent").fetchall() == [(0,)]
    finally:
        con.close()


def test_a_dry_run_prints_and_sends_nothing(db: Path, inbox: Inbox,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert _digest(db, "--to", "viewer@kestrelbay.example", "--as-of", AS_OF, "--dry-run") == 0
    out = capsys.readouterr().out
    assert out.startswith("To: viewer@kestrelbay.example\nSubject: Safeguarding assurance, "
                          "21/11/2026")
    assert not inbox.messages
