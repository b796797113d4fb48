"""The predicates of the eligibility rules: small pure functions over the facts of a screening.

Each takes a ``Ctx`` (the facts, the recipient, the year, the award screened) and the rule's
parameters, and returns an ``Outcome``: passed True, False or None (a required fact is unknown)
with the facts that decided it (``used``, also the placeholders of the rule's message). The
engine turns an outcome into a ``Check`` carrying the rule's code, message and citation.

``PREDICATES`` lists them with the parameters each accepts, so a regime file naming an unknown
predicate or a badly typed parameter is refused when it is loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from thidua.awards.enums import SCOPE_RANK, AwardKind, InitiativeScope
from thidua.awards.facts import PERSON, UNIT, Facts, Recipient
from thidua.core.codes import AWARDS
from thidua.org.enums import DISCIPLINE_SEVERITY, RATING_RANK, DisciplineLevel, Rating


@dataclass(frozen=True)
class Ctx:
    facts: Facts
    recipient: Recipient
    year: int
    award_code: str

    @property
    def is_person(self) -> bool:
        return self.recipient[0] == PERSON


@dataclass(frozen=True)
class Outcome:
    passed: bool | None
    used: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    """One rule evaluated for one recipient: what officers, councils and the public see."""

    rule: str
    passed: bool | None
    message: str
    citation: str
    confidence: str = "V"
    required: bool = True
    hold: bool = False
    affirm: bool = False
    facts: dict[str, Any] = field(default_factory=dict)


NONE_LABEL = "chưa có"
KINDS = [k.value for k in AwardKind]
MERIT = [AwardKind.MERIT.value]


def _percent(share: float) -> str:
    return f"{round(share * 100, 1):g}%"


def rating_at_least(ctx: Ctx, *, min_rating: str) -> Outcome:
    """The person's rating for the year is ``min_rating`` or better; unknown without one."""
    rating = ctx.facts.ratings.get((ctx.recipient[1], ctx.year))
    if rating is None:
        return Outcome(None, {"rating": NONE_LABEL})
    return Outcome(RATING_RANK[rating] >= RATING_RANK[min_rating], {"rating": rating})


def unit_rating_at_least(ctx: Ctx, *, min_rating: str) -> Outcome:
    rating = ctx.facts.unit_ratings.get((ctx.recipient[1], ctx.year))
    if rating is None:
        return Outcome(None, {"rating": NONE_LABEL})
    return Outcome(RATING_RANK[rating] >= RATING_RANK[min_rating], {"rating": rating})


def consecutive_ratings_at_least(ctx: Ctx, *, min_rating: str, count: int) -> Outcome:
    """``count`` consecutive years ending at the year, each rated ``min_rating`` or better."""
    table = ctx.facts.ratings if ctx.is_person else ctx.facts.unit_ratings
    years = range(ctx.year - count + 1, ctx.year + 1)
    ratings = {y: table.get((ctx.recipient[1], y)) for y in years}
    held = [y for y, r in ratings.items() if r and RATING_RANK[r] >= RATING_RANK[min_rating]]
    used = {"held_years": ", ".join(map(str, held)) or NONE_LABEL, "first_year": years[0]}
    if any(r is not None and RATING_RANK[r] < RATING_RANK[min_rating] for r in ratings.values()):
        return Outcome(False, used)
    if any(r is None for r in ratings.values()):
        return Outcome(None, used)
    return Outcome(True, used)


def holds_title_in_year(ctx: Ctx, *, code: str, kinds: list[str] | None = None) -> Outcome:
    """Holds ``code`` for the year: in the register (ACTIVE, of a MERIT kind by default) or
    found eligible for it in the same screening."""
    status = ctx.facts.title_status(ctx.recipient, code, ctx.year, tuple(kinds or MERIT))
    return Outcome(status, {"code": code})


def consecutive_titles(
    ctx: Ctx, *, code: str, count: int, kinds: list[str] | None = None
) -> Outcome:
    """``count`` consecutive calendar years of ``code``, the last being the year screened;
    only ACTIVE awards of the given kinds (MERIT by default) count; the screened year may also
    be satisfied by this screening's own verdict."""
    wanted = tuple(kinds or MERIT)
    years = range(ctx.year - count + 1, ctx.year + 1)
    statuses = {}
    for y in years:
        if y == ctx.year:
            statuses[y] = ctx.facts.title_status(ctx.recipient, code, y, wanted)
        else:
            kind = ctx.facts.award_kind(ctx.recipient, code, y)
            statuses[y] = kind is not None and kind in wanted
    held = [y for y, s in statuses.items() if s]
    missing = [y for y, s in statuses.items() if s is False]
    used = {
        "held_years": ", ".join(map(str, held)) or NONE_LABEL,
        "missing_years": ", ".join(map(str, missing)) or NONE_LABEL,
        "first_year": years[0],
    }
    if missing:
        return Outcome(False, used)
    if any(s is None for s in statuses.values()):
        return Outcome(None, used)
    return Outcome(True, used)


