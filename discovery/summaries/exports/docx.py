"""A summary as a Word document, for councils that write board papers in Word.

Real Heading 1–3 styles (Word's navigation pane and a generated table of contents use them),
tables with a header row that repeats on each page, quotes in an indented italic style, the
comparison as a table of numbers, and the document's title and language set so a screen reader
and the spelling checker know what they are reading.
"""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from flask_babel import force_locale, gettext

from discovery.summaries import content
from discovery.summaries.exports import words
from discovery.summaries.exports.words import Table

LANGUAGE_TAGS = {"en": "en-GB", "cy": "cy-GB"}
SECONDARY = RGBColor(0x48, 0x49, 0x49)
# Style ids in python-docx's default template (ids, not names: see _paragraph).
QUOTE = "Quote"
BULLET = "ListBullet"
CAPTION = "Caption"
SUBTITLE = "Subtitle"


def _set_language(doc, lang: str) -> None:
    """Every run's default language, so Word checks Welsh spelling in a Welsh summary."""
    tag = LANGUAGE_TAGS.get(lang, lang)
    doc.core_properties.language = tag
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang_element = run_defaults.find(qn("w:lang"))
    if lang_element is None:
        lang_element = OxmlElement("w:lang")
        run_defaults.append(lang_element)
    lang_element.set(qn("w:val"), tag)


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    quote = doc.styles["Quote"]
    quote.font.italic = True
    quote.paragraph_format.left_indent = Cm(1)
    quote.paragraph_format.right_indent = Cm(0.5)
    quote.paragraph_format.keep_together = True
    for level in (1, 2, 3):
        doc.styles[f"Heading {level}"].paragraph_format.keep_with_next = True


def _footer(doc) -> None:
    """ "Page 3 of 9" in the footer, word order from the translation."""
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    text = gettext("Page %(page)s of %(pages)s", page="\x00PAGE\x00", pages="\x00NUMPAGES\x00")
    for index, piece in enumerate(text.split("\x00")):
        if index % 2:
            field = OxmlElement("w:fldSimple")
            field.set(qn("w:instr"), piece)
            run = OxmlElement("w:r")
            text_element = OxmlElement("w:t")
            text_element.text = "1"
            run.append(text_element)
            field.append(run)
            paragraph._p.append(field)
        elif piece:
            paragraph.add_run(piece)


def _paragraph(doc, text: str = "", style_id: str | None = None):
    """``doc.add_paragraph(text, style)``, given the style's id rather than its name.

    python-docx resolves a style name by scanning every style and its default flag, once per
    paragraph: with thousands of quotes that took minutes.
    """
    paragraph = doc.add_paragraph(text)
    if style_id is not None:
        paragraph._p.style = style_id
    return paragraph


def _heading(doc, text: str, level: int) -> None:
    _paragraph(doc, text, f"Heading{level}")


def _secondary(doc, text: str) -> None:
    run = _paragraph(doc).add_run(text)
    run.font.color.rgb = SECONDARY


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(doc, t: Table) -> None:
    caption = _paragraph(doc, t.caption, CAPTION)
    caption.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=len(t.head))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _repeat_header(table.rows[0])
    for index, (cell, heading) in enumerate(zip(table.rows[0].cells, t.head, strict=True)):
        run = cell.paragraphs[0].add_run(heading)
        run.bold = True
        if index in t.numeric:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for values in t.rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.text = str(value)
            if index in t.numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()


def _bullets(doc, items: list[str]) -> None:
    for item in items:
        _paragraph(doc, item, BULLET)


