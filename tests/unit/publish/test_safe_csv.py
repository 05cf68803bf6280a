"""Open-data CSV: no cell a spreadsheet would run, and the JSON stays exact.

The rule (OWASP CSV injection): a text cell that starts — even behind blanks, quotes or
invisible characters — with = + - @, a tab or a carriage return is written after an
apostrophe. Checked three ways: on chosen attacks, on hypothesis-generated texts in every
text field of a real record, and by LibreOffice Calc opening the file.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from essaim.catalog.load import load_catalog
from essaim.catalog.schema import Schemas
from essaim.publish import formulas, open_data, outputs, schemas
from tests.conftest import ROOT, TODAY
from tests.downloads_scan import spreadsheet_runs
from tests.hostile import FORMULAS, PREFIXES, hostile_text

SITE_URL = "https://essaim.example/"
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


KINDS = {"ressource": "ressources", "producteur": "producteurs", "structure": "structures"}


@pytest.fixture(scope="module")
def schema_and_columns():
    """{kind: (CSV columns, published records)} for every open-data file."""
    catalog = load_catalog(ROOT, today=TODAY)
    files = outputs.published_files(catalog, SITE_URL)
    documents = Schemas(ROOT / "schemas").documents
    found = {}
    for kind, name in KINDS.items():
        schema = json.loads(files[f"schemas/{kind}/latest/schema.json"])
        columns = open_data.columns_of(schema, schemas.resolver(schema, documents))
        found[kind] = (columns, json.loads(files[f"donnees/{name}.json"]))
    return found


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("attack", FORMULAS)
def test_every_formula_is_neutralised_and_restored(attack, prefix):
    text = prefix + attack
    cell = formulas.neutralised(text)
    assert not spreadsheet_runs(cell), repr(cell)
    assert formulas.restored(cell) == text


@pytest.mark.parametrize(
    "text", ["Convention de prêt", "2016", "Prêt | don", "“Guillemets”", "«\u00a0Bonjour\u00a0»"]
)
def test_an_ordinary_text_is_written_as_it_is(text):
    assert formulas.neutralised(text) == text


def test_a_text_starting_with_an_apostrophe_keeps_it():
    assert formulas.neutralised("'tit") == "''tit"
    assert formulas.restored("''tit") == "'tit"


@SETTINGS
@given(st.text())
def test_neutralising_is_exact_and_safe_for_any_text(text):
    cell = formulas.neutralised(text)
    assert formulas.restored(cell) == text
    assert not spreadsheet_runs(cell)


def _replace_texts(value, texts):
    """The same record with every text leaf replaced by the next hostile text."""
    if isinstance(value, dict):
        return {k: _replace_texts(v, texts) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_texts(v, texts) for v in value]
    if isinstance(value, str):
        return next(texts)
    return value


@SETTINGS
@given(st.data())
def test_hostile_texts_in_every_field_give_a_safe_csv_and_an_exact_json(schema_and_columns, data):
    columns, records = schema_and_columns[data.draw(st.sampled_from(sorted(KINDS)))]
    assert records
    record = records[data.draw(st.integers(0, len(records) - 1))]
    pool = data.draw(st.lists(hostile_text(), min_size=1, max_size=40))
    # « | » separates list items in the CSV (the schema refuses it inside them)
    pool = [t.replace("|", "/") or "x" for t in pool]
    texts = iter(pool * 200)
    hostile = _replace_texts(record, texts)
    text = open_data.to_csv([hostile], columns)
    for row in _rows(text):
        for cell in row:
            assert not spreadsheet_runs(cell), repr(cell)
    assert open_data.read_csv(text, columns) == [hostile]
    assert json.loads(open_data.to_json([hostile])) == [hostile]


def test_every_field_is_quoted_so_no_other_separator_starts_a_cell():
    column = open_data.Column("titre", ("titre",), "text")
    text = open_data.to_csv([{"titre": "a;=1+1"}, {"titre": "b,=1+1"}], [column])
    assert text.splitlines() == ['"titre"', '"a;=1+1"', '"b,=1+1"']


# ---------------------------------------------------------------- LibreOffice Calc

ATTACKS = [prefix + attack for attack in FORMULAS for prefix in PREFIXES] + [
    "a;=1+1",
    "a,=1+1",
    "a\n=1+1",
]
# (description, CSV import options of LibreOffice) — see the « CSV Filter Options » of its
# documentation: separator, quote, charset, first line, column formats, language, quoted
# as text, special numbers, …, trim spaces (11th), …, evaluate formulas (13th).
IMPORTS = [
    ("réglages par défaut", None),
    ("virgule, espaces retirés, formules évaluées", "44,34,76,1,,1036,false,true,false,false,true,-1,true"),
    ("point-virgule (tableur français)", "59,34,76,1,,1036,false,true,false,false,true,-1,true"),
]  # fmt: skip


def _calc_cells(csv_path: Path, options: str | None, tmp: Path) -> list[tuple[str, str]]:
    """(value, type) of every cell once LibreOffice Calc has opened the CSV (as .xlsx)."""
    import openpyxl

    out = tmp / "sortie"
    command = ["soffice", f"-env:UserInstallation=file://{tmp / 'profil'}", "--headless"]
    if options:
        command.append(f"--infilter=CSV:{options}")
    command += ["--convert-to", "xlsx", "--outdir", str(out), str(csv_path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180)
    target = out / (csv_path.stem + ".xlsx")
    assert target.is_file(), result.stdout + result.stderr
    book = openpyxl.load_workbook(target)
    cells = [(c.value, c.data_type) for row in book.active.iter_rows() for c in row]
    target.unlink()
    return cells


calc = pytest.mark.skipif(
    shutil.which("soffice") is None
    or not Path("/usr/lib/libreoffice/program/libscfiltlo.so").exists(),
    reason="LibreOffice Calc absent : « make test » installe libreoffice-calc-nogui (apt-get)",
)


@calc
@pytest.mark.parametrize("name,options", IMPORTS)
def test_libreoffice_opens_the_hostile_csv_with_no_formula(tmp_path: Path, name, options):
    column = open_data.Column("titre", ("titre",), "text")
    safe = tmp_path / "neutralise.csv"
    safe.write_text(open_data.to_csv([{"titre": a} for a in ATTACKS], [column]), encoding="utf-8")
    cells = _calc_cells(safe, options, tmp_path)
    formulas = [value for value, kind in cells if kind == "f"]
    assert formulas == [], name
    assert len(cells) >= len(ATTACKS)


@calc
@pytest.mark.parametrize("name,options", IMPORTS)
def test_libreoffice_would_run_them_without_the_apostrophe(tmp_path: Path, name, options):
    """The check above can fail: the same cells written raw become formulas in Calc."""
    raw = tmp_path / "brut.csv"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([["titre"], *([a] for a in ATTACKS)])
    raw.write_text(out.getvalue(), encoding="utf-8")
    cells = _calc_cells(raw, options, tmp_path)
    plain = [a for a in ATTACKS if a.startswith("=")]
    assert sum(kind == "f" for _, kind in cells) >= len(plain) > 0, name
