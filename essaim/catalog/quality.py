"""Quality over time: what the evidence of a resource supports on the build date.

The file says which level a resource claims; the site shows the level its evidence
supports on the build date (`Catalog.today`, fixed by ESSAIM_DATE in tests):

- trials, written in the resource or in trial-report files beside it, roll up from
  communes and bassins de vie to départements and régions;
- a professional check counts until its review-by date: `a_revoir_avant`, or REVIEW_YEARS
  after the check (REVIEW_YEARS_BY_TYPE for legal watch). Once every check has expired,
  the page says « Vérification à renouveler » and the badge falls back to the level the
  other evidence supports; nothing is deleted;
- when the trials support a higher level than the claim, the resource is « prête pour
  promotion »: the committee decides, by a reviewed change of the file;
- an archived resource keeps its page but leaves listings, feeds and search (`listed`).

Validation (essaim/catalog/rules.py) already refused a claim that exceeds the evidence; settling
can only lower the claim, when time has passed.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator

from essaim.dates import french_date
from essaim.labels import LEVELS
from essaim.messages import say
from essaim.model import (
    LEVEL_CHECKED,
    LEVEL_EVERYWHERE,
    LEVEL_LOCAL,
    LEVEL_UNRATED,
    Check,
    CheckStatus,
    Resource,
    Standing,
    Trial,
)
from essaim.settings import (
    REVIEW_NOTICE_DAYS,
    REVIEW_YEARS,
    REVIEW_YEARS_BY_TYPE,
    STALE_TRIAL_YEARS,
    TESTED_EVERYWHERE_MIN_DEPARTEMENTS,
)
from essaim.territories import Territories

# How the levels compare when one has to give way to another (fallback, promotion).
RANK = {LEVEL_UNRATED: 0, LEVEL_LOCAL: 1, LEVEL_EVERYWHERE: 2, LEVEL_CHECKED: 3}
ROLE_NAMES = {
    "avocat": "un avocat",
    "expert-comptable": "un expert-comptable",
    "commissaire-aux-comptes": "un commissaire aux comptes",
    "juriste": "un juriste",
    "administrateur": "un administrateur d'association",
    "autre": "un professionnel",
}


# ---------------------------------------------------------------- dates


@functools.lru_cache(maxsize=4096)
def last_day(value: str) -> datetime.date:
    """« 2016 » → 31 December 2016, « 2016-02 » → 29 February 2016 (cached: the same
    dates come back in every resource)."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return datetime.date(*parts)
    month = parts[1] if len(parts) == 2 else 12
    return datetime.date(parts[0], month, calendar.monthrange(parts[0], month)[1])


def years_later(value: str, years: int) -> str:
    """The same partial date, years later (29 February → 28 February)."""
    parts = value.split("-")
    year = int(parts[0]) + years
    if len(parts) == 3 and parts[1] == "02" and parts[2] == "29" and not calendar.isleap(year):
        parts[2] = "28"
    return "-".join([f"{year:04d}", *parts[1:]])


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# ---------------------------------------------------------------- checks


def review_years(resource_type: str) -> int:
    return REVIEW_YEARS_BY_TYPE.get(resource_type, REVIEW_YEARS)


def review_by(check: Check, resource_type: str) -> str:
    """The date after which the check must be renewed: its own, or the default."""
    return check.review_by or years_later(check.date, review_years(resource_type))


def check_status(check: Check, resource_type: str, today: datetime.date) -> CheckStatus:
    until = review_by(check, resource_type)
    deadline = last_day(until)
    return CheckStatus(
        check=check,
        review_by=until,
        deadline=deadline,
        expired=today > deadline,
        days_left=(deadline - today).days,
    )


# ---------------------------------------------------------------- levels


