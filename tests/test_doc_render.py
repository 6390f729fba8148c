"""The documents' templates and renderers (issue 15, part d2): Typst to PDF/A-3b and PNG,
string.Template to Markdown, from the sample dicts of tests/doc_samples.py."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from doc_samples import sample

from homeops.services.doc_glyphs import unprinted_warning
from homeops.services.doc_render import (
    TemplateError,
    render_markdown,
    render_pdf,
    render_png,
    template_path,
)

KINDS = ("contract", "onboarding", "invoice", "credit-note")
LANGS = ("fr", "en")
STAMP = 1_796_515_200  # 2026-12-06 00:00 UTC
HOSTILE = '#panic() ] $x$ \\ "q" @ref <label> # x [a](javascript:alert(1)) <script> | a | `x`'


def pdf_text(pdf: bytes) -> tuple[int, str]:
    """The page count and the text of every page, spaces squashed (a thin space and a line
    break read as nothing; a zero-width space is NOT squashed: it would reach a copy)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), squash(text)


def squash(text: str) -> str:
    return re.sub(r"[\s\u202f\u00a0]+", "", text)


def expected_texts(data: dict[str, Any]) -> list[str]:
    """What a reader must find on the page for ``data``: title, parties, every item/line,
    the money figures."""
    texts = [data["title"], data["seller"]["display_name"], data["client"]["name"]]
    if data["kind"] != "onboarding":
        texts += data["client"]["address"]
    if data["kind"] == "contract":
        texts += data["deliverables"] + data["included"] + data["excluded"]
        texts += data["acceptance"] + data["assumptions"]
        texts += [data["fee_text"], data["payment"]["terms_text"], data["deadline_text"]]
        texts += [data["rights_text"], data["cancellation_text"]]
        texts += [c["text"] for c in data["changes"]] + [data["feedback"]["return_text"]]
        texts += [data["feedback"]["client_window"], data["feedback"]["response_window"]]
        texts += [data["revisions"]["further_round_text"], data["seller"]["siret"]]
    if data["kind"] == "onboarding":
        texts += [item for need in data["needs"] for item in need["items"]]
        texts += [need["heading"] for need in data["needs"]]
    if data["kind"] in ("invoice", "credit-note"):
        for line in data["lines"]:
            texts += [line["text"], line["unit_price_text"], line["total_text"]]
        texts += [data["total_text"], data["number"], data["issue_date_text"]]
        texts += [data["service_date_text"], data["vat"]["mention"], *data["mentions"]]
        texts += [data["seller"]["siren"], data["seller"]["siret"]]
    return texts


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_each_document_renders_to_a_pdf_that_reads_back(kind: str, lang: str) -> None:
    data = sample(kind, lang)
    pages, text = pdf_text(render_pdf(kind, data, timestamp=STAMP))
    for expected in expected_texts(data):
        assert squash(expected) in text, expected
    assert pages == 1


def test_the_invoice_shows_its_total_due_and_payment_block() -> None:
    _, fr = pdf_text(render_pdf("invoice", sample("invoice", "fr"), timestamp=STAMP))
    # 12.5 h x 80 EUR + 400 EUR - 720 EUR deposit = 680 EUR
    assert squash("Total à payer : 680,00 €") in fr
    assert squash("IBAN FR76 3000 6000 0112 3456 7890 189") in fr
    assert squash("Référence à indiquer F-0007") in fr
    assert squash("Échéance 5 janvier 2027") in fr
    assert "BROUILLON" not in fr
    _, en = pdf_text(render_pdf("invoice", sample("invoice", "en"), timestamp=STAMP))
    assert squash("Total due: €680.00") in en
    assert squash("-€720.00") in en


@pytest.mark.parametrize(("lang", "banner"), [("fr", "BROUILLON"), ("en", "DRAFT")])
def test_a_draft_invoice_carries_a_banner(lang: str, banner: str) -> None:
    data = _draft(lang)
    _, text = pdf_text(render_pdf("invoice", data, timestamp=STAMP))
    assert banner in text  # the watermark
    assert squash(data["words"]["draft_note"]) in text  # the banner


