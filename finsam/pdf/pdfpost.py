"""The PDF after WeasyPrint: what it cannot do in one pass for a file that is PDF/A-3u (or -2u)
and PDF/UA-1 at once, done with pikepdf (qpdf), and checked by the validator in the tests.

- XMP: the PDF/UA identification (pdfuaid:part 1) with the PDF/A extension schema that
  declares it (PDF/A allows only declared properties), in a metadata stream left
  uncompressed (PDF/A forbids a Filter on the catalog's metadata).
- Structure: WeasyPrint tags an element between list items (a signature grid's spans) as a
  child of the list; PDF/UA allows only LI, L and Caption there. Such an element is moved
  into the preceding item's body.
The file is saved with a deterministic ID, so the same input still gives the same bytes.
"""
from __future__ import annotations

import io

import pikepdf

PDFUA_EXTENSION = """<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 (PDF/UA) the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>
"""  # noqa: E501 (XMP as written in the PDF, namespaces on one line)
LIST_KIDS = ("/LI", "/L", "/Caption")


def _kids(node: pikepdf.Dictionary) -> list:
    kids = node.get("/K")
    if isinstance(kids, pikepdf.Array):
        return list(kids)
    return [] if kids is None else [kids]


def _role(node) -> str:
    return str(node.get("/S", "")) if isinstance(node, pikepdf.Dictionary) else ""


def _adopt(item: pikepdf.Dictionary, stray) -> None:
    """Move `stray` into the list item's body (or the item itself when it has none)."""
    body = next((k for k in _kids(item) if _role(k) == "/LBody"), item)
    kids = _kids(body) + [stray]
    body.K = pikepdf.Array(kids)
    if isinstance(stray, pikepdf.Dictionary):
        stray.P = body


def fix_list_structure(node) -> None:
    if not isinstance(node, pikepdf.Dictionary):
        return
    if _role(node) == "/L":
        kept, last_item = [], None
        for kid in _kids(node):
            if _role(kid) in LIST_KIDS or last_item is None:
                kept.append(kid)
                if _role(kid) == "/LI":
                    last_item = kid
            else:
                _adopt(last_item, kid)
        node.K = pikepdf.Array(kept)
    for kid in _kids(node):
        fix_list_structure(kid)


def _with_pdfua_identification(xmp: bytes) -> bytes:
    text = xmp.decode("utf-8")
    if "pdfuaid:part" in text:
        return xmp
    return text.replace("</rdf:RDF>", PDFUA_EXTENSION + "</rdf:RDF>", 1).encode("utf-8")


def finish(pdf_bytes: bytes) -> bytes:
    """A tagged PDF/A from WeasyPrint made PDF/UA-1 as well (see the module's docstring)."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        if "/StructTreeRoot" in pdf.Root:
            fix_list_structure(pdf.Root.StructTreeRoot)
        if "/Metadata" in pdf.Root:
            xmp = _with_pdfua_identification(pdf.Root.Metadata.read_bytes())
            pdf.Root.Metadata = pikepdf.Stream(pdf, xmp, Type=pikepdf.Name.Metadata,
                                               Subtype=pikepdf.Name.XML)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()
