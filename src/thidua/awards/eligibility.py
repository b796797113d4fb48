"""The eligibility engine: screen candidates for a title or form in a year.

1. The regime is chosen from the year (``regimes.regime_for_year``) and loaded with its local
   parameter overrides.
2. The facts are gathered once (``facts.gather_facts``): a fixed number of set queries.
3. Titles the rules rely on for the same year ("LDTT in the year", the last CSTDCS of a chain,
   the members' titles of a collective) are screened first over the same people, so a year's
   titles are decided together.
4. Every rule is evaluated for every candidate (failed ones included); the verdict: any hold
   gives ON_HOLD; any unknown required fact NEEDS_REVIEW; all required rules passed ELIGIBLE;
   else NOT_ELIGIBLE. Criteria only people can judge are listed "cần đơn vị xác nhận" and never
   decide the verdict. Caps and council thresholds are not applied here.

Screening ``units`` for a form that also has an individual path (GIAY_KHEN, BANG_KHEN_TINH,
BANG_KHEN_TTG) uses its collective path (``Screening.recipient_type`` says which). Rules that
read bloc rankings (CO_TINH) make ``gather_facts`` collect the units' bloc standings too.

At national scale (millions of people) nothing holds the whole result: ``iter_screen`` screens
the candidates one chunk of ids at a time (``CHUNK_SIZE``; the facts of one chunk only) and
yields the results, ``screen_summary`` keeps only the counts per verdict and per failed rule,
without building any ``Check`` (the verdict alone), optionally over two worker processes.
Messages are rendered only when read (``Check.lazy``), so a page renders the rows it shows.
A candidate's verdict depends only on its own facts (a unit's: on its members'), so a page of
candidates is screened on its own (``candidate_page``).
"""

from __future__ import annotations

import multiprocessing
from collections import ChainMap, Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from thidua.awards.enums import Verdict
from thidua.awards.facts import (
    FULL,
    HISTORY_YEARS,
    PERSON,
    UNIT,
    Facts,
    Reach,
    Recipient,
    Verdicts,
    gather_facts,
)
from thidua.awards.predicates import (
    PREDICATES,
    Check,
    Ctx,
    passes,
    render_message,  # noqa: F401  (its former home)
)
from thidua.awards.regimes import (
    AFFIRM_NOTE,
    UNCONFIRMED_NOTE,
    AwardRules,
    Regime,
    Rule,
    load_regime,
    regime_for_year,
)
from thidua.core.codes import AWARDS
from thidua.org.models import Person, Unit
from thidua.org.queries import visible_people, visible_units

# Candidates screened together by ``iter_screen`` and ``screen_summary``: their facts are what
# a screening holds in memory (about 4 KB a person).
CHUNK_SIZE = 50_000


@dataclass(frozen=True)
class Result:
    recipient_code: str
    recipient: Recipient
    verdict: str
    checks: list[Check]


@dataclass(frozen=True)
class Screening:
    award_code: str
    year: int
    regime: str
    results: list[Result]
    recipient_type: str = PERSON  # "person" or "unit": which path of the award was screened


@dataclass(frozen=True)
class Summary:
    """A screening reduced to counts: candidates per verdict (every verdict, zeros included)
    and, per rule code, the candidates failing it."""

    award_code: str
    year: int
    regime: str
    recipient_type: str
    verdicts: dict[str, int]
    failed_rules: dict[str, int] = field(default_factory=dict)
    chunks: int = 0

    @property
    def total(self) -> int:
        return sum(self.verdicts.values())


def evaluate(rule: Rule, ctx: Ctx) -> Check:
    spec = PREDICATES[rule.predicate]
    outcome = spec.fn(ctx, **rule.params)
    return Check.lazy(
        rule.message,
        ChainMap({"year": ctx.year}, outcome.used, rule.params),
        UNCONFIRMED_NOTE if rule.confidence == "U" else "",
        rule=rule.code,
        passed=outcome.passed,
        citation=rule.citation,
        confidence=rule.confidence,
        required=rule.required,
        hold=spec.hold,
        facts=outcome.used,
    )


