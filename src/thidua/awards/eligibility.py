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
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from thidua.awards.enums import Verdict
from thidua.awards.facts import PERSON, UNIT, Facts, Recipient, gather_facts
from thidua.awards.predicates import PREDICATES, Check, Ctx
from thidua.awards.regimes import (
    AFFIRM_NOTE,
    UNCONFIRMED_NOTE,
    Regime,
    Rule,
    load_regime,
    regime_for_year,
)
from thidua.core.codes import AWARDS
from thidua.org.models import Person, Unit
from thidua.org.queries import visible_people, visible_units


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


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "—"


def render_message(template: str, values: dict[str, Any]) -> str:
    """The rule's message with ``{placeholders}`` filled from params and facts; a placeholder
    without a value shows "—"."""
    try:
        return string.Formatter().vformat(template, (), _Blank(values))
    except (ValueError, TypeError, IndexError):
        return template


def evaluate(rule: Rule, ctx: Ctx) -> Check:
    spec = PREDICATES[rule.predicate]
    outcome = spec.fn(ctx, **rule.params)
    values = {**rule.params, **outcome.used, "year": ctx.year}
    message = render_message(rule.message, values)
    if rule.confidence == "U":
        message = f"{message} ({UNCONFIRMED_NOTE})"
    return Check(
        rule=rule.code,
        passed=outcome.passed,
        message=message,
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


def _screen_in_memory(
    regime: Regime,
    award_code: str,
    facts: Facts,
    recipients: list[Recipient],
    *,
    chain: tuple[str, ...] = (),
) -> list[Result]:
    block = regime.rules_for(award_code)
    if block is None:
        raise ValidationError(
            {
                "award_code": _("Chế độ %(regime)s chưa có tiêu chuẩn cho “%(code)s”.")
                % {"regime": regime.code, "code": award_code}
            }
        )
    # Decide first the same-year titles these rules rely on, over the people concerned.
    people = [(PERSON, pid) for pid in facts.person_code]
    units = [r for r in recipients if r[0] == UNIT]
    for code in _same_year_titles(block.rules):
        key = (code, facts.year)
        if code == award_code or code in chain or key in facts.screened:
            continue
        if regime.rules_for(code) is None:
            continue
        pool = units if is_collective(code, regime) else people
        results = _screen_in_memory(regime, code, facts, pool, chain=(*chain, award_code))
        facts.screened[key] = {r.recipient: r.verdict for r in results}

    screened: list[Result] = []
    for recipient in recipients:
        ctx = Ctx(facts, recipient, facts.year, award_code)
        checks = [evaluate(rule, ctx) for rule in block.rules]
        checks += [
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


def screen(
    award_code: str,
    year: int,
    *,
    people: QuerySet[Person] | None = None,
    units: QuerySet[Unit] | None = None,
    regime: Regime | None = None,
) -> Screening:
    """Screen ``people`` (for an individual award) or ``units`` (for a collective one) for
    ``award_code`` in ``year``. A fixed number of queries whatever the number of candidates."""
    if award_code not in AWARDS:
        raise ValidationError(
            {"award_code": _("Không có danh hiệu, hình thức mã “%(code)s”.") % {"code": award_code}}
        )
    regime = regime or load_regime(regime_for_year(year))
    if regime.rules_for(award_code) is None:
        raise ValidationError(
            {
                "award_code": _("Chế độ %(regime)s chưa có tiêu chuẩn cho “%(code)s”.")
                % {"regime": regime.code, "code": award_code}
            }
        )
    collective = is_collective(award_code, regime)
    if collective:
        units_qs = units if units is not None else Unit.objects.none()
        facts = gather_facts(year, units=units_qs)
        recipients = [
            (UNIT, pk) for pk in sorted(facts.unit_code, key=lambda pk: facts.unit_code[pk])
        ]
    else:
        people_qs = people if people is not None else Person.objects.none()
        facts = gather_facts(year, people=people_qs)
        recipients = [
            (PERSON, pk) for pk in sorted(facts.person_code, key=lambda pk: facts.person_code[pk])
        ]
    results = _screen_in_memory(regime, award_code, facts, recipients)
    return Screening(award_code, year, regime.code, results)


def screen_for_user(
    user: Any, award_code: str, year: int, *, unit: Unit | None = None
) -> Screening:
    """Screen what the user may see: the people (or units) of ``unit``'s subtree, or all the
    visible ones without a unit."""
    regime = load_regime(regime_for_year(year))
    if award_code in AWARDS and regime.rules_for(award_code) and is_collective(award_code, regime):
        units = visible_units(user)
        if unit is not None:
            units = units.filter(path__startswith=unit.path)
        return screen(award_code, year, units=units, regime=regime)
    people = visible_people(user)
    if unit is not None:
        people = people.filter(unit__path__startswith=unit.path)
    return screen(award_code, year, people=people, regime=regime)
