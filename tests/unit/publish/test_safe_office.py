"""Generated office files hold contributor text as data, never as code.

- spreadsheets: every cell made from text is a string cell; the only formulas are the sums
  the generator writes (budget totals), and LibreOffice computes them;
- documents: links keep only http, https and mailto (inline, reference-style, autolinks),
  images give their alternative text;
- characters no XML can hold never stop a writer;
- the .docx page is the .odt page: A4, 2 cm margins.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from essaim import model
from essaim.catalog.load import load_catalog
from essaim.publish.office import document, markdown, writers
from tests.conftest import ROOT, TODAY
from tests.downloads_scan import (
    GENERATED_ODS,
    GENERATED_XLSX,
    SAFE_LINK,
    docx_links,
    ods_cells,
    odt_links,
    xlsx_cells,
)
from tests.hostile import FORMULAS, NOT_XML, SCHEMES, hostile_text

PAGE = "https://essaim.example/ressources/{slug}/"
BUDGET = "modele-budget-previsionnel-projet"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
soffice = pytest.mark.skipif(
    shutil.which("soffice") is None
    or not Path("/usr/lib/libreoffice/program/libscfiltlo.so").exists(),
    reason="LibreOffice Calc absent : « make test » installe libreoffice-calc-nogui (apt-get)",
)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT, today=TODAY)


@pytest.fixture(scope="module")
def budget(catalog):
    return catalog.resource(BUDGET)


def _template(resource, **changes) -> document.Template:
    return markdown.template_of(dataclasses.replace(resource, **changes), "Auteur", "https://e.x/")


def assert_safe(template: document.Template) -> dict[str, bytes]:
    """Build the four formats and check what each holds."""
    files = {ext: writers.build(template, ext) for ext in ("odt", "docx", "ods", "xlsx")}
    expected = {
        (sheet.name, f"{_letter(x)}{y + 1}")
        for sheet in writers.sheets_of(template)
        for y, row in enumerate(sheet.rows)
        for x, cell in enumerate(row)
        if cell.total
    }
    formulas = {(s, c) for s, c, v, t in xlsx_cells(files["xlsx"]) if t == "f"}
    assert formulas == expected
    for s, c, value, kind in xlsx_cells(files["xlsx"]):
        if kind == "f":
            assert GENERATED_XLSX.fullmatch(value), value
        else:
            assert kind in ("s", "n"), (s, c, value, kind)
    ods = ods_cells(files["ods"])
    assert len([f for *_, f in ods if f]) == len(expected)
    for _, _, _, formula in ods:
        assert formula is None or GENERATED_ODS.fullmatch(formula), formula
    for link in docx_links(files["docx"]) + odt_links(files["odt"]):
        assert SAFE_LINK.match(link), link
    return files


def _letter(x: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(x + 1)


# ---------------------------------------------------------------- the budget's totals


def test_every_real_template_holds_only_generated_formulas_and_safe_links(catalog):
    templates = [r for r in catalog.resources if model.is_template(r)]
    assert len(templates) >= 11
    for resource in templates:
        assert_safe(markdown.template_of(resource, "Auteur", PAGE.format(slug=resource.slug)))


def test_the_budget_gets_its_totals(budget):
    sheets = {s.name: s for s in writers.sheets_of(_template(budget))}
    assert list(sheets) == [
        "Lisez-moi",
        "Charges",
        "Produits",
        "Contributions volontaires",
        "Récapitulatif",
    ]

    def total_of(sheet: str, label: str) -> str:
        for row in sheets[sheet].rows:
            if row[0].text.startswith(label):
                cell = row[1] if sheet != "Contributions volontaires" else None
                if cell is None:
                    cell = row[1] if label.endswith("86") else row[3]
                assert cell.total, label
                return writers.formula(cell.total, sheet, "xlsx")
        raise AssertionError(label)

    assert total_of("Charges", "60 – Achats") == "SUM(B3:B7)"
    assert total_of("Charges", "Total des charges") == "SUM(B2,B8,B15,B21,B24,B28:B31)"
    assert total_of("Produits", "74 – Subventions") == "SUM(B7:B16)"
    assert total_of("Contributions volontaires", "Total 86") == "SUM(B2:B4)"
    recap = sheets["Récapitulatif"].rows
    assert writers.formula(recap[1][1].total, "Récapitulatif", "xlsx") == (
        "SUM('Charges'!B32,'Contributions volontaires'!B5)"
    )
    assert writers.formula(recap[2][1].total, "Récapitulatif", "ods") == (
        "SUM([$'Produits'.B24];[$'Contributions volontaires'.D5])"
    )
    # a heading with no line under it stays an amount to fill in
    charges = {row[0].text: row[1] for row in sheets["Charges"].rows}
    assert charges["66 – Charges financières"].money
    assert charges["66 – Charges financières"].total is None


def _calc_to_csv(source: Path, tmp: Path) -> dict[str, list[list[str]]]:
    """Every sheet of a workbook as LibreOffice Calc computes it: {sheet: rows}."""
    out = tmp / "csv"
    options = "44,34,76,1,,1036,false,true,false,false,false,-1"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp / 'profil'}",
            "--headless",
            "--convert-to",
            f"csv:Text - txt - csv (StarCalc):{options}",
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    sheets = {}
    for path in sorted(out.glob(f"{source.stem}-*.csv")):
        name = path.stem[len(source.stem) + 1 :]
        sheets[name] = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert sheets, f"LibreOffice n'a rien converti : {source}"
    return sheets


@soffice
def test_libreoffice_computes_the_budget_totals(budget, tmp_path: Path):
    """Amounts typed into the .xlsx add up in Calc: sub-totals, totals, recap."""
    from openpyxl import load_workbook

    data = writers.build(_template(budget), "xlsx")
    book = load_workbook(io.BytesIO(data))
    amount = 0
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None and "€" in cell.number_format:
                    amount += 1
                    cell.value = amount  # 1, 2, 3…: every sum is distinct
    filled = tmp_path / "budget.xlsx"
    book.save(filled)
    sheets = _calc_to_csv(filled, tmp_path)
    charges = {row[0]: float(row[1]) for row in sheets["Charges"][1:] if row[1]}
    achats = [charges[k] for k in list(charges)[1:6]]
    assert charges["60 – Achats"] == sum(achats) > 0
    heads = [v for k, v in charges.items() if re.match(r"6\d – ", k)]
    assert charges["Total des charges prévisionnelles"] == sum(heads)
    produits = {row[0]: float(row[1]) for row in sheets["Produits"][1:] if row[1]}
    contributions = sheets["Contributions volontaires"]
    total86, total87 = float(contributions[4][1]), float(contributions[4][3])
    assert total86 == sum(float(r[1]) for r in contributions[1:4])
    assert total87 == sum(float(r[3]) for r in contributions[1:4])
    recap = {row[0]: float(row[1]) for row in sheets["Récapitulatif"][1:]}
    assert recap["Total des charges (y compris contributions en nature)"] == (
        charges["Total des charges prévisionnelles"] + total86
    )
    assert recap["Total des produits (y compris contributions en nature)"] == (
        produits["Total des produits prévisionnels"] + total87
    )


@soffice
def test_libreoffice_reads_the_ods_totals_without_error(budget, tmp_path: Path):
    source = tmp_path / "budget.ods"
    source.write_bytes(writers.build(_template(budget), "ods"))
    sheets = _calc_to_csv(source, tmp_path)
    assert set(sheets) >= {"Charges", "Produits", "Récapitulatif"}
    cells = [c for rows in sheets.values() for row in rows for c in row]
    assert not [c for c in cells if c.startswith(("Err:", "#"))]
    assert sheets["Récapitulatif"][1][1] == "0"


# ---------------------------------------------------------------- hostile text


HOSTILE_TABLE = """## {caption}

