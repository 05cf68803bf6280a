"""Editable templates: each generated file opens with its library (and LibreOffice) and holds
the template's headings and fields."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from essaim import model
from essaim.catalog.load import load_catalog
from essaim.publish.office import document, markdown, pool, writers
from tests.conftest import ROOT, TODAY

PAGE = "https://essaim.example/ressources/{slug}/"
BUDGET = "modele-budget-previsionnel-projet"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT, today=TODAY)


@pytest.fixture(scope="module")
def generated(catalog) -> dict[str, dict[str, bytes]]:
    return {
        r.slug: pool.office_files(r, catalog.producers[r.producer].name, PAGE.format(slug=r.slug))
        for r in catalog.resources
        if model.is_template(r)
    }


def _headings(resource) -> list[str]:
    return [
        "".join(run.text for run in block.runs)
        for block in markdown.parse_markdown(resource.body)
        if isinstance(block, document.Heading)
    ]


def _table_cells(resource) -> list[str]:
    return [
        "".join(run.text for run in cell)
        for block in markdown.parse_markdown(resource.body)
        if isinstance(block, document.TableBlock)
        for row in (block.header, *block.rows)
        for cell in row
    ]


def test_every_template_gets_odt_and_docx_and_table_templates_get_spreadsheets(catalog, generated):
    templates = [r for r in catalog.resources if r.type == "modele-document"]
    assert len(templates) >= 11
    for resource in templates:
        expected = {f"{resource.slug}.odt", f"{resource.slug}.docx"}
        if resource.spreadsheet:
            expected |= {f"{resource.slug}.ods", f"{resource.slug}.xlsx"}
        assert set(generated[resource.slug]) == expected
    assert catalog.resource(BUDGET).spreadsheet
    assert all(not model.formats_of(r) for r in catalog.resources if r.type != "modele-document")


def test_odt_opens_with_odfdo_and_holds_headings_and_fields(catalog, generated):
    from odfdo import Document

    for slug, files in generated.items():
        resource = catalog.resource(slug)
        doc = Document(io.BytesIO(files[f"{slug}.odt"]))
        headings = [h.text_recursive for h in doc.body.get_headers()]
        assert headings == [resource.title, *_headings(resource)], slug
        text = "\n".join(p.text_recursive for p in doc.body.get_paragraphs())
        for cell in _table_cells(resource):
            assert cell in text, (slug, cell)
        assert PAGE.format(slug=slug) in text
        assert doc.meta.get_title() == resource.title


def test_docx_opens_with_python_docx_and_holds_headings_and_fields(catalog, generated):
    from docx import Document

    for slug, files in generated.items():
        resource = catalog.resource(slug)
        doc = Document(io.BytesIO(files[f"{slug}.docx"]))
        headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
        assert headings == [resource.title, *_headings(resource)], slug
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        assert [c for c in _table_cells(resource)] == cells, slug
        assert doc.core_properties.title == resource.title


def test_docx_keeps_bold_fields_and_task_boxes(catalog, generated):
    from docx import Document

    doc = Document(io.BytesIO(generated[BUDGET][f"{BUDGET}.docx"]))
    bold = [r.text for p in doc.paragraphs for r in p.runs if r.bold]
    assert "Projet :" in bold and "Période couverte :" in bold
    slug = "modele-invitation-reunion-cooperation"
    doc = Document(io.BytesIO(generated[slug][f"{slug}.docx"]))
    assert sum(p.text.startswith("☐ ") for p in doc.paragraphs) == 5


def test_spreadsheets_have_one_sheet_per_table_with_blank_amounts(generated):
    from odfdo import Document
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(generated[BUDGET][f"{BUDGET}.xlsx"]))
    assert book.sheetnames == [
        "Lisez-moi",
        "Charges",
        "Produits",
        "Contributions volontaires",
        "Récapitulatif",
    ]
    charges = book["Charges"]
    assert (charges["A1"].value, charges["B1"].value) == ("Charges", "Montant")
    assert charges["A1"].font.bold
    assert charges["A2"].value == "60 – Achats" and charges["A2"].font.bold
    assert charges["B3"].value is None and "€" in charges["B3"].number_format
    assert charges.freeze_panes == "A2"

    doc = Document(io.BytesIO(generated[BUDGET][f"{BUDGET}.ods"]))
    tables = doc.body.get_tables()
    assert [t.name for t in tables] == book.sheetnames
    produits = tables[2]
    assert produits.get_value((0, 0)) == "Produits"
    assert produits.get_value((0, 7)) == "Région"
    assert produits.get_cell((1, 7)).style == "EssaimEuros"


def test_generation_is_deterministic_and_archives_carry_the_resource_date(catalog, generated):
    resource = catalog.resource(BUDGET)
    again = pool.office_files(
        resource, catalog.producers[resource.producer].name, PAGE.format(slug=BUDGET)
    )
    fresh = {ext: writers.build(markdown.template_of(resource, "x", "y"), ext) for ext in ("odt",)}
    assert again == generated[BUDGET]
    assert fresh["odt"] == writers.build(markdown.template_of(resource, "x", "y"), "odt")
    for name, data in generated[BUDGET].items():
        archive = zipfile.ZipFile(io.BytesIO(data))
        assert {i.date_time for i in archive.infolist()} == {(2016, 10, 18, 0, 0, 0)}, name
        if name.endswith((".odt", ".ods")):
            first = archive.infolist()[0]
            assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
            assert not any(n.startswith("Thumbnails/") for n in archive.namelist())


def test_an_attachment_with_the_same_name_wins(catalog):
    from dataclasses import replace

    from essaim.model import Attachment

    resource = catalog.resource(BUDGET)
    attached = replace(resource, attachments=(Attachment(f"{BUDGET}.ods", "Budget"),))
    assert model.formats_of(attached) == ("odt", "docx", "xlsx")


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice absent : « make test » installe libreoffice-writer-nogui (apt-get)",
)
def test_libreoffice_opens_a_generated_odt(generated, tmp_path: Path, catalog):
    slug = "modele-convention-pret-materiel-gratuit"
    source = tmp_path / f"{slug}.odt"
    source.write_bytes(generated[slug][f"{slug}.odt"])
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profil'}",
            "--headless",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(tmp_path / "sortie"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    converted = tmp_path / "sortie" / f"{slug}.txt"
    assert converted.is_file(), result.stdout + result.stderr
    text = converted.read_text(encoding="utf-8-sig")
    resource = catalog.resource(slug)
    assert resource.title in text
    for heading in _headings(resource):
        assert heading in text
    assert "État au retour" in text  # a table cell


def test_a_docx_owes_nothing_to_the_template_built_before_it(catalog):
    """The .docx package is reused from one template to the next (writers._DocxBase)."""
    from docx import Document

    first, other = (
        markdown.template_of(r, "Auteur", PAGE.format(slug=r.slug))
        for r in [r for r in catalog.resources if model.is_template(r)][:2]
    )
    more = "## Ajout\n\nVoir [le guide](https://example.org/guide) et [la loi](https://example.org/loi).\n"
    with_links = dataclasses.replace(other, blocks=markdown.parse_markdown(more))
    assert any(run.href for block in with_links.blocks for run in getattr(block, "runs", ()))
    alone = writers.build(first, "docx")
    writers.build(with_links, "docx")
    after = writers.build(first, "docx")
    assert after == alone
    doc = Document(io.BytesIO(after))
    assert doc.paragraphs[0].text == first.title
    assert doc.core_properties.title == first.title
    assert not doc.part.rels or all("hyperlink" not in r.reltype for r in doc.part.rels.values())


PARENT = """
import os, time
from essaim.publish.office.pool import OfficeBuilds
workers = OfficeBuilds._get_pool()
print(workers.submit(os.getpid).result(), flush=True)
time.sleep(60)
"""


def test_office_workers_leave_with_a_process_stopped_by_a_signal(tmp_path: Path):
    """`make serve` stopped by SIGTERM runs no exit handler: its workers must still go."""
    import os
    import signal
    import sys
    import time

    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True, cwd=tmp_path
    )
    worker = int(parent.stdout.readline())
    os.kill(worker, 0)  # the worker runs
    parent.send_signal(signal.SIGTERM)
    parent.wait(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.kill(worker, signal.SIGKILL)
    raise AssertionError("the office worker outlived its build process")


def test_an_email_autolink_is_read_as_its_address():
    """Python-Markdown hides an autolinked address behind control-character placeholders,
    which no office format can hold: the reader gives the address back."""
    from essaim.publish.office.markdown import parse_markdown

    [paragraph] = parse_markdown("Écrire à <contact@exemple.fr>.")
    [link] = [run for run in paragraph.runs if run.href]
    assert (link.text, link.href) == ("contact@exemple.fr", "mailto:contact@exemple.fr")
