"""The column contract of each extract: canonical headers, their aliases, types and values.

Headers match case-, space- and punctuation-insensitively, and through the aliases listed
here ("Date notified" -> notification_date). Enumerations match case- and
separator-insensitively ("Requires Improvement", "requires-improvement"), and through the
value aliases listed here ("DNA" -> did_not_attend).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from data_models.vocabularies import codes

# A parsed frame's helper columns: `<column>__unparsed` keeps a value that could not be read,
# as written; `source_row` is the row of the file it came from.
UNPARSED = "__unparsed"
SOURCE_ROW = "source_row"

ColumnKind = Literal["id", "text", "enum", "date", "count", "score", "themes"]

_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")


def header_key(text: str) -> str:
    """How headers are compared: lower case, letters and digits only."""
    return _NOT_ALPHANUMERIC.sub("", str(text).casefold())


def value_key(text: str) -> str:
    """How enumeration values are compared: lower case, runs of anything else as one '_'."""
    return _NOT_ALPHANUMERIC.sub("_", str(text).casefold().replace("'", "")).strip("_")


@dataclass(frozen=True)
class Column:
    name: str
    kind: ColumnKind
    description: str
    example: str
    required: bool = False
    values: tuple[str, ...] = ()
    value_aliases: dict[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Contract:
    kind: str
    key: str
    columns: tuple[Column, ...]
    description: str

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def header_lookup(self) -> dict[str, str]:
        """Header key -> canonical column name, aliases included."""
        lookup: dict[str, str] = {}
        for column in self.columns:
            for text in (column.name, *column.aliases):
                lookup[header_key(text)] = column.name
        return lookup


BOARD_TYPES = codes("board_type")
_BOARD_TYPE_ALIASES = {
    "child": "children", "childrens": "children", "children_s": "children", "scp": "children",
    "lscb": "children", "csp": "children", "adult": "adults", "adults_s": "adults",
    "sab": "adults",
}


def _board(example: str = "Ashbourne SCP") -> Column:
    return Column(
        "board", "text", "The board or partnership the record belongs to.", example,
        required=True, aliases=("partnership", "board name", "safeguarding board"),
    )


def _board_type(values: tuple[str, ...] = BOARD_TYPES, example: str = "children") -> Column:
    return Column(
        "board_type", "enum", "Whether the record is for children's or adults' safeguarding.",
        example, required=True, values=values, value_aliases=_BOARD_TYPE_ALIASES,
        aliases=("board type", "type of board", "children or adults"),
    )


def _themes(example: str) -> Column:
    return Column(
        "themes", "themes",
        "Learning themes, separated by ';'. Matched to the theme vocabulary by label or alias.",
        example, aliases=("learning themes", "theme", "key themes", "themes identified"),
    )


REVIEWS = Contract(
    kind="reviews",
    key="review_id",
    description="Reviews and their timings: rapid reviews, LCSPRs, SARs, DHRs and others.",
    columns=(
        Column("review_id", "id", "The board's own pseudonymous reference for the review.",
               "CSPR-2023-04", required=True,
               aliases=("review ref", "review reference", "case ref", "review", "reference")),
        _board(),
        _board_type(),
        Column("review_type", "enum", "The kind of review.", "lcspr", required=True,
               values=codes("review_type"),
               value_aliases={
                   "rapid": "rapid_review", "rr": "rapid_review",
                   "local_child_safeguarding_practice_review": "lcspr", "cspr": "lcspr",
                   "serious_case_review": "scr", "national": "national_review",
                   "safeguarding_adults_review": "sar", "domestic_homicide_review": "dhr",
                   "learning": "learning_review",
               },
               aliases=("type of review", "review type", "type")),
        Column("harm", "enum", "What happened to the child or adult.", "serious_harm",
               values=("death", "serious_harm", "other"),
               value_aliases={"died": "death", "serious": "serious_harm",
                              "seriously_harmed": "serious_harm"},
               aliases=("outcome for child", "harm type", "death or serious harm")),
        Column("aware_date", "date", "The date the local authority (or partnership) became aware.",
               "02/10/2023",
               aliases=("date aware", "date la aware", "date la became aware", "awareness date",
                        "date of incident awareness", "date became aware")),
        Column("notification_date", "date", "The date the serious incident notification was sent.",
               "05/10/2023",
               aliases=("date notified", "notification sent", "date of notification",
                        "sin date", "date sin submitted")),
        Column("rapid_review_date", "date", "The date the rapid review was sent to the Panel.",
               "25/10/2023",
               aliases=("rapid review sent", "date rapid review sent",
                        "rapid review submitted", "date of rapid review")),
        Column("decision_date", "date",
               "The date the partners decided to undertake the review (LCSPR, SAR) or the DHR decision.",
               "01/11/2023",
               aliases=("date of decision", "decision to undertake", "decision made")),
        Column("report_sent_date", "date",
               "The date the final report went to the Panel and the Secretary of State.",
               "12/04/2024",
               aliases=("report sent", "date report sent", "final report sent",
                        "report sent to panel")),
        Column("completed_date", "date", "The date the review report was completed.", "-",
               aliases=("date completed", "completion date", "completed")),
        Column("publication_date", "date", "The date the review was published.", "30/04/2024",
               aliases=("date published", "published", "publication")),
        Column("status", "enum", "Whether the review is open or closed.", "closed",
               values=("open", "closed"),
               value_aliases={"live": "open", "ongoing": "open", "in_progress": "open",
                              "complete": "closed", "completed": "closed"},
               aliases=("review status",)),
        _themes("information sharing; professional curiosity"),
    ),
)

RECOMMENDATIONS = Contract(
    kind="recommendations",
    key="recommendation_id",
    description="Recommendations from reviews, who owns them and how far they are delivered.",
    columns=(
        Column("recommendation_id", "id", "The board's own reference for the recommendation.",
               "CSPR-2023-04-R1", required=True,
               aliases=("recommendation ref", "rec id", "rec ref", "recommendation number",
                        "rec no")),
        Column("review_id", "id", "The review the recommendation came from.", "CSPR-2023-04",
               aliases=("review ref", "review reference", "review")),
        _board(),
        _board_type(),
        Column("recommendation", "text", "What the review recommended.",
               "Promote the protocol for children who move across borders.", required=True,
               aliases=("recommendation text", "recommendation detail", "description")),
        Column("owner", "text", "The agency or board responsible.", "Police", required=True,
               aliases=("lead agency", "owner agency", "responsible agency", "agency", "lead")),
        _themes("cross-border moves"),
        Column("agreed_date", "date", "The date the board agreed the recommendation.",
               "15/05/2024", aliases=("date agreed", "agreed")),
        Column("due_date", "date", "The date it is due to be delivered.", "31/03/2025",
               aliases=("target date", "date due", "deadline", "due by")),
        Column("status", "enum", "How far it is delivered.", "in_progress", required=True,
               values=codes("recommendation_status"),
               value_aliases={"open": "in_progress", "ongoing": "in_progress",
                              "started": "in_progress", "complete": "completed",
                              "done": "completed", "closed": "completed",
                              "assured_evidence_of_impact": "assured",
                              "not_to_be_implemented": "not_implemented",
                              "wont_implement": "not_implemented", "agreed": "not_started"},
               aliases=("rag status", "progress", "current status")),
        # "RAG status" stays the status: trackers put words (In progress) under it as often as
        # colours; a column headed "RAG" or "Rating" is the rating.
        Column("rating", "enum", "The board's RAG rating of it: on track, some risk, off track or "
               "complete (colours are offered with their usual meaning, to confirm once).",
               "on_track", values=codes("recommendation_rating"),
               value_aliases={"on_track": "on_track", "at_risk": "some_risk",
                              "risk": "some_risk", "some_concerns": "some_risk",
                              "not_on_track": "off_track", "completed": "complete",
                              "done": "complete"},
               aliases=("rag", "rag rating", "brag", "brag rating", "rating", "red amber green",
                        "rag rated")),
        Column("status_reason", "text", "Why, where it is not implemented or late.", "-",
               aliases=("reason", "reason for status", "comments", "update", "latest update")),
        Column("completed_date", "date", "The date it was completed.", "-",
               aliases=("date completed", "completion date")),
        Column("evidence_of_impact", "text", "The evidence the board has seen that practice changed.",
               "-", aliases=("evidence", "impact evidence", "evidence of impact seen")),
        Column("last_updated", "date", "When the status was last updated.", "01/10/2024",
               aliases=("date updated", "updated", "last update")),
    ),
)

AUDITS = Contract(
    kind="audits",
    key="audit_id",
    description="Single- and multi-agency case audits and section 11 / 175 self-assessments.",
    columns=(
        Column("audit_id", "id", "The board's own reference for the audit.", "MACA-2024-017",
               required=True, aliases=("audit ref", "audit reference", "audit number")),
        _board(),
        _board_type(),
        Column("audit_type", "enum", "The kind of audit.", "multi_agency", required=True,
               values=("single_agency", "multi_agency", "section_11", "section_175", "thematic"),
               value_aliases={"maca": "multi_agency", "multi": "multi_agency",
                              "single": "single_agency", "s11": "section_11",
                              "s175": "section_175", "section11": "section_11",
                              "section175": "section_175"},
               aliases=("type of audit", "audit type", "type")),
        Column("topic", "text", "What the audit looked at.", "Neglect in under-fives",
               aliases=("audit topic", "subject", "title")),
        Column("agency", "text", "The agency audited (or leading a multi-agency audit).",
               "Health visiting", required=True, aliases=("organisation", "lead agency")),
        Column("case_ref", "id", "The board's pseudonymous case reference.", "Child K",
               aliases=("case reference", "case", "case id")),
        Column("audit_date", "date", "The date the audit was completed.", "14/06/2024",
               required=True, aliases=("date of audit", "date audited", "audit completed")),
        Column("grade", "enum", "The grade on the inspectors' four-point scale.",
               "requires_improvement", required=True,
               values=codes("audit_grade"),
               value_aliases={"ri": "requires_improvement", "requires_improvements":
                              "requires_improvement", "1": "outstanding", "2": "good",
                              "3": "requires_improvement", "4": "inadequate"},
               aliases=("overall grade", "rating", "judgement", "audit grade")),
        _themes("neglect; voice of the child"),
        Column("actions_raised", "count", "How many actions the audit raised.", "4",
               aliases=("actions", "number of actions", "actions identified")),
        Column("actions_completed", "count",
               "How many of them are completed (with the actions raised beside it).", "2",
               aliases=("actions closed", "completed actions")),
    ),
)

TRAINING = Contract(
    kind="training",
    key="booking_id",
    description="Bookings on multi-agency training: who booked, attended, did not attend or cancelled.",
    columns=(
        Column("booking_id", "id", "The booking reference.", "BK-240611-0032", required=True,
               aliases=("booking ref", "booking reference", "booking number", "booking")),
        _board(),
        _board_type(values=codes("training_workforce"), example="both"),
        Column("course", "text", "The course title.", "Professional curiosity in practice",
               required=True, aliases=("course title", "course name", "training course", "event")),
        Column("session_date", "date", "The date of the session.", "11/06/2024", required=True,
               aliases=("date of session", "course date", "event date", "date")),
        Column("agency", "text", "The attendee's agency.", "Adult social care", required=True,
               aliases=("organisation", "employer", "attendee agency")),
        Column("status", "enum", "What happened to the booking.", "attended", required=True,
               values=codes("training_status"),
               value_aliases={"dna": "did_not_attend", "no_show": "did_not_attend",
                              "not_attended": "did_not_attend", "canceled": "cancelled",
                              "cancelled_by_attendee": "cancelled", "yes": "attended",
                              "present": "attended"},
               aliases=("attendance", "booking status", "attendance status")),
        Column("pre_confidence", "score", "Confidence before the course, 1 to 5.", "2",
               aliases=("confidence before", "pre course confidence", "pre score")),
        Column("post_confidence", "score", "Confidence after the course, 1 to 5.", "4",
               aliases=("confidence after", "post course confidence", "post score")),
        _themes("professional curiosity"),
    ),
)

CONTRACTS: dict[str, Contract] = {
    c.kind: c for c in (REVIEWS, RECOMMENDATIONS, AUDITS, TRAINING)
}
KINDS = tuple(CONTRACTS)


# -- which data set a file's headers belong to -------------------------------------------------

def header_scores(headers: list[str], mapped: dict[str, dict[str, str]] | None = None
                  ) -> dict[str, tuple[int, bool]]:
    """For each data set, how well these headers fit it (ten for each required column
    matched, one for each other) and whether its key column is among them. `mapped` (data set
    -> header key -> column) holds the headers boards have mapped."""
    keys = {header_key(h) for h in headers}
    scores = {}
    for kind, contract in CONTRACTS.items():
        lookup = contract.header_lookup() | (mapped or {}).get(kind, {})
        matched = {lookup[k] for k in keys if k in lookup}
        scores[kind] = (len(matched & set(contract.required)) * 10 + len(matched),
                        contract.key in matched)
    return scores


def recognise_kind(headers: list[str],
                   mapped: dict[str, dict[str, str]] | None = None) -> str | None:
    """The data set whose headers these look most like, or None when none fits (at least two
    of its required columns, or its key column, must be there). Its own key column decides
    between two that fit equally well."""
    fitting = [(score, has_key, kind)
               for kind, (score, has_key) in header_scores(headers, mapped).items()
               if has_key or score >= 20]
    return max(fitting)[2] if fitting else None


def looks_like_another(headers: list[str], kind: str,
                       mapped: dict[str, dict[str, str]] | None = None) -> str | None:
    """Another data set these headers fit better than the one chosen, or None."""
    scores = header_scores(headers, mapped)
    chosen = scores[kind][0]
    better = [(score, has_key, other) for other, (score, has_key) in scores.items()
              if other != kind and score > chosen and (has_key or score >= 20)]
    return max(better)[2] if better else None
