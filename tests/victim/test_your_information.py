"""Issue 15: "Messages we sent you" and "Download your information".

The messages page lists each text, email and letter sent (or tried) to the signed-in victim, with
its state, never a sign-in code. The download holds every row that refers to the victim: a test
walks the models (every table with a foreign key to victim.id, or to case.id for the victim's
cases) and finds each such row of the test data in the JSON; another victim gets none of it.
"""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sqlalchemy import select

from portal import london
from portal.content import delivery_states, sent_messages
from portal.extensions import db
from portal.models import (
    AuditEvent,
    BulkJob,
    BulkJobVictim,
    CaseAction,
    DeliveryAttempt,
    DevOutboxMessage,
    LoginSession,
    Notification,
    Task,
    TaskKind,
    WordsKind,
    WordsTranslation,
)
from portal.models.enums import Channel, DecisionKind, Principal
from portal.models.messaging import DeliveryStatus
from portal.models.types import utcnow
from portal.services import audit, victim_data
from portal.services.delivery.outgoing import wait_for_sends
from portal.services.sign_in import victim_auth as invitations
from portal.services.sign_in.passwords import hash_password
from portal.services.victim_input import conversations, court_needs, feedback, statements
from tests.conftest import csrf_token, page, visible_text

PASSWORD = "correct horse battery staple"


def _signed_in_long_ago(victim) -> None:
    """The victim's sessions began 11 minutes ago and were never confirmed since."""
    for row in db.session.scalars(select(LoginSession).where(
            LoginSession.principal == Principal.VICTIM, LoginSession.principal_id == victim.id)):
        row.created_at = utcnow() - dt.timedelta(minutes=11)
        row.confirmed_at = None
    db.session.commit()


def _send(victim, case, update=None, *, channel=Channel.SMS, status=DeliveryStatus.SENT,
          kind="update", at=None) -> Notification:
    at = at or utcnow()
    row = Notification(victim=victim, case=case, update=update, kind=kind, channel=channel,
                       status=status, created_at=at, not_before=at,
                       sent_at=at if status != DeliveryStatus.PENDING else None)
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def two(make):
    """Gwen (texts, then email) on her own case; Sam on his."""
    gwen, sam = make.victim(name="Gwen Jones"), make.victim(name="Sam Taylor")
    make.preferences(gwen, channels=["sms", "email"])
    make.preferences(sam, channels=["sms"])
    return gwen, sam, make.case(victims=[gwen]), make.case(victims=[sam])


# --- messages we sent you ----------------------------------------------------------------------

def test_the_messages_page_shows_the_stop_line_on_the_first_text_as_it_was_sent(
        app, make, monkeypatch):
    """The worker puts "Reply STOP" on a victim's first text even when it costs a segment,
    and after that only where it fits: the page shows each text as it was sent. A Romanian
    hearing date at a production-length address leaves no room for it."""
    from portal.models import Hearing, Update
    from portal.models.enums import UpdateEvent
    from portal.services.delivery.sms_text import fit_for_sms
    from tests.test_translations import catalogue

    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://portal.example.gov.uk")
    victim = make.victim(language="ro")
    case = make.case(victims=[victim])
    hearing = Hearing(case=case, court=make.court(), kind="trial",
                      starts_at=dt.datetime(2026, 9, 30, 9, 0, tzinfo=dt.timezone.utc))
    earlier = utcnow() - dt.timedelta(days=2)
    for at in (earlier, earlier + dt.timedelta(days=1)):
        update = Update(case=case, event=UpdateEvent.HEARING_LISTED, hearing=hearing,
                        body_html="<p>x</p>", body_text="x")
        db.session.add(update)
        _send(victim, case, update, status=DeliveryStatus.DELIVERED, at=at)
    with app.test_request_context():
        newest, first = victim_data.sent_messages(victim).items
    stop = fit_for_sms(catalogue("ro").get("Reply STOP to stop texts.").string, "ro")
    assert first.text.endswith(" " + stop) and "septembrie 2026" in first.text
    assert stop not in newest.text and newest.text == first.text[:-len(stop) - 1]


