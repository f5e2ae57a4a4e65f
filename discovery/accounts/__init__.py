"""People and authorities, managed by admins on the web: invite, change role and authorities,
deactivate and reactivate, reset a password with a one-time link, and keep the list of councils
and partners with their Welsh names.

Before this area, accounts existed only from the command line (``discovery.cli``), which stays
as the way in for the first admin and for recovery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def init_app(app: Flask) -> None:
    from discovery.accounts.links import keep_links_out_of_logs
    from discovery.accounts.routes import bp

    app.register_blueprint(bp)
    keep_links_out_of_logs()