def _narrative(doc, document: content.Document, key: str, lang: str) -> None:
    blocks = words.narrative_blocks_for(document.narrative, key, lang)
    if not blocks:
        _secondary(doc, words.empty(key))
        return
    if note := words.untranslated_note(document.narrative, key, lang):
        _secondary(doc, note)
    for block in blocks:
        if block.kind == "bullets":
            _bullets(doc, block.items)
        elif block.kind == "numbers":
            # Numbered as text: Word's List Number style would carry on from the previous list.
            for number, item in enumerate(block.items, start=1):
                paragraph = doc.add_paragraph(f"{number}. {item}")
                paragraph.paragraph_format.left_indent = Cm(0.63)
                paragraph.paragraph_format.first_line_indent = Cm(-0.63)
        elif block.kind == "heading":
            _heading(doc, " ".join(block.items), 3)
        else:
            doc.add_paragraph(" ".join(block.items))


def _section(doc, document: content.Document, key: str, lang: str) -> None:
    summary = document.summary
    if key in words.NARRATIVE:
        _narrative(doc, document, key, lang)
    elif key == "problem":
        paragraphs = words.paragraphs(summary.problem_statement)
        for paragraph in paragraphs:
            doc.add_paragraph(paragraph)
        if not paragraphs:
            _secondary(doc, words.empty(key))
    elif key == "research":
        research = summary.research
        for line in words.research_lines(research):
            doc.add_paragraph(line)
        _heading(doc, gettext("Methods"), 3)
        methods = words.methods(research)
        _bullets(doc, methods) if methods else _secondary(doc, words.nothing("methods"))
        _heading(doc, gettext("Who took part"), 3)
        if research.segments:
            _table(doc, words.segment_table(research))
        else:
            _secondary(doc, words.nothing("segments"))
        if research.authorities:
            _table(doc, words.authority_table(document, lang))
        else:
            _secondary(doc, words.nothing("authorities"))
    elif key == "themes":
        for theme in summary.themes:
            _heading(doc, theme.label, 3)
            if theme.description:
                doc.add_paragraph(theme.description)
            _secondary(doc, words.strength(theme.strength))
            for quote in theme.quotes:
                paragraph = _paragraph(doc, f"“{quote.text}”", QUOTE)
                paragraph.paragraph_format.keep_with_next = True
                attribution = _paragraph(doc, f"— {words.attribution(document, quote, lang)}", QUOTE)
                attribution.runs[0].italic = False
        if not summary.themes:
            _secondary(doc, words.empty(key))
    elif key == "pain-points":
        for stage in summary.stages:
            _heading(doc, words.stage_name(stage), 3)
            if stage.pain_points:
                _bullets(doc, [words.pain_point(point) for point in stage.pain_points])
            else:
                _secondary(doc, words.nothing("stage"))
            if tagged := words.tagged_pain_points(stage):
                _secondary(doc, tagged)
        if not summary.stages:
            _secondary(doc, words.empty(key))
    elif key == "gaps":
        if summary.gaps:
            _bullets(doc, [words.gap(document, item, lang) for item in summary.gaps])
        else:
            _secondary(doc, words.empty(key))
    elif key == "across-authorities":
        if words.has_comparison(document):
            _table(doc, words.comparison_table(document.comparison, lang))
        else:
            _secondary(doc, words.empty(key))
    else:
        listed = words.listed_table(summary, key)
        _table(doc, listed) if listed else _secondary(doc, words.empty(key))


def to_docx(document: content.Document, lang: str) -> bytes:
    """The summary as .docx bytes."""
    with force_locale(lang):
        doc = new_document()
        _styles(doc)
        _set_language(doc, lang)
        doc.core_properties.title = f"{words.title(document)} – {words.scope(document, lang)}"
        doc.core_properties.subject = document.summary.service
        doc.core_properties.author = document.version.published_by if document.version else ""
        _footer(doc)
        _heading(doc, document.summary.discovery_title, 1)
        _paragraph(doc, words.scope(document, lang), SUBTITLE)
        for line in words.version_lines(document):
            doc.add_paragraph(line)
        for key, title in words.sections(document):
            _heading(doc, title, 2)
            _section(doc, document, key, lang)
        buffer = io.BytesIO()
        doc.save(buffer)
    return buffer.getvalue()