def holds_prior_award(
    ctx: Ctx, *, code: str, kinds: list[str] | None = None, within_years: int = 0
) -> Outcome:
    """An ACTIVE award ``code`` (of the given kinds) for an earlier year (or, with
    ``within_years``, for one of those last years before the screened one)."""
    wanted = tuple(kinds or MERIT)
    first = ctx.year - within_years if within_years else 0
    years = sorted(
        y
        for (recipient, c, y), kind in ctx.facts.awards.items()
        if recipient == ctx.recipient and c == code and kind in wanted and first <= y < ctx.year
    )
    return Outcome(bool(years), {"award_years": ", ".join(map(str, years)) or NONE_LABEL})


def initiative_scope_at_least(
    ctx: Ctx, *, min_scope: str, years: int = 1, count: int = 1
) -> Outcome:
    """At least ``count`` initiatives of the person recognised in the last ``years`` years
    (ending at the screened one) with scope ``min_scope`` or wider, not already used as the
    basis of the same title."""
    first = ctx.year - years + 1
    person_id = ctx.recipient[1]
    found = [
        initiative_id
        for initiative_id, y, scope in ctx.facts.initiatives.get(person_id, [])
        if first <= y <= ctx.year
        and SCOPE_RANK[scope] >= SCOPE_RANK[min_scope]
        and (initiative_id, person_id, ctx.award_code) not in ctx.facts.initiative_uses
    ]
    return Outcome(len(found) >= count, {"initiative_count": len(found), "first_year": first})


def _member_titles(ctx: Ctx, code: str) -> tuple[int, int, int]:
    """(members, holding the title surely, undecided) for the unit's members."""
    members = ctx.facts.members.get(ctx.recipient[1], [])
    statuses = [ctx.facts.title_status((PERSON, pid), code, ctx.year) for pid in members]
    return len(members), statuses.count(True), statuses.count(None)


def member_share_with_title(
    ctx: Ctx, *, code: str, min_share: float, strict: bool = False
) -> Outcome:
    """The share of the unit's members holding ``code`` in the year is at least ``min_share``
    (more than it when ``strict``). Unknown without members, or when undecided members could
    tip it."""
    total, sure, undecided = _member_titles(ctx, code)
    if total == 0:
        return Outcome(None, {"share": NONE_LABEL, "members": 0, "holders": 0})

    def meets(share: float) -> bool:
        return share > min_share if strict else share >= min_share

    used = {"share": _percent(sure / total), "members": total, "holders": sure}
    if meets(sure / total):
        return Outcome(True, used)
    if undecided and meets((sure + undecided) / total):
        return Outcome(None, used)
    return Outcome(False, used)


def member_count_with_title(ctx: Ctx, *, code: str, min_count: int = 1) -> Outcome:
    total, sure, undecided = _member_titles(ctx, code)
    used = {"holders": sure, "members": total}
    if sure >= min_count:
        return Outcome(True, used)
    if sure + undecided >= min_count:
        return Outcome(None, used)
    return Outcome(False, used)


def all_members_rating_at_least(ctx: Ctx, *, min_rating: str) -> Outcome:
    """Every member rated ``min_rating`` or better in the year; unknown if a member has no
    rating (and none is below)."""
    members = ctx.facts.members.get(ctx.recipient[1], [])
    ratings = [ctx.facts.ratings.get((pid, ctx.year)) for pid in members]
    below = [
        ctx.facts.person_code[pid]
        for pid, r in zip(members, ratings, strict=True)
        if r is not None and RATING_RANK[r] < RATING_RANK[min_rating]
    ]
    missing = [
        ctx.facts.person_code[pid] for pid, r in zip(members, ratings, strict=True) if r is None
    ]
    used = {
        "members": len(members),
        "below": ", ".join(sorted(below)) or NONE_LABEL,
        "unrated": ", ".join(sorted(missing)) or NONE_LABEL,
    }
    if not members:
        return Outcome(None, used)
    if below:
        return Outcome(False, used)
    if missing:
        return Outcome(None, used)
    return Outcome(True, used)


def _disciplined(ctx: Ctx, person_id: int, min_level: str) -> bool:
    floor = DISCIPLINE_SEVERITY[min_level]
    return any(
        DISCIPLINE_SEVERITY[d.level] >= floor and d.touches_year(ctx.year)
        for d in ctx.facts.decided.get(person_id, [])
    )


def no_member_disciplined_at_least(ctx: Ctx, *, min_level: str) -> Outcome:
    """No member disciplined in the year at ``min_level`` or heavier."""
    members = ctx.facts.members.get(ctx.recipient[1], [])
    hit = sorted(ctx.facts.person_code[pid] for pid in members if _disciplined(ctx, pid, min_level))
    return Outcome(not hit, {"disciplined": ", ".join(hit) or NONE_LABEL})


def not_disciplined_at_least(ctx: Ctx, *, min_level: str) -> Outcome:
    """The person was not disciplined in the year at ``min_level`` or heavier."""
    return Outcome(not _disciplined(ctx, ctx.recipient[1], min_level), {})


def not_on_hold(ctx: Ctx) -> Outcome:
    """No open disciplinary review of the person (principle 5): False means a hold."""
    if ctx.recipient[0] == UNIT:
        return Outcome(True, {})
    return Outcome(ctx.recipient[1] not in ctx.facts.open_reviews, {})


