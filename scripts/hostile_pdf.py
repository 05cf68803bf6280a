"""Write the small PDF files of the hostile corpus (tests/fixtures/hostile/pieces-jointes/).

Each is a real PDF that readers open (one page, a cross-reference stream, PDF 1.7), with one
thing a hostile contributor could hide in it, most of them inside a compressed object
stream (/ObjStm), where a PDF 1.5+ keeps its objects. Run it again to rewrite them; the bytes
are the same every time:

    .venv/bin/python scripts/hostile_pdf.py
"""

from __future__ import annotations

import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "fixtures" / "hostile" / "pieces-jointes"
PAGE = (
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
    b" /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>%s >>"
)
CONTENT = b"BT /F1 12 Tf 72 770 Td (Document joint) Tj ET"


def pdf(
    objects: dict[int, bytes],
    packed: set[int],
    stream_dict: bytes = b"/Type /ObjStm",
    encode=zlib.compress,
    filters: bytes = b"/Filter /FlateDecode",
) -> bytes:
    """A PDF of these objects (number: body); those in packed go into one object stream,
    whose dictionary starts with stream_dict and whose data is encode(objects)."""
    objects = dict(objects)
    objects.setdefault(4, b"<< /Length %d >>\nstream\n%s\nendstream" % (len(CONTENT), CONTENT))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, tuple[int, int, int]] = {}
    stream_number = max(objects) + 1
    xref_number = stream_number + 1
    if packed:
        numbers = sorted(packed)
        bodies = [objects[n] for n in numbers]
        heads, position = [], 0
        for number, body in zip(numbers, bodies, strict=True):
            heads.append(b"%d %d" % (number, position))
            position += len(body) + 1
        head = b" ".join(heads) + b"\n"
        data = encode(head + b"\n".join(bodies) + b"\n")
        for index, number in enumerate(numbers):
            offsets[number] = (2, stream_number, index)
        objects[stream_number] = (
            b"<< %s /N %d /First %d %s /Length %d >>\nstream\n%s\nendstream"
            % (
                stream_dict,
                len(numbers),
                len(head),
                filters,
                len(data),
                data,
            )
        )
    for number in sorted(objects):
        if number in packed:
            continue
        offsets[number] = (1, len(out), 0)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    offsets[xref_number] = (1, len(out), 0)
    rows = b"\x00\x00\x00\x00\x00\xff\xff"
    for number in range(1, xref_number + 1):
        kind, first, second = offsets.get(number, (0, 0, 0))
        rows += bytes([kind]) + first.to_bytes(4, "big") + second.to_bytes(2, "big")
    start = len(out)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % (
        xref_number,
        xref_number + 1,
        len(rows),
    )
    out += rows + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


def base(catalog_extra: bytes = b"", page_extra: bytes = b"") -> dict[int, bytes]:
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R%s >>" % catalog_extra,
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: PAGE % page_extra,
    }


def link(uri: bytes) -> bytes:
    """A page whose one link opens uri."""
    return (
        b" /Annots [<< /Type /Annot /Subtype /Link /Rect [72 760 200 780] /A << /S /URI /URI %s >> >>]"
        % uri
    )


ALL = {1, 2, 3}
BOMB = b"0" * 30_000_000
FILES = {
    # inside the object stream
    "piece-jointe-pdf-flux-javascript": pdf(
        base(b' /OpenAction << /S /JavaScript /JS (app.alert\\("1"\\);) >>'), ALL
    ),
    "piece-jointe-pdf-flux-lancement": pdf(
        base(b" /OpenAction << /S /Launch /F (calc.exe) >>"), {1, 2}
    ),
    "piece-jointe-pdf-flux-action-de-page": pdf(
        base(page_extra=b" /AA << /O << /S /URI /URI (https://pirate.example/) >> >>"), {2, 3}
    ),
    "piece-jointe-pdf-flux-nom-echappe": pdf(
        base(b" /Names << /J#61va#53cript << /Names [(a) << /S /J#53 /J#53 (x) >>] >> >>"), ALL
    ),
    "piece-jointe-pdf-flux-sans-type": pdf(
        base(b" /OpenAction << /S /JavaScript /JS (x) >>"), ALL, stream_dict=b"/Extra true"
    ),
    "piece-jointe-pdf-flux-lien-file": pdf(
        base(page_extra=link(b"(file:///C:/Windows/System32/calc.exe)")), ALL
    ),
    "piece-jointe-pdf-flux-bombe": pdf(
        base(), ALL, encode=lambda data: zlib.compress(data + BOMB, 9)
    ),
    "piece-jointe-pdf-flux-hexadecimal": pdf(
        base(b" /OpenAction << /S /JavaScript /JS (x) >>"),
        ALL,
        encode=lambda data: data.hex().encode() + b">",
        filters=b"/Filter /ASCIIHexDecode",
    ),
    "piece-jointe-pdf-flux-illisible": pdf(base(), ALL, encode=lambda data: b"x\x9c" + data[:40]),
    "piece-jointe-pdf-flux-formulaire-xfa": pdf(
        base(b" /AcroForm << /Fields [] /XFA 9 0 R >>")
        | {9: b"<< /Length 0 >>\nstream\n\nendstream"},
        {1, 2, 3},
    ),
    "piece-jointe-pdf-flux-fichier-cache": pdf(
        base(b" /Names << /EmbeddedFiles << /Names [(a.exe) 9 0 R] >> >>")
        | {
            9: b"<< /Type /Filespec /F (a.exe) /EF << /F 10 0 R >> >>",
            10: b"<< /Length 2 >>\nstream\nMZ\nendstream",
        },
        {1, 2, 3, 9},
    ),
    # outside any stream
    "piece-jointe-pdf-action-ouverture-adresse": pdf(
        base(b" /OpenAction << /S /URI /URI (https://pirate.example/) >>"), set()
    ),
    "piece-jointe-pdf-autre-fichier": pdf(
        base(
            b" /OpenAction << /S /GoToR /F (\\\\\\\\pirate.example\\\\partage\\\\a.pdf) /D [0 /Fit] >>"
        ),
        set(),
    ),
    "piece-jointe-pdf-lien-javascript": pdf(
        base(page_extra=link(b"(javascript:alert\\(1\\))")), set()
    ),
    "piece-jointe-pdf-lien-hexadecimal": pdf(
        base(page_extra=link(b"<" + b"smb://pirate.example/a".hex().encode() + b">")), set()
    ),
    "piece-jointe-pdf-lien-arobase": pdf(
        base(page_extra=link(b"(https://service-public.fr@pirate.example/)")), set()
    ),
    "piece-jointe-pdf-chiffre": pdf(base(), set()).replace(
        b"/Root 1 0 R",
        b"/Root 1 0 R /Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>",
    ),
    # accepted: objects in a compressed stream, a web link, a mail link, and the page shown
    # at opening (a destination, as LibreOffice writes one)
    "piece-jointe-pdf-flux-ordinaire": pdf(
        base(
            b" /OpenAction [3 0 R /XYZ null null 0] /Outlines << /Count 0 >>",
            link(b"(https://www.associations.gouv.fr/)")[:-1]
            + b" << /Type /Annot /Subtype /Link /Rect [72 700 200 720] /A << /S /URI /URI (mailto:contact@asso.fr) >> >>]",
        ),
        ALL,
    ),
}


def main() -> None:
    for case, data in FILES.items():
        folder = CASES / case
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "guide.pdf").write_bytes(data)


if __name__ == "__main__":
    main()
