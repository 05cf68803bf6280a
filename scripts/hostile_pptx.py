"""Write the .pptx files of the hostile corpus (tests/fixtures/hostile/pieces-jointes/).

One ordinary presentation (one slide, a web link), written part by part as PowerPoint lays
it out (LibreOffice Impress opens it), and variants that each add one thing a hostile
contributor could hide in it. The bytes are the same every time:

    .venv/bin/python scripts/hostile_pptx.py
"""

from __future__ import annotations

import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "fixtures" / "hostile" / "pieces-jointes"

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
MACRO_MAIN = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
DOC = "application/vnd.openxmlformats-officedocument.presentationml"
HYPERLINK = f"{R}/hyperlink"
IMAGE = f"{R}/image"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def content_types(main: str = MAIN, extra: str = "") -> str:
    return (
        f'{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/ppt/presentation.xml" ContentType="{main}"/>'
        f'<Override PartName="/ppt/slides/slide1.xml" ContentType="{DOC}.slide+xml"/>'
        f'<Override PartName="/ppt/slideLayouts/slideLayout1.xml" ContentType="{DOC}.slideLayout+xml"/>'
        f'<Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="{DOC}.slideMaster+xml"/>'
        '<Override PartName="/ppt/theme/theme1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
        f"{extra}</Types>"
    )


def relationships(*rows: tuple[str, str, str, bool]) -> str:
    """rows: (id, type, target, external)."""
    body = "".join(
        f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"'
        + (' TargetMode="External"' if external else "")
        + "/>"
        for rid, kind, target, external in rows
    )
    return f'{DECLARATION}<Relationships xmlns="{PKG}">{body}</Relationships>'


SHAPE_TREE = (
    '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
    '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
    '<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>'
)


def slide(extra_shapes: str = "") -> str:
    return (
        f'{DECLARATION}<p:sld xmlns:a="{A}" xmlns:r="{R}" xmlns:p="{P}"><p:cSld><p:spTree>'
        f"{SHAPE_TREE}"
        '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Titre"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        '<p:spPr><a:xfrm><a:off x="457200" y="457200"/><a:ext cx="8229600" cy="1143000"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        "<p:txBody><a:bodyPr/><a:lstStyle/>"
        '<a:p><a:r><a:rPr lang="fr-FR"/><a:t>Atelier mutualisation : ordre du jour</a:t></a:r></a:p>'
        '<a:p><a:r><a:rPr lang="fr-FR"><a:hlinkClick r:id="rIdLien"/></a:rPr>'
        "<a:t>Site des associations</a:t></a:r></a:p>"
        "</p:txBody></p:sp>"
        f"{extra_shapes}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
    )


REMOTE_PICTURE = (
    '<p:pic><p:nvPicPr><p:cNvPr id="3" name="Image"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
    '<p:blipFill><a:blip r:link="rIdImage"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
    '<p:spPr><a:xfrm><a:off x="457200" y="2000000"/><a:ext cx="1000000" cy="1000000"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
)

THEME = (
    f'{DECLARATION}<a:theme xmlns:a="{A}" name="Essaim"><a:themeElements>'
    '<a:clrScheme name="Essaim">'
    + "".join(
        f'<a:{name}><a:srgbClr val="{value}"/></a:{name}>'
        for name, value in (
            ("dk1", "000000"),
            ("lt1", "FFFFFF"),
            ("dk2", "1F497D"),
            ("lt2", "EEECE1"),
            ("accent1", "4F81BD"),
            ("accent2", "C0504D"),
            ("accent3", "9BBB59"),
            ("accent4", "8064A2"),
            ("accent5", "4BACC6"),
            ("accent6", "F79646"),
            ("hlink", "0000FF"),
            ("folHlink", "800080"),
        )
    )
    + "</a:clrScheme>"
    '<a:fontScheme name="Essaim"><a:majorFont><a:latin typeface="Calibri"/><a:ea typeface=""/>'
    '<a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Calibri"/>'
    '<a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme>'
    '<a:fmtScheme name="Essaim"><a:fillStyleLst>'
    + '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>' * 3
    + "</a:fillStyleLst><a:lnStyleLst>"
    + '<a:ln w="9525"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>' * 3
    + "</a:lnStyleLst><a:effectStyleLst>"
    + "<a:effectStyle><a:effectLst/></a:effectStyle>" * 3
    + "</a:effectStyleLst><a:bgFillStyleLst>"
    + '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>' * 3
    + "</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>"
)

