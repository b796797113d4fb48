"""Steps of the demo loader for the 2018 commendation of TTĐN-2018 (``loader.STEPS``): the
director's login, the register of 2016-2017, the initiatives of 2018, the nominations for
Giấy khen, the department's council and its session of 12/12/2018, the public disclosure of
13/12/2018 and the decision of 20/12/2018. Data in ``data_awards``.

Like every step, each one reads which of its records exist (one query), then writes only the
missing ones through the awards services (``register``, ``nominations``, ``councils``,
``disclosure``, ``decisions``), so they are validated and audited as in production. A second
run creates nothing and writes no audit event.

History: the services stamp "now"; the 2018 times are then set with ``QuerySet.update``
(submissions, ballots, receipts, publication, comments, answers, issue). Dates that the
services take as arguments are passed as such: the disclosure is published and closed with
``today=`` in December 2018, the decision is issued with ``decided_on=2018-12-20``. The public
comments are the one exception: ``submit_public_comment`` accepts comments only while a
disclosure is open *today* (and asks for a form token), so the two 2018 comments are written
directly, with the same audit event the service writes.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext as _

from thidua.awards import councils, decisions, disclosure, nominations, register
from thidua.awards.enums import (
    AwardKind,
    AwardSource,
    NominationState,
    VoteChoice,
    VoteVia,
)
from thidua.awards.models import (
    Award,
    Ballot,
    BallotReceipt,
    Council,
    CouncilMember,
    CouncilSession,
    Decision,
    Disclosure,
    DisclosureState,
    Initiative,
    Nomination,
    NumberCounter,
    PublicComment,
)
from thidua.core.audit import record_event
from thidua.demo import data_awards as data
from thidua.movements.models import Movement
from thidua.org.models import Person, Unit, User

if TYPE_CHECKING:
    from thidua.demo.loader import Tally


def _tally(key: str, label: str, present: int = 0) -> Tally:
    # Imported here: loader imports this module to list its steps.
    from thidua.demo.loader import Tally

    return Tally(key, label, present=present)


def _users(usernames: set[str]) -> dict[str, User]:
    return User.objects.in_bulk(usernames, field_name="username")


def _movement() -> Movement | None:
    return Movement.objects.filter(code=data.MOVEMENT).first()


# --- the register of 2016-2017 and the initiatives ----------------------------------------------


def _award_key(row: data.AwardRow) -> tuple[str | None, str | None, str, int]:
    return (row.person, row.unit, row.award_code, row.year)


def load_past_awards() -> list[Tally]:
    """LĐTT, CSTĐCS, Giấy khen and a collective title of 2016-2017, entered by hand (source
    MANUAL) as the officer copied them from the paper register."""
    rows = data.PAST_AWARDS
    have = set(
        Award.objects.filter(year__in={r.year for r in rows}, source=AwardSource.MANUAL)
        .filter(
            Q(person__code__in=[r.person for r in rows]) | Q(unit__code__in=[r.unit for r in rows])
        )
        .values_list("person__code", "unit__code", "award_code", "year")
    )
    tally = _tally("past_awards", _("Sổ khen thưởng 2016-2017"))
    tally.present = sum(_award_key(r) in have for r in rows)
    missing = [r for r in rows if _award_key(r) not in have]
    if not missing:
        return [tally]
    people = Person.objects.in_bulk({r.person for r in missing if r.person}, field_name="code")
    units = Unit.objects.in_bulk({r.unit for r in missing if r.unit}, field_name="code")
    officer = _users({data.OFFICER}).get(data.OFFICER)
    for row in missing:
        recipient: Person | Unit = people[row.person] if row.person else units[row.unit or ""]
        try:
            register.record_award(
                recipient=recipient,
                award_code=row.award_code,
                year=row.year,
                kind=row.kind,
                decision_number=row.decision_number,
                decision_date=row.decision_date,
                issuer=row.issuer,
                achievement=row.achievement,
                source=AwardSource.MANUAL,
                actor=officer,
            )
        except register.DuplicateAward:
            continue  # a demo user recorded it meanwhile from another source
        tally.created += 1
    return [tally]


def load_initiatives() -> list[Tally]:
    """Initiatives recognised on 20/11/2018: two of grassroots scope, one of provincial scope."""
    rows = data.INITIATIVES
    have = set(
        Initiative.objects.filter(code__in=[r.code for r in rows]).values_list("code", flat=True)
    )
    tally = _tally("initiatives", _("Sáng kiến"), present=len(have))
    missing = [r for r in rows if r.code not in have]
    if not missing:
        return [tally]
    people = Person.objects.in_bulk({c for r in missing for c in r.authors}, field_name="code")
    units = Unit.objects.in_bulk({r.unit for r in missing}, field_name="code")
    officer = _users({data.OFFICER}).get(data.OFFICER)
    for row in missing:
        register.upsert_initiative(
            row.code,
            title=row.title,
            authors=[people[c] for c in row.authors],
            unit=units[row.unit],
            recognized_on=row.recognized_on,
            scope=row.scope,
            actor=officer,
        )
        tally.created += 1
    return [tally]


# --- nominations ---------------------------------------------------------------------------------


def _nomination_key(row: data.NominationRow) -> tuple[str | None, str | None]:
    return (row.person, row.unit)


def load_nominations() -> list[Tally]:
    """Giấy khen nominations of TTBCXB, TTCNTT, CNTT and the department, each citing the
    candidate's assessment, activities or initiatives, screened and submitted."""
    rows = data.NOMINATIONS
    have = set(
        Nomination.objects.filter(
            movement__code=data.MOVEMENT, award_code=data.AWARD, year=data.YEAR
        ).values_list("person__code", "unit__code")
    )
    tally = _tally("nominations", _("Đề nghị khen thưởng"))
    tally.present = sum(_nomination_key(r) in have for r in rows)
    missing = [r for r in rows if _nomination_key(r) not in have]
    movement = _movement() if missing else None
    if movement is None:
        return [tally]
    people = Person.objects.in_bulk({r.person for r in missing if r.person}, field_name="code")
    units = Unit.objects.in_bulk(
        {r.proposing_unit for r in missing} | {r.unit for r in missing if r.unit},
        field_name="code",
    )
    users = _users({r.by for r in missing})
    initiatives = Initiative.objects.in_bulk(
        {c for r in missing for c in r.initiatives}, field_name="code"
    )
    for row in missing:
        actor = users.get(row.by)
        person = people[row.person] if row.person else None
        unit = units[row.unit] if row.unit else None
        nomination = nominations.create_nomination(
            movement,
            award_code=data.AWARD,
            year=data.YEAR,
            proposing_unit=units[row.proposing_unit],
            person=person,
            unit=unit,
            kind=AwardKind.MOVEMENT,
            achievement=row.achievement,
            actor=actor,
        )
        nominations.cite_results(
            nomination,
            assessment=(
                nominations.candidate_assessments(nomination).first() if row.assessment else None
            ),
            activities=list(nominations.candidate_activities(nomination)[:8]),
            initiatives=[initiatives[c] for c in row.initiatives if c in initiatives],
            actor=actor,
        )
        nominations.set_nomination_state(nomination, NominationState.SUBMITTED, actor=actor)
        # Historical: submitted in December 2018.
        Nomination.objects.filter(pk=nomination.pk).update(
            submitted_at=row.submitted_at, screened_at=row.submitted_at
        )
        tally.created += 1
    return [tally]