def test_the_messages_page_lists_a_text_and_an_email_with_their_states_and_no_one_elses(
        client, make, two, victim_auth):
    gwen, sam, gwens, sams = two
    update = make.update(gwens, text="The officer has spoken to the witness.")
    text = db.session.scalar(select(Notification).where(Notification.victim_id == gwen.id))
    text.status, text.sent_at = DeliveryStatus.DELIVERED, utcnow()
    _send(gwen, gwens, update, channel=Channel.EMAIL, status=DeliveryStatus.SENT)
    _send(gwen, gwens, update, channel=Channel.LETTER, status=DeliveryStatus.TASK)
    make.update(sams, text="Sam's own news about the burglary.")
    victim_auth.sign_in(gwen)

    response = client.get("/account/messages")
    assert response.status_code == 200
    words = visible_text(response)
    assert "Text message" in words and "Email" in words
    assert "Delivered" in words and "Sent" in words
    assert "Reply STOP to stop texts." in words  # the text, as the composer writes it
    assert "The officer has spoken to the witness." in words  # the email carries the words
    assert "Letter" in words and "Passed to the case team" in words
    letter = page(response).select_one("main .portal-letter")
    assert letter is not None and "The officer has spoken to the witness." in letter.get_text()
    assert gwens.crime_reference in words
    assert f'<bdi dir="ltr">{gwens.crime_reference}</bdi>' in response.get_data(as_text=True)
    assert "Sam's own news" not in words and sams.crime_reference not in words
    assert "Messages we sent you" in visible_text(client.get("/account"))


def test_a_discreet_victim_sees_the_neutral_words_they_were_sent(client, make, two,
                                                                victim_auth):
    gwen, _, gwens, _ = two
    make.preferences(gwen, discreet=True)
    make.update(gwens, text="The hearing is at Testtown Crown Court.")
    victim_auth.sign_in(gwen)
    words = visible_text(client.get("/account/messages"))
    assert "Testtown Crown Court" not in words
    assert "An update about your case" in words


def test_another_victims_case_is_404_and_audited(client, two, victim_auth):
    gwen, _, gwens, sams = two
    victim_auth.sign_in(gwen)
    assert client.get(f"/account/messages?case={gwens.id}").status_code == 200
    before = db.session.scalar(select(db.func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "case.refused", AuditEvent.actor_id == gwen.id))
    assert client.get(f"/account/messages?case={sams.id}").status_code == 404
    assert db.session.scalar(select(db.func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "case.refused", AuditEvent.actor_id == gwen.id)) == before + 1


def test_a_sign_in_code_is_listed_but_never_shown(client, two, victim_auth):
    gwen, _, gwens, _ = two
    victim_auth.sign_in(gwen)
    wait_for_sends()
    code = re.search(r"\b(\d{6})\b", db.session.scalars(
        select(DevOutboxMessage).order_by(DevOutboxMessage.id.desc())).first().body).group(1)
    _send(gwen, None, kind=sent_messages.SIGN_IN_CODE, channel=Channel.SMS)  # were one kept
    response = client.get("/account/messages")
    body = response.get_data(as_text=True)
    assert visible_text(response).count("Sign-in code") == 2
    assert code not in body
    client.get("/account/confirm")  # nothing else on the way shows it either
    assert code not in client.get("/account/messages").get_data(as_text=True)


def test_messages_come_50_a_page_newest_first(client, make, two, victim_auth):
    gwen, _, gwens, _ = two
    start = utcnow() - dt.timedelta(days=30)
    for n in range(119):
        _send(gwen, gwens, kind="message", at=start + dt.timedelta(hours=n))
    _send(gwen, gwens, kind="case_added", at=start + dt.timedelta(hours=200))
    victim_auth.sign_in(gwen)  # a sign-in code: the 121st message, the newest

    first = page(client.get("/account/messages"))
    headings = [h.get_text(strip=True) for h in first.select("main ol > li > h2")]
    assert len(headings) == 50
    assert headings[:2] == ["Sign-in code", "A case was added to your account"]
    assert first.select_one(".govuk-pagination__next a")["href"].endswith("page=2")
    last = page(client.get("/account/messages?page=3"))
    assert len(last.select("main ol > li > h2")) == 21
    assert client.get("/account/messages?page=4").status_code == 404
    assert client.get("/account/messages?page=0").status_code == 404