def _draft(lang: str) -> dict[str, Any]:
    data = sample("invoice", lang)
    data.update(draft=True, status="draft")
    return data


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ["Avoir AV-0001", "Annule la facture F-0005", "Total crédité : 720,00 €"]),
        ("en", ["Credit note AV-0001", "Cancels invoice F-0005", "Total credited: €720.00"]),
    ],
)
def test_a_credit_note_names_the_invoice_it_cancels(lang: str, words: list[str]) -> None:
    _, text = pdf_text(render_pdf("credit-note", sample("credit-note", lang), timestamp=STAMP))
    for expected in words:
        assert squash(expected) in text
    assert "IBAN" not in text  # nothing to pay on a credit note


@pytest.mark.parametrize(
    ("lang", "fee"),
    [
        ("fr", "80,00 € / h (au temps passé), plafond 30 h (2 400,00 €)"),
        ("en", "€80.00 / h (time spent), cap 30 h (€2,400.00)"),
    ],
)
def test_an_hourly_contract_shows_its_rate_and_cap(lang: str, fee: str) -> None:
    data = sample("contract", lang)
    data["hourly"] = {
        "rate_cents": 8000,
        "rate_text": "80,00\u202f€" if lang == "fr" else "€80.00",
        "cap_minutes": 1800,
        "cap_text": "30 h (2 400,00\u202f€)" if lang == "fr" else "30 h (€2,400.00)",
    }
    _, text = pdf_text(render_pdf("contract", data, timestamp=STAMP))
    assert squash(fee) in text
    assert text.count(squash(data["fee_text"])) == 1  # said once, in the cap
    markdown = render_markdown("contract", data).replace("\u202f", " ")
    label = "- **Prix** : " if lang == "fr" else "- **Fee**: "
    assert f"{label}{fee}\n" in markdown


def test_the_pdf_is_pdf_a_3b() -> None:
    pdf = render_pdf("contract", sample("contract", "fr"), timestamp=STAMP)
    assert pdf.startswith(b"%PDF-1.")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    metadata = reader.xmp_metadata
    assert metadata is not None
    xmp = metadata.stream.get_data().decode()
    assert re.search(r"pdfaid:part(>|=\")3", xmp)
    assert re.search(r"pdfaid:conformance(>|=\")B", xmp)


@pytest.mark.parametrize("kind", ["contract", "invoice"])
def test_the_same_data_and_timestamp_give_the_same_bytes(kind: str) -> None:
    first = render_pdf(kind, sample(kind, "en"), timestamp=STAMP)
    assert render_pdf(kind, sample(kind, "en"), timestamp=STAMP) == first
    assert render_pdf(kind, sample(kind, "en"), timestamp=STAMP + 86_400) != first


def test_a_hostile_title_prints_as_written_and_the_contract_stays_one_page() -> None:
    data = sample("contract", "en")
    data["title"] = HOSTILE
    data["mission"]["title"] = HOSTILE
    data["deliverables"].append(HOSTILE + " \x1b[31m")
    data["scope_change_text"] = ("a very long line " * 30)[:500]
    data["acceptance"].append("x" * 500)  # one word wider than the page
    pages, text = pdf_text(render_pdf("contract", data, timestamp=STAMP))
    assert pages == 1
    assert squash(HOSTILE) in text
    assert squash(HOSTILE + " \\x1b[31m") in text  # the escape shown, not obeyed
    assert squash(data["scope_change_text"]) in text
    assert "x" * 500 in text


@pytest.mark.parametrize("kind", ["contract", "onboarding", "invoice"])
def test_a_long_address_breaks_on_the_page_but_copies_as_typed(kind: str) -> None:
    # The long-word rule once joined pieces with zero-width spaces: an e-mail or an IBAN
    # copied from the PDF then carried an invisible character.
    data = sample(kind, "fr")
    long_mail = "camille.martin-facturation@atelier-martin-redaction.example.fr"
    data["seller"]["email"] = long_mail
    pdf = render_pdf(kind, data, timestamp=STAMP)
    raw = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "\u200b" not in raw
    assert long_mail in raw.replace("\n", "")


