"""The people queries and the guards that decide in the database (status filters, the locked count
of active admins, the version claim, the single use of a link) behave the same on SQLite and
PostgreSQL."""

from __future__ import annotations

import pytest

from discovery.accounts import services
from discovery.extensions import db
from tests.factories import ALL_FACTORIES as factories


def test_status_filters_last_admin_guard_version_claim_and_single_use(any_db_app):
    admin = factories.user(role="admin", display_name="Alun")
    factories.user(role="researcher", display_name="Gareth", is_active_account=False)
    invited, secret = services.invite(
        "ffion@torfaen.example", services.PersonData("Ffion", "squad_member", []), admin
    )
    db.session.commit()

    def names(**filters) -> list[str]:
        return [row.user.display_name for row in services.people(**filters)]

    assert names() == ["Alun", "Ffion", "Gareth"]
    assert names(status="invited") == ["Ffion"]
    assert names(status="active") == ["Alun"]
    assert names(status="deactivated") == ["Gareth"]

    with pytest.raises(services.LastAdminError):
        services.deactivate(admin, admin, admin.version)
    db.session.rollback()

    services.update_person(invited, services.PersonData("Ffion Rees", "squad_member", []), admin, 1)
    db.session.commit()
    assert invited.version == 2
    with pytest.raises(services.StaleEditError):
        services.update_person(invited, services.PersonData("Ffion R", "squad_member", []), admin, 1)
    db.session.rollback()

    token = services.check_link(secret).token
    assert services.choose_password(token, "a long enough password") is True
    assert services.choose_password(token, "a long enough password") is False
    db.session.commit()
    assert names(status="active") == ["Alun", "Ffion Rees"]