def test_the_states_are_the_consoles_words(app):
    with app.test_request_context():
        for status in DeliveryStatus:
            assert str(sent_messages.STATUSES[status]) == str(delivery_states.STATUSES[status])


# --- download your information -----------------------------------------------------------------

@pytest.fixture
def world(make):
    """Gwen and Sam share a case; each has their own too. Gwen has one of everything."""
    gwen, sam = make.victim(name="Gwen Jones"), make.victim(name="Sam Taylor")
    make.preferences(gwen, channels=["sms", "email"])
    make.preferences(sam, channels=["sms"])
    gwens, shared, sams = (make.case(victims=[gwen]), make.case(victims=[gwen, sam]),
                           make.case(victims=[sam]))
    staff = make.caseworker(team=shared.team, name="Carys Caseworker")
    hearing = make.hearing(shared, must_attend=True)
    make.decision(gwens, DecisionKind.CHARGED)
    update = make.update(shared, text="A date is set for the trial.")
    make.update(sams, text="Only Sam's news.")
    notification = db.session.scalar(select(Notification).where(
        Notification.victim_id == gwen.id))
    db.session.add(DeliveryAttempt(notification=notification, channel="sms",
                                   outcome="accepted"))
    statements.add_written(gwen, shared, "Gwen's statement: I have not slept since.")
    statements.add_written(sam, shared, "Sam's statement: I moved house.")
    court_needs.add_date_to_avoid(gwen, shared, dt.date.today() + dt.timedelta(days=40),
                                  "Gwen's hospital appointment")
    court_needs.add_date_to_avoid(sam, shared, dt.date.today() + dt.timedelta(days=41),
                                  "Sam's holiday")
    court_needs.ask_for(gwen, shared, ["screens"], "Gwen does not want to see him")
    conversations.post_from_victim(gwen, shared, "Gwen asks when the trial is.")
    conversations.post_from_victim(sam, shared, "Sam asks about parking.")
    conversations.reply(staff, shared, gwen, "The trial is in March.")
    feedback.record(gwen, update, "partly", "Gwen wants to know more")
    feedback.start_complaint(gwen, gwens, gwens.team.organisation_id,
                             "Gwen complains of the wait")
    invitations.create_invitation(gwen, gwens)
    db.session.add(Task(case=shared, victim=gwen, kind=TaskKind.PHONE_CALL))
    make.bail(shared, no_contact=True, exclusion_area="Gwen's street",
              residence="9 Secret Lane")
    from portal.services.victim_input import breaches

    breaches.report(gwen, shared, "Gwen saw him outside the shop.", dt.date.today(), None)
    breaches.report(sam, shared, "Sam got a letter from him.", dt.date.today(), None)
    from portal.services.victim_input import property_requests

    bike = make.property_item(shared, description="Gwen's red bike")
    property_requests.ask(gwen, shared, bike, "Gwen can collect on Fridays")
    property_requests.ask(sam, shared, bike, "Sam's note")
    from portal.models import NeedsAssessment, NeedsCorrection, SupportReferral, SupportService

    db.session.add(NeedsAssessment(case=shared, victim=gwen, risk="some",
                                   risk_note="Gwen's risk note for the team",
                                   consent_to_share=True, assessed_on=dt.date.today(),
                                   stage="court"))
    db.session.add(SupportReferral(case=shared, victim=gwen,
                                   service=SupportService(name="Victim Support")))
    db.session.add(NeedsCorrection(case=shared, victim=gwen, what="Gwen has moved"))
    db.session.add(CaseAction(case=gwens, kind="written_confirmation", caseworker=staff,
                              details="Letter sent"))
    job = BulkJob(caseworker=staff, team=shared.team, court=hearing.court, day=dt.date.today(),
                  kind="move", reason="Flood", body_html="<p>Moved.</p>", body_text="Moved.",
                  plan_digest="x" * 64)
    db.session.add(job)
    db.session.flush()
    db.session.add(BulkJobVictim(job_id=job.id, victim_id=gwen.id))
    from portal.models import SupporterNotification
    from portal.services import supporters

    huw = supporters.invite(gwen, [shared], "Huw Helper", "huw@example.org", {"see_status"})
    db.session.add(SupporterNotification(supporter=huw.supporter, victim=gwen,
                                         case_id=shared.id, update=update, channel="email"))
    from portal.models import ParoleReview

    db.session.add(ParoleReview(case=shared, eligible_on=dt.date(2027, 5, 1),
                                status="review_started", review_started_on=dt.date.today()))
    from portal.models import ReviewRequest

    stopped = make.decision(shared, DecisionKind.CHARGE_DROPPED)
    for victim, words in ((gwen, "Gwen asks for a review"), (sam, "Sam asks for a review")):
        db.session.add(ReviewRequest(case=shared, decision=stopped, victim=victim,
                                     team=shared.team, scheme="cps", reasons=words,
                                     contact_by="email"))
    audit.record(staff, "case.viewed", shared.id)
    audit.record(sam, "case.viewed", shared.id)  # Sam's own look: his, not Gwen's
    gwen.password_hash = hash_password(PASSWORD)
    db.session.commit()
    return gwen, sam, (gwens, shared, sams), staff


