"""Is every piece of research content marked with its own language, on pages in either language?

A Welsh quote on an English page, an English quote on a Welsh page and a tag with no Welsh name
on a Welsh page must each sit inside an element whose nearest ``lang`` is the content's own, or a
screen reader reads them in the wrong voice. The page walk runs ``problems`` on every page it
fetches; ``ContentLanguages.from_database`` reads what the demo holds once per walk.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from bs4 import BeautifulSoup, NavigableString
from bs4.element import Comment, Doctype

from discovery.backlog.models import BacklogItem
from discovery.core.models import Discovery, Hypothesis, ResearchQuestion
from discovery.extensions import db
from discovery.journeys.models import JourneyEntry, JourneyMap, JourneyStage
from discovery.needs.models import UserNeed
from discovery.themes.models import Theme
from research_notes.models import Finding, ResearchNote, Tag, Utterance

# Shorter text could be a word or two that both languages share, or a button label.
MIN_CHARACTERS = 25
_QUOTE_MARKS = "“”\"‘’'…. "
_SKIP = {"script", "style", "noscript", "template", "title", "head", "textarea", "option"}


# What the squad writes (as opposed to what participants said), in its discovery's language.
SQUAD_TEXT = (
    Discovery.title,
    Discovery.service,
    Discovery.problem_statement,
    ResearchQuestion.text,
    Hypothesis.text,
    Theme.label,
    Theme.description,
    UserNeed.who,
    UserNeed.need,
    UserNeed.goal,
    JourneyMap.title,
    JourneyMap.scenario,
    JourneyStage.name,
    JourneyEntry.text,
    BacklogItem.title,
    BacklogItem.user_story,
    BacklogItem.acceptance_criteria,
)


def _path_to_discovery(model) -> list[tuple]:
    """The joins from a squad-text column's table to its discovery."""
    if model is Discovery:
        return []
    to_discovery = (Discovery, JourneyMap.discovery_id == Discovery.id)
    if model is JourneyStage:
        return [(JourneyMap, JourneyStage.journey_map_id == JourneyMap.id), to_discovery]
    if model is JourneyEntry:
        return [
            (JourneyStage, JourneyEntry.stage_id == JourneyStage.id),
            (JourneyMap, JourneyStage.journey_map_id == JourneyMap.id),
            to_discovery,
        ]
    return [(Discovery, model.discovery_id == Discovery.id)]


def _norm(text: str) -> str:
    return " ".join(text.split())


@dataclass
class ContentLanguages:
    """The research text the database holds in each language, and the tag names with no Welsh."""

    blobs: dict[str, str]
    english_only_tags: set[str]
    # The squad's own words, whose language nobody recorded (a journey entry that repeats a
    # quote): not checked, even where they match a participant's words.
    unknown: set[str]

    @classmethod
    def from_database(cls) -> ContentLanguages:
        texts: dict[str, list[str]] = {"en": [], "cy": []}
        for model in (Finding, Utterance):
            rows = db.session.execute(sa.select(model.text, ResearchNote.language).join(model.note))
            for text, language in rows:
                texts[language].append(_norm(text))
        # The squad's own words are in the language its discovery says it writes in.
        for column in SQUAD_TEXT:
            query = sa.select(column, Discovery.content_language).select_from(column.class_)
            for target, on in _path_to_discovery(column.class_):
                query = query.join(target, on)
            for text, language in db.session.execute(query):
                if text:
                    texts[language].append(_norm(text))
        no_welsh = sa.or_(Tag.name_cy.is_(None), Tag.name_cy == "")
        tags = set(db.session.scalars(sa.select(Tag.name).where(no_welsh)))
        return cls({language: "\n".join(values) for language, values in texts.items()}, tags, set())

    def language_of(self, text: str) -> str | None:
        """``en`` or ``cy`` when ``text`` is (part of) research text in only that language."""
        text = _norm(text).strip(_QUOTE_MARKS)
        if len(text) < MIN_CHARACTERS:
            return None
        found = [language for language, blob in self.blobs.items() if text in blob]
        return found[0] if len(found) == 1 else None


def nearest_lang(element) -> str | None:
    for parent in [element, *element.parents]:
        attrs = getattr(parent, "attrs", None)
        if attrs and attrs.get("lang"):
            return attrs["lang"].split("-")[0]
    return None


def _texts(page: BeautifulSoup) -> Iterator[NavigableString]:
    for string in page.find_all(string=True):
        if isinstance(string, Comment | Doctype) or not isinstance(string, NavigableString):
            continue
        if any(parent.name in _SKIP for parent in string.parents):
            continue
        yield string


def problems(content: ContentLanguages, html: str, page_language: str) -> list[str]:
    """Each piece of research content whose nearest ``lang`` is not its own language (in a
    fragment with no ``<html lang>``, the page's language it is loaded into)."""
    page = BeautifulSoup(html, "html.parser")
    found = []
    for string in _texts(page):
        text = _norm(string)
        if not text:
            continue
        own = "en" if text in content.english_only_tags else content.language_of(text)
        if own is None:
            continue
        if text in content.unknown:
            continue
        marked = nearest_lang(string.parent) or page_language
        if marked != own:
            found.append(f"{text[:60]!r} is in {own} but its nearest lang is {marked!r}")
    return found