def supported_levels(trials: int, departements: int, valid_checks: int) -> set[str]:
    """Every level the evidence supports."""
    levels = {LEVEL_UNRATED}
    if trials:
        levels.add(LEVEL_LOCAL)
    if departements >= TESTED_EVERYWHERE_MIN_DEPARTEMENTS:
        levels.add(LEVEL_EVERYWHERE)
    if valid_checks:
        levels.add(LEVEL_CHECKED)
    return levels


def shown_level(claimed: str, supported: set[str]) -> str:
    """The claim when the evidence supports it, else the best supported level below it."""
    if claimed in supported:
        return claimed
    lower = [level for level in supported if RANK[level] < RANK[claimed]]
    return max(lower, key=RANK.__getitem__, default=LEVEL_UNRATED)


def promotion_level(shown: str, supported: set[str]) -> str:
    """A higher level the trials support, for the committee to grant ("" if none).

    Checks never make a promotion: a check is added together with its claim.
    """
    if shown == LEVEL_CHECKED:
        return ""
    higher = [
        level
        for level in supported
        if level in (LEVEL_LOCAL, LEVEL_EVERYWHERE) and RANK[level] > RANK[shown]
    ]
    return max(higher, key=RANK.__getitem__, default="")


# ---------------------------------------------------------------- how trials add up


def organisation_key(name: str) -> str:
    """One key per organisation, whatever the case, accents, punctuation or spacing:
    « M.D.A. de Créteil », « MDA-de-Creteil » and « mda de creteil » are one structure."""
    decomposed = unicodedata.normalize("NFKD", name)
    return _NOT_ALNUM.sub("", decomposed.casefold())


# Whatever str.isalnum() refuses (the regular-expression engine's \w is isalnum() or "_",
# for every code point): one pass in C instead of a Python loop over the characters.
_NOT_ALNUM = re.compile(r"[\W_]+")


def same_trial(trial: Trial) -> Iterator[tuple[tuple, str]]:
    """The keys under which two trials are the same trial reported twice, each with the
    message key that says why: same organisation, territory and date; or the same result
    (and adaptation), word for word — case, accents, punctuation and spacing aside —
    whoever signs it."""
    territory = (trial.territory.scale, tuple(sorted(set(trial.territory.codes))))
    yield ("lieu", organisation_key(trial.structure), territory, trial.date), "trial.same_place"
    result = organisation_key(trial.outcome)  # letters and digits only, as for a name
    if result:
        yield ("texte", result, organisation_key(trial.adaptation)), "trial.same_text"


def counted_departements(
    trials: Iterable[Trial],
    territories: Territories,
    enough: int = TESTED_EVERYWHERE_MIN_DEPARTEMENTS,
) -> dict[str, str]:
    """The départements that count towards « testée partout », each with the organisation
    it counts for: {département: organisation key}, at most `enough` of them.

    A département counts once, for one trial, by one organisation; an organisation counts
    once, even with trials in several départements; a trial over several départements (an
    intercommunalité across a border, a bassin de vie) counts for one of them. The largest
    such pairing is found by augmenting paths (Kuhn), stopped at `enough`: linear in the
    number of trials, since no path is longer than `enough`.
    """
    reach: dict[str, set[str]] = {}
    for trial in trials:
        departements = territories.departements_of(trial.territory)
        if departements:
            reach.setdefault(organisation_key(trial.structure), set()).update(departements)
    owner: dict[str, str] = {}  # département -> organisation

    def augment(organisation: str, seen: set[str]) -> bool:
        for departement in sorted(reach[organisation]):
            if departement in seen:
                continue
            seen.add(departement)
            if departement not in owner or augment(owner[departement], seen):
                owner[departement] = organisation
                return True
        return False

    for organisation in sorted(reach):
        if len(owner) >= enough:
            break
        augment(organisation, set())
    return dict(sorted(owner.items()))