def _download(client, victim_auth=None, victim=None) -> dict:
    if victim_auth is not None:
        victim_auth.sign_in(victim)
    response = client.get("/account/your-information.json")
    assert response.status_code == 200, response.status_code
    return json.loads(response.get_data(as_text=True))


def _victims_rows(victim, case_ids: set[int]) -> dict[str, list]:
    """Every row, in every table with a foreign key to victim.id or case.id, that is the
    victim's: their own (victim_id), or the case's own on one of their cases. Audit entries:
    anyone's on their cases but another victim's own, and all of their own."""
    found = {}
    for table in db.metadata.sorted_tables:
        targets = {fk.column.table.name for fk in table.foreign_keys}
        if not targets & {"victim", "case"}:
            continue
        if "victim_id" in table.c:
            where = table.c.victim_id == victim.id
        elif table.name == "audit_event":
            where = (table.c.case_id.in_(case_ids) & (table.c.actor_kind != "victim")) | (
                (table.c.actor_kind == "victim") & (table.c.actor_id == victim.id))
        else:
            where = table.c.case_id.in_(case_ids)
        rows = db.session.execute(select(table).where(where)).mappings().all()
        if rows:
            found[table.name] = rows
    return found


# Where each table's rows are in the download, and by which value: (section, key in the
# section's items, column of the row). A table missing here fails the test below: a new table
# that refers to victims must be added to the download (services/victim_data.everything).
IN_THE_DOWNLOAD = {
    "case_victim": ("cases", "id", "case_id"),
    "contact_preference": ("contact_preferences", "id", "id"),
    "case_event": ("case_events", "id", "id"),
    "hearing": ("hearings", "id", "id"),
    "decision": ("decisions", "id", "id"),
    "update": ("updates", "id", "id"),
    "case_action": ("case_actions", "id", "id"),
    "notification": ("messages_sent", "id", "id"),
    "sign_in_challenge": ("sign_in_codes", "requested_at", "created_at"),
    "invitation": ("invitations", "id", "id"),
    "personal_statement": ("statements", "id", "id"),
    "date_to_avoid": ("dates_to_avoid", "id", "id"),
    "court_need": ("court_help", "id", "id"),
    "case_message": ("messages", "id", "id"),
    "update_feedback": ("feedback", "id", "id"),
    "complaint": ("complaints", "id", "id"),
    "task": ("case_team_tasks", "id", "id"),
    "bulk_job_victim": ("changes_at_court", "job_id", "job_id"),
    "bail_change": ("bail_and_custody", "id", "id"),
    "parole_review": ("parole_reviews", "id", "id"),
    "review_request": ("review_requests", "id", "id"),
    "breach_report": ("reports_of_contact", "id", "id"),
    "property_item": ("property_held", "id", "id"),
    "property_request": ("property_requests", "id", "id"),
    "needs_assessment": ("needs_assessments", "id", "id"),
    "support_referral": ("support_referrals", "id", "id"),
    "needs_correction": ("needs_changes_you_sent", "id", "id"),
    "supporter_access": ("supporters", "id", "id"),
    "supporter_notification": ("sent_to_your_supporters", "id", "id"),
    "audit_event": (("case_activity", "your_activity"), "id", "id"),
}