# --- the council and its session -----------------------------------------------------------------


def load_council() -> list[Tally]:
    """The department's council: the director chairs it, hoidong is vice chair, the officer
    and two unit heads are members, thuky is the secretary (without a vote)."""
    rows = data.COUNCIL_MEMBERS
    have = set(
        CouncilMember.objects.filter(council__code=data.COUNCIL_CODE).values_list(
            "user__username", flat=True
        )
    )
    tally = _tally("council_members", _("Thành viên Hội đồng"), present=len(have))
    missing = [r for r in rows if r.username not in have]
    if not missing:
        return [tally]
    users = _users({r.username for r in rows})
    officer = users.get(data.OFFICER)
    council = Council.objects.filter(code=data.COUNCIL_CODE).first()
    if council is None:
        council = councils.create_council(
            data.COUNCIL_CODE,
            name=data.COUNCIL_NAME,
            unit=Unit.objects.get(code=data.DEPARTMENT),
            actor=officer,
        )
    for row in missing:
        if row.username not in users:
            continue
        councils.add_member(
            council,
            users[row.username],
            role=row.role,
            votes=row.votes,
            valid_from=data.COUNCIL_FROM,
            actor=officer,
        )
        tally.created += 1
    return [tally]


def load_council_session() -> list[Tally]:
    """The session of 12/12/2018: attendance, one secret ballot per nomination, the paper
    ballots entered by the secretary, the ballots closed (all passed)."""
    tally = _tally("council_sessions", _("Phiên họp Hội đồng"))
    if CouncilSession.objects.filter(
        council__code=data.COUNCIL_CODE, held_on=data.SESSION_DAY
    ).exists():
        tally.present = 1
        return [tally]
    council = Council.objects.filter(code=data.COUNCIL_CODE).first()
    movement = _movement()
    if council is None or movement is None:
        return [tally]
    order = {_nomination_key(r): i for i, r in enumerate(data.NOMINATIONS)}
    chosen = sorted(
        (
            n
            for n in Nomination.objects.filter(
                movement=movement,
                award_code=data.AWARD,
                year=data.YEAR,
                state=NominationState.SUBMITTED,
            ).select_related("person", "unit")
            if _nominee_key(n) in order
        ),
        key=lambda n: order[_nominee_key(n)],
    )
    if not chosen:
        return [tally]
    members = {m.user.username: m for m in council.members.select_related("user")}
    officer, secretary = members.get(data.OFFICER), members.get(data.SECRETARY)
    if officer is None or secretary is None:
        return [tally]
    session = councils.create_session(
        council, movement=movement, held_on=data.SESSION_DAY, actor=officer.user
    )
    for row in data.COUNCIL_MEMBERS:
        if row.username in members:
            councils.record_attendance(
                session,
                members[row.username],
                present=row.present,
                votes_in_writing=row.in_writing,
                actor=secretary.user,
            )
    councils.open_session(session, actor=officer.user)
    ballots = {
        b.nomination_id: b for b in councils.open_ballots(session, chosen, actor=officer.user)
    }
    voters = [
        members[r.username] for r in data.COUNCIL_MEMBERS if r.votes and r.username in members
    ]
    for nomination in chosen:
        yes, no, blank = data.VOTES[order[_nominee_key(nomination)]]
        choices = [VoteChoice.YES] * yes + [VoteChoice.NO] * no + [VoteChoice.BLANK] * blank
        for member, choice in zip(voters, choices, strict=False):
            councils.cast_vote(
                ballots[nomination.pk],
                member=member,
                choice=choice,
                via=VoteVia.PAPER,
                actor=secretary.user,
            )
    councils.close_session(session, actor=officer.user, minutes_note=data.SESSION_MINUTES)
    # Historical: voted and counted during the session.
    counted = data.at(data.SESSION_DAY.isoformat(), 10, 30)
    Ballot.objects.filter(session=session).update(closed_at=counted)
    BallotReceipt.objects.filter(ballot__session=session).update(
        cast_at=data.at(data.SESSION_DAY.isoformat(), 10, 0)
    )
    tally.created = 1
    return [tally]