def apply_shown_level(resource: Resource, territories: Territories, today: datetime.date) -> None:
    """Replace quality.level by the level the evidence supports today (the claim stays in
    quality.claimed; standing.fallen_back says when they differ), and set the standing."""
    quality = resource.quality
    departements: set[str] = set()
    regions: set[str] = set()
    for trial in quality.trials:
        departements |= territories.departements_of(trial.territory)
        regions |= territories.regions_of(trial.territory)
    statuses = tuple(check_status(c, resource.type, today) for c in quality.checks)
    valid = [s for s in statuses if not s.expired]
    counted = counted_departements(quality.trials, territories)
    supported = supported_levels(len(quality.trials), len(counted), len(valid))
    claimed = quality.claimed or quality.level
    shown = shown_level(claimed, supported)
    last = max((t.date for t in quality.trials), key=last_day, default="")
    resource.quality = dataclasses.replace(quality, level=shown, claimed=claimed)
    resource.standing = Standing(
        departements=tuple(sorted(departements)),
        counted=tuple(counted),
        regions=tuple(sorted(regions)),
        checks=statuses,
        promotion="" if resource.archive else promotion_level(shown, supported),
        last_trial=last,
        fallen_back=shown != claimed,
    )


# ---------------------------------------------------------------- what needs attention


def to_renew(resource: Resource) -> list[CheckStatus]:
    """Checks the committee must renew: due within REVIEW_NOTICE_DAYS, or expired with no
    valid check left (an expired check beside a newer one is history, not a task)."""
    if resource.archive:
        return []
    statuses = resource.standing.checks
    any_valid = any(not s.expired for s in statuses)
    return sorted(
        (
            s
            for s in statuses
            if (s.expired and not any_valid)
            or (not s.expired and s.days_left <= REVIEW_NOTICE_DAYS)
        ),
        key=lambda s: (s.deadline, s.check.date),
    )


def renewal_banner(resource: Resource) -> bool:
    """« Vérification à renouveler »: checks were given and none counts any more."""
    statuses = resource.standing.checks
    return bool(statuses) and all(s.expired for s in statuses)


def review_findings(resource: Resource) -> Iterator[tuple[tuple, str]]:
    """Warnings for `essaim check` (never errors): checks to renew soon, or expired."""
    for status in to_renew(resource):
        index = resource.quality.checks.index(status.check)
        field = "a_revoir_avant" if status.check.review_by else "date"
        who = ROLE_NAMES.get(status.check.role, "un professionnel")
        deadline = _french(status.deadline)
        if status.expired:
            message = say(
                "quality.review_expired",
                who=who,
                date=_french_text(status.check.date),
                deadline=deadline,
                level=LEVELS[resource.quality.level].label,
            )
        else:
            message = say(
                "quality.review_due",
                who=who,
                date=_french_text(status.check.date),
                deadline=deadline,
                days=status.days_left,
            )
        yield ("qualite", "verifications", index, field), message


def is_stale(resource: Resource, today: datetime.date) -> bool:
    """Tried, but not for STALE_TRIAL_YEARS: the evidence is getting old."""
    last = resource.standing.last_trial
    return bool(last) and last_day(last) < years_before(today, STALE_TRIAL_YEARS)


def never_tried(resource: Resource, today: datetime.date) -> bool:
    """Never tried, and published more than STALE_TRIAL_YEARS ago."""
    return not resource.quality.trials and last_day(resource.published) < years_before(
        today, STALE_TRIAL_YEARS
    )


# ---------------------------------------------------------------- archives


def is_listed(resource: Resource) -> bool:
    return resource.archive is None


def listed(catalog):
    """The catalogue as listings, facets and feeds see it: without archived resources.

    Archived resources keep their page (catalog.resources), so every link to them still
    works; only the lists forget them.
    """
    kept = [r for r in catalog.resources if is_listed(r)]
    if len(kept) == len(catalog.resources):
        return catalog
    return dataclasses.replace(catalog, resources=kept)


def _french(day: datetime.date) -> str:
    return _french_text(day.isoformat())


def _french_text(value: str) -> str:
    return french_date(value)