def _evaluate_options(ctx: Ctx, options: list[dict[str, Any]]) -> list[bool | None]:
    return [PREDICATES[o["predicate"]].fn(ctx, **o.get("params", {})).passed for o in options]


def one_of(ctx: Ctx, *, options: list[dict[str, Any]]) -> Outcome:
    """Any option passes; unknown if none passes and one is unknown."""
    results = _evaluate_options(ctx, options)
    used = {"met": ", ".join(o["label"] for o, r in zip(options, results, strict=True) if r)}
    used["met"] = used["met"] or NONE_LABEL
    if any(results):
        return Outcome(True, used)
    if any(r is None for r in results):
        return Outcome(None, used)
    return Outcome(False, used)


def all_of(ctx: Ctx, *, options: list[dict[str, Any]]) -> Outcome:
    results = _evaluate_options(ctx, options)
    if any(r is False for r in results):
        return Outcome(False, {})
    if any(r is None for r in results):
        return Outcome(None, {})
    return Outcome(True, {})


@dataclass(frozen=True)
class Param:
    """A parameter a predicate accepts: its JSON type, allowed codes, whether required."""

    type: str  # "int", "number", "bool", "str", "list", "options"
    choices: tuple[str, ...] = ()
    required: bool = True


@dataclass(frozen=True)
class PredicateSpec:
    fn: Callable[..., Outcome]
    params: dict[str, Param]
    applies_to: tuple[str, ...] = (PERSON, UNIT)
    hold: bool = False  # a failure of this predicate is a hold (ON_HOLD), not a refusal
    # parameters naming a title that the same screening may have to decide first
    same_year_titles: tuple[str, ...] = ()


AWARD_CODES = tuple(AWARDS)
RATINGS = tuple(Rating.values)
LEVELS = tuple(DisciplineLevel.values)
SCOPES = tuple(InitiativeScope.values)
_CODE = Param("str", AWARD_CODES)
_KINDS = Param("list", tuple(KINDS), required=False)

PREDICATES: dict[str, PredicateSpec] = {
    "rating_at_least": PredicateSpec(
        rating_at_least, {"min_rating": Param("str", RATINGS)}, (PERSON,)
    ),
    "unit_rating_at_least": PredicateSpec(
        unit_rating_at_least, {"min_rating": Param("str", RATINGS)}, (UNIT,)
    ),
    "consecutive_ratings_at_least": PredicateSpec(
        consecutive_ratings_at_least,
        {"min_rating": Param("str", RATINGS), "count": Param("int")},
    ),
    "holds_title_in_year": PredicateSpec(
        holds_title_in_year, {"code": _CODE, "kinds": _KINDS}, same_year_titles=("code",)
    ),
    "consecutive_titles": PredicateSpec(
        consecutive_titles,
        {"code": _CODE, "count": Param("int"), "kinds": _KINDS},
        same_year_titles=("code",),
    ),
    "holds_prior_award": PredicateSpec(
        holds_prior_award,
        {"code": _CODE, "kinds": _KINDS, "within_years": Param("int", required=False)},
    ),
    "initiative_scope_at_least": PredicateSpec(
        initiative_scope_at_least,
        {
            "min_scope": Param("str", SCOPES),
            "years": Param("int", required=False),
            "count": Param("int", required=False),
        },
        (PERSON,),
    ),
    "member_share_with_title": PredicateSpec(
        member_share_with_title,
        {"code": _CODE, "min_share": Param("number"), "strict": Param("bool", required=False)},
        (UNIT,),
        same_year_titles=("code",),
    ),
    "member_count_with_title": PredicateSpec(
        member_count_with_title,
        {"code": _CODE, "min_count": Param("int", required=False)},
        (UNIT,),
        same_year_titles=("code",),
    ),
    "all_members_rating_at_least": PredicateSpec(
        all_members_rating_at_least, {"min_rating": Param("str", RATINGS)}, (UNIT,)
    ),
    "no_member_disciplined_at_least": PredicateSpec(
        no_member_disciplined_at_least, {"min_level": Param("str", LEVELS)}, (UNIT,)
    ),
    "not_disciplined_at_least": PredicateSpec(
        not_disciplined_at_least, {"min_level": Param("str", LEVELS)}, (PERSON,)
    ),
    "not_on_hold": PredicateSpec(not_on_hold, {}, hold=True),
    "one_of": PredicateSpec(one_of, {"options": Param("options")}),
    "all_of": PredicateSpec(all_of, {"options": Param("options")}),
}


def value_matches(param: Param, value: Any) -> bool:
    """Whether a JSON value has the parameter's type (and is one of its codes)."""
    match param.type:
        case "int":
            return isinstance(value, int) and not isinstance(value, bool) and value >= 0
        case "number":
            return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
        case "bool":
            return isinstance(value, bool)
        case "str":
            return isinstance(value, str) and (not param.choices or value in param.choices)
        case "list":
            return isinstance(value, list) and all(
                isinstance(v, str) and (not param.choices or v in param.choices) for v in value
            )
    return False
