"""Messages from the importers, in the language of the page.

The importers have no Flask (they run in a job, a command or a notebook too), so they cannot
translate. They mark each sentence with ``N_`` and hand it over untranslated with its
parameters — a spreadsheet ``Message``, a transcript ``Notice`` (a warning that is also its
English ``str``) or a ``TranscriptError`` — and the page or command that shows it calls
:func:`translate`. Outside a request that is the default language (English).
"""

from __future__ import annotations

from flask_babel import gettext as _

from research_notes.importers.results import Notice, TranscriptError
from research_notes.importers.spreadsheet import Message


def _params(params: dict) -> dict:
    return {key: (translate(value) if isinstance(value, Notice) else value) for key, value in params.items()}


def translate(message: Message | Notice | str) -> str:
    """A message from the importers or this app, in the language of the page.

    A plain string (a warning saved before warnings kept their template) is shown as it is.
    """
    if isinstance(message, Message | Notice):
        params = _params(message.params)
        return _(message.template, **params) if params else _(message.template)
    return str(message)


def translate_error(error: TranscriptError) -> str:
    """Why a file could not be read, in the language of the page (errors raised without a
    translatable template are shown as they are)."""
    return translate(Message(error.template, error.params))
