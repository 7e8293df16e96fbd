"""A Welsh-speaking victim in the Victim Contact Scheme reads the offender's licence conditions
and exclusion zone on their case page, in Welsh (issue 14). The Welsh words come from the
translators after merging: the test asserts the page is Welsh (lang="cy"), the release section
and each condition are there, the exclusion zone in the team's own words, the helpline, and
never the residence; that the English sentences are not what is shown is asserted only for the
sentences the Welsh catalogue already translates."""
from __future__ import annotations

import datetime as dt

from flask_babel import force_locale
from flask_babel import gettext as _

from portal.models.enums import Area, Offence, Stage, TeamKind

ZONE = "canol tref Aberglas"
HOME = "9 Heol y Bont, Caerfyrddin"
NO_CONTACT = ("They must not contact you in any way. They must not ask anyone else to contact "
              "you for them.")


def test_a_welsh_victim_reads_their_licence_conditions_in_welsh(visit, data, live_portal):
    make = data.make
    team = make.team(TeamKind.PROBATION, name="Dyfed Victim Contact Team")
    officer = make.caseworker(team=team, name="Elin Rees", phone="01632 960701")
    victim = make.victim(name="Gwen Pritchard", language="cy")
    make.preferences(victim)
    case = make.case(victims=[victim], stage=Stage.AFTER_SENTENCE, contact=officer,
                     offence=Offence.GRIEVOUS_BODILY_HARM, area=Area.WALES,
                     violent_or_sexual=True)
    make.release(case, expected_on=dt.date.today() + dt.timedelta(days=30), no_contact=True,
                 exclusion_area=ZONE, curfew_from=dt.time(19), curfew_until=dt.time(7),
                 electronic_monitoring=True, residence=HOME)

    visit.sign_in_as(victim, lang="cy")
    visit.open(f"/cases/{case.id}", lang="cy")
    page = visit.page
    assert page.locator("html").get_attribute("lang") == "cy"
    section = page.locator("section.portal-release")
    assert section.count() == 1
    assert section.locator("#release-heading").is_visible()
    rules = section.locator("ul.portal-licence li")
    assert rules.count() == 4  # no contact, the zone, the curfew, the tag: never the residence
    texts = [rules.nth(i).inner_text() for i in range(4)]
    assert any(ZONE in text for text in texts)  # the team's own words, as typed
    assert "0300 060 6699" in section.inner_text()
    assert HOME not in visit.text() and "Heol y Bont" not in visit.text()
    # Where the catalogue already has Welsh for a sentence, the Welsh is what the victim reads.
    with live_portal.app.test_request_context(), force_locale("cy"):
        welsh = _(NO_CONTACT)
    if welsh != NO_CONTACT:
        assert welsh in texts and NO_CONTACT not in texts
    # The victim's say before the release is offered, in the page's language.
    say = section.locator(f'a[href="/cases/{case.id}/licence-conditions"]')
    assert say.count() == 1
    say.click()
    visit.ready()
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.locator("form textarea[name=words]").count() == 1
    visit.assert_accessible()
