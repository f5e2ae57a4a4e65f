"""The one way an edit form answers a save that lost the race to someone else's."""

from __future__ import annotations

from flask import flash, render_template

from discovery.extensions import db


def refuse_stale_edit(form, record, message: str, template: str, **context):
    """Undo the refused save, point the form at the saved version and show it again, with the
    text typed still in it, as a 409.

    ``record`` is what the form edits (it must have a ``version``); ``context`` is passed to
    the template along with ``form``.
    """
    db.session.rollback()
    form.version.reset_to(record)
    flash(message, "error")
    return render_template(template, form=form, **context), 409
