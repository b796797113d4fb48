"""The predicates of the eligibility rules: small pure functions over the facts of a screening.

Each takes a ``Ctx`` (the facts, the recipient, the year, the award screened) and the rule's
parameters, and returns an ``Outcome``: passed True, False or None (a required fact is unknown)
with the facts that decided it (``used``, also the placeholders of the rule's message). The
engine turns an outcome into a ``Check`` carrying the rule's code, message and citation.

``PREDICATES`` lists them with the parameters each accepts, so a regime file naming an unknown
predicate or a badly typed parameter is refused when it is loaded.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
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


class _BlankValues(dict):
    def __missing__(self, key: str) -> str:
        return "—"


_FORMATTER = string.Formatter()


def render_message(template: str, values: Mapping[str, Any]) -> str:
    """The rule's message with ``{placeholders}`` filled from params and facts; a placeholder
    without a value shows "—"."""
    try:
        return _FORMATTER.vformat(template, (), _BlankValues(values))
    except (ValueError, TypeError, IndexError):
        return template


class _LazyMessage:
    """The ``message`` field of ``Check``: given as a string, or rendered from the rule's
    template and values the first time it is read (``Check.lazy``). A national screening
    builds millions of checks and shows fifty: only those are ever rendered."""

    def __get__(self, obj: Check | None, owner: type | None = None) -> str:
        if obj is None:
            return ""  # the field's default
        message = obj.__dict__.get("_message")
        if message is None:
            template, values, note = obj.__dict__.get("_template", ("", {}, ""))
            message = template if values is None else render_message(template, values)
            if note:
                message = f"{message} ({note})"
            obj.__dict__["_message"] = message
        return message

    def __set__(self, obj: Check, value: str | None) -> None:
        obj.__dict__["_message"] = value or None


@dataclass(frozen=True)
class Check:
    """One rule evaluated for one recipient: what officers, councils and the public see.

    ``message`` reads like a string field (``dataclasses.asdict`` and equality see the rendered
    text) but a check made by ``Check.lazy`` renders it only when read."""

    rule: str
    passed: bool | None
    message: _LazyMessage = _LazyMessage()
    citation: str = ""
    confidence: str = "V"
    required: bool = True
    hold: bool = False
    affirm: bool = False
    facts: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def lazy(
        cls, template: str, values: Mapping[str, Any] | None, note: str = "", **fields: Any
    ) -> Check:
        """A check whose message is ``template`` filled from ``values`` (None: the template
        as it is), then `` (note)``, rendered when first read."""
        check = cls(message=None, **fields)
        check.__dict__["_template"] = (template, values, note)
        return check


NONE_LABEL = "chưa có"
KINDS = [k.value for k in AwardKind]
MERIT = [AwardKind.MERIT.value]


def _percent(share: float) -> str:
    return f"{round(share * 100, 1):g}%"


def rating_at_least(ctx: Ctx, *, min_rating: str) -> Outcome:
    """The person's rating for the year is ``min_rating`` or better; unknown without one."""
    rating = ctx.facts.rating(ctx.recipient[1], ctx.year)
    if rating is None:
        return Outcome(None, {"rating": NONE_LABEL})
    return Outcome(RATING_RANK[rating] >= RATING_RANK[min_rating], {"rating": rating})


def unit_rating_at_least(ctx: Ctx, *, min_rating: str) -> Outcome:
    rating = ctx.facts.unit_rating(ctx.recipient[1], ctx.year)
    if rating is None:
        return Outcome(None, {"rating": NONE_LABEL})
    return Outcome(RATING_RANK[rating] >= RATING_RANK[min_rating], {"rating": rating})


def consecutive_ratings_at_least(ctx: Ctx, *, min_rating: str, count: int) -> Outcome:
    """``count`` consecutive years ending at the year, each rated ``min_rating`` or better."""
    table = ctx.facts.ratings if ctx.is_person else ctx.facts.unit_ratings
    held_ratings = table.get(ctx.recipient[1]) or {}
    years = range(ctx.year - count + 1, ctx.year + 1)
    ratings = {y: held_ratings.get(y) for y in years}
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
    ctx: Ctx, *, code: str, count: int, kinds: list[str] | None = None, step: int = 1
) -> Outcome:
    """``count`` consecutive calendar years of ``code``, the last being the year screened;
    only ACTIVE awards of the given kinds (MERIT by default) count; the screened year may also
    be satisfied by this screening's own verdict. With ``step`` > 1 the awards are ``step``
    years apart: "2 lần liên tục" Chiến sĩ thi đua cấp tỉnh are two back-to-back chains of 3
    years each, so the years Y - 3 and Y (``step: 3``)."""
    wanted = tuple(kinds or MERIT)
    step = max(step, 1)
    years = range(ctx.year - (count - 1) * step, ctx.year + 1, step)
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
    ctx: Ctx,
    *,
    code: str,
    kinds: list[str] | None = None,
    within_years: int = 0,
    min_gap: int = 0,
) -> Outcome:
    """An ACTIVE award ``code`` (of the given kinds) for an earlier year (or, with
    ``within_years``, for one of those last years before the screened one). With ``min_gap``
    the award must be at least that many years before the screened one ("đã được tặng Bằng
    khen, 05 năm tiếp theo ...": ``min_gap: 5``)."""
    wanted = tuple(kinds or MERIT)
    first = ctx.year - within_years if within_years else 0
    last = min(ctx.year - 1, ctx.year - min_gap)
    years = sorted(
        y
        for (c, y), kind in ctx.facts.awards_of(ctx.recipient).items()
        if c == code and kind in wanted and first <= y <= last
    )
    return Outcome(
        bool(years),
        {"award_years": ", ".join(map(str, years)) or NONE_LABEL, "last_year": last},
    )


