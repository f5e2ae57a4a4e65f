"""Exports: a job makes the file, its maker downloads it, every export is audited, and
`flask --app discovery export-summary` writes the same files."""

from __future__ import annotations

import io
import re
import subprocess
import uuid

import pytest
from docx import Document as WordDocument

from discovery import jobs
from discovery.extensions import db
from discovery.summaries import services
from tests.support import audit_events, post_form, sign_in, soup

FORM = {"source": "draft", "authority": "", "file_format": "md", "lang": "en"}


def _publish(world):
    services.save_narrative(
        world.discovery, {"key_messages": "- Phones first"}, world.researcher, expected_version=0
    )
    services.publish(world.discovery, world.researcher)
    db.session.commit()


def _export(client, world, **values):
    response = post_form(client, world.url("/export"), {**FORM, **values})
    assert response.status_code == 302, soup(response).get_text(" ", strip=True)[:500]
    job_id = uuid.UUID(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    finished = jobs.wait(job_id, timeout=120)
    assert finished.status == "succeeded", finished.error
    return client.get(world.url(f"/exports/{finished.result_id}")), finished


def _pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode()


def test_markdown_of_the_draft_is_made_by_a_job_and_downloaded_privately(client, world):
    response, job = _export(client, world)
    assert response.status_code == 200
    assert response.mimetype == "text/markdown"
    assert "no-store" in response.headers["Cache-Control"]
    assert 'filename="adult-social-care-summary-draft.md"' in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert "Phone queues" in text and "Carers are not asked" in text
    [event] = audit_events("summary_exported")
    assert event.details == {
        "format": "md",
        "language": "en",
        "version": "draft",
        "authority": "all",
        "via": "web",
    }


def test_a_pdf_of_a_published_version_for_one_authority(client, world):
    _publish(world)
    response, _ = _export(client, world, source="1", authority="TOR", file_format="pdf")
    assert response.mimetype == "application/pdf"
    text = _pdf_text(response.data)
    assert "Torfaen County Borough Council only" in text
    assert "Phone queues" in text and "Carers are not asked" not in text
    assert "Page 1 of" in text
    assert "Published version 1" in text


def test_a_word_file_opens_with_its_headings_and_quotes(client, world):
    response, _ = _export(client, world, file_format="docx")
    word = WordDocument(io.BytesIO(response.data))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "Key messages" in headings and "Phone queues" in headings
    text = "\n".join(p.text for p in word.paragraphs)
    assert any(q.text in text for q in services.live_document(world.discovery).summary.quotes())


def test_an_offline_html_file_in_welsh(client, world):
    response, _ = _export(client, world, file_format="html", lang="cy")
    html = response.get_data(as_text=True)
    assert '<html lang="cy"' in html
    assert not re.search(r'(src|href)="(https?:|/)', html), "nothing fetched: it works offline"
    assert not re.search(r"url\(\s*['\"]?(https?:|/)", html)


def test_only_the_person_who_asked_can_download_the_file(client, world):
    _, job = _export(client, world)
    post_form(client, "/sign-out", {}, get_url="/discoveries")
    sign_in(client, world.squad_member)
    assert client.get(world.url(f"/exports/{job.result_id}")).status_code == 404


def test_a_lead_exports_a_published_version(client, world):
    _publish(world)
    post_form(client, "/sign-out", {}, get_url="/discoveries")
    sign_in(client, world.lead)
    response, _ = _export(client, world, source="1", file_format="md")
    assert "Phones first" in response.get_data(as_text=True)


def test_an_empty_export_form_says_what_to_choose(client, world):
    response = post_form(client, world.url("/export"), {"source": "draft", "authority": "", "lang": "en"})
    assert response.status_code == 200
    assert "Select a format" in soup(response).select_one(".govuk-error-summary").get_text()


# The command line ---------------------------------------------------------------------------


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=["export-summary", *args])


@pytest.mark.parametrize("file_format", ["pdf", "docx", "md", "html"])
def test_the_command_writes_each_format_of_the_latest_version(app, world, tmp_path, file_format):
    _publish(world)
    out = tmp_path / f"summary.{file_format}"
    result = _cli(app, "--discovery", world.discovery.slug, "--format", file_format, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Wrote version 1" in result.output
    data = out.read_bytes()
    if file_format == "pdf":
        assert "Phone queues" in _pdf_text(data)
    elif file_format == "docx":
        assert "Phone queues" in "\n".join(p.text for p in WordDocument(io.BytesIO(data)).paragraphs)
    else:
        assert "Phone queues" in data.decode()
    [event] = audit_events("summary_exported")
    assert event.details["via"] == "command line" and event.details["version"] == 1


def test_the_command_refuses_clearly(app, world, tmp_path):
    out = str(tmp_path / "x.md")
    slug = world.discovery.slug
    result = _cli(app, "--discovery", slug, "--format", "md", "--out", out)
    assert result.exit_code != 0 and "No version of this summary has been published yet" in result.output
    result = _cli(app, "--discovery", slug, "--format", "md", "--out", out, "--draft", "--authority", "NOPE")
    assert "NOPE does not take part in this discovery" in result.output
    result = _cli(app, "--discovery", slug, "--format", "md", "--out", out, "--version", "7")
    assert "no published version 7" in result.output
    result = _cli(app, "--discovery", "nope", "--format", "md", "--out", out)
    assert "There is no discovery with the slug nope" in result.output
    result = _cli(app, "--discovery", slug, "--format", "md", "--out", out, "--draft", "--authority", "TOR")
    assert result.exit_code == 0, result.output
    assert "Torfaen County Borough Council only" in (tmp_path / "x.md").read_text()


def test_the_pdf_fetches_no_url(app, world, monkeypatch):
    from discovery.core import pdf as core_pdf
    from discovery.summaries import tasks

    asked: list[str] = []
    make_fetcher = core_pdf._fetcher_class

    def recording_fetcher():
        base = make_fetcher()

        class Recording(base):
            def fetch(self, url, headers=None):
                asked.append(url)
                return super().fetch(url, headers)

        return Recording

    monkeypatch.setattr(core_pdf, "_fetcher_class", recording_fetcher)
    data, name = tasks.render(services.live_document(world.discovery), "pdf", "en")
    assert data.startswith(b"%PDF") and name.endswith(".pdf")
    assert [url for url in asked if not url.startswith("data:")] == []


def test_a_discovery_with_one_authority_and_no_themes_still_exports(client, factories, world):
    for theme in (world.phones, world.carers):
        theme.status = "rejected"
    world.discovery.authorities = [world.npt]
    db.session.commit()
    response, _ = _export(client, world, file_format="pdf")
    text = _pdf_text(response.data)
    assert "No themes have been accepted yet" in text
    page = client.get(world.url("/comparison"))
    assert page.status_code == 200


def test_an_export_file_is_kept_for_a_day_then_forgotten(client, world):
    from datetime import timedelta

    from discovery.summaries.models import SummaryExport
    from tests.support import count

    _, job = _export(client, world)
    export = db.session.get(SummaryExport, uuid.UUID(job.result_id))
    export.created_at = export.created_at - timedelta(days=2)
    db.session.commit()
    assert client.get(world.url(f"/exports/{job.result_id}")).status_code == 404
    _export(client, world)
    assert count(SummaryExport) == 1, "the old file went when the next was saved"
