"""Accessibility checks on the page a browser is showing: axe-core's WCAG 2.2 A and AA rules,
no sideways scrolling, and a skip link that works.

axe-core comes from npm (node_modules/axe-core/axe.min.js, the version package.json pins). It is
put into the page with ``page.evaluate`` of the file's text, not ``add_script_tag``: the portal's
Content-Security-Policy allows only its own nonce'd and same-origin scripts, so an added
``<script>`` would be blocked, while an evaluation from the DevTools protocol is not subject to
the page's CSP. That keeps the real CSP in force while axe runs (``bypass_csp`` would switch it
off for the whole page, hiding any CSP breakage the app itself caused).
"""
from __future__ import annotations

from functools import lru_cache

from playwright.sync_api import Page

from tests.browser.harness import AXE_SCRIPT

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, as axe-core tags its rules.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@lru_cache(maxsize=1)
def _axe_source() -> str:
    if not AXE_SCRIPT.exists():
        raise RuntimeError(f"{AXE_SCRIPT} is missing: run `make install` (npm ci installs "
                           "axe-core from package.json)")
    return AXE_SCRIPT.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[str]:
    """One line per element that breaks a WCAG A/AA rule, saying which rule and how to fix it."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    violations = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                      resultTypes: ['violations']})
                 .then(results => results.violations.map(v => ({
                     id: v.id, impact: v.impact, help: v.help,
                     nodes: v.nodes.map(n => ({target: n.target.join(' '),
                                               summary: n.failureSummary}))})))""",
        WCAG_TAGS,
    )
    lines = []
    for rule in violations:
        for node in rule["nodes"]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"axe {rule['id']} ({rule['impact']}): {rule['help']} at "
                         f"{node['target']}. {summary}")
    return lines


def sideways_scrolling(page: Page) -> list[str]:
    """At the viewport's width nothing may make the page scroll sideways (WCAG 1.4.10 reflow);
    names the elements that stick out."""
    width = page.viewport_size["width"]
    found = page.evaluate(
        """width => {
            const scroll = document.documentElement.scrollWidth;
            if (scroll <= width) return null;
            // Elements that reach past the edge, or whose content does; the innermost ones
            // are the culprits.
            const sticksOut = el => {
                const box = el.getBoundingClientRect();
                return box.right > width + 0.5 || box.left < -0.5
                    || box.left + el.scrollWidth > width + 0.5;
            };
            const all = [...document.body.querySelectorAll('*')]
                .filter(el => !el.closest('.govuk-skip-link, .govuk-visually-hidden'))
                .filter(sticksOut);
            const wide = all.filter(el => !all.some(other => other !== el && el.contains(other)))
                .slice(0, 5)
                .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                           + (el.className && typeof el.className === 'string'
                              ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
            return {scroll, wide};
        }""",
        width,
    )
    if not found:
        return []
    return [f"the page scrolls sideways at {width}px: it is {found['scroll']}px wide "
            f"(widest: {', '.join(found['wide']) or 'unknown'})"]


def skip_link_problems(page: Page) -> list[str]:
    """The first thing Tab reaches is a "Skip to main content" link to the main landmark, and
    it can be seen when it has focus (axe's "bypass" rule is satisfied by the landmark alone,
    so this is checked here)."""
    found = page.evaluate(
        """() => {
            const focusable = [...document.querySelectorAll(
                'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]')]
                .filter(el => !el.disabled && el.tabIndex >= 0);
            const first = focusable[0];
            const skip = document.querySelector('a.govuk-skip-link');
            if (!skip) return {problem: 'there is no skip link'};
            if (first !== skip) return {problem: 'the skip link is not the first thing Tab '
                + 'reaches (first is ' + (first ? first.outerHTML.slice(0, 80) : 'nothing') + ')'};
            const target = document.getElementById((skip.getAttribute('href') || '').slice(1));
            if (!target || target.tagName !== 'MAIN') return {problem: 'the skip link goes to '
                + skip.getAttribute('href') + ', which is not the main landmark'};
            const before = document.activeElement;
            skip.focus();
            const box = skip.getBoundingClientRect();
            const shown = box.width > 1 && box.height > 1 && box.bottom > 0
                && box.top < window.innerHeight;
            skip.blur();
            if (before && before !== document.body) before.focus();
            return shown ? {} : {problem: 'the skip link cannot be seen when it has focus'};
        }"""
    )
    return [found["problem"]] if found.get("problem") else []


def problems(page: Page) -> list[str]:
    """Everything the checks find on the page as it is now, at its current viewport."""
    return axe_violations(page) + sideways_scrolling(page) + skip_link_problems(page)


def assert_accessible(page: Page, widths: tuple[dict, ...]) -> None:
    """Check the page at each viewport size in turn and fail with every problem found."""
    report = []
    for size in widths:
        page.set_viewport_size(size)
        found = problems(page)
        if found:
            report.append(f"at {size['width']}x{size['height']}:")
            report.extend(f"  - {line}" for line in found)
    if report:
        lang = page.evaluate("document.documentElement.lang")
        raise AssertionError(f"{page.url} (lang={lang}) has accessibility problems:\n"
                             + "\n".join(report))