def _nominee_key(nomination: Nomination) -> tuple[str | None, str | None]:
    return (
        nomination.person.code if nomination.person else None,
        nomination.unit.code if nomination.unit else None,
    )


# --- the public disclosure -----------------------------------------------------------------------


def load_disclosure() -> list[Tally]:
    """Published on 13/12/2018 for 5 working days (to 19/12), one comment and one objection,
    both answered, then closed."""
    tally = _tally("disclosures", _("Đợt công khai"))
    if Disclosure.objects.filter(code=data.DISCLOSURE_CODE).exists():
        tally.present = 1
        return [tally]
    movement = _movement()
    if movement is None:
        return [tally]
    passed = list(
        Nomination.objects.filter(
            movement=movement,
            award_code=data.AWARD,
            year=data.YEAR,
            state=NominationState.COUNCIL_PASSED,
        ).select_related("person", "unit")
    )
    officer = _users({data.OFFICER}).get(data.OFFICER)
    if not passed or officer is None:
        return [tally]
    item = disclosure.create_disclosure(
        unit=Unit.objects.get(code=data.DEPARTMENT),
        nominations=passed,
        actor=officer,
        movement=movement,
        title=data.DISCLOSURE_TITLE,
        working_days=data.DISCLOSURE_WORKING_DAYS,
    )
    # The service numbers disclosures by the current year; this one is of 2018.
    Disclosure.objects.filter(pk=item.pk).update(code=data.DISCLOSURE_CODE)
    item.code = data.DISCLOSURE_CODE
    disclosure.set_disclosure_state(
        item, DisclosureState.OPEN, actor=officer, today=data.DISCLOSURE_DAY
    )
    by_person = {n.person.code: n for n in passed if n.person}
    for row in data.COMMENTS:
        nomination = by_person.get(row.nomination) if row.nomination else None
        comment = _write_comment(item, row, nomination)
        disclosure.answer_comment(comment, text=row.answer, actor=officer)
        PublicComment.objects.filter(pk=comment.pk).update(
            submitted_at=row.at, answered_at=row.answered_at
        )
    # The day after the period's last day (19/12/2018, per the holiday calendar).
    closing_day = (item.closes_on or data.DISCLOSURE_DAY) + dt.timedelta(days=1)
    disclosure.set_disclosure_state(item, DisclosureState.CLOSED, actor=officer, today=closing_day)
    Disclosure.objects.filter(pk=item.pk).update(
        published_at=data.at(data.DISCLOSURE_DAY.isoformat(), 8, 0),
        closed_at=data.at(closing_day.isoformat(), 8, 0),
    )
    tally.created = 1
    return [tally]