def verdict_of(checks: list[Check]) -> str:
    decisive = [c for c in checks if c.required and not c.affirm]
    if any(c.hold and c.passed is False for c in decisive):
        return Verdict.ON_HOLD
    if any(c.passed is None for c in decisive):
        return Verdict.NEEDS_REVIEW
    if all(c.passed is True for c in decisive):
        return Verdict.ELIGIBLE
    return Verdict.NOT_ELIGIBLE


def _same_year_titles(rules: list[Rule] | tuple[Rule, ...]) -> list[str]:
    """Codes of titles the rules read for the screened year (in order, no duplicates)."""
    found: list[str] = []

    def visit(predicate: str, params: dict[str, Any]) -> None:
        spec = PREDICATES[predicate]
        for name in spec.same_year_titles:
            code = params.get(name)
            if code and code not in found:
                found.append(code)
        for option in params.get("options") or []:
            visit(option["predicate"], option.get("params", {}))

    for rule in rules:
        visit(rule.predicate, rule.params)
    return found


def _needs(rules: list[Rule] | tuple[Rule, ...]) -> set[str]:
    """The extra facts (``PredicateSpec.needs``) the rules read, options included."""
    found: set[str] = set()

    def visit(predicate: str, params: dict[str, Any]) -> None:
        found.update(PREDICATES[predicate].needs)
        for option in params.get("options") or []:
            visit(option["predicate"], option.get("params", {}))

    for rule in rules:
        visit(rule.predicate, rule.params)
    return found


# What each predicate reads of the history, from its parameters: (years of ratings before the
# screened one, years of awards, the award code read). A predicate not listed reads neither.
_RATING_BACK: dict[str, Callable[[dict[str, Any]], int]] = {
    "rating_at_least": lambda p: 0,
    "unit_rating_at_least": lambda p: 0,
    "all_members_rating_at_least": lambda p: 0,
    "consecutive_ratings_at_least": lambda p: p["count"] - 1,
}
_AWARD_BACK: dict[str, Callable[[dict[str, Any]], int]] = {
    "holds_title_in_year": lambda p: 0,
    "member_share_with_title": lambda p: 0,
    "member_count_with_title": lambda p: 0,
    "consecutive_titles": lambda p: (p["count"] - 1) * max(p.get("step") or 1, 1),
    "titles_in_window": lambda p: p["years"] - 1,
    "holds_prior_award": lambda p: p.get("within_years") or HISTORY_YEARS,
}
_NO_HISTORY = frozenset(
    {
        "not_on_hold",
        "manual_review",
        "leads_bloc",
        "initiative_scope_at_least",
        "not_disciplined_at_least",
        "no_member_disciplined_at_least",
        "one_of",
        "all_of",
        *_RATING_BACK,
        *_AWARD_BACK,
    }
)


def _reach(regime: Regime, award_code: str, path: str | None) -> Reach:
    """The ratings and awards the rules of ``award_code`` can read, with those of the titles
    screened first (``_prescreen``): a predicate not known here reads everything."""
    rating_back = award_back = 0
    codes: set[str] = set()
    full = False
    seen: set[tuple[str, str | None]] = set()

    def visit(predicate: str, params: dict[str, Any]) -> None:
        nonlocal rating_back, award_back, full
        if predicate not in _NO_HISTORY:
            full = True
        if predicate in _RATING_BACK:
            rating_back = max(rating_back, _RATING_BACK[predicate](params))
        if predicate in _AWARD_BACK:
            award_back = max(award_back, _AWARD_BACK[predicate](params))
            codes.add(params["code"])
        for option in params.get("options") or []:
            visit(option["predicate"], option.get("params", {}))

    def visit_award(code: str, award_path: str | None) -> None:
        if (code, award_path) in seen:
            return
        seen.add((code, award_path))
        block = regime.rules_for(code, award_path)
        if block is None:
            return
        for rule in block.rules:
            visit(rule.predicate, rule.params)
        for title in _same_year_titles(block.rules):
            if regime.rules_for(title) is not None:
                visit_award(title, None)

    visit_award(award_code, path)
    if full:
        return FULL
    return Reach(rating_back, award_back, frozenset(codes))


