"""Plain-English starting text for each kind of update, filled in from the case's facts.

The caseworker edits it before sending. Each template passes the plain-English checker for its
own event (tests/caseworker/test_plain_english.py proves it), so the easy update is the good
one. Written in the language the caseworker writes in; dates and times in London time.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import (
    format_date,
    format_time,
    ngettext,
)
from flask_babel import (
    gettext as _,
)
from sqlalchemy import select

from portal import i18n, london
from portal.content import bail as bail_text
from portal.content import labels
from portal.content import parole as parole_text
from portal.content import release as release_text
from portal.extensions import db
from portal.models import Case, Court, Decision, Hearing
from portal.models.bail import ON_BAIL, BailChangeKind, BailStatus
from portal.models.enums import DecisionKind, HearingOutcome, HearingStatus, UpdateEvent
from portal.models.types import utcnow
from portal.services import after_decision
from portal.services.case_file import held_property
from portal.services.case_file.obligations import VCS_MINIMUM_MONTHS
from portal.services.identifiers import display_phone

E = UpdateEvent


def prefill(case: Case, event: UpdateEvent | str, hearing: Hearing | None = None,
            decision: Decision | None = None, language: str = "en") -> str:
    """The starting text: paragraphs separated by blank lines."""
    event = UpdateEvent(event)
    with i18n.as_reader(language):
        paragraphs = _BUILDERS[event](case, hearing, decision)
        paragraphs.append(_questions(case))
    return "\n\n".join(p for p in paragraphs if p)


def handover_text(case: Case, language: str = "en") -> str:
    """What victims are told when their case moves to another team."""
    team = case.team
    with i18n.as_reader(language):
        parts = [_("Your contact has changed. From today, %(team)s will keep you updated about "
                   "your case.", team=i18n.local_name(team))]
        if case.contact is not None:
            parts.append(_("Your new contact is %(name)s.", name=case.contact.name))
        parts.append(_questions(case))
    return "\n\n".join(parts)


def bulk_text(court: Court, day: dt.date, change: str, new_day: dt.date | None,
              reason: str, language: str = "en") -> str:
    """What every victim affected by a change at court is told (bulk_update.py)."""
    reason = _reason(reason)
    with i18n.as_reader(language):
        court_name = i18n.local_name(court)
        when = format_date(day, "full")
        if change == "moved" and new_day is not None:
            parts = [_("%(court)s has moved its hearings on %(day)s to %(new_day)s. This is "
                       "because %(reason)s.", court=court_name, day=when,
                       new_day=format_date(new_day, "full"), reason=reason),
                     _("Your hearing is now on %(new_day)s, at the same time as before. Your "
                       "case page shows the new date.", new_day=format_date(new_day, "full"))]
        else:
            parts = [_("%(court)s is closed on %(day)s because %(reason)s.", court=court_name,
                       day=when, reason=reason),
                     _("Your hearing on that day will not go ahead. You do not need to go to "
                       "court. We will tell you the new date as soon as we know it.")]
    return "\n\n".join(parts)


def _questions(case: Case) -> str:
    team = case.team
    phone = case.phone_to_call
    return _("If you have questions, call us on %(phone)s, Monday to Friday, %(opens)s to "
             "%(closes)s.", phone=display_phone(phone), opens=i18n.clock(team.opens_at),
             closes=i18n.clock(team.closes_at))


def _support() -> str:
    return _("Victim Support can help you however you feel about this. Call them free on "
             "0808 16 89 111, at any time.")



def _date(moment: dt.datetime) -> str:
    return format_date(london.local_date(moment), "full")


def _time(moment: dt.datetime) -> str:
    return format_time(moment, i18n.time_format())


def _hearing_facts(hearing: Hearing) -> list[str]:
    kind = labels.HEARING_KINDS[hearing.kind]
    return [
        _("When: %(date)s at %(time)s.", date=_date(hearing.starts_at),
          time=_time(hearing.starts_at)),
        _("Where: %(court)s, %(address)s.", court=i18n.local_name(hearing.court),
          address=hearing.court.address),
        _("Type of hearing: %(kind)s. %(what)s", kind=kind[0], what=kind[1]),
    ]


def _attend(hearing: Hearing) -> str:
    if hearing.must_attend:
        return _("You need to go to court as a witness. We will tell you what to expect and "
                 "what help you can have on the day. If you cannot go on this date, tell us as "
                 "soon as you can.")
    return _("You do not need to go to court. You can go and watch if you want to.")


def _reason(text: str | None) -> str:
    return (text or "").strip().rstrip(".")


def _hearing_listed(case, hearing, decision) -> list[str]:
    if hearing is None:
        return [_("The court has set a date for a hearing in your case.")]
    return [_("The court has set a date for a hearing in your case."),
            "\n".join(_hearing_facts(hearing)), _attend(hearing),
            _("We will tell you what happens at the hearing within 1 working day.")]


def _hearing_moved(case, hearing, decision) -> list[str]:
    if hearing is None:
        return [_("A hearing in your case has moved to a new date.")]
    parts = [_("A hearing in your case has moved to a new date.")]
    if hearing.previous_starts_at:
        parts.append(_("It was on %(date)s.", date=_date(hearing.previous_starts_at)))
    parts.append("\n".join(_hearing_facts(hearing)))
    if hearing.change_reason:
        parts.append(_("The court moved it because %(reason)s.",
                       reason=_reason(hearing.change_reason)))
    parts.append(_attend(hearing))
    return parts


def _hearing_vacated(case, hearing, decision) -> list[str]:
    when = _date(hearing.starts_at) if hearing else None
    parts = [_("The hearing on %(date)s has been cancelled.", date=when) if when
             else _("A hearing in your case has been cancelled.")]
    if hearing is not None and hearing.change_reason:
        parts.append(_("The court cancelled it because %(reason)s.",
                       reason=_reason(hearing.change_reason)))
    if _pleaded_guilty(case):
        # A trial is cancelled when the defendant admits the crime: there is no new date to
        # promise, only the sentence to come.
        parts.append(_("You do not need to go to court on that day. The defendant has said they "
                       "are guilty, so there will be no trial. We will tell you when the court "
                       "will decide the sentence."))
    else:
        parts.append(_("You do not need to go to court on that day. We will tell you the new "
                       "date as soon as we know it."))
    return parts


def _pleaded_guilty(case: Case) -> bool:
    return any(h.outcome == HearingOutcome.GUILTY_PLEA for h in case.hearings) or any(
        d.decision_kind is DecisionKind.VERDICT_GUILTY for d in case.decisions)


def _sentence_given(case: Case) -> list[str]:
    """The sentence, when the hearing's outcome is a sentence and it has been recorded."""
    sentences = [d for d in case.decisions if d.decision_kind is DecisionKind.SENTENCE]
    if not sentences:
        return [_("We will send you the details of the sentence in another message.")]
    months = max(sentences, key=lambda d: d.made_at).sentence_months
    if months:
        return [ngettext("The court has given the offender a prison sentence of %(num)d month.",
                         "The court has given the offender a prison sentence of %(num)d "
                         "months.", months)]
    return [_("The offender will not go to prison for this crime. We will send you the "
              "details of the sentence in another message.")]


