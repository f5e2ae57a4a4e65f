"""The comparison of themes across authorities, drawn as an SVG heat map.

Built as a string rather than in a template so the page, the offline HTML file and the PDF draw
the same picture from the same geometry, and so the colour arithmetic can be tested: every cell
prints its numbers ("3 of 5", "60%"), because a colour alone tells a reader nothing they can
quote, and some readers cannot tell the colours apart. The text on each cell is black or white,
whichever reaches WCAG AA contrast (4.5:1) on that fill; the scale is built so one always does.

Only plain SVG that WeasyPrint 70 draws: rectangles and text, no images, gradients, CSS or
external fonts. Labels are the squad's own words and authority names, so all are escaped.

A chart this tall cannot break across PDF pages; ``pages`` splits a long comparison into
charts a page can hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import force_locale, gettext, ngettext
from markupsafe import Markup, escape

from discovery.summaries.content import Comparison, ComparisonCell, ComparisonRow

TEXT_DARK = "#0b0c0c"  # GOV.UK text colour
TEXT_LIGHT = "#ffffff"
NO_BASE_FILL = "#f3f2f1"  # GOV.UK light grey: an authority with no participants to share
FONT_FAMILY = "'GDS Transport', arial, sans-serif"

# The scale: tints of GOV.UK blue up to a half, then GOV.UK blue to dark blue. The step at a
# half is where the text turns from black to white; a smooth scale would pass through blues on
# which neither black (#0b0c0c) nor white reaches 4.5:1.
LIGHT_SCALE = ((0xE8, 0xF1, 0xF8), (0x56, 0x94, 0xCA))  # 0 … just under 50%
DARK_SCALE = ((0x1D, 0x70, 0xB8), (0x00, 0x30, 0x78))  # 50% … 100%

PAD = 8
LABEL_WIDTH = 240
CELL_WIDTH = 112
CELL_HEIGHT = 52
HEADER_HEIGHT = 90
LINE_HEIGHT = 17
LEGEND_STOPS = (0.0, 0.25, 0.5, 0.75, 1.0)
SWATCH_WIDTH = 56
SWATCH_HEIGHT = 18


def heatmap_svg(
    comparison: Comparison, lang: str = "en", id_prefix: str = "heatmap", themes_in: str | None = None
) -> Markup:
    """The comparison as an accessible SVG (``role="img"``, a title and a description).

    Empty (``Markup("")``) when there are no authorities or no themes: the caller says there is
    nothing to compare. ``id_prefix`` keeps the title's and description's ids unique when a page
    shows more than one chart. Words are in ``lang``; the theme names are the squad's, in
    ``themes_in`` (the discovery's language), and are marked with it when that differs.
    """
    if not comparison.authorities or not comparison.rows:
        return Markup("")
    prefix = re.sub(r"[^A-Za-z0-9_-]", "-", id_prefix) or "heatmap"
    with force_locale(lang):
        return Markup("\n".join(_svg(comparison, lang, prefix, themes_in)))  # noqa: S704 - _svg escapes every label and attribute


def pages(comparison: Comparison, rows_per_page: int = 14) -> list[Comparison]:
    """The comparison in parts of at most ``rows_per_page`` themes, for a PDF's pages."""
    size = max(1, rows_per_page)
    return [
        Comparison(authorities=comparison.authorities, rows=comparison.rows[start : start + size])
        for start in range(0, len(comparison.rows), size)
    ]


def percent(share: float) -> int:
    """A share as a whole percentage (Python's rounding, as Jinja's ``round`` filter does)."""
    return round(share * 100)


def fill(share: float) -> str:
    """The cell colour for a share between 0 and 1 (out-of-range values are clamped)."""
    share = min(1.0, max(0.0, share))
    if share < 0.5:
        start, end = LIGHT_SCALE
        step = share / 0.5
    else:
        start, end = DARK_SCALE
        step = (share - 0.5) / 0.5
    return "#{:02x}{:02x}{:02x}".format(*(round(a + (b - a) * step) for a, b in zip(start, end, strict=True)))


def text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with ``background``."""
    dark, light = contrast(background, TEXT_DARK), contrast(background, TEXT_LIGHT)
    return TEXT_DARK if dark >= light else TEXT_LIGHT


def contrast(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` colours, from 1 to 21."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


# Drawing ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Label:
    lines: tuple[str, ...]
    truncated: bool


def _wrap(text: str, width: int, most: int = 2) -> _Label:
    """``text`` in at most ``most`` lines of about ``width`` characters; the last ends "…" if cut."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        elif len(lines) < most:
            lines.append(word)
        else:
            lines[-1] += " " + word
            break
    truncated = False
    for index, line in enumerate(lines):
        if len(line) > width:
            lines[index] = line[: width - 1].rstrip() + "…"
            truncated = True
            del lines[index + 1 :]
            break
    return _Label(tuple(lines), truncated)


def _text(x: float, y: float, label: _Label, full: str, **attributes: object) -> str:
    """A label in ``<tspan>`` lines, with the full words in a ``<title>`` if they were cut."""
    attrs = "".join(f' {name.replace("_", "-")}="{escape(value)}"' for name, value in attributes.items())
    spans = "".join(
        f'<tspan x="{x:g}" dy="{0 if n == 0 else LINE_HEIGHT}">{escape(line)}</tspan>'
        for n, line in enumerate(label.lines)
    )
    text = f'<text x="{x:g}" y="{y:g}"{attrs}>{spans}</text>'
    return f"<g><title>{escape(full)}</title>{text}</g>" if label.truncated else text


def _svg(comparison: Comparison, lang: str, prefix: str, themes_in: str | None = None) -> Iterator[str]:
    authorities, rows = comparison.authorities, comparison.rows
    any_without_base = any(not cell.base for row in rows for cell in _cells(row, len(authorities)))
    grid_width = LABEL_WIDTH + CELL_WIDTH * len(authorities)
    legend_width = SWATCH_WIDTH * len(LEGEND_STOPS) + (170 if any_without_base else 0)
    width = PAD * 2 + max(grid_width, legend_width)
    grid_top = PAD + HEADER_HEIGHT
    legend_top = grid_top + CELL_HEIGHT * len(rows) + 28
    height = legend_top + 20 + SWATCH_HEIGHT + 22 + PAD

    yield (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-heatmap" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" '
        f'font-family="{FONT_FAMILY}" font-size="14" fill="{TEXT_DARK}">'
    )
    yield f'<title id="{prefix}-title">{escape(_title())}</title>'
    yield f'<desc id="{prefix}-desc">{escape(_description(len(rows), len(authorities)))}</desc>'

    yield '<g font-weight="bold" text-anchor="middle">'
    for index, authority in enumerate(authorities):
        name = authority.name_in(lang)
        x = PAD + LABEL_WIDTH + CELL_WIDTH * index + CELL_WIDTH / 2
        label = _wrap(name, 13, most=4)
        y = PAD + HEADER_HEIGHT - 12 - LINE_HEIGHT * (len(label.lines) - 1)
        yield _text(x, y, label, name)
    yield "</g>"

    marked = f' lang="{escape(themes_in)}"' if themes_in and themes_in != lang else ""
    yield f'<g text-anchor="middle"{marked}>'
    for row_index, row in enumerate(rows):
        top = grid_top + CELL_HEIGHT * row_index
        label = _wrap(row.label, 30)
        y = top + CELL_HEIGHT / 2 + 5 - LINE_HEIGHT * (len(label.lines) - 1) / 2
        yield _text(PAD + LABEL_WIDTH - 10, y, label, row.label, text_anchor="end")
        for index, cell in enumerate(_cells(row, len(authorities))):
            yield from _cell(PAD + LABEL_WIDTH + CELL_WIDTH * index, top, cell)
    yield "</g>"

    yield from _legend(legend_top, any_without_base)
    yield "</svg>"


def _cells(row: ComparisonRow, count: int) -> list[ComparisonCell]:
    """One cell per authority, even if a row was saved short (a blank cell says "no participants")."""
    return [*row.cells[:count], *[ComparisonCell() for _ in range(count - len(row.cells))]]


def _cell(x: float, y: float, cell: ComparisonCell) -> Iterator[str]:
    middle = x + CELL_WIDTH / 2
    if cell.base:
        background = fill(cell.share)
        big, small = (
            f"{percent(cell.share)}%",
            gettext("%(num)d of %(base)d", num=cell.participants, base=cell.base),
        )
    else:
        background, big, small = NO_BASE_FILL, "–", gettext("no participants")
    ink = text_colour(background)
    yield (
        f'<rect x="{x:g}" y="{y:g}" width="{CELL_WIDTH}" height="{CELL_HEIGHT}" fill="{background}" '
        f'stroke="#ffffff" stroke-width="2"/>'
    )
    yield (
        f'<text x="{middle:g}" y="{y + 22:g}" fill="{ink}" font-size="16" font-weight="bold">'
        f"{escape(big)}</text>"
    )
    yield f'<text x="{middle:g}" y="{y + 40:g}" fill="{ink}" font-size="13">{escape(small)}</text>'


def _legend(top: float, any_without_base: bool) -> Iterator[str]:
    heading = escape(gettext("Share of participants"))
    yield f'<text x="{PAD}" y="{top + 14:g}" font-weight="bold">{heading}</text>'
    swatch_top = top + 20
    for index, share in enumerate(LEGEND_STOPS):
        x = PAD + SWATCH_WIDTH * index
        yield (
            f'<rect x="{x}" y="{swatch_top:g}" width="{SWATCH_WIDTH}" height="{SWATCH_HEIGHT}" '
            f'fill="{fill(share)}" stroke="#ffffff" stroke-width="1"/>'
        )
        yield (
            f'<text x="{x + SWATCH_WIDTH / 2:g}" y="{swatch_top + SWATCH_HEIGHT + 16:g}" '
            f'text-anchor="middle" font-size="13">{percent(share)}%</text>'
        )
    if any_without_base:
        x = PAD + SWATCH_WIDTH * len(LEGEND_STOPS) + 24
        yield (
            f'<rect x="{x:g}" y="{swatch_top:g}" width="{SWATCH_HEIGHT}" height="{SWATCH_HEIGHT}" '
            f'fill="{NO_BASE_FILL}" stroke="#b1b4b6" stroke-width="1"/>'
        )
        yield (
            f'<text x="{x + SWATCH_HEIGHT + 6:g}" y="{swatch_top + 14:g}" font-size="13">'
            f"{escape(gettext('No participants'))}</text>"
        )


def _title() -> str:
    return gettext("Themes by authority: the share of each authority’s participants in each theme")


def _description(themes: int, authorities: int) -> str:
    size = gettext(
        "%(themes)s (rows) across %(authorities)s (columns).",
        themes=ngettext("%(num)d theme", "%(num)d themes", themes),
        authorities=ngettext("%(num)d authority", "%(num)d authorities", authorities),
    )
    how = gettext(
        "Each cell gives how many of the authority’s participants are in the theme, out of all "
        "its participants, and that as a percentage. A darker blue is a larger share."
    )
    return f"{size} {how}"
