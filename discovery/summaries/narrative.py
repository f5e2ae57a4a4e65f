"""The squad's narrative sections, read as paragraphs, lists and headings.

Key messages, recommendations and next steps are typed, or pasted from a document or an email,
into a plain textarea. The page, the PDF, the Word file and the Markdown file each need the same
structure out of that text, and none of them may pass what was pasted through as markup: a
``<script>`` pasted from a web page must not run, and ``**bold**`` must not reach a board paper
with its asterisks. So ``blocks`` reads the text once into plain strings; templates escape them
(Jinja autoescape) and ``to_markdown`` escapes them for Markdown.

``blocks`` never raises: whatever was saved has to render, or the summary cannot be published.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

KINDS = ("paragraph", "bullets", "numbers", "heading")


@dataclass(frozen=True)
class Block:
    """One paragraph, list or heading; ``items`` holds one string except for lists."""

    kind: str
    items: tuple[str, ...]


def blocks(text: str) -> list[Block]:
    """Paragraphs, lists and headings read out of plain text, Markdown or pasted HTML."""
    if not isinstance(text, str) or not text.strip():
        return []
    text = _clean_characters(text)
    found = _html_blocks(text) if _looks_like_html(text) else _text_blocks(text)
    return _merge_lists(found)


def plain_text(found: Iterable[Block]) -> str:
    """The blocks as plain text (for a Word file's fallback, a search index, a diff).

    Lists keep their markers ("• ", "1. ") so that reading the text back with ``blocks`` gives
    the same lists.
    """
    parts = []
    for block in found:
        if block.kind == "bullets":
            parts.append("\n".join(f"• {item}" for item in block.items))
        elif block.kind == "numbers":
            parts.append("\n".join(f"{n}. {item}" for n, item in enumerate(block.items, 1)))
        else:
            parts.append(" ".join(block.items))
    return "\n\n".join(part for part in parts if part)


def to_markdown(found: Iterable[Block], heading_level: int = 3) -> str:
    """The blocks as Markdown in which nothing the squad wrote can become markup.

    Headings are written at ``heading_level`` (the summary's own section headings sit above).
    Two lists of the same kind next to each other use different markers, because Markdown
    would otherwise join them into one.
    """
    parts = []
    hashes = "#" * max(1, min(6, heading_level))
    previous = ("", "")  # the last block's kind and marker
    for block in found:
        items = [escaped for escaped in (_escape_markdown(item) for item in block.items) if escaped]
        if not items:
            continue
        if block.kind == "bullets":
            marker = "*" if previous == ("bullets", "-") else "-"
            parts.append("\n".join(f"{marker} {item}" for item in items))
        elif block.kind == "numbers":
            marker = ")" if previous == ("numbers", ".") else "."
            parts.append("\n".join(f"{n}{marker} {item}" for n, item in enumerate(items, 1)))
        elif block.kind == "heading":
            marker = ""
            parts.append(f"{hashes} {' '.join(items)}")
        else:
            marker = ""
            parts.append(" ".join(items))
        previous = (block.kind, marker)
    return "\n\n".join(parts)


# Characters ------------------------------------------------------------------------------------

_LINE_BREAKS = str.maketrans({"\r": "\n", "\u2028": "\n", "\u2029": "\n\n", "\x0b": "\n", "\x0c": "\n"})
_ESCAPED = "\\`*_{}[]()#+-.!<>~|&"
_PLACEHOLDER = 0xE000  # private use: Markdown's backslash escapes wait here while markers go


def _clean_characters(text: str) -> str:
    """Newlines made uniform; control characters, lone surrogates and zero-width marks gone."""
    text = text.replace("\r\n", "\n").translate(_LINE_BREAKS).replace("\t", " ")
    return "".join(
        char
        for char in text
        if char == "\n"
        or not (
            unicodedata.category(char) in ("Cc", "Cs")
            or char in "\u200b\ufeff\u00ad"
            or _PLACEHOLDER <= ord(char) < _PLACEHOLDER + 128
        )
    )


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# Plain text and Markdown -----------------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6})(?: (.*?))?(?: #+)?$")
_BULLET = re.compile(r"^[-*•+] (.*)$")
_NUMBER = re.compile(r"^\d{1,9}[.)] (.*)$")
_RULE = re.compile(r"^(?:[-*_=] ?){3,}$")
_UNDERLINE = re.compile(r"^(?:=+|-+)$")
_ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});")


def _text_blocks(text: str, entities: bool = True) -> list[Block]:
    """Blank lines end a block; list and heading lines start one; other lines join with a space."""
    found: list[Block] = []
    kind: str | None = None
    lines: list[str] = []  # a paragraph's lines, or a list's items

    def close() -> None:
        nonlocal kind, lines
        if kind is not None:
            items = [_inline(line, entities) for line in lines]
            if kind == "paragraph":
                items = [" ".join(item for item in items if item)]
            items = [item for item in items if item]
            if items:
                found.append(Block(kind, tuple(items)))
        kind, lines = None, []

    for raw in text.split("\n"):
        indented = raw[:1].isspace()
        line = _collapse(raw)  # one space at most, so the patterns below never backtrack far
        if not line:
            close()
            continue
        heading = _HEADING.match(line)
        if heading:
            close()
            kind, lines = "heading", [heading.group(2) or ""]
            close()
            continue
        if _UNDERLINE.match(line) and kind == "paragraph" and len(lines) == 1:
            kind = "heading"  # a Setext heading: its text, then a line of = or -
            close()
            continue
        if _RULE.match(line):
            close()
            continue
        for pattern, list_kind in ((_BULLET, "bullets"), (_NUMBER, "numbers")):
            item = pattern.match(line)
            if item:
                if kind != list_kind:
                    close()
                    kind = list_kind
                lines.append(item.group(1))
                break
        else:
            if kind in ("bullets", "numbers") and indented:
                lines[-1] += " " + line  # an indented line carries on the item above
                continue
            if kind != "paragraph":
                close()
                kind = "paragraph"
            lines.append(line)
    close()
    return found


_INLINE = [
    (re.compile(r"!\[([^\[\]\n]*)\]\([^()\s]*(?:\s+\"[^\"]*\")?\)"), r"\1"),  # an image: its alt text
    (re.compile(r"\[([^\[\]\n]*)\]\(([^()\s]*)(?:\s+\"[^\"]*\")?\)"), None),  # a link: handled below
    (re.compile(r"<((?:https?|mailto):[^<>\s]+)>"), r"\1"),
    (re.compile(r"(`{1,3})([^`]+)\1"), r"\2"),
]
_EMPHASIS = [
    re.compile(r"\*\*([^*\s](?:[^*]*[^*\s])?)\*\*"),
    re.compile(r"(?<!\w)__([^_\s](?:[^_]*[^_\s])?)__(?!\w)"),
    re.compile(r"~~([^~\s](?:[^~]*[^~\s])?)~~"),
    re.compile(r"\*([^*\s](?:[^*]*[^*\s])?)\*"),
    re.compile(r"(?<!\w)_([^_\s](?:[^_]*[^_\s])?)_(?!\w)"),
]


def _link(match: re.Match[str]) -> str:
    words, url = match.group(1).strip(), match.group(2)
    if not url or words == url:
        return words or url
    return f"{words} ({url})" if words else url


def _inline(text: str, entities: bool = True) -> str:
    """Markdown's inline markers taken off, leaving the words (and a link's address in brackets).

    Character references ("&amp;") in plain text are read as the characters they stand for
    (HTML's are read by the parser, so ``entities`` is off for them).
    """
    if entities:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    text = re.sub(r"\\([" + re.escape(_ESCAPED) + "])", lambda m: chr(_PLACEHOLDER + ord(m.group(1))), text)
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement if replacement is not None else _link, text)
    for _ in range(3):  # nested markers: **bold *and* em**
        before = text
        for pattern in _EMPHASIS:
            text = pattern.sub(r"\1", text)
        if text == before:
            break
    text = re.sub("[\ue000-\ue07f]", lambda m: chr(ord(m.group(0)) - _PLACEHOLDER), text)
    return _collapse(text)


# Pasted HTML -----------------------------------------------------------------------------------

_TAG = re.compile(
    r"<!--|</?(?:"
    r"blockquote|figcaption|template|article|caption|section|figure|footer|header|script|"
    r"strong|aside|small|style|table|tbody|thead|title|abbr|body|code|font|head|html|main|mark|"
    r"meta|span|del|div|img|ins|nav|pre|sub|sup|br|dd|dl|dt|em|h1|h2|h3|h4|h5|h6|hr|li|ol|td|"
    r"th|tr|ul|a|b|i|p|s|u"
    r")(?=[\s/>])[^<>]*>",
    re.IGNORECASE,
)
"""An element pasted HTML is made of; other "<word>" text is taken as words."""
_SKIPPED = frozenset({"script", "style", "template", "title", "head"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_EMPTY = frozenset({"br", "hr"})
_BREAKS = (
    _HEADINGS
    | _EMPTY
    | {"p", "div", "li", "ul", "ol", "blockquote", "pre", "table", "caption", "tr", "td", "th"}
    | {"dl", "dt", "dd", "section", "article", "aside", "header", "footer", "main", "nav"}
    | {"figure", "figcaption", "body", "html"}
)


def _looks_like_html(text: str) -> bool:
    """Pasted HTML, rather than text that merely has a "<" in it ("fewer than 5 <10 minutes")."""
    return _TAG.search(text) is not None


class _Reader(HTMLParser):
    """Rewrites pasted HTML as the plain text ``_text_blocks`` reads: block elements become
    blank lines, list items "- " or "1. " lines, headings "# " lines.

    Inside a block element newlines are only spaces, as in HTML; outside any (text typed
    around a stray tag) they keep their plain-text meaning.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[str] = []  # "ul" or "ol", outermost first
        self.open_blocks = 0
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            if tag != "head":
                self.skipping.append(tag)
            return
        if tag == "br":
            self.out.append(" " if self.lists else "\n\n")
        elif tag == "li":
            self.out.append("\n\n1. " if self.lists and self.lists[-1] == "ol" else "\n\n- ")
        elif tag in _HEADINGS:
            self.out.append("\n\n# ")
        elif tag in _BREAKS:
            self.out.append("\n\n")
        if tag in ("ul", "ol"):
            self.lists.append(tag)
        if tag in _BREAKS and tag not in _EMPTY:
            self.open_blocks += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKS:
            self.out.append(" " if tag == "br" and self.lists else "\n\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in _BREAKS and tag not in _EMPTY:
            self.out.append("\n\n")
            self.open_blocks = max(0, self.open_blocks - 1)
        if tag in ("ul", "ol") and tag in self.lists:
            while self.lists and self.lists.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(data.replace("\n", " ") if self.open_blocks else data)


def _html_blocks(text: str) -> list[Block]:
    reader = _Reader()
    try:
        reader.feed(text)
        reader.close()
    except Exception:  # noqa: BLE001 - HTMLParser is lenient, but a paste must still render
        return _text_blocks(re.sub(r"<[^<>]*>", "\n\n", text))
    return _text_blocks("".join(reader.out), entities=False)


def _merge_lists(found: list[Block]) -> list[Block]:
    """One list block per run of items of a kind, as Markdown reads "- a", blank line, "- b"."""
    runs: list[tuple[str, list[str]]] = []
    for block in found:
        last = runs[-1] if runs else None
        if last and block.kind in ("bullets", "numbers") and last[0] == block.kind:
            last[1].extend(block.items)
        else:
            runs.append((block.kind, list(block.items)))
    return [Block(kind, tuple(items)) for kind, items in runs]


# Markdown out ----------------------------------------------------------------------------------

_LEADING = re.compile(r"^(?:(\d{1,9})([.)])(?= |$)|([-+=]+)(?= |$)|([#>]))")


def _escape_markdown(text: str) -> str:
    """``text`` as Markdown that shows exactly these characters and makes no markup.

    Characters that are markup anywhere are escaped anywhere; those that are markup only at
    the start of a line ("#", ">", "-", "1.") only there, so the file stays easy to read.
    """
    text = _collapse(_clean_characters(text))
    text = re.sub(r"([\\`*_\[\]<~])", r"\\\1", text)
    text = re.sub(r"&(?=[a-zA-Z0-9#]+;)", r"\\&", text)
    text = re.sub(r"(?<= )#(?=#*$)", r"\\#", text)  # would close a heading
    return _LEADING.sub(_escape_leading, text)


def _escape_leading(match: re.Match[str]) -> str:
    number, delimiter, markers, single = match.groups()
    if number:
        return f"{number}\\{delimiter}"
    if markers:
        return "".join("\\" + char for char in markers)
    return "\\" + single
