"""The digest: what needs a person, for their boards only, pushed to them by mail. Clocks due
in the next five working days and overdue, recommendations past due or rated off track by
owner, each board's data sets whose newest extract is older than a set time, and uploads
rejected with nothing stored since for their boards. Each figure with its as-of date and a
link to the page that shows it.

What a person receives follows the pages' rule for records (their scope's `records`): a viewer's
digest carries counts and links, an uploader's the lists as well. The figures are the named
queries the pages read, so a digest and the page it links to agree on the day it is sent.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import urlencode

import pandas as pd

from data_models import queries as q
from data_models.filters import Filters
from data_models.labels import plural
from data_models.scope import Reader, Scope

STALE_DAYS = 35              # a data set whose newest extract is older (monthly extracts, and a
                             # week): by the extract's own as-of date, for each board
LISTED = 20                  # records a digest lists under a figure; the page has the rest
PAGES = {"overview": "Overview", "recommendations": "Recommendations",
         "data_quality": "Data quality"}


@dataclass(frozen=True)
class Figure:
    """One figure of a digest: what it counts, how many, the page that shows it, and (for
    people allowed records) the lines behind it."""

    key: str
    title: str
    count: int
    page: str
    lines: tuple[str, ...] = ()          # the records (for people allowed them), or data sets
    more: int = 0                        # lines left for the page
    summary: tuple[str, ...] = ()        # counts behind the figure (by owner), for everyone


@dataclass(frozen=True)
class Digest:
    email: str
    scope: Scope                         # whose boards, and whether records
    as_of: dt.date
    figures: list[Figure] = field(default_factory=list)

    @property
    def records(self) -> bool:
        return self.scope.records

    @property
    def boards(self) -> tuple[str, ...] | None:
        """The person's boards by name (None: every board)."""
        return None if self.scope.every_board else self.scope.board_names

    @property
    def whose(self) -> str:
        return self.scope.whose()

    @property
    def subject(self) -> str:
        needs = sum(f.count for f in self.figures)
        return (f"Safeguarding assurance, {self.as_of:%d/%m/%Y}: "
                + (f"{needs} thing{'s' if needs != 1 else ''} for {self.whose}" if needs
                   else f"nothing needs you for {self.whose}"))

    def link(self, base: str, figure: Figure) -> str:
        params = {"as_of": self.as_of.isoformat()}
        if self.boards is not None and len(self.boards) == 1:
            params["board"] = self.boards[0]
        return f"{base}/{figure.page}?{urlencode(params)}"


def _lines(rows: list[str]) -> tuple[tuple[str, ...], int]:
    return tuple(rows[:LISTED]), max(0, len(rows) - LISTED)


def build_digest(db: Reader, email: str, as_of: dt.date) -> Digest:
    """The digest for the reader's person (their boards, and whether they may see records) on
    a day. The clocks and recommendations are counted for everyone; listed only for people
    allowed records."""
    f = Filters(as_of=as_of)
    counting = db.aggregating()
    clocks = q.clocks_needing_attention(counting, f)
    chase = q.chase_list(counting, f)
    late = chase[chase["days_overdue"].notna() | chase["rating"].eq("off_track")]
    figures = []
    for key, status, title in (("overdue_clocks", "overdue", "Timescale clocks overdue"),
                               ("due_soon", "pending",
                                "Timescale clocks due in the next five working days")):
        part = clocks[clocks["status"] == status]
        lines, more = _lines([f"{r.board}: {r.review_id}, {r.label}, due {r.due_date:%d/%m/%Y}"
                              for r in part.itertuples()]) if db.scope.records else ((), 0)
        figures.append(Figure(key, title, len(part), "overview", lines, more))
    by_owner = late.assign(overdue=late["days_overdue"].notna(),
                           off_track=late["rating"].eq("off_track")).groupby(
        "owner", sort=True)[["overdue", "off_track"]].sum()
    owners = tuple(f"{owner}: {int(r.overdue)} past due, {int(r.off_track)} rated off track"
                   for owner, r in by_owner.iterrows())
    lines, more = _lines([f"{r.owner}: {r.board}, {r.recommendation_id} ({r.why})"
                          for r in late.itertuples()]) if db.scope.records else ((), 0)
    figures.append(Figure("recommendations", "Recommendations past due or rated off track, by "
                          "owner", len(late), "recommendations", lines, more, owners))
    stale = q.stale_data_sets(db, f, STALE_DAYS)
    lines, more = _lines([f"{r.board}, {r.kind}: newest extract "
                          + (f"{r.last_extract:%d/%m/%Y}" if pd.notna(r.last_extract)
                             else "not known") for r in stale.itertuples()])
    figures.append(Figure("stale_data", f"Data sets not refreshed for more than {STALE_DAYS} "
                          "days (by board)", len(stale),
                          "data_quality" if db.scope.records else "overview", lines, more))
    waiting = q.uploads_waiting(db, f)
    lines, more = _lines([f"Upload {r.upload_id}, {r.kind}, {r.received_at:%d/%m/%Y}: "
                          f"{plural(int(r.errors), 'error')} to fix" for r in waiting.itertuples()]
                         ) if db.scope.records else ((), 0)
    figures.append(Figure("uploads_waiting", "Uploads rejected with nothing stored since",
                          len(waiting), "data_quality" if db.scope.records else "overview",
                          lines, more))
    return Digest(email, db.scope, as_of, figures)