{paragraph}

| Libellé | Montant |
|---|---|
| **{head}** | **……… €** |
| {cell} | ……… € |
| {cell2} | {cell3} |
| Total | ……… € |
"""


@soffice
def test_libreoffice_shows_formula_text_as_text(budget, tmp_path: Path):
    """Cells written from « =… » text come out of Calc as that text, never computed."""
    attacks = [a for a in FORMULAS if "|" not in a]
    rows = "\n".join(f"| {a} | {a} |" for a in attacks)
    body = f"## Attaques\n\n| A | B |\n|---|---|\n{rows}\n"
    template = _template(budget, body=body)
    sheet = next(s for s in writers.sheets_of(template) if s.name == "Attaques")
    written = [[c.text for c in row] for row in sheet.rows]
    assert sum(row[0].startswith(("=", "+", "-", "@", "＝")) for row in written) == len(attacks)
    for ext in ("xlsx", "ods"):
        source = tmp_path / f"attaques.{ext}"
        source.write_bytes(assert_safe(template)[ext])
        sheets = _calc_to_csv(source, tmp_path / ext)
        assert sheets["Attaques"] == written, ext  # as text, never computed (=1+1 is not 2)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_hostile_text_anywhere_never_becomes_a_formula_a_link_or_a_crash(budget, data):
    text = hostile_text()
    one_line = text.map(lambda t: " ".join(t.split()) or "x")
    body = HOSTILE_TABLE.format(
        caption=data.draw(one_line),
        paragraph=data.draw(text),
        head=data.draw(one_line),
        cell=data.draw(one_line),
        cell2=data.draw(one_line),
        cell3=data.draw(one_line),
    )
    url = data.draw(st.sampled_from(SCHEMES) | text)
    body += (
        f"\n[inline]({url}) [ref][r] <{url}> ![image]({url}) [[ok]](https://exemple.fr)\n\n"
        f"[r]: {url}\n"
    )
    template = _template(
        budget,
        title=data.draw(text),
        summary=data.draw(text),
        keywords=tuple(data.draw(st.lists(text, max_size=3))),
        body=body,
    )
    assert_safe(template)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_link_with_any_other_scheme_stays_plain_text(budget, scheme):
    body = (
        f"Voir [le guide]({scheme}), [la note][n], <{scheme}> et ![schéma]({scheme}).\n\n"
        f"[n]: {scheme}\n"
    )
    template = _template(budget, body=body)
    runs = [r for b in template.blocks for r in getattr(b, "runs", ())]
    assert [r.href for r in runs if r.href] == []
    text = "".join(r.text for r in runs)
    assert "le guide" in text and "la note" in text and "schéma" in text
    files = assert_safe(template)
    assert docx_links(files["docx"]) == [] and odt_links(files["odt"]) == []


def test_web_and_mail_links_are_kept(budget):
    body = (
        "Voir [le site](https://exemple.fr/a?b=1), [la note][n], <https://exemple.fr/c>, "
        "<contact@exemple.fr> et [écrire](mailto:contact@exemple.fr).\n\n"
        "[n]: http://exemple.fr/n\n"
    )
    files = assert_safe(_template(budget, body=body))
    expected = [
        "https://exemple.fr/a?b=1",
        "http://exemple.fr/n",
        "https://exemple.fr/c",
        "mailto:contact@exemple.fr",
        "mailto:contact@exemple.fr",
    ]
    # python-docx writes one relationship per target
    assert docx_links(files["docx"]) == list(dict.fromkeys(expected))
    assert odt_links(files["odt"]) == expected


@pytest.mark.parametrize(
    "href",
    ["https:evil.example", "https:///x", "http://", "mailto:", "https://a b", "HTTPS://Exemple.fr"],
)
def test_safe_href_wants_a_host_and_no_blank(href):
    assert document.safe_href(href) == ("HTTPS://Exemple.fr" if href.startswith("HTTPS") else "")


@pytest.mark.parametrize("char", NOT_XML, ids=[f"U+{ord(c):04X}" for c in NOT_XML])
def test_characters_no_xml_holds_never_stop_a_writer(budget, char):
    text = f"Avant{char}après"
    template = _template(
        budget,
        title=text,
        summary=text,
        keywords=(text,),
        body=f"## Titre{char}\n\nTexte {char} libre\n\n| A{char} | Montant |\n|---|---|\n"
        f"| x{char} | ……… € |\n",
    )
    files = assert_safe(template)
    assert template.title in ("Avantaprès", "Avant\ufffdaprès")
    from docx import Document

    assert Document(io.BytesIO(files["docx"])).core_properties.title == template.title


# ---------------------------------------------------------------- sheet names and page


@pytest.mark.parametrize(
    "caption,expected",
    [
        ("Contributions volontaires en nature", "Contributions volontaires"),
        ("Charges", "Charges"),
        ("Budget: 2025/2026 [prévu] ?", "Budget 2025 2026 prévu"),
        ("L'équipe d'animation du projet commun", "L équipe d animation du projet"),
        ("Anticonstitutionnellementissimement-et-encore", "Anticonstitutionnellementissime"),
        ("   ", "Feuille"),
        ("History", "History (feuille)"),
        ('=HYPERLINK("x")', '=HYPERLINK("x")'),
    ],
)
def test_sheet_names_are_short_meaningful_and_allowed(caption, expected):
    name = writers.sheet_name(caption, set())
    assert name == expected
    assert len(name) <= writers.MAX_SHEET_NAME
    assert not set(name) & set("[]:*?/\\'")


def test_sheet_names_stay_unique(budget):
    body = (
        "".join(
            f"## Contributions volontaires en nature {n}\n\n| A | B |\n|---|---|\n| x | y |\n\n"
            for n in range(12)
        )
        + "## Lisez-moi\n\n| A | B |\n|---|---|\n| x | y |\n"
    )
    names = [s.name for s in writers.sheets_of(_template(budget, body=body))]
    assert len(set(n.casefold() for n in names)) == len(names) == 14
    assert all(len(n) <= writers.MAX_SHEET_NAME for n in names)
    assert names[0] == "Lisez-moi" and "Lisez-moi (2)" in names


def test_the_docx_page_is_the_odt_page_a4_with_2_cm_margins(budget):
    from docx import Document
    from odfdo import Document as OdfDocument

    template = _template(budget)
    section = Document(io.BytesIO(writers.build(template, "docx"))).sections[0]
    assert round(section.page_width.cm, 1) == 21.0
    assert round(section.page_height.cm, 1) == 29.7
    margins = [section.left_margin, section.right_margin, section.top_margin, section.bottom_margin]
    assert [round(m.cm, 1) for m in margins] == [2.0] * 4
    styles = OdfDocument(io.BytesIO(writers.build(template, "odt"))).get_part("styles.xml")
    layout = styles.serialize().decode()
    for name, value in (
        ("page-width", "20.999cm"),
        ("page-height", "29.699cm"),
        ("margin-left", "2cm"),
        ("margin-top", "2cm"),
    ):
        assert f'fo:{name}="{value}"' in layout


def test_the_download_scan_sees_what_a_file_could_run(budget, tmp_path: Path):
    """tests/downloads_scan.py (also run on the hostile corpus) can fail."""
    from openpyxl import Workbook

    from tests.downloads_scan import active_downloads

    (tmp_path / "donnees").mkdir()
    (tmp_path / "donnees" / "x.csv").write_text('"titre"\r\n"=1+1"\r\n', encoding="utf-8")
    book = Workbook()
    book.active["A1"] = '=HYPERLINK("https://pirate.example")'
    book.save(tmp_path / "x.xlsx")
    from docx import Document

    doc = Document()
    writers.docx_hyperlink(doc.add_paragraph(), document.Run("partage", href="smb://pirate/x"))
    doc.save(tmp_path / "x.docx")
    found = active_downloads(tmp_path)
    assert [f.split(":")[0] for f in found] == ["donnees/x.csv", "x.docx", "x.xlsx"]