def _block(regime: Regime, award_code: str, path: str | None = None) -> AwardRules:
    block = regime.rules_for(award_code, path)
    if block is None:
        raise ValidationError(
            {
                "award_code": _("Chế độ %(regime)s chưa có tiêu chuẩn cho “%(code)s”.")
                % {"regime": regime.code, "code": award_code}
            }
        )
    return block


def _prescreen(
    regime: Regime,
    award_code: str,
    block: AwardRules,
    facts: Facts,
    recipients: list[Recipient],
    *,
    chain: tuple[str, ...],
) -> None:
    """Make ready the same-year titles the rules rely on (``facts.screened``), over the
    people concerned (or the units screened, for a collective title): each candidate's
    verdict for such a title is decided when a rule first asks for it (``Verdicts``), with
    the title's own rules and the titles they rely on in turn."""
    for code in _same_year_titles(block.rules):
        key = (code, facts.year)
        if code == award_code or code in chain or key in facts.screened:
            continue
        if regime.rules_for(code) is None:
            continue
        if is_collective(code, regime):
            pool: list[Recipient] = [r for r in recipients if r[0] == UNIT]
            in_pool: Callable[[Recipient], bool] = set(pool).__contains__
        else:
            pool = []  # people: no unit among them for the titles they rely on
            in_pool = _is_person_of(facts)
        verdicts = Verdicts()
        facts.screened[key] = verdicts
        rules = _ready_rules(regime, code, facts, pool, chain=(*chain, award_code))
        verdicts.decide = _decider(rules, facts, code, in_pool)


def _is_person_of(facts: Facts) -> Callable[[Recipient], bool]:
    def check(recipient: Recipient) -> bool:
        return recipient[0] == PERSON and recipient[1] in facts.person_code

    return check


def _decider(
    rules: list[_FastRule], facts: Facts, code: str, in_pool: Callable[[Recipient], bool]
) -> Callable[[Recipient], str | None]:
    def decide(recipient: Recipient) -> str | None:
        if not in_pool(recipient):
            return None
        return _decide(rules, Ctx(facts, recipient, facts.year, code))[0]

    return decide


_FastRule = tuple[str, str, dict[str, Any], bool, bool]


def _ready_rules(
    regime: Regime,
    award_code: str,
    facts: Facts,
    recipients: list[Recipient],
    *,
    chain: tuple[str, ...] = (),
    path: str | None = None,
) -> list[_FastRule]:
    """The award's rules as (code, predicate, params, required, hold), its same-year titles
    made ready (``_prescreen``)."""
    block = _block(regime, award_code, path)
    _prescreen(regime, award_code, block, facts, recipients, chain=chain)
    return [
        (rule.code, rule.predicate, rule.params, rule.required, PREDICATES[rule.predicate].hold)
        for rule in block.rules
    ]


_ELIGIBLE, _NOT_ELIGIBLE = str(Verdict.ELIGIBLE), str(Verdict.NOT_ELIGIBLE)
_ON_HOLD, _NEEDS_REVIEW = str(Verdict.ON_HOLD), str(Verdict.NEEDS_REVIEW)


def _decide(rules: list[_FastRule], ctx: Ctx) -> tuple[str, list[str]]:
    """The verdict of ``verdict_of`` and the codes of the rules failed, from the predicates'
    tests (``predicates.passes``): no check, no message."""
    held = unknown = refused = False
    failed: list[str] = []
    for code, predicate, params, required, hold in rules:
        passed = passes(predicate, ctx, params)
        if passed is False:
            failed.append(code)
            if required:
                if hold:
                    held = True
                else:
                    refused = True
        elif passed is None and required:
            unknown = True
    if held:
        return _ON_HOLD, failed
    if unknown:
        return _NEEDS_REVIEW, failed
    return (_NOT_ELIGIBLE if refused else _ELIGIBLE), failed