def _write_comment(
    item: Disclosure, row: data.CommentRow, nomination: Nomination | None
) -> PublicComment:
    """A 2018 comment, written as ``disclosure.submit_public_comment`` writes it (see the module
    docstring for why the service is not called)."""
    comment = PublicComment.objects.create(
        disclosure=item,
        nomination=nomination,
        kind=row.kind,
        name=row.name,
        contact=row.contact,
        text=row.text,
        sender_hash=disclosure.sender_hash(f"demo-{row.name}"),
    )
    record_event(
        "awards.disclosure.comment",
        comment,
        after={
            "disclosure": item.pk,
            "kind": row.kind,
            "nomination": nomination.pk if nomination else None,
        },
    )
    return comment


# --- the decision --------------------------------------------------------------------------------


def load_decision() -> list[Tally]:
    """The director's decision 125/QĐ-STTTT of 20/12/2018 on the nominations the council
    passed: issued through ``decisions.issue_decision``, which numbers it from the department's
    2018 counter, computes the money on the base salary in force on 20/12/2018 and writes the
    register."""
    tally = _tally("decisions", _("Quyết định khen thưởng"))
    if Decision.objects.filter(
        movement__code=data.MOVEMENT, subject=data.DECISION_SUBJECT
    ).exists():
        tally.present = 1
        return [tally]
    movement = _movement()
    officer = _users({data.OFFICER}).get(data.OFFICER)
    if movement is None or officer is None:
        return [tally]
    issuer = Unit.objects.get(code=data.DEPARTMENT)
    decision = decisions.create_decision(
        issuer=issuer,
        symbol=data.DECISION_SYMBOL,
        subject=data.DECISION_SUBJECT,
        kind=AwardKind.MOVEMENT,
        movement=movement,
        period_end=data.PERIOD_END,
        signer_name=data.SIGNER_NAME,
        signer_title=data.SIGNER_TITLE,
        legal_bases=data.LEGAL_BASES,
        proposal_ref=data.PROPOSAL_REF,
        money_source=data.MONEY_SOURCE,
        actor=officer,
    )
    lines = decisions.add_recipients_from_nominations(
        decision,
        nominations=Nomination.objects.filter(movement=movement, award_code=data.AWARD),
        actor=officer,
    )
    if not lines:
        return [tally]
    # The department's earlier decisions of 2018 were numbered on paper: continue after them.
    counter, _created = NumberCounter.objects.get_or_create(
        issuer=issuer, year=data.DECISION_DAY.year, doc_type=decisions.DOC_TYPE
    )
    if counter.last_number < data.LAST_NUMBER_2018:
        NumberCounter.objects.filter(pk=counter.pk).update(last_number=data.LAST_NUMBER_2018)
    decision = decisions.issue_decision(decision, decided_on=data.DECISION_DAY, actor=officer)
    Decision.objects.filter(pk=decision.pk).update(
        issued_at=data.at(data.DECISION_DAY.isoformat(), 15, 0)
    )
    tally.created = 1
    return [tally]


STEPS: list[Any] = [
    load_past_awards,
    load_initiatives,
    load_nominations,
    load_council,
    load_council_session,
    load_disclosure,
    load_decision,
]
