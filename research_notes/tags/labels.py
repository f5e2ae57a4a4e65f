"""A tag's name and description in the reader's language: the one place that decides it.

A tag has an English name and, optionally, a Welsh one. A Welsh page shows the Welsh name,
or the English when there is none; an English page always shows the English. Text shown in
a language other than the page's must say so (``lang="en"``), or a screen reader reads an
English name with Welsh pronunciation, so the HTML forms wrap a fallback in
``<span lang="en">``. Plain text (page titles, flash messages, checkbox labels, CSV cells)
cannot carry ``lang``; there the fallback is simply the English.

Templates use the Jinja filters registered in ``discovery.templating``:
``{{ tag | tag_name }}``, ``{{ tag | tag_description }}``, ``{{ tag | tag_path }}`` (HTML) and
``{{ tag | tag_text }}`` (plain text, for ``<title>``).
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

from discovery.i18n import page_language
from research_notes.models import Tag

WELSH = "cy"
ENGLISH = "en"
PATH_SEPARATOR = " > "


def _pick(english: str, welsh: str, language: str | None) -> tuple[str, str]:
    if (language or page_language()) == WELSH and welsh:
        return welsh, WELSH
    return english, ENGLISH


def tag_label(tag: Tag, language: str | None = None) -> tuple[str, str]:
    """(name, the language it is in) for a page in ``language`` (the current page's by default)."""
    return _pick(tag.name, tag.name_cy or "", language)


def tag_description_label(tag: Tag, language: str | None = None) -> tuple[str, str]:
    """(description, the language it is in); the text is empty when there is none in either."""
    return _pick(tag.description or "", tag.description_cy or "", language)


def tag_text(tag: Tag, language: str | None = None) -> str:
    """The name as plain text, for places that cannot mark a language."""
    return tag_label(tag, language)[0]


def ancestors(tag: Tag) -> list[Tag]:
    """The tag and its parents, root first (a loop, which the services refuse, is cut short)."""
    chain: list[Tag] = []
    seen: set = set()
    node: Tag | None = tag
    while node is not None and node.id not in seen:
        seen.add(node.id)
        chain.append(node)
        node = node.parent
    return chain[::-1]


def tag_path_text(tag: Tag, separator: str = PATH_SEPARATOR, language: str | None = None) -> str:
    """‘Sianeli > Ciwiau ffôn’: the plain-text path in the page's language."""
    return separator.join(tag_text(t, language) for t in ancestors(tag))


def _html(text: str, lang: str) -> Markup:
    """``text``, wrapped in a ``<span lang>`` when it is not in the page's language."""
    if text and lang != page_language():
        return Markup('<span lang="{}">{}</span>').format(lang, text)
    return escape(text)


def tag_name_html(tag: Tag, language: str | None = None) -> Markup:
    """The name as HTML, a fallback to English on a Welsh page wrapped in ``<span lang="en">``.

    ``language`` asks for the name in a language other than the page's (the codebook shows
    both); the result is marked whenever it differs from the page's language.
    """
    return _html(*tag_label(tag, language))


def tag_description_html(tag: Tag, language: str | None = None) -> Markup:
    """The description as HTML, marked like :func:`tag_name_html`; empty when there is none."""
    return _html(*tag_description_label(tag, language))


def tag_names_html(tags: Iterable[Tag], separator: str = ", ", language: str | None = None) -> Markup:
    """Several names, each marked on its own, joined by ``separator``."""
    return Markup(escape(separator)).join(tag_name_html(t, language) for t in tags)  # noqa: S704 - the separator is escaped; names are Markup


def tag_path_html(tag: Tag, separator: str = PATH_SEPARATOR, language: str | None = None) -> Markup:
    """The tag's path (root first) as HTML, each level marked on its own."""
    return tag_names_html(ancestors(tag), separator, language)
