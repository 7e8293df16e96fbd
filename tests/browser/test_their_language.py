"""Urdu in Nastaliq, loaded on Urdu pages only; phone numbers and references in Arabic read left
to right, as typed and as shown (issue 13, "every word in their language")."""
from __future__ import annotations

import re

from portal import assets
from portal.extensions import db
from tests.browser.harness import LAPTOP

FONT = re.compile(r"/static/noto-nastaliq-urdu-arabic-400-normal-[A-Z0-9]{8}\.woff2$")
URDU_CSS = re.compile(r"/static/urdu-[A-Z0-9]{8}\.css$")


def requests_of(visit) -> list:
    """Every response the page's tab receives from now on."""
    seen = []
    visit.page.on("response", lambda response: seen.append(response))
    return seen


def nastaliq_faces(visit) -> list[dict]:
    return visit.page.evaluate("""async () => {
        await document.fonts.ready;
        return [...document.fonts].filter(f => f.family.includes('Nastaliq'))
            .map(f => ({status: f.status, display: f.display, range: f.unicodeRange}));
    }""")


def test_an_urdu_page_loads_the_nastaliq_font(visit, data):
    scenario = data.victim_with_cases(language="ur")
    visit.sign_in_as(scenario.victim, lang="ur")
    responses = requests_of(visit)
    visit.open(f"/cases/{scenario.case.id}", lang="ur")

    faces = nastaliq_faces(visit)
    assert faces == [{"status": "loaded", "display": "swap",
                      "range": faces[0]["range"]}], faces
    assert faces[0]["range"].startswith("U+600-6FF"), "only the Arabic script's subset"
    heading = visit.page.locator("h1")
    assert heading.evaluate("e => getComputedStyle(e).fontFamily").startswith(
        '"Noto Nastaliq Urdu"')
    assert visit.page.evaluate(
        "() => document.fonts.check('19px \"Noto Nastaliq Urdu\"', 'آپ کا کیس')")
    # Nastaliq is tall: body text gets room between its lines.
    size, height = visit.page.locator("main p.govuk-body").first.evaluate(
        "e => [getComputedStyle(e).fontSize, getComputedStyle(e).lineHeight].map(parseFloat)")
    assert height >= 1.8 * size

    fonts = [r for r in responses if FONT.search(r.url)]
    assert len(fonts) == 1 and fonts[0].status == 200, [r.url for r in responses]
    assert fonts[0].headers["content-type"] == "font/woff2"
    assert fonts[0].headers["cache-control"] == assets.IMMUTABLE
    assert any(URDU_CSS.search(r.url) for r in responses)
    visit.assert_accessible()


def test_an_english_page_never_asks_for_the_font(visit, data):
    scenario = data.victim_with_cases()
    visit.sign_in_as(scenario.victim)
    responses = requests_of(visit)
    for path in ("/", f"/cases/{scenario.case.id}"):
        visit.open(path)
        assert nastaliq_faces(visit) == []
    # The language switcher names Urdu in Urdu ("اردو"): still no font for it.
    visit.page.locator(".portal-languages__summary").click()
    visit.page.wait_for_load_state("networkidle")
    asked = [r.url for r in responses if FONT.search(r.url) or URDU_CSS.search(r.url)
             or r.url.endswith((".woff2", ".woff", ".ttf"))]
    assert asked == []


def left_to_right(visit, selector: str, first: str, second: str) -> bool:
    """Whether ``first`` is drawn to the left of ``second``, on the same line, inside the
    element."""
    return visit.page.locator(selector).first.evaluate("""(e, [first, second]) => {
        const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
        const text = [];
        while (walker.nextNode()) text.push(walker.currentNode);
        const box = (word) => {
            for (const node of text) {
                const at = node.data.indexOf(word);
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + word.length);
                    return range.getBoundingClientRect();
                }
            }
            throw new Error('not found: ' + word);
        };
        const [a, b] = [box(first), box(second)];
        return a.top === b.top && a.left + a.width / 2 < b.left + b.width / 2;
    }""", [first, second])


def test_arabic_inputs_and_numbers_read_left_to_right(new_visit, data):
    scenario = data.victim_with_cases(language="ar")
    scenario.case.crime_reference = "24/NS/0006"
    db.session.commit()
    # Wide enough that nothing checked here wraps onto a second line.
    visit = new_visit(viewport=LAPTOP)
    visit.sign_in_as(scenario.victim, lang="ar")

    visit.open("/preferences", lang="ar")
    phone = visit.page.locator("input[name=phone]")
    phone.fill("+44 7700 900123")
    assert phone.evaluate("e => [e.dir, getComputedStyle(e).direction, "
                          "getComputedStyle(e).textAlign]") == ["ltr", "ltr", "right"]
    assert visit.page.locator("input[name=email]").get_attribute("dir") == "ltr"

    visit.open(f"/cases/{scenario.case.id}", lang="ar")
    assert visit.page.locator("html").get_attribute("dir") == "rtl"
    # The reference reads 24/NS/0006, not NS/0006/24; the phone number 01632 960201.
    assert left_to_right(visit, ".govuk-caption-l", "24/", "NS/")
    assert left_to_right(visit, ".govuk-caption-l", "NS/", "0006")
    assert left_to_right(visit, ".portal-contact", "01632", "960201")
    assert left_to_right(visit, ".portal-next", "01632", "960201")
    reference = visit.page.locator(".govuk-caption-l bdi")
    assert reference.evaluate("e => getComputedStyle(e).unicodeBidi") == "isolate"