def _values(data: dict, section, key) -> set:
    sections = section if isinstance(section, tuple) else (section,)
    values = set()
    for name in sections:
        items = data[name]
        for item in items if isinstance(items, list) else [items]:
            values.add(item[key])
    return values


def test_the_download_holds_every_row_that_refers_to_the_victim(client, world, victim_auth):
    gwen, _, (gwens, shared, _), _ = world
    victim_auth.sign_in(gwen)
    rows = _victims_rows(gwen, {gwens.id, shared.id})  # signing in included
    data = _download(client)
    # The test data has one of each: a table that stops having rows here is not being tested.
    assert set(rows) >= set(IN_THE_DOWNLOAD), set(IN_THE_DOWNLOAD) - set(rows)
    for table, table_rows in rows.items():
        assert table in IN_THE_DOWNLOAD, f"{table} refers to victims and is not downloaded"
        section, key, column = IN_THE_DOWNLOAD[table]
        held = _values(data, section, key)
        for row in table_rows:
            value = row[column]
            if isinstance(value, dt.datetime):
                value = value.isoformat()
            assert value in held, (table, row["id"] if "id" in row else row)


def test_the_download_names_teams_never_staff_and_nothing_of_another_victims(
        client, world, victim_auth):
    gwen, sam, (gwens, shared, sams), staff = world
    data = _download(client, victim_auth, gwen)
    text = json.dumps(data)
    assert staff.name not in text and "Carys" not in text
    assert [e["team"] for e in data["case_activity"] if e["action"] == "case.viewed"] == [
        shared.team.name]
    for private in ("Sam's statement", "Sam's holiday", "Sam asks", "Only Sam's news",
                    "Sam asks for a review",
                    "Sam got a letter", "9 Secret Lane", "Sam's note",
                    "Sam got a letter", "9 Secret Lane", "Gwen's risk note",
                    sams.crime_reference, sam.email, sam.full_name):
        assert private not in text, private
    sams_look = db.session.scalar(select(AuditEvent.id).where(
        AuditEvent.actor_kind == Principal.VICTIM, AuditEvent.actor_id == sam.id))
    assert sams_look not in _values(data, ("case_activity", "your_activity"), "id")
    assert data["you"]["email"] == gwen.email
    assert "Gwen's statement" in text and "The trial is in March." in text


def test_another_victim_gets_nothing_of_this_victims(client, world, victim_auth):
    gwen, sam, (gwens, shared, _), _ = world
    gwen_rows = _victims_rows(gwen, {gwens.id, shared.id})
    data = _download(client, victim_auth, sam)
    text = json.dumps(data)
    for private in ("Gwen's statement", "Gwen's hospital", "Gwen does not want",
                    "Gwen asks", "The trial is in March.", "Gwen wants", "Gwen complains",
                    gwens.crime_reference, gwen.email, gwen.full_name):
        assert private not in text, private
    for table in ("notification", "personal_statement", "date_to_avoid", "court_need",
                  "case_message", "update_feedback", "complaint", "task", "invitation"):
        section, key, column = IN_THE_DOWNLOAD[table]
        assert not {r[column] for r in gwen_rows[table]} & _values(data, section, key), table
    assert not data["changes_at_court"]