def test_a_character_no_font_has_becomes_a_question_mark_not_a_failure() -> None:
    data = sample("invoice", "en")
    data["lines"][0]["text"] = "Design 日本 🙂 done"
    _, text = pdf_text(render_pdf("invoice", data, timestamp=STAMP))
    assert "Design???done" in text
    assert render_png("invoice", data, ppi=30).startswith(b"\x89PNG")  # drawn from the same data


def test_the_characters_printed_as_question_marks_are_named_by_field() -> None:
    # review r15a #6: the PDF prints "?" where the Factur-X XML keeps the text
    data = sample("invoice", "en")
    assert unprinted_warning(data) is None  # é, €, ’ and the narrow spaces all print
    data["client"]["name"] = "🦄 漢字 ሰላም"  # 1 + 2 + 3 characters, none in a shipped font
    assert unprinted_warning(data) == (
        "client name: 6 characters no font of the documents has print as ?"
    )
    data["lines"][1]["text"] = "Logo ✓ 日"  # ✓ is in DejaVu Sans Mono: only 日
    data["client"]["billed_name"] = data["client"]["name"]  # the same text: named once
    assert unprinted_warning(data) == (
        "client name: 6 characters, lines #2 text: 1 character no font of the documents "
        "has print as ?"
    )
    _, text = pdf_text(render_pdf("invoice", data, timestamp=STAMP))
    assert "??????" in text and "Logo✓?" in text


@pytest.mark.parametrize(
    ("name", "printed", "count"),
    [  # Typst names only a sequence's first character; the joiner itself prints (unseen)
        ("👩\u200d👩\u200d👧 family", "???family", 3),
        # 20 different characters no font has (one compile each took 12 at most); a shipped
        # font has the hiragana の
        ("東京都千代田区丸の内一丁目九番二号株式会社", "?" * 8 + "の" + "?" * 12, 20),
    ],
)
def test_a_name_no_font_has_still_gives_its_document(name: str, printed: str, count: int) -> None:
    # both once failed: the ZWJ sequence as "the text "?" could not be displayed", the long
    # name as "too many characters no font can display"
    data = sample("invoice", "en")
    data["client"]["name"] = name
    _, text = pdf_text(render_pdf("invoice", data, timestamp=STAMP))
    assert printed in text.replace("\u200d", "")  # pypdf reads joiners in, not out
    assert unprinted_warning(data) == (
        f"client name: {count} characters no font of the documents has print as ?"
    )


def test_missing_words_come_from_the_renderer_defaults() -> None:
    data = sample("invoice", "fr")
    data["words"] = {"total": "Net à payer"}
    _, text = pdf_text(render_pdf("invoice", data, timestamp=STAMP))
    assert squash("Net à payer : 680,00 €") in text
    assert "Désignation" in text
    assert "Net à payer" in render_markdown("invoice", data)


def test_render_png_gives_the_first_page_as_png() -> None:
    png = render_png("invoice", sample("invoice", "en"), ppi=40)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (331, 468)  # A4 (210 x 297 mm) at 40 pixels per inch


# Markdown ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_each_document_renders_to_markdown(kind: str, lang: str) -> None:
    data = sample(kind, lang)
    text = render_markdown(kind, data)
    assert text.startswith(f"# {data['title']}\n") or f"\n# {data['title']}\n" in text
    for expected in expected_texts(data):
        assert expected in text, expected  # no sample value holds a markup character
    assert "$" not in text