def text_part(digest: Digest, base: str) -> str:
    out = [f"What needs you, for {digest.whose}, as of {digest.as_of:%d/%m/%Y}.", ""]
    for figure in digest.figures:
        out.append(f"{figure.title}: {figure.count} (as of {digest.as_of:%d/%m/%Y})")
        out += [f"  {line}" for line in figure.summary]
        out += [f"  - {line}" for line in figure.lines]
        if figure.more:
            out.append(f"  ... and {figure.more} more on the page.")
        out.append(f"  {PAGES[figure.page]}: {digest.link(base, figure)}")
        out.append("")
    if not digest.records:
        out.append("Your role sees counts; the pages linked show the figures behind them.")
    out.append("You receive this digest as the board's business unit arranged it; ask them to "
               "change how often, or to stop it.")
    return "\n".join(out) + "\n"


def html_part(digest: Digest, base: str) -> str:
    """The same as the text part, every value from the data escaped."""
    e = html.escape
    parts = [f"<p>What needs you, for {e(digest.whose)}, as of "
             f"{digest.as_of:%d/%m/%Y}.</p>"]
    for figure in digest.figures:
        parts.append(f"<h2 style=\"font-size:1.1em\">{e(figure.title)}: {figure.count}</h2>")
        parts.append(f"<p style=\"color:#3d3d3d\">As of {digest.as_of:%d/%m/%Y}. "
                     f"<a href=\"{e(digest.link(base, figure))}\">Open "
                     f"{e(PAGES[figure.page])}</a></p>")
        if figure.summary:
            parts.append("<table style=\"border-collapse:collapse\">" + "".join(
                "<tr><td style=\"padding:2px 12px 2px 0\">" + e(line.split(": ", 1)[0])
                + "</td><td>" + e(line.split(": ", 1)[-1]) + "</td></tr>"
                for line in figure.summary) + "</table>")
        if figure.lines:
            parts.append("<ul>" + "".join(f"<li>{e(line)}</li>" for line in figure.lines)
                         + (f"<li>and {figure.more} more on the page</li>" if figure.more
                            else "") + "</ul>")
    if not digest.records:
        parts.append("<p>Your role sees counts; the pages linked show the figures behind "
                     "them.</p>")
    parts.append("<p style=\"color:#3d3d3d\">You receive this digest as the board's business "
                 "unit arranged it; ask them to change how often, or to stop it.</p>")
    return ("<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
            f"<title>{e(digest.subject)}</title></head>"
            "<body style=\"font-family:Arial,sans-serif;color:#0b0c0c\">"
            + "".join(parts) + "</body></html>")


def message(digest: Digest, base: str, sender: str) -> EmailMessage:
    """The digest as one message: a plain-text part and an HTML part."""
    mail = EmailMessage()
    mail["Subject"] = digest.subject
    mail["From"] = sender
    mail["To"] = digest.email
    mail["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    mail["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    mail.set_content(text_part(digest, base))
    mail.add_alternative(html_part(digest, base), subtype="html")
    return mail
