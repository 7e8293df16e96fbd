"""How many segments each standard text takes, per language: every update event for an
ordinary and a discreet victim, and the other texts (reminder, several updates, weekly summary,
new message, case added, contact or account changed, sign-in code, invitation).

Renders with the real composers and catalogues, without a database (nothing is saved), at a
production-like address (PUBLIC_URL, default https://portal.example.gov.uk) and a six-digit
case id. A hearing's news carries its date and time ("When: ..."): the longest date each
language writes. Prints one table per kind of text: segments, and the encoding when it is not
GSM-7. ``--texts`` prints the texts themselves.

    python bench/sms_segments.py [--texts] [--public-url URL] [--case-id N]
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal import create_app  # noqa: E402

LANGUAGES = ("en", "cy", "pl", "ro", "ur", "ar")


def texts(public_url: str, case_id: int) -> tuple[dict[str, dict[str, tuple[str, str]]],
                                                  dict[str, str]]:
    """{row label: {language: (text, the same as the victim's first text)}} for every standard
    text (the first text always carries the STOP line, where the message has one), and the
    STOP line in each language as texts carry it."""
    from flask_babel import gettext

    from portal import i18n
    from portal.models import Case, ContactPreference, Court, Hearing, Update, Victim
    from portal.models.enums import Channel, Offence, UpdateEvent
    from portal.services.delivery.compose import (
        render_invitation,
        render_notice,
        render_reminder,
        render_sign_in_code,
        render_update,
        render_updates,
    )
    from portal.services.delivery.sms_text import fit_for_sms

    def both(render, *args, **kwargs) -> tuple[str, str]:
        return (render(*args, **kwargs).text, render(*args, **kwargs, first_text=True).text)

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "PUBLIC_URL": public_url})
    rows: dict[str, dict[str, tuple[str, str]]] = {}
    stop_lines = {}
    with app.test_request_context():
        for language in LANGUAGES:
            with i18n.as_reader(language):
                stop_lines[language] = fit_for_sms(gettext("Reply STOP to stop texts."),
                                                   language)
            case = Case(id=case_id, crime_reference="NS/26/12345",
                        offence=Offence.RACIALLY_AGGRAVATED_PUBLIC_ORDER)
            # Wednesday 30 September 2026, 10:00 in London: a long weekday and month name.
            court = Court(name="Northshire Crown Court", address="Castle Hill")
            hearing = Hearing(case_id=case_id,
                              starts_at=dt.datetime(2026, 9, 30, 9, 0, tzinfo=dt.timezone.utc),
                              court=court)
            for discreet in (False, True):
                victim = Victim(full_name="Anna Kowalska", language=language,
                                preference=ContactPreference(discreet=discreet))
                who = "discreet" if discreet else "ordinary"
                for event in UpdateEvent:
                    update = Update(case=case, case_id=case_id, event=event, body_html="",
                                    body_text="")
                    if event in (UpdateEvent.HEARING_LISTED, UpdateEvent.HEARING_MOVED):
                        update.hearing = hearing
                    rows.setdefault(f"update {event.value} ({who})", {})[language] = both(
                        render_update, update, victim, Channel.SMS)
                several = [Update(case=case, case_id=case_id, event=e, body_html="",
                                  body_text="")
                           for e in (UpdateEvent.CHARGED, UpdateEvent.HEARING_LISTED)]
                for summary in (False, True):
                    label = "weekly summary" if summary else "combined (2 updates)"
                    rows.setdefault(f"{label} ({who})", {})[language] = both(
                        render_updates, several, victim, Channel.SMS, summary=summary)
                rows.setdefault(f"reminder ({who})", {})[language] = both(
                    render_reminder, victim, Channel.SMS, hearing)
                for kind in ("case_added", "contact_changed", "account_changed", "message"):
                    rows.setdefault(f"{kind} ({who})", {})[language] = both(
                        render_notice, victim, Channel.SMS, kind)
            victim = Victim(full_name="Anna Kowalska", language=language)
            code = render_sign_in_code(victim, Channel.SMS, "123456").text
            rows.setdefault("sign_in_code", {})[language] = (code, code)
            # A secrets.token_urlsafe(32) token is 43 characters.
            invitation = render_invitation(victim, Channel.SMS, "x" * 43).text
            rows.setdefault("invitation", {})[language] = (invitation, invitation)
    return rows, stop_lines


def main() -> None:
    from portal.services.delivery.sms_text import GSM7, measure

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--public-url", default="https://portal.example.gov.uk")
    parser.add_argument("--case-id", type=int, default=123456)
    parser.add_argument("--texts", action="store_true", help="print each text too")
    args = parser.parse_args()
    rows, stop_lines = texts(args.public_url, args.case_id)
    print(f"PUBLIC_URL {args.public_url}, case id {args.case_id}. Segments (units; UCS-2 when "
          "not GSM-7; + when the text carries the STOP line; in brackets the victim's first "
          "text, which always carries it, when that takes more segments):\n")
    print("| text | " + " | ".join(LANGUAGES) + " |")
    print("|---|" + "---|" * len(LANGUAGES))
    shown = {}
    for label, by_language in rows.items():
        # A discreet victim's update says the same whatever the event: one row for all.
        if label.startswith("update ") and label.endswith("(discreet)"):
            label = "update, every event (discreet)"
        shown.setdefault(label, by_language)
    for label, by_language in shown.items():
        cells = []
        for language in LANGUAGES:
            text, first = by_language[language]
            length, first_length = measure(text), measure(first)
            note = "" if length.encoding == GSM7 else " UCS-2"
            stop = "+" if text.endswith(stop_lines[language]) else ""
            more = f" [{first_length.segments}]" if first_length.segments > length.segments \
                else ""
            cells.append(f"{length.segments}{stop} ({length.units}{note}){more}")
        print(f"| {label} | " + " | ".join(cells) + " |")
    updates = {label: by for label, by in rows.items() if label.startswith("update ")}
    print("\nUpdates in one segment, of", len(updates), "(every event, ordinary and discreet):")
    for language in LANGUAGES:
        segments = [measure(by[language][0]).segments for by in updates.values()]
        first = [measure(by[language][1]).segments for by in updates.values()]
        print(f"  {language}: {segments.count(1)}/{len(segments)} in 1 segment, at most "
              f"{max(segments)}; as a first text {first.count(1)}/{len(first)}, at most "
              f"{max(first)}")
    if args.texts:
        for label, by_language in rows.items():
            print(f"\n{label}")
            for language in LANGUAGES:
                print(f"  {language}: {by_language[language][0]}")


if __name__ == "__main__":
    main()