def test_the_markdown_invoice_has_a_table_of_its_lines() -> None:
    text = render_markdown("invoice", sample("invoice", "en"))
    assert "| Description | Qty | Unit | Unit price | Total |" in text
    assert "| --- | ---: | --- | ---: | ---: |" in text
    assert "| Workshops and touch-ups (time spent) | 12.5 | h | €80.00 | €1,000.00 |" in text
    assert "| Deposit paid (invoice F-0005) | -1 | fixed | €720.00 | -€720.00 |" in text
    assert "**Total due: €680.00**" in text
    assert "> **Draft — this document is not an invoice**" not in text
    assert "> **Draft — this document is not an invoice**" in render_markdown(
        "invoice", _draft("en")
    )


def test_hostile_values_come_out_as_literal_markdown() -> None:
    data = sample("invoice", "en")
    data["title"] = "# x"
    data["client"]["name"] = "[a](javascript:alert(1)) <script>"
    data["lines"][0]["text"] = "| a | `x` \x1b[31m"
    data["lines"][1]["text"] = "- item"
    data["client"]["address"] = ["- Floor 2", "==="]
    data["mentions"] = ["1. first", "*bold* _it_ ~s~ &amp;"]
    text = render_markdown("invoice", data)
    assert text.startswith("# \\# x\n")
    assert "**\\[a\\](javascript:alert(1)) \\<script\\>**" in text
    assert "| \\| a \\| \\`x\\` \\\\x1b\\[31m |" in text
    assert "| - item |" in text  # a cell is no list: its dash stays as typed
    assert "  \n\\- Floor 2  \n\\===\n" in text  # an address line starts no list
    assert "- 1\\. first" in text
    assert "- \\*bold\\* \\_it\\_ \\~s\\~ \\&amp;" in text
    assert "\x1b" not in text
    assert re.search(r"(?<!\\)[<\[`]", text) is None  # no tag, link or code left


# Text a GFM viewer would turn into math or a link (review r15a #14), in every kind of place
# the renderer fills: heading, bold party, table cell, bullet, address line, paragraph.
MATH_AND_LINKS = (
    "Pay $5 to $x^2$ via https://evil.com/x, HTTP://evil.com, www.evil.com, "
    "//evil.com, mailto:a@evil.com or camille@evil.com"
)

ESCAPED = (  # a backslash where Markdown would start math or a link
    "Pay \\$5 to \\$x^2\\$ via https\\://evil.com/x, HTTP\\://evil.com, www\\.evil.com, "
    "/\\/evil.com, mailto\\:a\\@evil.com or camille\\@evil.com"
)


def _gfm_html(text: str) -> str:
    """``text`` as HTML, read by markdown-it's GFM-like preset (tables, strikethrough, bare
    URLs, www. and e-mail addresses made links) plus the $…$ math of MathJax/KaTeX viewers.
    (GitHub's own cmark-gfm finds an e-mail address even after its escapes are read.)"""
    markdown_it = pytest.importorskip("markdown_it")
    pytest.importorskip("linkify_it")
    dollarmath = pytest.importorskip("mdit_py_plugins.dollarmath")
    return str(markdown_it.MarkdownIt("gfm-like").use(dollarmath.dollarmath_plugin).render(text))


def test_the_gfm_reader_of_these_tests_does_find_math_and_links() -> None:
    html = _gfm_html(MATH_AND_LINKS)  # unescaped: what the escapes below must prevent
    assert 'class="math' in html
    assert html.count("<a href") == 6  # https, HTTP, www., //, mailto:a@, camille@


def test_dollars_and_bare_urls_read_as_text_in_a_gfm_viewer() -> None:
    invoice = sample("invoice", "en")
    invoice["title"] = invoice["client"]["name"] = MATH_AND_LINKS
    invoice["lines"][0]["text"] = invoice["mentions"][0] = MATH_AND_LINKS
    invoice["client"]["address"] = [MATH_AND_LINKS]
    contract = sample("contract", "en")
    contract["ai_statement"] = f"{MATH_AND_LINKS}\n{MATH_AND_LINKS}"
    contract["deliverables"] = [MATH_AND_LINKS]
    for kind, data, places in (("invoice", invoice, 5), ("contract", contract, 3)):
        text = render_markdown(kind, data)
        assert text.count(ESCAPED) >= places
        html = _gfm_html(text)
        assert "<a " not in html and "math" not in html
        assert html.count(MATH_AND_LINKS) >= places  # the reader shows the text as typed


