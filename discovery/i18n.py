"""Choosing English or Welsh for each request, and remembering the choice for the person.

The order, first that applies wins:

1. the language chosen in this browser session with the English/Cymraeg switch (``?lang=``);
2. the person's saved preference, which sign-in copies into the session (so a new device, once
   signed in, shows the language they chose on another);
3. the browser's ``Accept-Language`` (Welsh when it prefers Welsh to English);
4. English.

A choice made while signed in is saved on the account; one made while signed out lives in the
session only, and is saved at sign-in if the person has not chosen before.
"""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from discovery.core import audit
from discovery.core.models import User

SESSION_KEY = "lang"
PARAMETER = "lang"


def select_locale() -> str:
    """The language of this request's page (see the module docstring for the order).

    Outside a request (a command, a background job, the demo loader) messages are in the
    default language, rather than failing for want of a session to read.
    """
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    supported = current_app.config["LANGUAGES"]
    chosen = session.get(SESSION_KEY)
    if chosen in supported:
        return chosen
    return browser_language(supported) or current_app.config["BABEL_DEFAULT_LOCALE"]


def browser_language(supported) -> str | None:
    """The browser's most preferred language that we have, by its primary tag.

    Not Werkzeug's ``best_match``: that takes an exact match at any quality over a regional
    one, so ``cy-GB,en;q=0.5`` (a Welsh browser that will also take English) got English.
    """
    for value, quality in request.accept_languages:  # most preferred first
        primary = value.split("-")[0].split("_")[0].lower()
        if quality > 0 and primary in supported:
            return primary
    return None


def remember_choice() -> None:
    """Before each request: a ``?lang=`` from the switch becomes the session's language, and,
    for a signed-in person, their saved preference.

    Reading ``current_user`` here loads the user; a session gone idle reads as signed out, so
    nothing is saved for it.
    """
    language = request.args.get(PARAMETER)
    if language not in current_app.config["LANGUAGES"]:
        return
    session[SESSION_KEY] = language
    if current_user.is_authenticated:
        save_preference(current_user._get_current_object(), language)


def save_preference(user: User, language: str) -> None:
    """Save ``language`` as the person's choice, with an audit event when it changes.

    Only this column is written: the account's ``version`` (which guards an admin's edit form)
    is left alone, because the person choosing a language cannot clash with an admin's edit.
    """
    if user.preferred_language == language:
        return
    before = user.preferred_language
    user.preferred_language = language
    audit.record("language_chosen", user, actor=user, before=before, after=language)


def start_signed_in_session(user: User, chosen_signed_out: str | None) -> None:
    """At sign-in: the saved preference becomes the session's language; with none saved, a
    choice made on the signed-out pages is kept and saved."""
    if user.preferred_language in current_app.config["LANGUAGES"]:
        session[SESSION_KEY] = user.preferred_language
    elif chosen_signed_out in current_app.config["LANGUAGES"]:
        session[SESSION_KEY] = chosen_signed_out
        save_preference(user, chosen_signed_out)


def page_language() -> str:
    """``cy`` or ``en``: the language of the page being made (English outside the app)."""
    return getattr(get_locale(), "language", None) or "en"


def lang_attr(content_language: str | None, within: str | None = None) -> Markup:
    """`` lang="xx"`` for content in a language other than the page's, else nothing.

    A Welsh quote on an English page and an English one on a Welsh page must each say their
    language, or a screen reader reads them with the wrong voice. Put it straight after the
    element's other attributes: ``<blockquote class="…"{{ lang_attr(finding.note.language) }}>``.
    ``within`` is the language of the part of the page around it, where that is not the
    page's own (a Welsh summary shown on an English page); an unknown language marks nothing.
    """
    if not content_language or content_language == (within or page_language()):
        return Markup("")
    return Markup(' lang="{}"').format(content_language)


def in_language(text: str, language: str | None) -> Markup | str:
    """``text`` for a checkbox or radio label, marked with ``language`` when the page is in the
    other one: a theme's name written by an English-speaking squad, offered on a Welsh page.

    Labels are the one place a template cannot add ``lang`` around the words, so the form's
    choices carry it; plain text (``<option>``) gets the plain words.
    """
    marked = lang_attr(language)
    return Markup("<span{}>{}</span>").format(marked, text) if marked else text


def squad_choices(items, words) -> dict[str, Markup | str]:
    """Checkbox choices (id -> label) of the squad's own objects (themes, needs), each label
    marked with its discovery's language by :func:`in_language`."""
    return {str(item.id): in_language(words(item), item.discovery.content_language) for item in items}