def _hearing_outcome(case, hearing, decision) -> list[str]:
    parts = []
    if hearing is not None:
        parts.append(_("The hearing on %(date)s at %(court)s has finished.",
                       date=_date(hearing.starts_at), court=i18n.local_name(hearing.court)))
        if hearing.outcome:
            parts.append(_("What happened: %(outcome)s.",
                           outcome=labels.HEARING_OUTCOMES[HearingOutcome(hearing.outcome)]))
            if hearing.outcome == HearingOutcome.SENTENCED:
                parts.extend(_sentence_given(case))
        if hearing.outcome_note:
            parts.append(hearing.outcome_note.strip())
    coming = [h for h in case.hearings if h.starts_at > utcnow()
              and h.status in (HearingStatus.LISTED, HearingStatus.MOVED)]
    if coming:
        parts.append(_("The next hearing is on %(date)s at %(time)s. We will tell you more about "
                       "it.", date=_date(coming[0].starts_at), time=_time(coming[0].starts_at)))
    else:
        parts.append(_("We will tell you what happens next."))
    return parts


def _charged(case, hearing, decision) -> list[str]:
    parts = [_("Someone has been charged in your case. The charge is: %(offence)s.",
               offence=labels.OFFENCES.get(case.offence, case.offence))]
    if decision is not None:
        parts.append(decision.reasons.strip())
    parts.append(_("The case will now go to court. The witness care team will be your contact "
                   "from now on. They will tell you the date of the first hearing."))
    return parts