def _verdicts(
    regime: Regime,
    award_code: str,
    facts: Facts,
    recipients: list[Recipient],
    *,
    path: str | None = None,
) -> Iterator[tuple[Recipient, str, list[str]]]:
    """(recipient, verdict, codes of the rules it fails) for each recipient, decided as
    ``verdict_of`` decides from the checks, without building checks or messages."""
    rules = _ready_rules(regime, award_code, facts, recipients, path=path)
    year = facts.year
    for recipient in recipients:
        verdict, failed = _decide(rules, Ctx(facts, recipient, year, award_code))
        yield recipient, verdict, failed


def _screen_in_memory(
    regime: Regime,
    award_code: str,
    facts: Facts,
    recipients: list[Recipient],
    *,
    chain: tuple[str, ...] = (),
    path: str | None = None,
) -> list[Result]:
    block = _block(regime, award_code, path)
    _prescreen(regime, award_code, block, facts, recipients, chain=chain)
    affirm = [
        Check(
            rule=item.code,
            passed=None,
            message=f"{item.message} ({AFFIRM_NOTE})",
            citation=item.citation,
            confidence=item.confidence,
            required=False,
            affirm=True,
        )
        for item in block.affirm
    ]
    screened: list[Result] = []
    for recipient in recipients:
        ctx = Ctx(facts, recipient, facts.year, award_code)
        checks = [evaluate(rule, ctx) for rule in block.rules]
        checks += affirm  # the same for every candidate (frozen)
        code = (
            facts.person_code[recipient[1]]
            if recipient[0] == PERSON
            else facts.unit_code[recipient[1]]
        )
        screened.append(Result(code, recipient, verdict_of(checks), checks))
    return screened


def is_collective(award_code: str, regime: Regime) -> bool:
    """Whether the award's rules in the regime screen units (a form like BANG_KHEN_TINH may
    be for either; the regime file says which path it encodes)."""
    block = regime.rules_for(award_code)
    if block is not None:
        return block.recipient == UNIT
    return not AWARDS[award_code].for_person


@dataclass(frozen=True)
class _Plan:
    """What a screening screens: the award's path, its rules' needs, the candidates."""

    award_code: str
    year: int
    regime: Regime
    collective: bool
    needs: frozenset[str]
    people: QuerySet[Person]
    units: QuerySet[Unit]
    reach: Reach = FULL

    @property
    def path(self) -> str:
        return UNIT if self.collective else PERSON

    @property
    def candidates(self) -> QuerySet[Any]:
        return self.units if self.collective else self.people

    def facts(self, pk_range: tuple[int, int] | None = None) -> tuple[Facts, list[Recipient]]:
        """The facts of the candidates (of those with ids in ``pk_range``), and the
        candidates ordered by code."""
        if self.collective:
            units = self.units
            if pk_range is not None:
                units = units.filter(pk__gte=pk_range[0], pk__lte=pk_range[1])
            facts = gather_facts(
                self.year, units=units, blocs="blocs" in self.needs, reach=self.reach
            )
            codes = facts.unit_code
            return facts, [(UNIT, pk) for pk in sorted(codes, key=codes.__getitem__)]
        facts = gather_facts(self.year, people=self.people, pk_range=pk_range, reach=self.reach)
        codes = facts.person_code
        return facts, [(PERSON, pk) for pk in sorted(codes, key=codes.__getitem__)]

    def chunks(self, chunk_size: int) -> list[tuple[int, int]]:
        """(first id, last id) of consecutive chunks of ``chunk_size`` candidates: one query
        reading the candidates' ids in order."""
        ranges: list[tuple[int, int]] = []
        first = last = 0
        n = 0
        ids = self.candidates.order_by("pk").values_list("pk", flat=True)
        for pk in ids.iterator(chunk_size=20_000):
            if n == 0:
                first = pk
            last = pk
            n += 1
            if n == chunk_size:
                ranges.append((first, last))
                n = 0
        if n:
            ranges.append((first, last))
        return ranges

    def count_chunk(self, pk_range: tuple[int, int] | None) -> tuple[Counter[str], Counter[str]]:
        facts, recipients = self.facts(pk_range)
        verdicts: Counter[str] = Counter()
        failed: Counter[str] = Counter()
        for _recipient, verdict, codes in _verdicts(
            self.regime, self.award_code, facts, recipients, path=self.path
        ):
            verdicts[verdict] += 1
            failed.update(codes)
        return verdicts, failed


