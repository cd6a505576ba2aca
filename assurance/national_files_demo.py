"""Synthetic national files for the demo: invented local authorities and invented figures,
written in the layouts the publishers use, release by release, so that national context has
something to show after `make run`. Nothing is fetched and nothing is real but the names of
three regions.

The demo boards' places (assurance.demo.BOARDS) each get an invented authority, Kestrel Bay
two (Kestrel Bay and Eastmere, whose notifications one year are suppressed), among 40 more
invented authorities in three real regions, so that a board has neighbours and a region to be
set beside. England's and the regions' figures are the sums of the authorities' (regional
notification counts rounded to 10, as DfE rounds them). Codes are outside the real ranges: new
codes E06900001 onwards (`loaders.national_files.INVENTED_CODES`), old codes 951 to 999. Every
file is named `synthetic_...`, and the reader says "synthetic" beside every figure read from it.

Seeded: the same seed writes the same bytes.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

import duckdb
import numpy as np
import pandas as pd

from data_models.national import ENGLAND
from loaders.national_files import INVENTED_CODES

DEMO_SEED: Final = 2026

# Real regions (their codes and names are public), holding only invented authorities.
REGIONS: Final = {"E12000002": "North West", "E12000004": "East Midlands",
                  "E12000009": "South West"}
REGION_IND: Final = {"E12000002": 2, "E12000004": 4, "E12000009": 9}

# The demo boards' places, each an invented authority, and the region it is put in.
DEMO_PLACES: Final = (("Ashbourne", "E12000004"), ("Kestrel Bay", "E12000009"),
                      ("Eastmere", "E12000009"), ("Harwick", "E12000002"),
                      ("Millbrook", "E12000004"), ("Northfold", "E12000002"))
OTHER_PLACES: Final = (
    "Alderwick", "Barrowmere", "Brackenholt", "Cinderby Vale", "Coldwater Heath", "Copperfold",
    "Dunstanmoor", "Elderbeck", "Emberwick", "Fallowfield Downs", "Fernholt", "Glasswater",
    "Greymarsh", "Hallowby", "Hazelmere Vale", "Highcombe Fields", "Ironholt", "Juniper Bay",
    "Kingsfold Vale", "Larkmoor", "Lindenholt", "Marlowick", "Mistlemoor", "Nettlecombe Vale",
    "Oakenford", "Pebblestone", "Quillmoor", "Ravensfold", "Rushmere Vale", "Saltwick Bay",
    "Sedgewick Fen", "Silverholt", "Stonebeck", "Thistlewick", "Tidemarsh", "Underfold",
    "Wetherholt", "Whitlow Vale", "Willowbeck", "Wrenmoor",
)


def _code(n: int) -> str:
    return f"E069{n:05d}"


# The local authorities each demo board covers, by new code (assurance.demo.BOARDS' names).
DEMO_FOOTPRINTS: Final[dict[str, tuple[str, ...]]] = {
    "Ashbourne SCP": (_code(1),), "Ashbourne SAB": (_code(1),),
    "Kestrel Bay SCP": (_code(2), _code(3)), "Kestrel Bay SAB": (_code(2), _code(3)),
    "Harwick Safeguarding Partnership": (_code(4),),
    "Millbrook SCP": (_code(5),), "Northfold SAB": (_code(6),),
}
# The one suppressed notification count: Eastmere's, reporting year 2023 (2022-23).
SUPPRESSED_NOTIFICATIONS: Final = (_code(3), 2023)

# The releases the demo writes of each kind, oldest first; the newest is the one it loads.
RELEASES: Final = {
    "sin_subnational": ("2025", "2026"),        # idaci_avgscore_2019, then idaci_avgscore
    "sin_nature": ("2022-23", "2026"),          # characteristic (financial years), then breakdown
    "cin_b1": ("2024", "2025"),                 # with its rate column, then without
    "cin_c3": ("2024", "2025"),
    "sac": ("2023-24", "2024-25"),              # '*' (NHS England), then '[c]' and '[x]' (DHSC)
    "sn_model": ("2025",),
}

FIRST_REPORTING_YEAR: Final = 2020             # notifications from 2019-20
FIRST_CIN_YEAR: Final = 2019                   # children in need from 31 March 2019 (2018-19)
LAST_YEAR: Final = 2026
SAC_YEARS: Final = tuple(f"{y}-{(y + 1) % 100:02d}" for y in range(2019, 2026))

# Invented shares of assessments with each factor (c3's columns, as DfE name them).
FACTOR_SHARES: Final = {
    "Alcohol_Misuse_child": 0.012, "Alcohol_Misuse_parent": 0.14, "Alcohol_Misuse_person": 0.03,
    "Drug_Misuse_child": 0.035, "Drug_Misuse_parent": 0.15, "Drug_Misuse_person": 0.03,
    "Domestic_Abuse_child": 0.31, "Domestic_Abuse_parent": 0.29, "Domestic_Abuse_person": 0.09,
    "Mental_Health_child": 0.17, "Mental_Health_parent": 0.36, "Mental_Health_person": 0.09,
    "Learning_Disability_child": 0.07, "Learning_Disability_parent": 0.04,
    "Learning_Disability_person": 0.01, "Physical_Disability_child": 0.03,
    "Physical_Disability_parent": 0.03, "Physical_Disability_person": 0.01, "Young_Carer": 0.02,
    "Privately_fostered": 0.003, "Unaccompanied_asylum_seeker": 0.02, "Going_missing": 0.05,
    "Child_sexual_exploitation": 0.03, "Trafficking": 0.008, "Gangs": 0.02,
    "Socially_unacceptable_behaviour": 0.05, "Self_harm": 0.06, "Neglect": 0.19,
    "Emotional_Abuse": 0.21, "Physical_Abuse_unknown": 0.02, "Physical_Abuse_child_on_child": 0.02,
    "Physical_Abuse_adult_on_child": 0.1, "Sexual_Abuse_unknown": 0.01,
    "Sexual_Abuse_child_on_child": 0.03, "Sexual_Abuse_adult_on_child": 0.05,
    "Female_Genital_Mutilation": 0.002, "Faith_linked_abuse": 0.002,
    "Child_criminal_exploitation": 0.05, "Other": 0.11,
}
CCE_FROM: Final = 2022          # the criminal exploitation factor is 'x' before (not collected)

# Invented shares of section 42 enquiries by type of risk (the collection's words).
RISK_SHARES: Final = {
    "Physical Abuse": 0.22, "Sexual Abuse": 0.05, "Psychological Abuse": 0.16,
    "Financial or Material Abuse": 0.17, "Discriminatory Abuse": 0.01,
    "Organisational Abuse": 0.05, "Neglect and Acts of Omission": 0.32, "Domestic Abuse": 0.08,
    "Sexual Exploitation": 0.01, "Modern Slavery": 0.005, "Self-Neglect": 0.1,
}
NATURE_SHARES: Final = {"Death": 0.45, "Serious harm": 0.5, "Other": 0.05}

DFE_AREA_HEADER: Final = ("time_period", "time_identifier", "geographic_level", "country_code",
                          "country_name", "region_code", "region_name", "old_la_code",
                          "new_la_code", "la_name")
SAC_HEADER: Final = ("GEOGRAPHY", "COUNCIL_TYPE", "REGION_CODE", "REGION_NAME", "ONS_CODE",
                     "LA_CODE", "LA_NAME", "TABLE_REFERENCE", "ENQUIRY_TYPE", "CATEGORY",
                     "SUBCATEGORY", "VALUE")


def _half_up(x: np.ndarray | pd.Series, to: float = 1.0) -> np.ndarray:
    return np.floor(np.asarray(x, dtype=float) / to + 0.5) * to


# -- the invented nation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Nation:
    """Every invented figure, by local authority (rows of `authorities`) and year."""

    authorities: pd.DataFrame        # code, old_code, name, region_code, region_name, idaci
    children: pd.DataFrame           # mid-year population aged 0-17, by calendar year (columns)
    adults: pd.DataFrame             # mid-year population aged 18 and over
    children_in_need: pd.DataFrame   # at 31 March of the year (columns)
    notifications: pd.DataFrame      # by reporting year (columns): April before to March
    nature: pd.DataFrame             # England's notifications by nature (rows), reporting year
    assessments: pd.DataFrame        # episodes with an assessment factor, by year
    factors: dict[str, pd.DataFrame]  # each factor's count, by year
    sac: dict[str, pd.DataFrame]     # by financial year: concerns, s42, other, sars, risks ...


@cache
def invent(seed: int = DEMO_SEED) -> Nation:
    rng = np.random.default_rng(seed)
    regions = list(REGIONS)
    places = [*DEMO_PLACES, *((name, regions[i % 3]) for i, name in enumerate(OTHER_PLACES))]
    n = len(places)
    authorities = pd.DataFrame({
        "code": [_code(i + 1) for i in range(n)],
        "old_code": [str(951 + i) for i in range(n)],
        "name": [name for name, _ in places],
        "region_code": [region for _, region in places],
    })
    authorities["region_name"] = authorities.region_code.map(REGIONS)
    authorities["idaci"] = np.round(rng.uniform(0.08, 0.32, n), 3)
    assert authorities.code.str.fullmatch(INVENTED_CODES).all()
    index = pd.Index(authorities.code, name="code")

    years = range(2016, LAST_YEAR + 1)
    base = rng.uniform(22_000, 130_000, n)
    growth = rng.normal(0.003, 0.004, n)
    children = pd.DataFrame({y: np.round(base * (1 + growth) ** (y - 2016)) for y in years},
                            index=index)
    adults = pd.DataFrame({y: np.round(children[y] * rng.uniform(3.3, 4.1, n)) for y in years},
                          index=index)
    cin_rate = rng.normal(330, 55, n) * (0.7 + authorities.idaci.to_numpy() * 1.5)
    children_in_need = pd.DataFrame(
        {y: rng.poisson(cin_rate * children[y - 1].to_numpy() / 10_000 * rng.normal(1, 0.04, n))
         for y in range(2017, LAST_YEAR + 1)}, index=index)
    notify_rate = rng.uniform(0.25, 0.5, n) * (0.6 + authorities.idaci.to_numpy() * 2)
    notifications = pd.DataFrame(
        {r: rng.poisson(notify_rate * children[r - 1].to_numpy() / 10_000)
         for r in range(FIRST_REPORTING_YEAR, LAST_YEAR + 1)}, index=index)
    england = notifications.sum()
    nature = pd.DataFrame({r: rng.multinomial(int(england[r]), list(NATURE_SHARES.values()))
                           for r in notifications.columns}, index=list(NATURE_SHARES))
    assessments = pd.DataFrame(
        {y: np.round(children_in_need[y].to_numpy() * rng.uniform(1.05, 1.35, n))
         for y in range(FIRST_CIN_YEAR, LAST_YEAR + 1)}, index=index).astype(int)
    factors = {f: pd.DataFrame({y: rng.binomial(assessments[y].to_numpy(),
                                                np.minimum(0.95, share * rng.uniform(0.7, 1.3, n)))
                                for y in assessments.columns}, index=index)
               for f, share in FACTOR_SHARES.items()}
    sac: dict[str, pd.DataFrame] = {}
    concern_rate = rng.uniform(700, 1500, n)
    for fy in SAC_YEARS:
        population = adults[int(fy[:4])].to_numpy()
        concerns = rng.poisson(concern_rate * population / 100_000)
        s42 = rng.binomial(concerns, rng.uniform(0.2, 0.4, n))
        frame = pd.DataFrame({
            "adult_population": population, "concerns": concerns, "s42": s42,
            "other": rng.binomial(concerns, rng.uniform(0.03, 0.1, n)),
            "sars": rng.poisson(population / 100_000 * 1.2 + 0.3),
        }, index=index)
        for risk, share in RISK_SHARES.items():
            frame[risk] = rng.binomial(s42, share)
        sac[fy] = frame
    return Nation(authorities, children, adults, children_in_need, notifications, nature,
                  assessments, factors, sac)


# -- England, the regions and the authorities, as rows -------------------------------------------


def _areas(nation: Nation) -> pd.DataFrame:
    """England, each region and each authority: its level and names, in DfE's words, and which
    authorities it sums (`members`, a row of 0s and 1s over `nation.authorities`)."""
    a = nation.authorities.sort_values(["region_code", "name"])
    codes = nation.authorities.code
    rows = [{"level": "National", "region_code": "", "region_name": "", "old": "", "code": "",
             "name": "", "members": np.ones(len(codes))}]
    rows += [{"level": "Regional", "region_code": r, "region_name": REGIONS[r], "old": "",
              "code": "", "name": "",
              "members": codes.isin(a.code[a.region_code == r]).to_numpy(dtype=float)}
             for r in REGIONS]
    rows += [{"level": "Local authority", "region_code": la.region_code,
              "region_name": la.region_name, "old": la.old_code, "code": la.code, "name": la.name,
              "members": (codes == la.code).to_numpy(dtype=float)} for la in a.itertuples()]
    return pd.DataFrame(rows)


def _sums(values: pd.Series, areas: pd.DataFrame) -> np.ndarray:
    """Each area's sum of its authorities' values (`values` by authority code)."""
    return np.vstack(areas.members.to_numpy()) @ values.to_numpy(dtype=float)


def _dfe_rows(areas: pd.DataFrame, period: str, identifier: str) -> pd.DataFrame:
    return pd.DataFrame({
        "time_period": period, "time_identifier": identifier,
        "geographic_level": areas.level.to_numpy(), "country_code": ENGLAND[0],
        "country_name": ENGLAND[1], "region_code": areas.region_code.to_numpy(),
        "region_name": areas.region_name.to_numpy(), "old_la_code": areas.old.to_numpy(),
        "new_la_code": areas.code.to_numpy(), "la_name": areas.name.to_numpy(),
    })


def _whole_numbers(values: np.ndarray) -> list[str]:
    return [str(int(v)) for v in values]


def _write(path: Path, frame: pd.DataFrame) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(frame.columns)
        writer.writerows(frame.itertuples(index=False, name=None))
    return path


# -- each kind's layout -------------------------------------------------------------------------------


def _sin_subnational(nation: Nation, folder: Path, release: str) -> Path:
    last = int(release)
    if not FIRST_REPORTING_YEAR < last <= LAST_YEAR:
        raise ValueError(f"no synthetic notifications release {release}")
    areas, frames = _areas(nation), []
    deprivation = "idaci_avgscore_2019" if last <= 2025 else "idaci_avgscore"
    children_weight = nation.children[2019]
    weighted_idaci = nation.authorities.set_index("code").idaci * children_weight
    for r in range(FIRST_REPORTING_YEAR, last + 1):
        counts = _sums(nation.notifications[r], areas)
        counts = np.where(areas.level == "Regional", _half_up(counts, 10), counts)
        shown = _whole_numbers(counts)
        code, year = SUPPRESSED_NOTIFICATIONS
        if r == year:
            shown[int(np.flatnonzero(areas.code == code)[0])] = "c"
        idaci = _sums(weighted_idaci, areas) / _sums(children_weight, areas)
        frame = _dfe_rows(areas, str(r), "Reporting year").assign(
            number_notifications=shown,
            cin_31march=_whole_numbers(_sums(nation.children_in_need[r - 1], areas)),
            **{deprivation: [f"{v:.3f}" for v in idaci]},
            ons_midyear_population=_whole_numbers(_sums(nation.children[r - 2], areas)))
        frames.append(frame)
    return _write(folder / f"synthetic_serious_incident_notifications_subnational_"
                           f"{FIRST_REPORTING_YEAR}_to_{last}.csv", pd.concat(frames))


def _sin_nature(nation: Nation, folder: Path, release: str) -> Path:
    old_layout = "-" in release            # 2022-23: financial years, characteristic columns
    last = int(release[:4]) + 1 if old_layout else int(release)
    if not FIRST_REPORTING_YEAR <= last <= LAST_YEAR or (old_layout and last > 2023) or (
            not old_layout and last < 2024):
        raise ValueError(f"no synthetic nature of notifications release {release}")
    topic, breakdown = (("characteristic_type", "characteristic") if old_layout
                        else ("breakdown_topic", "breakdown"))
    rows = []
    for r in range(FIRST_REPORTING_YEAR, last + 1):
        period, identifier = ((f"{r - 1}{r % 100:02d}", "Financial year") if old_layout
                              else (str(r), "Reporting year"))
        by_nature = nation.nature[r]
        for nature, count in [("Total", by_nature.sum()), *by_nature.items()]:
            rows.append((period, identifier, "Total", "National", *ENGLAND, "Total", "Total",
                         nature, str(int(count))))
    header = ("time_period", "time_identifier", "quarter", "geographic_level", "country_code",
              "country_name", topic, breakdown, "nature_of_notification", "number_notifications")
    name = (f"synthetic_serious_incident_notifications_nature_{release}.csv" if old_layout
            else f"synthetic_serious_incident_notifications_nature_{FIRST_REPORTING_YEAR}_to_{last}.csv")
    return _write(folder / name, pd.DataFrame(rows, columns=list(header)))


def _cin_b1(nation: Nation, folder: Path, release: str) -> Path:
    last = int(release)
    if not FIRST_CIN_YEAR < last <= LAST_YEAR:
        raise ValueError(f"no synthetic children in need release {release}")
    areas, frames = _areas(nation), []
    for y in range(FIRST_CIN_YEAR, last + 1):
        episodes = _sums(nation.children_in_need[y], areas)
        frame = _dfe_rows(areas, str(y), "Reporting year").assign(
            At31_episodes=_whole_numbers(episodes))
        if last <= 2024:                    # the 2025 release dropped its rate column
            rate = episodes / _sums(nation.children[y - 1], areas) * 10_000
            frame["At31_episodes_rate"] = [f"{v:.1f}" for v in _half_up(rate, 0.1)]
        frames.append(frame)
    return _write(folder / f"synthetic_b1_children_in_need_{FIRST_CIN_YEAR}_to_{last}.csv",
                  pd.concat(frames))


def _cin_c3(nation: Nation, folder: Path, release: str, shape: str) -> Path:
    last = int(release)
    if not FIRST_CIN_YEAR < last <= LAST_YEAR or shape not in ("wide", "long"):
        raise ValueError(f"no synthetic c3 release {release} ({shape})")
    areas, frames = _areas(nation), []
    local = (areas.level == "Local authority").to_numpy()
    for y in range(FIRST_CIN_YEAR, last + 1):
        columns = {"Episodes_with_assessment_factor":
                   _whole_numbers(_sums(nation.assessments[y], areas))}
        for factor, counts in nation.factors.items():
            values = _sums(counts[y], areas)
            shown = np.array(_whole_numbers(values), dtype=object)
            shown[local & (values < 3)] = "c"          # a small count, suppressed
            if factor == "Child_criminal_exploitation" and y < CCE_FROM:
                shown[:] = "x"
            columns[factor] = list(shown)
        frames.append(_dfe_rows(areas, str(y), "Reporting year").assign(**columns))
    wide = pd.concat(frames)
    name = f"synthetic_c3_factors_identified_at_end_of_assessment_{FIRST_CIN_YEAR}_to_{last}"
    if shape == "wide":
        return _write(folder / f"{name}.csv", wide)
    long = wide.melt(id_vars=list(DFE_AREA_HEADER), var_name="assessment_factor",
                     value_name="number")
    long["assessment_factor"] = long.assessment_factor.str.replace("_", " ")
    return _write(folder / f"{name}_long.csv", long)


def _sac(nation: Nation, folder: Path, release: str) -> Path:
    if release not in nation.sac:
        raise ValueError(f"no synthetic Safeguarding Adults Collection for {release}")
    bracketed = release >= "2024-25"        # DHSC's '[c]' and '[x]'; NHS England's '*' before
    suppressed = "[c]" if bracketed else "*"
    figures = nation.sac[release]
    a = nation.authorities.sort_values(["region_code", "name"])
    areas = [("England", "", "", "", ENGLAND[0], "", ENGLAND[1], list(a.code))]
    areas += [("Region", "", r, REGIONS[r], r, "", REGIONS[r], list(a.code[a.region_code == r]))
              for r in REGIONS]
    areas += [("Council", "Unitary Authority", la.region_code, la.region_name, la.code,
               la.old_code, la.name, [la.code]) for la in a.itertuples()]
    not_returned = a.code.iloc[-1]             # one council's SARs not available that year
    rows = []
    for *where, members in areas:
        council = where[0] == "Council"
        total = figures.loc[members].sum()

        def shown(value: float, council: bool = council) -> str:
            return suppressed if council and 0 < value < 5 else str(int(value))

        def rate(count: float, population: float = total.adult_population) -> str:
            return f"{count / population * 100_000:.1f}"

        table = [
            ("SG1f", "", "Concerns", "Number", shown(total.concerns)),
            ("SG1f", "", "Concerns", "Rate per 100,000 adults", rate(total.concerns)),
            ("SG1f", "Section 42", "Enquiries", "Number", shown(total.s42)),
            ("SG1f", "Section 42", "Enquiries", "Rate per 100,000 adults", rate(total.s42)),
            ("SG1f", "Other", "Enquiries", "Number", shown(total.other)),
        ]
        if bracketed:                       # the newer files give the population the rates use
            table.append(("SG1f", "", "Adult population (18 and over)", "Number",
                          str(int(total.adult_population))))
        table += [("SG2a", "Section 42", risk, "Number", shown(total[risk])) for risk in RISK_SHARES]
        sars = shown(total.sars)
        if bracketed and council and members == [not_returned]:
            sars = "[x]"
        table.append(("SG5a", "", "Total", "Number", sars))
        rows += [(*where, *line) for line in table]
    return _write(folder / f"synthetic_safeguarding_adults_collection_{release}.csv",
                  pd.DataFrame(rows, columns=list(SAC_HEADER)))


def _sn_model(nation: Nation, folder: Path, release: str) -> Path:
    if not 2020 <= int(release) <= LAST_YEAR:
        raise ValueError(f"no synthetic statistical neighbours release {release}")
    a = nation.authorities
    size = np.log(nation.children[2019].to_numpy())
    features = np.column_stack([(size - size.mean()) / size.std(),
                                (a.idaci - a.idaci.mean()) / a.idaci.std()])
    distance = np.linalg.norm(features[:, None, :] - features[None, :, :], axis=2)
    np.fill_diagonal(distance, np.inf)
    rows = []
    for i, la in enumerate(a.itertuples()):
        nearest = np.argsort(distance[i], kind="stable")[:10]
        cells = [cell for j in nearest for cell in (a.old_code.iloc[j], a.name.iloc[j])]
        rows.append((la.old_code, la.name, REGION_IND[la.region_code], la.region_name, *cells))
    header = ["old_la_code", "la_name", "region_ind", "region_name",
              *(f"SN_{n}{p}" for n in range(1, 11) for p in ("", "P"))]
    return _write(folder / f"synthetic_sn_model_{release}_wide.csv",
                  pd.DataFrame(rows, columns=header))


WRITERS: Final[dict[str, Callable[[Nation, Path, str], Path]]] = {
    "sin_subnational": _sin_subnational, "sin_nature": _sin_nature, "cin_b1": _cin_b1,
    "sac": _sac, "sn_model": _sn_model,
}


def write_national_file(folder: Path, kind: str, release: str, *, seed: int = DEMO_SEED,
                        shape: str = "wide") -> Path:
    """One synthetic file of a kind, in the layout of the release named (`shape` is c3's: the
    published wide layout, or long)."""
    nation = invent(seed)
    if kind == "cin_c3":
        return _cin_c3(nation, Path(folder), release, shape)
    if kind not in WRITERS:
        raise ValueError(f"the demo writes no {kind} file")
    return WRITERS[kind](nation, Path(folder), release)


def write_national_files(folder: Path, seed: int = DEMO_SEED, *,
                         every_release: bool = False) -> list[Path]:
    """The demo's synthetic national files: the newest release of each kind (what the demo
    loads), or every release in `RELEASES` (each release's layout, for the tests)."""
    return [write_national_file(folder, kind, release, seed=seed)
            for kind, releases in RELEASES.items()
            for release in (releases if every_release else releases[-1:])]


SHIPPED_THEMES: Final = Path(__file__).resolve().parents[1] / "data_models" / "national_themes.csv"


def load_national_demo(con: duckdb.DuckDBPyConnection, seed: int = DEMO_SEED) -> list[str]:
    """Write the demo's synthetic files, read them as a board's would be read, store them with
    the shipped national review themes, and set each demo board's footprint: what `assurance
    demo` (and so `make run`) puts beside the demo's records. Returns what was stored, a line a
    file."""
    import tempfile

    from ingest import national
    from loaders.national_files import read_national

    with tempfile.TemporaryDirectory() as folder:
        files = [*write_national_files(Path(folder), seed), SHIPPED_THEMES]
        read = [read_national(path) for path in files]
    said = [national.store_release(con, national_file, "demo") for national_file in read]
    return said + [national.set_footprint(con, board, codes, "demo")
                   for board, codes in DEMO_FOOTPRINTS.items()]