def _decision_reasons(decision: Decision | None) -> list[str]:
    """The reasons, said as the reasons of whoever made the decision (witness care posts
    decisions it did not make)."""
    who = after_decision.decided_by(decision) if decision is not None else None
    intro = {after_decision.POLICE: _("These are the reasons the police gave for the decision:"),
             after_decision.CPS: _("These are the reasons the Crown Prosecution Service gave "
                                   "for the decision:")}.get(
        who, _("These are the reasons given for the decision:"))
    return [intro] + ([decision.reasons.strip()] if decision is not None else [])


def _review(scheme: str) -> str:
    """The Victims' Right to Review as its scheme offers it. This message is how the victim is
    told, so the 3 months run from getting it."""
    if scheme == after_decision.POLICE:
        offer = _("If someone was interviewed as a suspect, you can ask the police to look at "
                  "the decision again. This is called the Victims’ Right to Review.")
    else:
        offer = _("You can ask the Crown Prosecution Service to look at the decision again. "
                  "This is called the Victims’ Right to Review.")
    return offer + " " + _("Ask us within 3 months of getting this message. It is best to ask "
                           "as soon as you can.")


def _no_further_action(case, hearing, decision) -> list[str]:
    scheme = (after_decision.review_offer(decision).scheme if decision is not None
              else after_decision.POLICE)
    return [_("It has been decided not to take your case any further. We know this may be "
              "hard to hear."), *_decision_reasons(decision), _review(scheme), _support()]


def _charge_dropped(case, hearing, decision) -> list[str]:
    return [_("The prosecution service has stopped the case against the person charged. We "
              "know this may be hard to hear."), *_decision_reasons(decision),
            _review(after_decision.CPS),
            _("You can ask us for more information about the decision."), _support()]


def _charge_changed(case, hearing, decision) -> list[str]:
    return [_("The prosecution service has changed the charge in your case."),
            *_decision_reasons(decision),
            _("You can ask us for more information about the decision."), _support()]


def _verdict(case, hearing, decision) -> list[str]:
    if decision is not None and decision.decision_kind is DecisionKind.VERDICT_NOT_GUILTY:
        return [_("The court has found the defendant not guilty."),
                *([decision.reasons.strip()] if decision else []),
                _("What happens next: the case has now ended. We know this may be hard to "
                  "hear."), _support()]
    return [_("The court has found the defendant guilty."),
            *([decision.reasons.strip()] if decision else []),
            _("What happens next: the court will decide the sentence, often at a later "
              "hearing. You can tell the court how the crime has affected you before it "
              "decides."), _support()]


def _sentence(case, hearing, decision) -> list[str]:
    months = decision.sentence_months if decision is not None else None
    if months:
        parts = [ngettext("The court has given the offender a prison sentence of %(num)d month.",
                          "The court has given the offender a prison sentence of %(num)d "
                          "months.", months),
                 _("This means they will spend part of this time in prison. They are usually "
                   "released for the rest of it, on strict rules. They can be sent back to "
                   "prison if they break the rules.")]
    else:
        parts = [_("The court has decided the sentence."),
                 _("This means the offender will not go to prison for this crime.")]
    if decision is not None:
        parts.append(decision.reasons.strip())
    if case.violent_or_sexual and (months or 0) >= VCS_MINIMUM_MONTHS:
        parts.append(_("You can join the Victim Contact Scheme. It tells you about the "
                       "offender’s release and the rules they must follow. We will refer you "
                       "within 10 working days."))
    review = after_decision.sentence_review(decision) if decision is not None else None
    if review is not None:
        parts.append(_("If you think the sentence is too low, you or anyone else can ask the "
                       "Attorney General’s Office to look at it. This is called the Unduly "
                       "Lenient Sentence scheme. It covers some Crown Court sentences."))
        parts.append(_("Your request must reach them by %(date)s. That is 28 days after the "
                       "sentence. They cannot take it later.",
                       date=format_date(review.ask_by, "full")))
    parts.append(_("The offender can ask to appeal against the sentence. We will tell you if "
                   "they do."))
    parts.append(_support())
    return parts


