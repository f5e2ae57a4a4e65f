"""Jinja set-up: GOV.UK template packages, strict undefined, and the globals every page uses."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Flask, request, url_for
from flask_babel import format_date, format_datetime, format_percent, get_locale
from flask_login import current_user
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from markupsafe import Markup, escape

from discovery import i18n
from discovery.core import vocab
from discovery.core.permissions import can
from discovery.summaries.exports import words as summary_words
from discovery.summaries.heatmap import heatmap_svg
from discovery.summaries.narrative import blocks
from research_notes.importers import format_timestamp
from research_notes.tags import labels as tag_labels


def init_app(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(app.template_folder),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    # Not StrictUndefined: govuk-frontend-jinja's own templates test unset variables and
    # params with a plain `if` (htmlClasses, params.classes), which StrictUndefined turns into 500s.
    app.jinja_env.undefined = ChainableUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    WTFormsHelpers(app)
    # Globals, not a context processor, so macros imported without context can use them too.
    app.jinja_env.globals.update(
        can=lambda capability, discovery=None: can(current_user, capability, discovery),
        language_url=_language_url,
        lang_attr=i18n.lang_attr,
        in_language=i18n.in_language,
        vocab=vocab,
        summary_words=summary_words,
        format_date=format_date,
        format_datetime=format_datetime,
        format_percent=format_percent,
        heatmap_svg=heatmap_svg,
    )
    app.jinja_env.filters["clock"] = clock
    app.jinja_env.filters["as_blocks"] = blocks
    # A tag's name in the page's language; a fallback to English is marked lang="en".
    app.jinja_env.filters["tag_name"] = tag_labels.tag_name_html
    app.jinja_env.filters["tag_names"] = tag_labels.tag_names_html
    app.jinja_env.filters["tag_description"] = tag_labels.tag_description_html
    app.jinja_env.filters["tag_path"] = tag_labels.tag_path_html
    app.jinja_env.filters["tag_text"] = tag_labels.tag_text
    app.jinja_env.filters["authority_name"] = authority_name
    app.context_processor(_locale)


def clock(seconds: float | None) -> str:
    """Seconds into a transcript as hh:mm:ss, the way transcription tools show them."""
    return "" if seconds is None else format_timestamp(seconds)


def authority_name(authority, within: str | None = None) -> Markup:
    """An authority's name in the page's language; an English name on a Welsh page (there is
    no Welsh one yet) is wrapped in ``<span lang="en">``. Works for ``Authority`` and for the
    summaries' ``AuthorityRef`` alike (both have ``name`` and ``name_cy``)."""
    language = within or i18n.page_language()
    if language == "cy" and authority.name_cy:
        return escape(authority.name_cy)
    if language == "en":
        return escape(authority.name)
    return Markup('<span lang="en">{}</span>').format(authority.name)


def _language_url(code: str) -> str:
    """This page again in ``code``: the same path and the whole query (repeated parameters
    too), with ``lang`` replaced rather than added twice.

    A page that answered a POST links to a GET of the same address, which shows the form or
    list afresh; an address that only takes POSTs links to the home page instead.
    """
    rule = request.url_rule
    if rule is not None and "GET" not in (rule.methods or ()):
        return url_for("core.sign_in", lang=code)
    query = [(key, value) for key, value in request.args.items(multi=True) if key != i18n.PARAMETER]
    query.append((i18n.PARAMETER, code))
    return f"{quote(request.script_root + request.path)}?{urlencode(query)}"


def _locale() -> dict:
    return {"current_locale": str(get_locale() or "en")}
