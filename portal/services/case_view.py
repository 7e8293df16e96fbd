"""What a victim sees of their cases: built here, rendered by the victim blueprint."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal.content import bail as bail_text
from portal.content import parole as parole_text
from portal.content import release as release_text
from portal.content import stages
from portal.extensions import db
from portal.models import (
    BailChange,
    Case,
    CaseVictim,
    Decision,
    Hearing,
    ParoleReview,
    Release,
    Update,
    Victim,
    WordsKind,
)
from portal.models.enums import HearingStatus, Stage
from portal.models.types import utcnow
from portal.services import after_decision, audit
from portal.services.case_file import alerts, vcs_referral, words_translations
from portal.services.delivery import compose

# Stages at which hearings are expected; before them there are none yet, after them none more.
HEARINGS_EXPECTED = frozenset({Stage.COURT, Stage.OUTCOME})
BEFORE_CHARGE = frozenset({Stage.REPORTED, Stage.INVESTIGATION, Stage.CHARGING})
# A statement about how the crime affected the victim is read before sentence.
BEFORE_SENTENCE = BEFORE_CHARGE | HEARINGS_EXPECTED
FINISHED = frozenset({Stage.SENTENCE, Stage.AFTER_SENTENCE, Stage.CLOSED})


def offers(case: Case, coming: list[Hearing]) -> frozenset[str]:
    """What the case page offers the victim to do, by what fits the case now: no dates to avoid
    or help at court when no hearing can come, no statement for the court after sentence."""
    stage = case.current_stage
    found = {"messages", "complaint"}
    if stage in BEFORE_SENTENCE:
        found.add("statement")
    if stage in HEARINGS_EXPECTED or coming:
        found |= {"dates_to_avoid", "court_help"}
    return frozenset(found)


@dataclass
class CasePage:
    case: Case
    timeline: list[tuple[Stage, str]]
    next_hearing: Hearing | None
    later_hearings: list[Hearing]
    past_hearings: list[Hearing]
    decisions: list[Decision]
    unread: int = 0
    feedback: dict[int, str] = field(default_factory=dict)
    # The caseworker's words in each update, translated into the reader's language if they are.
    words: dict = field(default_factory=dict)
    # The caseworker's other words (decision reasons, outcome notes) translated into the
    # reader's language: {(kind, item id): text}, loaded in one query.
    translated: dict = field(default_factory=dict)
    thanks: int | None = None
    # For each decision: (the review the victim may ask for, the sentence review), either None.
    after: dict[int, tuple] = field(default_factory=dict)
    # What the page offers (see ``offers``), and where the case is in its life.
    offers: frozenset = frozenset()
    hearings_expected: bool = False
    before_charge: bool = False
    finished: bool = False
    # Where the suspect is now (the latest change recorded), in words: (title, what it
    # means), and the rules that protect the victim, one sentence each (never the address).
    bail: BailChange | None = None
    bail_status: tuple | None = None
    protections: list[str] = field(default_factory=list)
    # The viewer's own requests for a review, by decision id (read with the case).
    reviews: dict = field(default_factory=dict)
    # The offender's release under the Victim Contact Scheme (models/release.py) and its
    # licence conditions in words (never the residence); urgent alerts not yet confirmed.
    release: Release | None = None
    licence: list[str] = field(default_factory=list)
    alerts: list = field(default_factory=list)
    # Parole under the Victim Contact Scheme (models/parole.py): the review in force.
    parole: ParoleReview | None = None
    parole_status: str | None = None
    parole_meaning: str | None = None
    # The viewer chose not to join the Victim Contact Scheme (vcs_referral.declined): none of
    # the above about the offender, a paragraph saying why and how to change their mind.
    declined_scheme: bool = False
    # The case's updates the viewer may see, newest first (without those about the offender
    # after sentence when they declined the scheme).
    updates: list = field(default_factory=list)


def cases_for(victim: Victim) -> list[Case]:
    """The victim's cases, most recently changed first, with their upcoming hearings loaded."""
    return list(db.session.scalars(
        select(Case).join(CaseVictim).where(CaseVictim.victim_id == victim.id)
        .options(selectinload(Case.hearings).selectinload(Hearing.court))
        .order_by(Case.updated_at.desc())
    ))


def page_options() -> list:
    """What the case page reads, loaded with the case (services/access.victim_case)."""
    return [
        # A few questions whatever the case holds (tests/victim/test_query_counts.py): each
        # hearing with its court, each update with its translations and feedback, in one
        # query each. A case's events are read only for a closed case (its timeline).
        selectinload(Case.hearings).options(joinedload(Hearing.court),
                                            joinedload(Hearing.words_translations)),
        selectinload(Case.decisions).joinedload(Decision.words_translations),
        selectinload(Case.updates).options(joinedload(Update.translations),
                                           joinedload(Update.feedback)),
        joinedload(Case.team),
        joinedload(Case.contact),
        # A case has a few changes of bail at most: joined to the case's own question rather
        # than one more question (the page's budget is 8).
        joinedload(Case.bail_changes),
        # The victims' review requests (a few at most): joined too.
        joinedload(Case.review_requests),
        # The same for the offender's releases (a release or two, so the rows joined with the
        # bail changes stay few).
        joinedload(Case.releases),
        # Parole reviews: one or two a case, joined the same way.
        joinedload(Case.parole_reviews),
        # The referrals to the Victim Contact Scheme (one a victim, if any): whether the viewer
        # declined it, joined the same way.
        joinedload(Case.vcs_referrals),
    ]