def titles_in_window(
    ctx: Ctx, *, code: str, count: int, years: int, kinds: list[str] | None = None
) -> Outcome:
    """At least ``count`` of the last ``years`` years (ending at the screened one) with the
    title ``code`` (ACTIVE, of the given kinds, MERIT by default); the screened year may be
    decided by this screening."""
    wanted = tuple(kinds or MERIT)
    window = range(ctx.year - years + 1, ctx.year + 1)
    statuses = {
        y: (
            ctx.facts.title_status(ctx.recipient, code, y, wanted)
            if y == ctx.year
            else ctx.facts.award_kind(ctx.recipient, code, y) in wanted
        )
        for y in window
    }
    held = [y for y, s in statuses.items() if s]
    used = {"held_years": ", ".join(map(str, held)) or NONE_LABEL, "first_year": window[0]}
    if len(held) >= count:
        return Outcome(True, used)
    if statuses[ctx.year] is None and len(held) + 1 >= count:
        return Outcome(None, used)
    return Outcome(False, used)


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
    ratings = [ctx.facts.rating(pid, ctx.year) for pid in members]
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


def leads_bloc(ctx: Ctx, *, max_rank: int = 1) -> Outcome:
    """The unit is ranked ``max_rank`` or better (1: it leads) in an emulation bloc (khối, cụm
    thi đua) of a movement ending in the year. Unknown while the bloc's results are not
    released or the unit is not ranked yet; False outside any bloc of the year."""
    standings = ctx.facts.bloc_standings.get(ctx.recipient[1], [])
    shown = "; ".join(
        f"{s.bloc_name} ({s.movement_code}): "
        + (f"hạng {s.rank}/{s.size}" if s.rank is not None else "chưa xếp hạng")
        + ("" if s.released else ", chưa công bố")
        for s in standings
    )
    used = {"standing": shown or "không thuộc khối, cụm thi đua nào", "max_rank": max_rank}
    if any(s.released and s.rank is not None and s.rank <= max_rank for s in standings):
        return Outcome(True, used)
    if any(not s.released or s.rank is None for s in standings):
        return Outcome(None, used)
    return Outcome(False, used)


def manual_review(ctx: Ctx) -> Outcome:
    """A criterion not confirmed in law ([U]) that the software does not decide: always
    unknown, so the verdict is NEEDS_REVIEW and the council reviews the dossier by hand."""
    return Outcome(None, {})


def not_on_hold(ctx: Ctx) -> Outcome:
    """No open disciplinary review of the person (principle 5): False means a hold."""
    if ctx.recipient[0] == UNIT:
        return Outcome(True, {})
    return Outcome(ctx.recipient[1] not in ctx.facts.open_reviews, {})


# --- tests: the same predicates deciding only ``passed`` -----------------------------------
# What a summary of a national screening evaluates millions of times: no ``used`` facts, and
# they stop as soon as the answer is known (a chain of titles broken in an earlier year needs
# no verdict for the screened year). ``test_eligibility_scale`` checks they agree with the
# predicates above.


def rating_test(ctx: Ctx, *, min_rating: str) -> bool | None:
    rating = ctx.facts.rating(ctx.recipient[1], ctx.year)
    return None if rating is None else RATING_RANK[rating] >= RATING_RANK[min_rating]


def unit_rating_test(ctx: Ctx, *, min_rating: str) -> bool | None:
    rating = ctx.facts.unit_rating(ctx.recipient[1], ctx.year)
    return None if rating is None else RATING_RANK[rating] >= RATING_RANK[min_rating]


def consecutive_ratings_test(ctx: Ctx, *, min_rating: str, count: int) -> bool | None:
    table = ctx.facts.ratings if ctx.is_person else ctx.facts.unit_ratings
    held = table.get(ctx.recipient[1]) or {}
    floor = RATING_RANK[min_rating]
    unknown = False
    for y in range(ctx.year - count + 1, ctx.year + 1):
        rating = held.get(y)
        if rating is None:
            unknown = True
        elif RATING_RANK[rating] < floor:
            return False
    return None if unknown else True


def holds_title_test(ctx: Ctx, *, code: str, kinds: list[str] | None = None) -> bool | None:
    return ctx.facts.title_status(ctx.recipient, code, ctx.year, tuple(kinds or MERIT))


