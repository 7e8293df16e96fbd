"""On a 360x740 phone, the case page's first screen says when the next hearing is and whether
the victim must go, for every demo victim with a hearing to come, in English and in Arabic
(issue 13's "done when")."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal import demo, london
from portal.extensions import db
from portal.models import CaseVictim, Hearing
from portal.models.enums import HearingStatus
from portal.models.types import utcnow

PHONE = {"width": 360, "height": 740}
MUST_GO = {"en": "You must go to court.", "ar": "يجب أن تحضر إلى المحكمة."}


def coming_hearings() -> list[tuple]:
    """(victim, case id, hearing) for each demo victim's first coming hearing on each case
    (victims who have not yet said how to contact them are asked that first, so not here)."""
    found = []
    for link in db.session.scalars(select(CaseVictim)):
        hearing = db.session.scalars(
            select(Hearing).where(Hearing.case_id == link.case_id, Hearing.starts_at > utcnow(),
                                  Hearing.status.in_((HearingStatus.LISTED,
                                                      HearingStatus.MOVED)))
            .order_by(Hearing.starts_at)).first()
        person = link.victim
        answered = person.preference is not None and person.preference.asked_at is not None
        if hearing is not None and person.activated_at is not None and answered:
            found.append((person, link.case_id, hearing))
    return found


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_next_hearing_and_whether_to_go_are_on_the_first_screen(new_visit, data, lang):
    demo.load()
    cases = coming_hearings()
    assert len(cases) >= 2  # the demo has hearings to come for several victims
    for victim, case_id, hearing in cases:
        visit = new_visit(viewport=PHONE)
        visit.sign_in_as(victim, lang=lang)
        visit.open(f"/cases/{case_id}", lang=lang)
        summary = visit.page.locator(".portal-next")
        shown = [summary.locator("p").first]
        if hearing.must_attend:
            shown.append(summary.locator(".portal-must-go"))
        for part in shown:
            box = part.bounding_box()
            assert box is not None and box["y"] + box["height"] <= PHONE["height"], (
                f"{part.inner_text()!r} ends at {box and box['y'] + box['height']:.0f}px "
                f"for {victim.email} in {lang}")
        text = " ".join(summary.inner_text().split())
        day = london.local_date(hearing.starts_at)
        if lang == "en":
            assert f"{day.day} {day:%B %Y}" in text, text
        else:
            assert hearing.court.name in text
        if hearing.must_attend:
            assert MUST_GO[lang] in text
        visit.page.context.close()
