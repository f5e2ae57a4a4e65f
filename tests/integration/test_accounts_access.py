"""Only admins manage people and authorities: every other role gets 403 on every page and every
button of the area, and someone signed out is sent to sign in. The choose-a-password page is the
one public page, and a link for one account never opens another's."""

from __future__ import annotations

import pytest

from discovery.core.models import User
from discovery.core.permissions import Capability
from discovery.extensions import db
from tests import assurance
from tests.conftest import make_app
from tests.factories import ALL_FACTORIES as factories
from tests.support import csrf_token, sign_in

ROLES = ("researcher", "squad_member", "authority_lead")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("accounts-access"))
    with app.app_context():
        db.create_all()
        tor = factories.authority(code="TOR")
        people = {role: factories.user(role=role, authorities=[tor]) for role in (*ROLES, "admin")}
        db.session.commit()
        ids = {"user_id": people["researcher"].id, "authority_id": tor.id}
        emails = {role: user.email for role, user in people.items()}
        clients = {}
        for role in ROLES:
            clients[role] = app.test_client()
            sign_in(clients[role], db.session.get(User, people[role].id))
        clients["signed_out"] = app.test_client()
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("accounts.") and rule.endpoint != "accounts.set_password":
            url = rule.build({name: ids[name] for name in rule.arguments}, append_unknown=False)[1]
            urls += [(method, url) for method in sorted(rule.methods & {"GET", "POST"})]
    yield app, clients, urls, emails
    with app.app_context():
        db.engine.dispose()


def test_every_page_and_button_of_the_area_is_guarded_by_manage_users(world):
    app, *_ = world
    endpoints = [e for e in app.view_functions if e.startswith("accounts.") and e != "accounts.set_password"]
    assert len(endpoints) == 11
    for endpoint in endpoints:
        needs = set(app.view_functions[endpoint].required_capabilities.values())
        assert needs == {Capability.MANAGE_USERS}, endpoint
    assert app.view_functions["accounts.set_password"].is_public


@pytest.mark.parametrize("role", ROLES)
def test_people_who_are_not_admins_get_403_on_every_page_and_action(world, role):
    app, clients, urls, _emails = world
    client = clients[role]
    token = csrf_token(client.get("/accessibility-statement").get_data(as_text=True))
    answers = {}
    for method, url in urls:
        if method == "GET":
            answers[(method, url)] = client.get(url).status_code
        else:
            data = {
                "csrf_token": token,
                "version": "1",
                "display_name": "X",
                "role": "admin",
                "code": "X",
                "name": "X",
            }
            answers[(method, url)] = client.post(url, data=data).status_code
    refused = sum(1 for status in answers.values() if status == 403)
    assurance.record("user_management", non_admin_attempts=len(answers), non_admin_refused=refused)
    assert len(answers) == 18
    assert refused == len(answers), {k: v for k, v in answers.items() if v != 403}
    with app.app_context():
        assert db.session.query(User).filter(User.role == "admin").count() == 1
    assert "People" not in [a.get_text(strip=True) for a in _nav_links(client)]


def test_someone_signed_out_is_sent_to_sign_in(world):
    _app, clients, urls, _emails = world
    for method, url in urls:
        if method == "GET":
            response = clients["signed_out"].get(url)
            assert response.status_code == 302 and "/sign-in" in response.headers["Location"], url


def _nav_links(client):
    from tests.support import soup

    return soup(client.get("/discoveries")).select("a.govuk-service-navigation__link")


def test_admins_reach_people_and_authorities_from_the_header(world):
    app, _clients, _urls, emails = world
    admin = app.test_client()
    with app.app_context():
        sign_in(admin, db.session.query(User).filter(User.email == emails["admin"]).one())
    links = {a.get_text(strip=True): a["href"] for a in _nav_links(admin)}
    assert links["People"] == "/people" and links["Authorities"] == "/authorities"