def _plan(
    award_code: str,
    year: int,
    people: QuerySet[Person] | None,
    units: QuerySet[Unit] | None,
    regime: Regime | None,
) -> _Plan:
    if award_code not in AWARDS:
        raise ValidationError(
            {"award_code": _("Không có danh hiệu, hình thức mã “%(code)s”.") % {"code": award_code}}
        )
    regime = regime or load_regime(regime_for_year(year))
    _block(regime, award_code)
    paths = regime.paths(award_code)
    if units is not None and people is None and UNIT in paths:
        collective = True
    elif people is not None and units is None and PERSON in paths:
        collective = False
    else:
        collective = is_collective(award_code, regime)
    block = regime.rules_for(award_code, UNIT if collective else PERSON)
    needs = frozenset(_needs(block.rules) if block is not None else ())
    return _Plan(
        award_code,
        year,
        regime,
        collective,
        needs,
        people if people is not None else Person.objects.none(),
        units if units is not None else Unit.objects.none(),
        _reach(regime, award_code, UNIT if collective else PERSON),
    )


def screen(
    award_code: str,
    year: int,
    *,
    people: QuerySet[Person] | None = None,
    units: QuerySet[Unit] | None = None,
    regime: Regime | None = None,
) -> Screening:
    """Screen ``people`` (for an individual award) or ``units`` (for a collective one) for
    ``award_code`` in ``year``. A fixed number of queries whatever the number of candidates;
    every result in memory (for a whole country, ``iter_screen`` or ``screen_summary``)."""
    plan = _plan(award_code, year, people, units, regime)
    facts, recipients = plan.facts()
    results = _screen_in_memory(plan.regime, award_code, facts, recipients, path=plan.path)
    return Screening(award_code, year, plan.regime.code, results, plan.path)