def _appeal(case, hearing, decision) -> list[str]:
    parts = [_("There is news about an appeal in your case.")]
    if decision is not None:
        parts.append(decision.reasons.strip())
    parts.append(_("We will tell you what happens next."))
    return parts


def _released(case, hearing, decision) -> list[str]:
    parts = [_("The offender has been released from prison."),
             _("They must follow rules while they are in the community. If they break the "
               "rules, they can be sent back to prison.")]
    parts += _licence_rules(case)
    parts.append(release_text.helpline())
    return parts


def _release_planned(case, hearing, decision) -> list[str]:
    """Advance notice of a release: the expected day, the licence conditions that protect the
    victim (content/release.py: never where the offender must live), the helpline."""
    planned = case.releases[-1] if case.releases else None
    if planned is None:
        parts = [_("The offender will be released from prison soon.")]
    else:
        parts = [_("The offender is due to be released from prison on %(date)s.",
                   date=format_date(planned.expected_on, "full"))]
    parts.append(_("They must follow rules while they are in the community. If they break the "
                   "rules, they can be sent back to prison."))
    parts += _licence_rules(case)
    parts.append(_("You can tell us what rules you want before the release. Use your case "
                   "page."))
    parts.append(_("We will contact you again within 24 hours of the release."))
    parts.append(release_text.helpline())
    return parts


def _licence_rules(case) -> list[str]:
    planned = case.releases[-1] if case.releases else None
    rules = release_text.conditions(planned)
    if not rules:
        return [_("Your contact will explain the rules that protect you, such as areas they "
                  "must not enter.")]
    return [_("These are the rules that protect you:") + "\n"
            + "\n".join(f"- {rule}" for rule in rules)]


def _urgent_alert(case, hearing, decision) -> list[str]:
    """The latest alert recorded (services/case_file/alerts.py) and how to confirm it was
    read: until then it is sent again, and then the team calls."""
    from portal.models import UrgentAlert

    alert = db.session.scalar(select(UrgentAlert).where(UrgentAlert.case_id == case.id)
                              .order_by(UrgentAlert.created_at.desc(), UrgentAlert.id.desc())
                              .limit(1)) if case.id else None
    parts = [str(release_text.alert_meaning(alert.kind)) if alert is not None
             else _("There is urgent news about the offender.")]
    parts.append(_("Please go to your case page and choose “I have read this”. Until you do, "
                   "we will send this message again, and then we will call you."))
    parts.append(release_text.helpline())
    return parts


def _bail_changed(case, hearing, decision) -> list[str]:
    """The latest change of bail or custody in plain words (never "bail" or "remand", which
    the checker flags), the rules that protect the victim (content/bail.py: never where the
    suspect must live), and what to do if the suspect makes contact."""
    change = case.bail_changes[-1] if case.bail_changes else None
    if change is None:
        return [_("There is news about the suspect in your case."), _unwanted_contact()]
    kind, status = change.change_kind, change.bail_status
    said = {
        BailStatus.RELEASED_UNDER_INVESTIGATION: _(
            "The police have let the suspect go while they carry on with the investigation. "
            "There are no rules they must follow for now."),
        BailStatus.POLICE_BAIL: _(
            "The police have let the suspect go while they investigate. The suspect must "
            "follow rules until the police decide what happens next."),
        BailStatus.COURT_BAIL: _(
            "The court has let the defendant go until the next hearing. The defendant must "
            "follow rules until then."),
        BailStatus.REMANDED: _(
            "The court has said the defendant must stay in prison until the next hearing."),
        BailStatus.RELEASED: _("The suspect has been let go. There are no rules they must "
                               "follow."),
    }[status]
    if kind is BailChangeKind.VARIED:
        parts = [_("The rules the suspect must follow have changed.")]
    elif kind is BailChangeKind.BREACHED and status is BailStatus.REMANDED:
        parts = [_("The suspect broke the rules they had to follow."), said]
    elif kind is BailChangeKind.BREACHED:
        parts = [_("The suspect broke the rules they had to follow. They can stay out of "
                   "prison for now, but they must still follow the rules.")]
    else:
        parts = [said]
    rules = bail_text.conditions(change)
    if rules:
        intro = (_("These are the rules that protect you:") if status in ON_BAIL
                 else _("This still protects you:"))
        parts.append(intro + "\n" + "\n".join(f"- {rule}" for rule in rules))
    parts.append(_("Your case page shows where the suspect is now and the rules that protect "
                   "you."))
    parts.append(_unwanted_contact())
    return parts