def consecutive_titles_test(
    ctx: Ctx, *, code: str, count: int, kinds: list[str] | None = None, step: int = 1
) -> bool | None:
    wanted = tuple(kinds or MERIT)
    step = max(step, 1)
    for y in range(ctx.year - (count - 1) * step, ctx.year, step):
        if ctx.facts.award_kind(ctx.recipient, code, y) not in wanted:
            return False
    return ctx.facts.title_status(ctx.recipient, code, ctx.year, wanted)


def initiative_scope_test(
    ctx: Ctx, *, min_scope: str, years: int = 1, count: int = 1
) -> bool | None:
    held = ctx.facts.initiatives.get(ctx.recipient[1])
    if not held:
        return count <= 0
    return initiative_scope_at_least(ctx, min_scope=min_scope, years=years, count=count).passed


def not_on_hold_test(ctx: Ctx) -> bool:
    return ctx.recipient[0] == UNIT or ctx.recipient[1] not in ctx.facts.open_reviews


def one_of_test(ctx: Ctx, *, options: list[dict[str, Any]]) -> bool | None:
    unknown = False
    for option in options:
        passed = passes(option["predicate"], ctx, option.get("params", {}))
        if passed:
            return True
        if passed is None:
            unknown = True
    return None if unknown else False


def all_of_test(ctx: Ctx, *, options: list[dict[str, Any]]) -> bool | None:
    unknown = False
    for option in options:
        passed = passes(option["predicate"], ctx, option.get("params", {}))
        if passed is False:
            return False
        if passed is None:
            unknown = True
    return None if unknown else True


def passes(predicate: str, ctx: Ctx, params: dict[str, Any]) -> bool | None:
    """``passed`` of the predicate, by its test when it has one."""
    spec = PREDICATES[predicate]
    if spec.test is not None:
        return spec.test(ctx, **params)
    return spec.fn(ctx, **params).passed


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
    # extra facts the predicate reads that ``gather_facts`` collects only when asked ("blocs")
    needs: tuple[str, ...] = ()
    # parameters naming a title that the same screening may have to decide first
    same_year_titles: tuple[str, ...] = ()
    # the same predicate deciding only ``passed`` (faster; None: ``fn(...).passed``)
    test: Callable[..., bool | None] | None = None


AWARD_CODES = tuple(AWARDS)
RATINGS = tuple(Rating.values)
LEVELS = tuple(DisciplineLevel.values)
SCOPES = tuple(InitiativeScope.values)
_CODE = Param("str", AWARD_CODES)
_KINDS = Param("list", tuple(KINDS), required=False)

PREDICATES: dict[str, PredicateSpec] = {
    "rating_at_least": PredicateSpec(
        rating_at_least, {"min_rating": Param("str", RATINGS)}, (PERSON,), test=rating_test
    ),
    "unit_rating_at_least": PredicateSpec(
        unit_rating_at_least, {"min_rating": Param("str", RATINGS)}, (UNIT,), test=unit_rating_test
    ),
    "consecutive_ratings_at_least": PredicateSpec(
        consecutive_ratings_at_least,
        {"min_rating": Param("str", RATINGS), "count": Param("int")},
        test=consecutive_ratings_test,
    ),
    "holds_title_in_year": PredicateSpec(
        holds_title_in_year,
        {"code": _CODE, "kinds": _KINDS},
        same_year_titles=("code",),
        test=holds_title_test,
    ),
    "consecutive_titles": PredicateSpec(
        consecutive_titles,
        {
            "code": _CODE,
            "count": Param("int"),
            "kinds": _KINDS,
            "step": Param("int", required=False),
        },
        same_year_titles=("code",),
        test=consecutive_titles_test,
    ),
    "titles_in_window": PredicateSpec(
        titles_in_window,
        {"code": _CODE, "count": Param("int"), "years": Param("int"), "kinds": _KINDS},
        same_year_titles=("code",),
    ),
    "holds_prior_award": PredicateSpec(
        holds_prior_award,
        {
            "code": _CODE,
            "kinds": _KINDS,
            "within_years": Param("int", required=False),
            "min_gap": Param("int", required=False),
        },
    ),
    "leads_bloc": PredicateSpec(
        leads_bloc, {"max_rank": Param("int", required=False)}, (UNIT,), needs=("blocs",)
    ),
    "manual_review": PredicateSpec(manual_review, {}),
    "initiative_scope_at_least": PredicateSpec(
        initiative_scope_at_least,
        {
            "min_scope": Param("str", SCOPES),
            "years": Param("int", required=False),
            "count": Param("int", required=False),
        },
        (PERSON,),
        test=initiative_scope_test,
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
    "not_on_hold": PredicateSpec(not_on_hold, {}, hold=True, test=not_on_hold_test),
    "one_of": PredicateSpec(one_of, {"options": Param("options")}, test=one_of_test),
    "all_of": PredicateSpec(all_of, {"options": Param("options")}, test=all_of_test),
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