def iter_screen(
    award_code: str,
    year: int,
    *,
    people: QuerySet[Person] | None = None,
    units: QuerySet[Unit] | None = None,
    regime: Regime | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[Result]:
    """The results of ``screen``, yielded one chunk of ``chunk_size`` candidates at a time
    (chunks in the order of ids, each ordered by code): only one chunk's facts and results
    are held. One query for the chunks, then ``screen``'s fixed number per chunk."""
    plan = _plan(award_code, year, people, units, regime)
    for pk_range in plan.chunks(chunk_size):
        facts, recipients = plan.facts(pk_range)
        yield from _screen_in_memory(plan.regime, award_code, facts, recipients, path=plan.path)


_JOB: dict[str, _Plan] = {}  # "plan": what forked worker processes count chunks of


def _count_in_worker(pk_range: tuple[int, int]) -> tuple[Counter[str], Counter[str]]:
    return _JOB["plan"].count_chunk(pk_range)


def _can_fork() -> bool:
    """Worker processes need their own connections: PostgreSQL (an in-memory SQLite database
    would not be shared), outside any transaction (they would not see its writes)."""
    return (
        connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and "fork" in multiprocessing.get_all_start_methods()
    )


def screen_summary(
    award_code: str,
    year: int,
    *,
    people: QuerySet[Person] | None = None,
    units: QuerySet[Unit] | None = None,
    regime: Regime | None = None,
    chunk_size: int = CHUNK_SIZE,
    workers: int = 1,
) -> Summary:
    """``screen`` reduced to counts per verdict and per failed rule, one chunk at a time and
    without any check or message: what a screening of a whole country shows first. With
    ``workers`` > 1 (on PostgreSQL, outside a transaction) the chunks are shared among that
    many forked processes, each with its own database connection."""
    plan = _plan(award_code, year, people, units, regime)
    ranges = plan.chunks(chunk_size)
    parts: list[tuple[Counter[str], Counter[str]]]
    if workers > 1 and len(ranges) > 1 and _can_fork():
        connections.close_all()  # each process opens its own
        _JOB["plan"] = plan
        try:
            with ProcessPoolExecutor(
                max_workers=min(workers, len(ranges)),
                mp_context=multiprocessing.get_context("fork"),
            ) as pool:
                parts = list(pool.map(_count_in_worker, ranges))
        finally:
            _JOB.clear()
    else:
        parts = [plan.count_chunk(r) for r in ranges]
    verdicts: Counter[str] = Counter({str(v): 0 for v in Verdict.values})
    failed: Counter[str] = Counter()
    for chunk_verdicts, chunk_failed in parts:
        verdicts.update(chunk_verdicts)
        failed.update(chunk_failed)
    return Summary(
        award_code,
        year,
        plan.regime.code,
        plan.path,
        {str(v): verdicts[str(v)] for v in Verdict.values},
        dict(failed.most_common()),
        len(ranges),
    )


@dataclass(frozen=True)
class Scope:
    """What a user screens: the candidates of ``screen`` for the user, not yet screened."""

    award_code: str
    year: int
    regime: Regime
    people: QuerySet[Person] | None = None
    units: QuerySet[Unit] | None = None

    @property
    def candidates(self) -> QuerySet[Any]:
        """The candidates (units or people) in the order of the results: by code."""
        qs = self.units if self.units is not None else self.people
        if qs is None:
            return Person.objects.none()
        return qs.order_by("code", "pk")

    def screen(self, ids: list[int] | None = None) -> Screening:
        """Screen the scope, or only its candidates with these ids (a page of them)."""
        people, units = self.people, self.units
        if ids is not None:
            if units is not None:
                units = units.filter(pk__in=ids)
            elif people is not None:
                people = people.filter(pk__in=ids)
        return screen(self.award_code, self.year, people=people, units=units, regime=self.regime)

    def summary(self, *, workers: int = 1, chunk_size: int = CHUNK_SIZE) -> Summary:
        return screen_summary(
            self.award_code,
            self.year,
            people=self.people,
            units=self.units,
            regime=self.regime,
            workers=workers,
            chunk_size=chunk_size,
        )


def scope_for_user(
    user: Any,
    award_code: str,
    year: int,
    *,
    unit: Unit | None = None,
    recipient: str | None = None,
) -> Scope:
    """The people (or units) of ``unit``'s subtree the user may see, or all the visible ones
    without a unit. ``recipient`` ("person" or "unit") picks the path of a form that has both
    (GIAY_KHEN, BANG_KHEN_TINH, BANG_KHEN_TTG); by default the title's own recipient, and the
    individual path of such a form."""
    regime = load_regime(regime_for_year(year))
    paths = regime.paths(award_code) if award_code in AWARDS else ()
    if recipient is not None and paths and recipient not in paths:
        raise ValidationError(
            {
                "recipient_type": _("Chế độ %(regime)s không có tiêu chuẩn “%(code)s” cho %(who)s.")
                % {
                    "regime": regime.code,
                    "code": award_code,
                    "who": _("tập thể") if recipient == UNIT else _("cá nhân"),
                }
            }
        )
    if paths and (recipient == UNIT or (recipient is None and paths[0] == UNIT)):
        units = visible_units(user)
        if unit is not None:
            units = units.filter(path__startswith=unit.path)
        return Scope(award_code, year, regime, units=units)
    people = visible_people(user)
    if unit is not None:
        people = people.filter(unit__path__startswith=unit.path)
    return Scope(award_code, year, regime, people=people)


def screen_for_user(
    user: Any,
    award_code: str,
    year: int,
    *,
    unit: Unit | None = None,
    recipient: str | None = None,
) -> Screening:
    """Screen what the user may see (``scope_for_user``): every result in memory; for large
    scopes ``scope_for_user(...).summary()`` and a page of ``Scope.screen(ids)``."""
    scope = scope_for_user(user, award_code, year, unit=unit, recipient=recipient)
    return scope.screen()