def _unwanted_contact() -> str:
    return _("If the suspect contacts you, or tries to, tell us straight away. You can also tell "
             "us on your case page. If you are in danger, call 999.")


def _property_ready(case, hearing, decision) -> list[str]:
    """What can be collected, from when and where (models/property.py), in the words the
    police recorded; the victim's page has the same."""
    items = held_property.ready_items(case)
    if not items:
        return [_("Something the police are keeping for your case is ready for you to "
                  "collect. Your case page says where and when.")]
    parts = [ngettext("This is ready for you to collect:", "These are ready for you to collect:",
                      len(items))]
    today = london.local_date(utcnow())
    for item in items:
        if item.collect_from is None or item.collect_from <= today:
            when = _("You can collect it from today.")
        else:
            when = _("You can collect it from %(date)s.",
                     date=format_date(item.collect_from, "full"))
        parts.append(f"{item.description}\n{when}\n"
                     + _("Where to collect it: %(where)s", where=item.collect_where or ""))
    parts.append(_("Tell us if you cannot collect it, or if you no longer want it."))
    return parts


def _general(case, hearing, decision) -> list[str]:
    return [_("This is an update about your case.")]


def _case_closed(case, hearing, decision) -> list[str]:
    """Closing a case from "Change the stage" writes the whole text with its reason
    (services/case_file/closure.py); this is the start of one written by hand."""
    return [_("We have closed your case."), _support(), _questions(case)]


def _parole_review_started(case, hearing, decision) -> list[str]:
    """The Parole Board's review has started: what the victim can do for it (a statement for
    the Board, applying to attend; the Board decides who attends), with the hearing date when
    one is listed (services/case_file/parole.py)."""
    review = case.parole_reviews[-1] if case.parole_reviews else None
    parts = [_("The Parole Board has started to look at whether the offender can be released "
               "from prison.")]
    if review is not None and review.hearing_on is not None:
        parts.append(_("The Parole Board will meet about the offender on %(date)s. This is "
                       "called a hearing.", date=format_date(review.hearing_on, "full")))
    parts.append(_("You can write a statement for the Parole Board. Tell them how the crime "
                   "has affected you."))
    parts.append(_("You can also apply to go to the hearing to read your statement. The "
                   "Parole Board decides if you can go."))
    parts.append(_("Your contact can help you with both. Send us a message if you want to do "
                   "either."))
    parts.append(_("We will tell you what the Parole Board decides."))
    return parts


def _parole_decision(case, hearing, decision) -> list[str]:
    """The Parole Board's decision in plain words, what it means, and that the victim can ask
    the Board for a summary (content/parole.py)."""
    review = case.parole_reviews[-1] if case.parole_reviews else None
    if review is None or not review.decided:
        parts = [_("The Parole Board has made a decision about the offender."),
                 _("Your contact will explain what this means for you.")]
    else:
        parts = [parole_text.status(review), parole_text.meaning(review)]
    parts.append(_("You can ask the Parole Board for a short summary of their decision. Your "
                   "contact can help you."))
    parts.append(_support())
    return parts


_BUILDERS = {
    E.HEARING_LISTED: _hearing_listed,
    E.HEARING_MOVED: _hearing_moved,
    E.HEARING_VACATED: _hearing_vacated,
    E.HEARING_OUTCOME: _hearing_outcome,
    E.CHARGED: _charged,
    E.NO_FURTHER_ACTION: _no_further_action,
    E.CHARGE_DROPPED: _charge_dropped,
    E.CHARGE_CHANGED: _charge_changed,
    E.VERDICT: _verdict,
    E.SENTENCE: _sentence,
    E.APPEAL: _appeal,
    E.OFFENDER_RELEASED: _released,
    E.BAIL_CHANGED: _bail_changed,
    E.RELEASE_PLANNED: _release_planned,
    E.URGENT_ALERT: _urgent_alert,
    E.GENERAL: _general,
    E.CASE_CLOSED: _case_closed,
    E.PROPERTY_READY: _property_ready,
    E.PAROLE_REVIEW_STARTED: _parole_review_started,
    E.PAROLE_DECISION: _parole_decision,
}
