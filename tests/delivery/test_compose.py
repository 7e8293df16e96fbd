"""The composers: what each message says on each channel, in the reader's language, within
the channel's limits. Updates discreet or not, every standard text within its segments, and the
messages about getting in (invitation, sign-in code, staff set-up)."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest

from portal.extensions import db
from portal.models import Case, Caseworker, ContactPreference, Court, Hearing, Update, Victim
from portal.models.enums import Channel, Offence, UpdateEvent
from portal.services.delivery import compose
from portal.services.delivery.compose import (
    render_invitation,
    render_notice,
    render_sign_in_code,
    render_staff_setup,
    render_update,
    render_updates,
)
from portal.services.delivery.sms_text import GSM7, UCS2, fit_for_sms, measure

MESSAGES = Path(compose.__file__).resolve().parents[2] / "templates" / "messages"

# --- updates -----------------------------------------------------------------------------------


def make_update(make, discreet: bool):
    victim = make.victim(name="Layla Haddad")
    db.session.add(ContactPreference(victim=victim, channels=["sms"], discreet=discreet))
    case = make.case(victims=[victim])
    update = Update(case=case, event=UpdateEvent.HEARING_MOVED, body_html="<p>Moved to "
                    "Northshire Crown Court.</p>", body_text="Moved to Northshire Crown Court.")
    db.session.add(update)
    db.session.commit()
    return victim, case, update


def test_discreet_messages_say_only_that_there_is_an_update(app, make):
    victim, case, update = make_update(make, discreet=True)
    with app.test_request_context():
        for channel in (Channel.SMS, Channel.EMAIL):
            message = render_update(update, victim, channel)
            body = " ".join(filter(None, (message.subject, message.text, message.html)))
            for forbidden in ("Layla", "Haddad", "Burglary", "Northshire", "Court", "police",
                              f"/cases/{case.id}", case.crime_reference):
                assert forbidden.lower() not in body.lower(), (channel, forbidden)
            assert "/sign-in" in body


def test_ordinary_sms_names_the_event_and_how_to_stop(app, make):
    victim, case, update = make_update(make, discreet=False)
    with app.test_request_context():
        sms = render_update(update, victim, Channel.SMS)
        email = render_update(update, victim, Channel.EMAIL)
    assert "A court hearing has moved to a new date" in sms.text
    assert sms.text.endswith("Reply STOP to stop texts.")
    assert f"/cases/{case.id}" in sms.text
    assert "Moved to Northshire Crown Court." in email.text and email.html


# --- every standard text fits its segments, starts with its news and says how to stop ----------

# A long but realistic public address, and the longest case ids the portal will reach: the
# worst case. tests/test_translations.py holds the texts to their targets at a production-like
# address.
LONG_URL = "https://case-updates.victims-portal.example.gov.uk"


@pytest.fixture
def texts(app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", LONG_URL)

    def render(discreet: bool, language: str = "en", first_text: bool = False,
               kinds: bool = False) -> list:
        # Never saved: a case id far beyond any the portal will reach makes the longest link.
        victim = Victim(full_name="Anna-Maria Kowalska-Wiśniewska", language=language,
                        preference=ContactPreference(discreet=discreet))
        case = Case(id=9_999_999, crime_reference="NS/26/99999",
                    offence=Offence.RACIALLY_AGGRAVATED_PUBLIC_ORDER)
        # A hearing's news says when it is: the longest date a language writes, at 10:00.
        hearing = Hearing(starts_at=dt.datetime(2026, 9, 30, 9, 0, tzinfo=dt.timezone.utc),
                          court=Court(name="Northshire Crown Court", address="Castle Hill"))
        out = []
        for event in UpdateEvent:
            update = Update(case=case, case_id=case.id, event=event, body_html="",
                            body_text="")
            if event in (UpdateEvent.HEARING_LISTED, UpdateEvent.HEARING_MOVED):
                update.hearing = hearing
            out.append((event.value, render_update(update, victim, Channel.SMS,
                                                   first_text=first_text).text))
        updates = [Update(case=case, case_id=case.id, event=e, body_html="", body_text="")
                   for e in (UpdateEvent.CHARGED, UpdateEvent.HEARING_LISTED)]
        for summary in (False, True):
            out.append(("summary" if summary else "combined", render_updates(
                updates, victim, Channel.SMS, summary=summary, first_text=first_text).text))
        return out if kinds else [text for _, text in out]

    with app.test_request_context():
        yield render


@pytest.mark.parametrize("discreet", [False, True])
def test_every_english_update_fits_one_gsm7_segment_even_at_a_long_address(texts, discreet):
    for text in texts(discreet):
        length = measure(text)
        assert length.encoding == GSM7, text  # nothing in English forces UCS-2
        assert length.segments == 1, (length, text)
        assert not text.startswith("Case updates"), text  # the sender ID names the service


@pytest.mark.parametrize("language", ["cy", "pl", "ro", "ur", "ar"])
def test_a_text_starts_with_its_news_in_the_readers_language(texts, app, language):
    """No service name in front (it was English in every language, and laid Arabic and Urdu
    texts out left to right): an Arabic or Urdu text starts with a right-to-left letter, so a
    phone lays it out right to left."""
    from flask_babel import force_locale, gettext

    with force_locale(language):
        name = gettext("Case updates")
    for text in texts(False, language) + texts(True, language):
        assert "Case updates" not in text and name not in text, text
        if language in ("ur", "ar"):
            assert unicodedata.bidirectional(text[0]) in ("R", "AL"), text


@pytest.mark.parametrize("language", ["cy", "pl", "ro", "ur", "ar"])
def test_every_text_fits_its_segments_in_every_language(texts, language):
    """At the longest address and case id: two segments, three for Urdu and Arabic (UCS-2,
    67 characters a segment, cannot fit a long case link and a hearing's date into 134). At a
    production-length address the targets are tighter (tests/test_translations.py)."""
    limit = 3 if language in ("ur", "ar") else 2
    for text in texts(False, language) + texts(True, language):
        assert measure(text).segments <= limit, (language, measure(text), text)


@pytest.mark.parametrize("language", ["en", "cy", "pl", "ro", "ur", "ar"])
def test_the_stop_line_never_costs_a_segment_except_on_the_first_text(app, texts, language):
    """Every text that offers "Reply STOP" carries it when it fits in the segments the text
    takes without it, and only then; the victim's first text always carries it."""
    with app.test_request_context():
        from flask_babel import force_locale, gettext

        with force_locale(language):
            stop = fit_for_sms(gettext("Reply STOP to stop texts."), language)
    kept = dropped = 0
    for discreet in (False, True):
        usual = texts(discreet, language, kinds=True)
        first = texts(discreet, language, first_text=True, kinds=True)
        for (kind, text), (_, first_text) in zip(usual, first, strict=True):
            assert first_text.endswith(" " + stop), (kind, first_text)
            without = first_text[:-len(stop) - 1]
            if text == first_text:
                kept += 1
                assert measure(text).segments == measure(without).segments, (kind, text)
            else:
                dropped += 1
                assert text == without, (kind, text)
                assert measure(first_text).segments > measure(text).segments, (kind, text)
    assert kept  # short texts keep it in every language


def test_texts_that_do_not_invite_a_reply_never_carry_the_stop_line(app, make):
    victim = make.victim()
    with app.test_request_context():
        for kind in ("contact_changed", "account_changed"):
            text = render_notice(victim, Channel.SMS, kind, first_text=True).text
            assert "STOP" not in text, text
        assert "STOP" not in render_sign_in_code(victim, Channel.SMS, "123456").text


# --- the composers -----------------------------------------------------------------------------

def test_a_text_reports_its_encoding_units_and_segments(app, make):
    victim, _, update = make_update(make, discreet=False)
    welsh = make.victim(language="cy")
    arabic = make.victim(language="ar")
    with app.test_request_context():
        texts = [render_update(update, victim, Channel.SMS),
                 render_notice(welsh, Channel.SMS, "case_added"),
                 render_sign_in_code(arabic, Channel.SMS, "123456")]
        email = render_update(update, victim, Channel.EMAIL)
    for text in texts:
        assert text.length == measure(text.text)
        assert "\n" not in text.text and "  " not in text.text  # one line, spaces collapsed
    assert [t.length.encoding for t in texts] == [GSM7, GSM7, UCS2]
    assert email.length is None


def test_messages_about_getting_in_name_nothing_and_follow_the_channel(app, make):
    victim = make.victim(name="Layla Haddad", language="en")
    with app.test_request_context():
        sms = render_invitation(victim, Channel.SMS, "secret-token")
        email = render_invitation(victim, Channel.EMAIL, "secret-token")
        code_sms = render_sign_in_code(victim, Channel.SMS, "654321")
        code_email = render_sign_in_code(victim, Channel.EMAIL, "654321")
    # One text serves both channels (invitation.txt, sign_in_code.txt); only the email has a
    # subject, and neither has HTML.
    assert sms.text == email.text and "/invitation/secret-token" in sms.text
    assert sms.subject is None and email.subject == "You can now see updates online"
    assert code_sms.text == code_email.text and "654321" in code_sms.text
    assert code_email.subject == "Your sign-in code" and code_email.html is None
    assert sms.length.segments == 1 and code_sms.length.segments == 1
    for message in (sms, email, code_sms, code_email):
        assert "Layla" not in message.text and "case" not in (message.subject or "").lower()


def test_the_staff_set_up_email_is_in_the_console_language(app):
    from babel.messages.pofile import read_po

    console_po = MESSAGES.parents[1] / "translations" / "cy" / "LC_MESSAGES" / "console.po"
    with open(console_po, "rb") as handle:
        catalogue = read_po(handle, locale="cy")
    welsh = Caseworker(name="Siân Jones", email="sian@staff.example", locale="cy")
    english = Caseworker(name="Jo Bloggs", email="jo@staff.example", locale="en")
    with app.test_request_context():
        cy = render_staff_setup(welsh, "set-up-token")
        en = render_staff_setup(english, "set-up-token")
    assert en.subject == "Set up your Case updates account"
    assert cy.subject == catalogue.get(en.subject).string
    assert cy.channel is Channel.EMAIL and "/staff/set-up/set-up-token" in cy.text
    assert "Siân Jones" in cy.text


def test_calls_have_no_composer(app, make):
    victim, _, update = make_update(make, discreet=False)
    with app.test_request_context(), pytest.raises(ValueError):
        render_update(update, victim, Channel.PHONE)


PARTS = ("sms.txt", "subject.txt", "email.txt", "email.html", "letter.html", "txt")


def test_every_message_template_is_named_name_dot_part():
    """messages/<name>.<part>: the composers find a message's parts by these names only."""
    names: dict[str, set[str]] = {}
    for path in MESSAGES.iterdir():
        if path.is_dir():  # parts/: pieces the messages include, never composed alone
            assert path.name == "parts", path.name
            continue
        name, _, part = path.name.partition(".")
        assert re.fullmatch(r"[a-z_]+", name) and part in PARTS, path.name
        names.setdefault(name, set()).add(part)
    for name, parts in names.items():
        # Whatever is emailed has a subject and a body; a shared text or a text of its own.
        if parts & {"email.txt", "txt"}:
            assert "subject.txt" in parts, name
        assert not {"sms.txt", "email.txt"} <= parts or "txt" not in parts, name
    assert {"update", "discreet", "combined", "case_added", "contact_changed", "account_changed",
            "invitation",
            "sign_in_code", "staff_setup", "reminder",
            # Nominated supporters (issue 15): the invitation, the victim's notice, the updates.
            "supporter_invitation", "supporters_changed", "supporter_update"} == set(names)


def test_english_letters_and_messages_date_things_the_british_way(app, make):
    """Babel's plain "en" writes "December 6, 2026"; the portal's English is British."""
    import datetime as dt

    import time_machine

    from portal.models import Task, TaskKind
    from portal.services.delivery import dispatcher, letters

    victim = make.victim(language="en")
    make.preferences(victim, channels=["letter"], postal_address="1 High Street")
    case = make.case(victims=[victim])
    hearing = make.hearing(case, starts_at=dt.datetime(2026, 12, 15, 10, tzinfo=dt.timezone.utc))
    update = Update(case=case, event=UpdateEvent.HEARING_LISTED, hearing=hearing,
                    body_html="<p>A trial date is set.</p>", body_text="A trial date is set.")
    db.session.add(update)
    with time_machine.travel(dt.datetime(2026, 12, 6, 12, tzinfo=dt.timezone.utc), tick=False):
        from portal.services.delivery.outbox import notify_update

        notify_update(update)
        db.session.commit()
        dispatcher.run(drain=True)
        task = db.session.scalars(db.select(Task).where(Task.kind == TaskKind.LETTER)).one()
        with app.test_request_context():
            page = letters.letter_page(task)
            email = compose.render_update(update, victim, Channel.EMAIL)
    assert "6 December 2026" in page and "December 6" not in page
    assert "December 15" not in email.text + (email.html or "")


def test_an_email_names_its_case_and_says_how_to_change_or_stop_emails(app, make):
    victim, case, update = make_update(make, discreet=False)
    second = make.case(victims=[victim])
    other = Update(case=second, event=UpdateEvent.GENERAL, body_html="<p>News.</p>",
                   body_text="News.")
    again = Update(case=case, event=UpdateEvent.GENERAL, body_html="<p>More.</p>",
                   body_text="More.")
    db.session.add_all([other, again])
    db.session.commit()
    with app.test_request_context():
        email = render_update(update, victim, Channel.EMAIL)
        one_case = render_updates([update, again], victim, Channel.EMAIL)
        two_cases = render_updates([update, other], victim, Channel.EMAIL)
    # A victim with two cases can tell which one the email is about, from its subject.
    assert email.subject == (f"A court hearing has moved to a new date (crime reference "
                             f"{case.crime_reference})")
    assert one_case.subject == "2 new updates on your case"
    assert two_cases.subject == "2 new updates on your cases"
    for message in (email, one_case, two_cases):
        assert "You can change how and when we contact you, or stop emails, here: " \
               "http://localhost/preferences" in message.text
        assert "http://localhost/preferences" in message.html


def test_a_trailing_slash_on_the_public_address_costs_a_text_nothing(app, make, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://portal.example.gov.uk/")
    victim, case, update = make_update(make, discreet=False)
    with app.test_request_context():
        text = render_update(update, victim, Channel.SMS).text
        notice = render_notice(victim, Channel.SMS, "message").text
    assert f"https://portal.example.gov.uk/cases/{case.id} " in text
    assert "https://portal.example.gov.uk/sign-in " in notice
