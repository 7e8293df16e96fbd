"""Builders for test data with sensible defaults; each returns the saved object."""
from __future__ import annotations

import datetime as dt
import itertools

from portal.extensions import db
from portal.models import (
    BailChange,
    Case,
    CaseEvent,
    CaseVictim,
    Caseworker,
    ContactPreference,
    Court,
    Decision,
    Hearing,
    Organisation,
    PropertyItem,
    Team,
    Update,
    Victim,
)
from portal.models.enums import (
    HearingKind,
    HearingStatus,
    Offence,
    Role,
    Stage,
    TeamKind,
    UpdateEvent,
)
from portal.models.types import utcnow

_counter = itertools.count(1)
# The password every staff member built here has (tests/conftest.py makes hashing cheap).
STAFF_PASSWORD = "quiet harbour lantern seven"
_staff_hash: dict[str, str] = {}


class Factory:
    def team(self, kind: TeamKind = TeamKind.WITNESS_CARE, name: str | None = None) -> Team:
        n = next(_counter)
        org = Organisation(name=f"Organisation {n}", kind="police")
        team = Team(organisation=org, name=name or f"Team {n}", kind=kind,
                    phone="01632 960000", email=f"team{n}@teams.example",
                    opens_at=dt.time(9), closes_at=dt.time(17))
        db.session.add(team)
        db.session.commit()
        return team

    def caseworker(self, team: Team | None = None, role: Role = Role.CASEWORKER,
                   name: str | None = None, **values) -> Caseworker:
        n = next(_counter)
        values.setdefault("phone", "01632 960001")
        values.setdefault("email", f"worker{n}@staff.example")
        person = Caseworker(team=team or self.team(), role=role, name=name or f"Worker {n}",
                            **values)
        db.session.add(person)
        db.session.commit()
        return person

    def staff(self, team: Team | None = None, role: Role = Role.CASEWORKER,
              name: str | None = None, **values) -> Caseworker:
        """A console user who has set up their account: a password and an authenticator app."""
        import pyotp

        from portal.services.sign_in.passwords import hash_password

        if "hash" not in _staff_hash:
            _staff_hash["hash"] = hash_password(STAFF_PASSWORD)
        values.setdefault("password_hash", _staff_hash["hash"])
        values.setdefault("totp_secret", pyotp.random_base32())
        if role in (Role.ADMIN, Role.AREA_LEAD):  # no team
            person = Caseworker(team=None, role=role, name=name or "Admin",
                                email=values.pop("email", f"{role}{next(_counter)}@staff.example"),
                                **values)
            db.session.add(person)
            db.session.commit()
            return person
        return self.caseworker(team=team, role=role, name=name, **values)

    def victim(self, name: str | None = None, language: str = "en", active: bool = True,
               **values) -> Victim:
        n = next(_counter)
        values.setdefault("email", f"victim{n}@example.org")
        # Ofcom's drama range has 1,000 numbers: wrap, so long runs stay inside it.
        values.setdefault("phone", f"+447700900{n % 1000:03d}")
        person = Victim(full_name=name or f"Victim Number{n}", language=language,
                        activated_at=utcnow() if active else None, **values)
        db.session.add(person)
        db.session.commit()
        return person

    def preferences(self, victim: Victim, **values) -> ContactPreference:
        """The victim's contact preferences, as if they had answered the first sign-in
        questions (asked_at set); ``values`` set any of ContactPreference's columns."""
        pref = victim.preference
        if pref is None:
            pref = ContactPreference(victim=victim)
            db.session.add(pref)
        values.setdefault("asked_at", pref.asked_at or utcnow())
        for name, value in values.items():
            setattr(pref, name, value)
        db.session.commit()
        return pref

    def case(self, victims=(), stage: Stage = Stage.INVESTIGATION, team: Team | None = None,
             contact: Caseworker | None = None, offence: Offence = Offence.BURGLARY,
             **values) -> Case:
        n = next(_counter)
        team = team or (contact.team if contact else self.team())
        values.setdefault("reported_on", dt.date(2026, 1, 5))
        case = Case(crime_reference=f"TEST/{n:05d}", offence=offence, stage=stage,
                    team=team, contact=contact, **values)
        db.session.add(case)
        for victim in victims:
            db.session.add(CaseVictim(case=case, victim=victim))
        db.session.add(CaseEvent(case=case, kind="stage", stage=stage))
        db.session.commit()
        return case

    def court(self, name: str | None = None) -> Court:
        n = next(_counter)
        court = Court(name=name or f"Court {n}", address=f"{n} High Street, Testtown")
        db.session.add(court)
        db.session.commit()
        return court

    def hearing(self, case: Case, starts_at: dt.datetime | None = None,
                kind: HearingKind = HearingKind.TRIAL, court: Court | None = None,
                **values) -> Hearing:
        values.setdefault("status", HearingStatus.LISTED)
        hearing = Hearing(case=case, court=court or self.court(), kind=kind,
                          starts_at=starts_at or utcnow() + dt.timedelta(days=10), **values)
        db.session.add(hearing)
        db.session.commit()
        return hearing

    def decision(self, case: Case, kind, reasons: str = "Because of the evidence.",
                 made_at: dt.datetime | None = None, **values) -> Decision:
        decision = Decision(case=case, kind=kind, reasons=reasons,
                            made_at=made_at or utcnow(), **values)
        db.session.add(decision)
        db.session.commit()
        return decision

    def update(self, case: Case, event: UpdateEvent = UpdateEvent.GENERAL,
               text: str = "The officer has spoken to the witness.", *, urgent: bool = False,
               at_next_window: bool = False) -> Update:
        """Post an update to the case's victims, as the console does: the update and its
        notifications committed together (the outbox)."""
        from portal.services.delivery.outbox import notify_update

        update = Update(case=case, event=event, body_html=f"<p>{text}</p>", body_text=text,
                        urgent=urgent)
        db.session.add(update)
        notify_update(update, urgent=urgent, at_next_window=at_next_window)
        db.session.commit()
        return update

    def bail(self, case: Case, kind: str = "granted", status: str = "court_bail",
             decided_on: dt.date | None = None, **values) -> BailChange:
        """A change of the suspect's bail or custody, as if recorded by the team (issue 14)."""
        change = BailChange(case=case, kind=kind, status=status,
                            decided_on=decided_on or dt.date.today(), **values)
        db.session.add(change)
        db.session.commit()
        return change

    def property_item(self, case: Case, description: str = "A black bike",
                      held_because: str = "evidence", status: str = "held_as_evidence",
                      **values) -> PropertyItem:
        """Something the police hold for the case, as if recorded by the team (issue 14)."""
        item = PropertyItem(case=case, description=description, held_because=held_because,
                            status=status, **values)
        db.session.add(item)
        db.session.commit()
        return item
    def release(self, case: Case, expected_on: dt.date | None = None, **values):
        """The offender's release to come with its licence conditions, as if recorded by the
        team (issue 14, the Victim Contact Scheme)."""
        from portal.models import Release

        release = Release(case=case, expected_on=expected_on or dt.date.today()
                          + dt.timedelta(days=30), **values)
        db.session.add(release)
        db.session.commit()
        return release
