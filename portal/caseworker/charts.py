"""The team figures' charts: SVG drawn on the server by pygal (issue 16), served as images.

Each chart is an image of its own (``<img src>`` on the page, with a text alternative and the
same figures in a table beside it), rather than SVG inside the page: pygal writes a <style>
element, which the pages' policy (style-src 'self') refuses inline. The image's own response
allows that one style element by its hash and nothing else (no script: pygal's tooltip script
and tooltip box are taken out, and a browser runs no script in an image anyway). The drawing
has a viewBox and no width, so it scales to the column, 320 px screens included.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from flask import Response

SVG = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG)
# GOV.UK colours with at least 3:1 against white (graphical objects, WCAG 1.4.11).
COLOURS = ("#00703c", "#912b88", "#d4351c", "#505a5f")
# The legend's row under the plot (as wide as the plot: the drawing's 360 less the margins
# and the y axis' numbers, 278 with one digit, about 260 with three), its font and the room
# each entry's coloured box takes, in the drawing's units.
LEGEND_ROOM = 260
LEGEND_FONT = 16
LEGEND_BOX = 12 + 5


@functools.cache
def _pygal():
    """pygal and the charts' style, imported when a chart is first drawn: only a manager's
    charts need it (with segno, imported the same way, about 2 MB of every web worker)."""
    import pygal
    from pygal.style import Style

    # pygal puts an importer on sys.meta_path for its map plugins (pygal.maps.*, not used
    # here) with only the find_module() that Python 3.12 dropped: every later failed import
    # (an optional back end a library tries) then raises an ImportWarning, an error under the
    # test suite. It is taken off again; pygal's charts do not use it.
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]
    style = Style(font_family="arial, sans-serif", background="#ffffff",
                  plot_background="#ffffff", foreground="#0b0c0c", foreground_strong="#0b0c0c",
                  foreground_subtle="#505a5f", colors=COLOURS, title_font_size=18,
                  label_font_size=16, major_label_font_size=16, legend_font_size=LEGEND_FONT,
                  value_font_size=14, tooltip_font_size=14)
    return pygal, style


@dataclass(frozen=True)
class Chart:
    svg: str
    # The Content-Security-Policy its response needs: its one style element, by hash.
    policy: str

    def response(self) -> Response:
        """The chart as an image response, with its own policy."""
        response = Response(self.svg, mimetype="image/svg+xml")
        response.headers["Content-Security-Policy"] = self.policy
        return response


def stacked_weeks(title: str, description: str, weeks: list[str],
                  series: list[tuple[str, list[int]]]) -> Chart:
    """Bars for each week (or month), stacked by series (on time, late, missed, still due)."""
    return _draw("StackedBar", title, description, weeks, series)


def grouped_weeks(title: str, description: str, weeks: list[str],
                  series: list[tuple[str, list[int]]]) -> Chart:
    """Bars for each week side by side, one per series (figures that are not parts of one
    whole: preferences owed and asked in time)."""
    return _draw("Bar", title, description, weeks, series)


def bars(title: str, description: str, labels: list[str],
         series: list[tuple[str, list[int | None]]]) -> Chart:
    """Bars for each label side by side, one per series; None draws no bar (no figure)."""
    return _draw("Bar", title, description, labels, series)


def _draw(kind: str, title: str, description: str, labels: list[str],
          series: list[tuple[str, list]]) -> Chart:
    """Every chart's set-up, in one place: the style, the size (a viewBox, no width), the
    legend below, no tooltip script, whole numbers; then the series and the accessible SVG."""
    pygal, style = _pygal()
    chart = getattr(pygal, kind)(
        style=style, js=[], css=["file://base.css", "file://style.css", "file://graph.css"],
        width=360, height=340, explicit_size=False, disable_xml_declaration=True,
        title=title, legend_at_bottom=True,
        legend_at_bottom_columns=_legend_columns([name for name, _ in series]),
        # More than 13 labels: a label every few, so they do not overlap at 320 px.
        x_labels_major_every=max(1, -(-len(labels) // 13)),
        show_minor_x_labels=len(labels) <= 13,
        x_label_rotation=-45, truncate_label=-1,
        # A name too long for the legend's row even alone (a long translation) is cut to fit
        # by pygal (None: its own measure), not drawn off the image; the table has it whole.
        truncate_legend=None, margin=8, min_scale=2, max_scale=6, order_min=0,
        print_values=False, value_formatter=lambda v: f"{v:g}")
    chart.x_labels = labels
    for label, values in series:
        chart.add(label, values)
    return _accessible(chart.render(is_unicode=True), title, description)


def _legend_columns(names: list[str]) -> int:
    """Two legend entries a row when every name fits half the row, else one a row. Never two
    for an odd number of names: pygal leaves room for len // 2 rows, and the last entry
    would be drawn below the image's edge."""
    from pygal.util import text_len

    widest = max(text_len(len(name), LEGEND_FONT) for name in names) + LEGEND_BOX
    return 2 if widest <= LEGEND_ROOM / 2 and len(names) % 2 == 0 else 1


def _accessible(svg: str, title: str, description: str) -> Chart:
    root = ET.fromstring(svg)
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "script" or "tooltip" in child.get("class", "").split():
                parent.remove(child)
    for old in root.findall(f"{{{SVG}}}title"):
        root.remove(old)
    chart_id = root.get("id", "chart")
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    title_element = ET.Element(f"{{{SVG}}}title", id=f"{chart_id}-title")
    title_element.text = title
    desc_element = ET.Element(f"{{{SVG}}}desc", id=f"{chart_id}-desc")
    desc_element.text = description
    root.insert(0, desc_element)
    root.insert(0, title_element)
    styles = [s.text or "" for s in root.iter(f"{{{SVG}}}style")]
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"
        for text in styles)
    policy = (f"default-src 'none'; style-src {hashes or chr(39) + 'none' + chr(39)}; "
              "frame-ancestors 'none'; base-uri 'none'")
    return Chart(ET.tostring(root, encoding="unicode"), policy)
