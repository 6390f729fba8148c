"""Where the PDFs may break a line (issue 15, review 2 #5): an e-mail address that fits a
column is never cut (the contract's seller box printed "camille@camille-redaction.ex" /
"ample.org"), it has its own line in the seller box, and a time range ("10:00–10:30") never
breaks at its dash. Read back from the text layer with pypdf: a line break there is what a
reader sees (and copies)."""

from __future__ import annotations

import io
import re

import pypdf
from doc_samples import sample
from test_doc_render import STAMP

from homeops.services.doc_render import page_count, render_pdf

LONG_EMAIL = "camille@camille-redaction.example.org"  # 37 characters: the demo seller's


def lines_of(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]


def test_the_seller_e_mail_has_its_own_line_whole() -> None:
    for lang in ("fr", "en"):
        data = sample("contract", lang)
        data["seller"]["email"] = LONG_EMAIL
        lines = lines_of(render_pdf("contract", data, timestamp=STAMP))
        assert LONG_EMAIL in lines, lang  # a line of its own, in one piece
        assert not any(line.endswith("camille-redaction.ex") for line in lines)


def test_an_e_mail_that_fits_is_never_cut_where_a_word_would_be() -> None:
    # The client's e-mail in a box half the page wide, and the seller's in the invoice's
    # header: each whole on one line.
    for kind in ("contract", "invoice", "onboarding"):
        data = sample(kind, "en")
        data["seller"]["email"] = LONG_EMAIL
        data["client"]["email"] = "accounts-payable@northwind-trading.example"  # 42
        text = "\n".join(lines_of(render_pdf(kind, data, timestamp=STAMP)))
        assert LONG_EMAIL in text, kind
        if kind == "contract":
            assert "accounts-payable@northwind-trading.example" in text


def test_a_word_wider_than_a_column_still_breaks() -> None:
    data = sample("contract", "en")
    data["deliverables"] = ["x" * 300]
    pdf = render_pdf("contract", data, timestamp=STAMP)
    assert page_count(pdf) == 1
    assert "".join(lines_of(pdf)).count("x" * 300) == 1  # split over lines, nothing lost
    assert not any("x" * 300 in line for line in lines_of(pdf))


def test_a_time_range_never_breaks_at_its_dash() -> None:
    # 24 ranges in a row: some fall at a line's end; each moves whole to the next line.
    ranges = [f"{h:02d}:00–{h:02d}:30" for h in range(8, 20)] * 2
    data = sample("contract", "en")
    data["feedback"]["response_window"] = ", ".join(ranges)
    lines = lines_of(render_pdf("contract", data, timestamp=STAMP))
    text = "\n".join(lines)
    assert not re.search(r"\d:\d\d–\s*\n", text)
    found = re.findall(r"\d{2}:00–\d{2}:30", text)
    assert found == ranges