def upcoming(case: Case, now: dt.datetime | None = None) -> list[Hearing]:
    now = now or utcnow()
    return [h for h in case.hearings
            if h.starts_at >= now and h.status in (HearingStatus.LISTED, HearingStatus.MOVED)]


def build(case: Case, viewer: Victim, now: dt.datetime | None = None,
          thanks: int | None = None, *, unread: int) -> CasePage:
    """Everything on the case page, and an audit entry saying the victim viewed it (committed
    by ``viewed``). ``unread``: the viewer's unread answers on the case, asked with the page's
    versions (conversations.unread_on_case)."""
    now = now or utcnow()
    stage = case.current_stage
    coming = upcoming(case, now)
    past = [h for h in case.hearings if h not in coming]
    past.sort(key=lambda h: h.starts_at, reverse=True)
    decisions = sorted(case.decisions, key=lambda d: d.made_at, reverse=True)

    after = {d.id: (after_decision.review_offer(d, viewer), after_decision.sentence_review(d))
             for d in decisions}

    bail = case.bail_changes[-1] if case.bail_changes else None
    # Nothing about the offender after sentence for a victim who declined the scheme.
    declined = vcs_referral.declined(case, viewer)
    told = not declined
    release = case.releases[-1] if case.releases and told else None
    review = case.parole_reviews[-1] if case.parole_reviews and told else None

    # Recorded now, committed by ``viewed`` once the page is rendered: committing here would
    # expire everything just loaded and the page would load it all again.
    record_view(viewer, case.id)
    return CasePage(
        case=case,
        timeline=stages.timeline(stage, _stage_before_closing(case)),
        next_hearing=coming[0] if coming else None,
        later_hearings=coming[1:],
        past_hearings=past,
        decisions=decisions,
        unread=unread,
        feedback={u.id: answer.understood for u in case.updates for answer in u.feedback
                  if answer.victim_id == viewer.id},
        words={u.id: compose.words_for(u, viewer.language) for u in case.updates},
        # Read with the decisions and hearings (page_options): no query of its own.
        translated={(WordsKind(t.kind), t.item_id): t.text
                    for item in [*decisions, *past] for t in item.words_translations
                    if t.language == viewer.language},
        thanks=thanks,
        after=after,
        offers=offers(case, coming),
        hearings_expected=stage in HEARINGS_EXPECTED,
        before_charge=stage in BEFORE_CHARGE,
        finished=stage in FINISHED,
        bail=bail,
        bail_status=bail_text.STATUSES[bail.bail_status] if bail else None,
        protections=bail_text.conditions(bail),
        reviews={r.decision_id: r for r in case.review_requests if r.victim_id == viewer.id},
        release=release,
        licence=release_text.conditions(release),
        alerts=(alerts.unread_for(case, viewer)
                if told and case.current_stage in alerts.ALERT_STAGES else []),
        parole=review,
        parole_status=parole_text.status(review) if review else None,
        parole_meaning=parole_text.meaning(review) if review else None,
        declined_scheme=declined,
        updates=vcs_referral.shown(case, viewer, case.updates),
    )


def translated_words(viewer: Victim, items: dict) -> dict[tuple, str]:
    """The caseworker's words on these items ({kind: [item ids]}) translated into the viewer's
    language, where a translation is attached: {(kind, item id): text}, in one query."""
    return words_translations.for_reader(viewer.language, items)


def record_view(viewer: Victim, case_id: int) -> None:
    """The audit entry saying the victim viewed the case (committed by ``viewed``), whether
    the page was drawn or a kept copy served (portal/page_cache.py)."""
    audit.record_look(viewer, "case.viewed", case_id)


def viewed() -> None:
    """Commit the record that the case was viewed (after the page is rendered)."""
    db.session.commit()


def next_step(case: Case, now: dt.datetime | None = None) -> tuple[str, Hearing | None]:
    """What happens next on this case, for the list of cases: a hearing if one is coming,
    otherwise the stage's own explanation of what comes next."""
    coming = upcoming(case, now)
    if coming:
        return "hearing", coming[0]
    return "stage", None


def _stage_before_closing(case: Case) -> Stage | None:
    if case.current_stage is not Stage.CLOSED:
        return None
    reached = [Stage(e.stage) for e in case.events if e.kind == "stage" and e.stage]
    open_stages = [s for s in reached if s is not Stage.CLOSED]
    return open_stages[-1] if open_stages else None