def test_times_and_a_typed_backslash_are_left_as_they_read() -> None:
    data = sample("invoice", "en")
    data["mentions"] = ["Open 09:00-12:30", "C:\\temp https\\://x.com"]
    text = render_markdown("invoice", data)
    assert "- Open 09:00-12:30\n" in text  # no escape where nothing would become a link
    assert "- C:\\\\temp https\\\\://x.com\n" in text  # the backslash shown, no link
    assert "<a " not in _gfm_html(text)


def test_a_statement_of_several_lines_keeps_its_lines_in_markdown() -> None:
    data = sample("contract", "en")
    data["ai_statement"] = "No AI tool is used.\n# Not a heading\n- not an item"
    text = render_markdown("contract", data)
    assert "No AI tool is used.  \n\\# Not a heading  \n\\- not an item\n" in text
    data["title"] = "one\ntwo"  # one line: shown as \\n, then escaped
    assert render_markdown("contract", data).startswith("# one\\\\ntwo\n")


# Overrides -----------------------------------------------------------------------------


def test_a_template_in_the_override_folder_wins(tmp_path: Path) -> None:
    assert template_path("invoice", "typ", tmp_path).parent != tmp_path
    (tmp_path / "contract.typ").write_text(
        '#let d = json(bytes(sys.inputs.data))\n#set text(font: "Libertinus Serif")\n'
        "Our own contract: #d.title\n"
    )
    (tmp_path / "invoice.md").write_text("Invoice $number for $client_name\n")
    assert template_path("contract", "typ", tmp_path) == tmp_path / "contract.typ"
    assert template_path("credit-note", "md", tmp_path) == tmp_path / "invoice.md"
    _, text = pdf_text(
        render_pdf("contract", sample("contract", "en"), override_dir=tmp_path, timestamp=STAMP)
    )
    assert text == squash("Our own contract: Service contract — Logo refresh")
    md = render_markdown("invoice", sample("invoice", "en"), override_dir=tmp_path)
    assert md == "Invoice F-0007 for Northwind Traders SAS\n"
    # the kinds without an override still use the shipped templates
    assert "Onboarding form" in render_markdown(
        "onboarding", sample("onboarding", "en"), override_dir=tmp_path
    )


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("Invoice $number\nfor $clientname\n", "line 2: unknown placeholder $clientname"),
        (
            "Pay 5 $ now\n",
            "line 1: a '$' not followed by a placeholder name (write $$ for a dollar sign)",
        ),
    ],
)
def test_a_broken_markdown_override_is_one_line(tmp_path: Path, source: str, reason: str) -> None:
    (tmp_path / "invoice.md").write_text(source)
    with pytest.raises(TemplateError) as caught:
        render_markdown("invoice", sample("invoice", "en"), override_dir=tmp_path)
    assert str(caught.value) == f"{tmp_path / 'invoice.md'}: {reason}"


def test_a_broken_typst_override_names_the_file_and_not_the_data(tmp_path: Path) -> None:
    (tmp_path / "invoice.typ").write_text(
        "#let d = json(bytes(sys.inputs.data))\n#panic(d.client.name)\n"
    )
    with pytest.raises(TemplateError) as caught:
        render_pdf("invoice", sample("invoice", "en"), override_dir=tmp_path, timestamp=STAMP)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'invoice.typ'}: ")
    assert "panicked" in message
    assert "Northwind" not in message and "\n" not in message
    (tmp_path / "invoice.typ").write_text("#let d = json(bytes(sys.inputs.data))\n#nothing\n")
    with pytest.raises(  # an override is compiled in a child process (doc_sandbox)
        TemplateError,
        match=r"invoice\.typ: line 2: error in your template \(unknown variable: nothing\)$",
    ):
        render_png("invoice", sample("invoice", "en"), override_dir=tmp_path)