def test_the_readable_page_shows_it_all_in_words(client, world, victim_auth):
    gwen, _, (gwens, shared, _), staff = world
    victim_auth.sign_in(gwen)
    response = client.get("/account/your-information")
    assert response.status_code == 200
    words = visible_text(response)
    assert "9 Secret Lane" not in words and "Sam got a letter" not in words
    assert "Sam's note" not in words
    for expected in ("Gwen's statement", "Gwen's hospital appointment", "Gwen complains",
                     "Gwen saw him outside the shop.", "Gwen can collect on Fridays",
                     "You asked to have your property back",
                     "Gwen saw him outside the shop.", "Gwen has moved", "Victim Support",
                     "The trial is in March.", "Someone has been charged", shared.team.name,
                     "Looked at your case", "Call you with an update", gwens.crime_reference):
        assert expected in words, expected
    assert staff.name not in words
    soup = page(response)
    assert all(table.find("caption") for table in soup.select("table"))
    assert soup.select_one('a[href="/account/your-information.json"]')


def test_the_case_teams_words_come_in_the_victims_language_where_translated(
        client, make, victim_auth):
    victim = make.victim(name="Ola Nowak", language="pl")
    make.preferences(victim, channels=["email"])
    case = make.case(victims=[victim])
    staff = make.caseworker(team=case.team)
    reply = conversations.reply(staff, case, victim, "The trial is in March.")
    decision = make.decision(case, DecisionKind.CHARGED, reasons="There was enough evidence.")
    db.session.add(WordsTranslation(kind=WordsKind.REPLY, item_id=reply.id, language="pl",
                                    text="Proces odbędzie się w marcu."))
    db.session.commit()
    data = _download(client, victim_auth, victim)
    [message] = data["messages"]
    assert message["body"] == "The trial is in March."
    assert message["body_in_your_language"] == "Proces odbędzie się w marcu."
    assert data["decisions"][0]["id"] == decision.id
    assert data["decisions"][0]["reasons_in_your_language"] is None
    soup = page(client.get("/account/your-information"))
    assert "Proces odbędzie się w marcu." in soup.get_text()
    assert soup.find(string="There was enough evidence.").parent["lang"] == "en"


@pytest.mark.parametrize("lang", ["cy", "pl", "ro", "ur", "ar"])
def test_both_pages_read_in_every_language(client, world, victim_auth, lang):
    gwen, *_ = world
    victim_auth.sign_in(gwen)
    for path in ("/account/messages", "/account/your-information"):
        response = client.get(f"{path}?lang={lang}")
        assert response.status_code == 200, (path, lang)
        assert page(response).find("html")["lang"].startswith(lang)


def test_both_need_a_fresh_confirmation_first(client, world, victim_auth):
    gwen, *_ = world
    victim_auth.sign_in(gwen)
    _signed_in_long_ago(gwen)
    for path in ("/account/your-information", "/account/your-information.json"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].endswith("/account/confirm?next=information")
    confirm = client.get("/account/confirm?next=information")
    assert "everything we hold about you" in visible_text(confirm)
    response = client.post("/account/confirm?next=information", data={
        "pw-password": PASSWORD, "pw-submit": "Confirm",
        "csrf_token": csrf_token(client, "/account/confirm?next=information")})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/your-information")
    assert client.get("/account/your-information.json").status_code == 200


def test_the_service_refuses_without_a_fresh_confirmation(app, world):
    gwen, *_ = world
    from portal.services.errors import NotConfirmed

    with pytest.raises(NotConfirmed):
        victim_data.everything(gwen)  # no session at all


def test_each_download_is_a_dated_attachment_never_cached_and_audited(client, world,
                                                                      victim_auth):
    gwen, *_ = world
    victim_auth.sign_in(gwen)
    response = client.get("/account/your-information.json")
    day = london.today().isoformat()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="your-information-{day}.json"')
    assert "no-store" in response.headers["Cache-Control"]
    assert response.mimetype == "application/json"
    client.get("/account/your-information")
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "account.information_downloaded",
        AuditEvent.actor_id == gwen.id).order_by(AuditEvent.id)).all()
    assert [e.detail["format"] for e in events] == ["json", "page"]
    assert all(e.actor_kind == Principal.VICTIM for e in events)