MASTER = (
    f'{DECLARATION}<p:sldMaster xmlns:a="{A}" xmlns:r="{R}" xmlns:p="{P}"><p:cSld><p:spTree>'
    f"{SHAPE_TREE}</p:spTree></p:cSld>"
    '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" '
    'accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" '
    'folHlink="folHlink"/><p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/>'
    "</p:sldLayoutIdLst></p:sldMaster>"
)
LAYOUT = (
    f'{DECLARATION}<p:sldLayout xmlns:a="{A}" xmlns:r="{R}" xmlns:p="{P}" type="blank">'
    f"<p:cSld><p:spTree>{SHAPE_TREE}</p:spTree></p:cSld>"
    "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"
)
PRESENTATION = (
    f'{DECLARATION}<p:presentation xmlns:a="{A}" xmlns:r="{R}" xmlns:p="{P}">'
    '<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>'
    '<p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst>'
    '<p:sldSz cx="9144000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>'
)
WEB_LINK = ("rIdLien", HYPERLINK, "https://www.associations.gouv.fr/", True)


def presentation(
    main: str = MAIN,
    types_extra: str = "",
    slide_xml: str | None = None,
    slide_rels: tuple = (WEB_LINK,),
    extra_parts: dict[str, bytes] | None = None,
) -> dict[str, bytes]:
    parts = {
        "[Content_Types].xml": content_types(main, types_extra),
        "_rels/.rels": relationships(
            ("rId1", f"{R}/officeDocument", "ppt/presentation.xml", False)
        ),
        "ppt/presentation.xml": PRESENTATION,
        "ppt/_rels/presentation.xml.rels": relationships(
            ("rId1", f"{R}/slideMaster", "slideMasters/slideMaster1.xml", False),
            ("rId2", f"{R}/slide", "slides/slide1.xml", False),
            ("rId3", f"{R}/theme", "theme/theme1.xml", False),
        ),
        "ppt/slides/slide1.xml": slide_xml or slide(),
        "ppt/slides/_rels/slide1.xml.rels": relationships(
            ("rId1", f"{R}/slideLayout", "../slideLayouts/slideLayout1.xml", False), *slide_rels
        ),
        "ppt/slideLayouts/slideLayout1.xml": LAYOUT,
        "ppt/slideLayouts/_rels/slideLayout1.xml.rels": relationships(
            ("rId1", f"{R}/slideMaster", "../slideMasters/slideMaster1.xml", False)
        ),
        "ppt/slideMasters/slideMaster1.xml": MASTER,
        "ppt/slideMasters/_rels/slideMaster1.xml.rels": relationships(
            ("rId1", f"{R}/slideLayout", "../slideLayouts/slideLayout1.xml", False),
            ("rId2", f"{R}/theme", "../theme/theme1.xml", False),
        ),
        "ppt/theme/theme1.xml": THEME,
    }
    out = {name: text.encode() for name, text in parts.items()}
    out.update(extra_parts or {})
    return out


def write(path: Path, parts: dict[str, bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)


VBA = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 56  # the start of an OLE file
FILES = {
    "piece-jointe-pptx-ordinaire": presentation(),
    "piece-jointe-pptx-type-macros": presentation(main=MACRO_MAIN),
    "piece-jointe-pptx-macros-vba": presentation(
        main=MACRO_MAIN,
        types_extra='<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>',
        extra_parts={"ppt/vbaProject.bin": VBA},
    ),
    "piece-jointe-pptx-macros-sous-type-ordinaire": presentation(
        extra_parts={"ppt/vbaProject.bin": VBA}
    ),
    "piece-jointe-pptx-image-distante": presentation(
        slide_xml=slide(REMOTE_PICTURE),
        slide_rels=(WEB_LINK, ("rIdImage", IMAGE, "https://pirate.example/suivi.png", True)),
    ),
    "piece-jointe-pptx-lien-smb": presentation(
        slide_rels=(("rIdLien", HYPERLINK, "smb://pirate.example/partage/diapo.exe", True),)
    ),
    "piece-jointe-pptx-lien-ms-msdt": presentation(
        slide_rels=(("rIdLien", HYPERLINK, "ms-msdt:/id PCWDiagnostic /skip force", True),)
    ),
    "piece-jointe-pptx-objet-ole": presentation(extra_parts={"ppt/embeddings/oleObject1.bin": VBA}),
}


def main() -> None:
    for case, parts in FILES.items():
        write(CASES / case / "diapo.pptx", parts)


if __name__ == "__main__":
    main()
