"""A victim invites a supporter, who signs in with their own code and sees only the case's
status; the victim widens what they may do, then removes them, and the supporter's next page
finds them signed out. Every new page passes axe in English and Arabic (issue 15)."""
from __future__ import annotations

import re

from portal.models.enums import Stage

HELPER = "sam.helper@example.org"
LINK = re.compile(r"(/supporting/invitation/[A-Za-z0-9_-]+)")


def accessible_in_both(visit, path: str) -> None:
    """axe on this page in Arabic and in English (the switcher's choice is kept: English last,
    so the journey reads its English labels after)."""
    for lang in ("ar", "en"):
        visit.open(path, lang=lang)
        assert visit.path.split("?")[0] == path, f"{path} in {lang} went to {visit.path}"
        visit.assert_accessible()


def test_a_victim_invites_widens_and_removes_a_supporter(visit, new_visit, data):
    make = data.make
    victim = make.victim(name="Gwen Pritchard", email="gwen.helped@example.org",
                         phone="+447700900556")
    make.preferences(victim, discreet=True)
    case = make.case(victims=[victim], stage=Stage.COURT)
    make.hearing(case)
    make.update(case)

    visit.sign_in_as(victim)
    accessible_in_both(visit, "/account/supporters")
    accessible_in_both(visit, "/account/supporters/invite")
    page = visit.page
    page.locator("#name").fill("Sam Helper")
    page.locator("#contact").fill(HELPER)
    page.locator("#cases").check()
    page.get_by_label("See where the case is and when hearings are").check()
    visit.submit()
    assert visit.path == "/account/supporters/check", visit.heading()
    assert "Sam Helper" in visit.text() and HELPER in visit.text()
    accessible_in_both(visit, "/account/supporters/check")
    visit.submit()
    assert visit.path == "/account/supporters"
    assert "We have sent the invitation to Sam Helper" in visit.text()

    # The supporter opens the link on their own device and signs in with their own code.
    helper = new_visit()
    link = LINK.search(data.messages_to(HELPER)[-1].body).group(1)
    accessible_in_both(helper, link)
    helper.submit()
    assert helper.path == "/sign-in/code"
    helper.enter_code(helper.read_code(HELPER))
    assert helper.path == "/supporting", helper.heading()
    accessible_in_both(helper, "/supporting")
    helper.page.get_by_role("link", name="See where the case is").click()
    helper.ready()
    status_page = helper.path
    assert "Where the case is" in helper.heading()
    text = helper.text()
    assert "discreet" not in text.lower() and victim.phone not in text
    assert "Write to the case team" not in text
    accessible_in_both(helper, status_page)
    # Nothing of the victim's own: the same answer as a page that does not exist.
    helper.open(f"/cases/{case.id}/messages")
    assert "Page not found" in helper.heading()

    # The victim lets them write to the case team too.
    visit.open("/account/supporters")
    assert "Sam Helper" in visit.text()
    visit.page.get_by_label("Write to your case team for you").check()
    visit.page.get_by_role("button", name="Save").click()
    visit.ready()
    assert "We have changed what Sam Helper can do" in visit.text()
    helper.open(status_page)
    helper.page.get_by_role("link", name="Write to the case team").click()
    helper.ready()
    write_page = helper.path
    accessible_in_both(helper, write_page)

    # Then removes them: the supporter's next page finds them signed out.
    visit.open("/account/supporters")
    visit.page.get_by_role("button", name="Remove access").click()
    visit.ready()
    assert "Nobody else can see your case" in visit.text()
    helper.open(status_page)
    assert helper.path == "/supporting/sign-in", helper.path
    accessible_in_both(helper, "/supporting/sign-in")
