"""Documents benchmark (issue 15): ``python -m bench.documents [--quick] [--png FILE]``.

One invoice written through ``business.paperwork.write`` (render, file written 0600, the write
recorded in the vault) on the demo's vault (``homeops demo``'s business with its seller), as
Markdown, as PDF (PDF/A-3b, typst) and as Factur-X (the PDF, the EN 16931 XML and the
embedding), side by side with the ratio of each to Markdown, all measured in one run:

- first call: the first write of that format in a fresh process, the vault open and the
  paperwork's modules already imported (their import is timed apart, once); for PDF it holds
  typst's compiler start and font loading, for Factur-X also factur-x's own imports;
- warm: the median of N writes in one process after the first, each of a different issued
  invoice (writing the same one again could be answered from typst's cache).

``--png FILE`` also writes the first page of a demo invoice as a PNG (``doc_render.
render_png``), the picture in the README. ``targets(quick)`` gives ``bench.targets``' rows
(context: the issue sets no target).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.harness import ROOT
from homeops.demo.sample_seller import demo_settings
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault

TODAY = dt.date(2026, 12, 6)
PASSPHRASE = "bench passphrase for documents"
FORMATS = {"md": "Markdown", "pdf": "PDF (PDF/A-3b)", "facturx": "Factur-X (PDF+XML)"}
WARM, WARM_QUICK = 15, 5


def build(path: Path) -> list[str]:
    """The demo's vault at ``path``; returns its issued invoices' numbers, oldest first."""
    from homeops.main import fill_with_sample

    path.parent.mkdir(parents=True, exist_ok=True)
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        business = Business(vault, demo_settings())
        fill_with_sample(business, None, TODAY)
        return [i.label for i in business.cashbook.invoices() if i.status in ("sent", "paid")]


def _open(path: Path) -> Business:
    return Business(Vault.open(path, PASSPHRASE), demo_settings())


def first_call(path: Path, fmt: str, ref: str, out: Path) -> dict[str, float]:
    """In this (fresh) process: the paperwork's import, then its first write of ``fmt``."""
    with _open(path) as business:
        started = time.perf_counter()
        paperwork = business.paperwork
        imported = time.perf_counter()
        paperwork.write("invoice", ref, fmt=fmt, out=out, today=TODAY)
        done = time.perf_counter()
    return {"import_ms": (imported - started) * 1000, "first_ms": (done - imported) * 1000}


def _fresh(path: Path, fmt: str, ref: str, out: Path) -> dict[str, float]:
    """``first_call`` in a new interpreter."""
    found = subprocess.run(
        [sys.executable, "-m", "bench.documents", "--first-call", fmt, "--vault", str(path),
         "--ref", ref, "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    got: dict[str, float] = json.loads(found.stdout.strip().splitlines()[-1])
    return got


def measure(quick: bool = False) -> dict[str, Any]:
    """Per format: ``first_ms`` (fresh process), ``warm_ms`` (median), and ``import_ms``."""
    warm = WARM_QUICK if quick else WARM
    with tempfile.TemporaryDirectory(prefix="bench-docs-") as scratch:
        path = Path(scratch) / "vault" / "demo.hops"
        issued = build(path)
        if len(issued) < warm + 1:
            raise RuntimeError(f"the demo has {len(issued)} issued invoices, {warm + 1} needed")
        first, others = issued[-1], issued[-1 - warm : -1]
        out = Path(scratch) / "out"
        out.mkdir()
        got: dict[str, Any] = {"warm_n": warm, "invoice": first}
        imports = []
        for fmt in FORMATS:
            cold = _fresh(path, fmt, first, out)
            got[fmt] = {"first_ms": cold["first_ms"]}
            imports.append(cold["import_ms"])
        got["import_ms"] = statistics.median(imports)
        times: dict[str, list[float]] = {fmt: [] for fmt in FORMATS}
        with _open(path) as business:
            paperwork = business.paperwork
            for fmt in FORMATS:  # each format's own first call, untimed: measured above
                paperwork.write("invoice", first, fmt=fmt, out=out, today=TODAY)
            for ref in others:  # formats in turn, so a busy moment hits all three alike
                for fmt in FORMATS:
                    started = time.perf_counter()
                    paperwork.write("invoice", ref, fmt=fmt, out=out, today=TODAY)
                    times[fmt].append((time.perf_counter() - started) * 1000)
        for fmt in FORMATS:
            got[fmt]["warm_ms"] = statistics.median(times[fmt])
    return got


def write_png(target: Path, *, lang: str = "en", ppi: int = 90) -> int:
    """The first page of the demo's latest issued invoice as a PNG at ``target``; its size
    in bytes. Drawn by ``doc_render.render_png`` from the data the PDF is made of."""
    from homeops.rules import documents as docs
    from homeops.services.doc_render import render_png
    from homeops.services.documents import seller_of

    with tempfile.TemporaryDirectory(prefix="bench-docs-") as scratch:
        path = Path(scratch) / "vault" / "demo.hops"
        ref = build(path)[-1]
        with _open(path) as business:
            book = business.cashbook
            invoice = book.invoice(int(ref.removeprefix("F-")))
            mission = book.mission(invoice.mission_id) if invoice.mission_id else None
            data = docs.invoice_data(
                invoice, business.clients.get(invoice.client_alias), mission,
                seller_of(business.settings), lang=lang, today=TODAY,
                terms_days=book.terms_of(invoice),
            )  # fmt: skip
    png = render_png("invoice", data, ppi=ppi)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(png)
    return len(png)


def _ratio(ms: float, base: float) -> str:
    return f"{ms / base:.1f}x" if base > 0 else "-"


def print_table(got: dict[str, Any]) -> None:
    n, base_first, base_warm = got["warm_n"], got["md"]["first_ms"], got["md"]["warm_ms"]
    print("one invoice written through paperwork.write (file 0600 + vault record), demo vault;")
    print(f"first call: a fresh process ({got['invoice']}); warm: median of {n} writes,")
    print("each a different issued invoice; ratios to Markdown in the same run")
    print(f"{'format':<20} {'first call':>11} {'':>7} {'warm':>9} {'':>7}")
    for fmt, name in FORMATS.items():
        first, warm = got[fmt]["first_ms"], got[fmt]["warm_ms"]
        print(f"{name:<20} {first:>8.1f} ms {_ratio(first, base_first):>7} "
              f"{warm:>6.1f} ms {_ratio(warm, base_warm):>7}")  # fmt: skip
    print(f"importing the paperwork's modules (once per process, not above): "
          f"{got['import_ms']:.0f} ms")  # fmt: skip


def targets(quick: bool = False) -> list[dict[str, Any]]:
    """``bench.targets``' rows: context only (issue 15 sets no target)."""
    got = measure(quick)
    rows = []
    for fmt, name in FORMATS.items():
        first, warm = got[fmt]["first_ms"], got[fmt]["warm_ms"]
        ratios = "" if fmt == "md" else (
            f" ({_ratio(first, got['md']['first_ms'])} / {_ratio(warm, got['md']['warm_ms'])}"
            " Markdown's)"
        )  # fmt: skip
        rows.append({
            "label": f"write one invoice as {name}: first call / warm median of {got['warm_n']}",
            "measured": f"{first:.0f} / {warm:.1f} ms{ratios}",
            "target": "-",
            "ok": None,
        })  # fmt: skip
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.documents",
                                     description=__doc__.splitlines()[0])  # fmt: skip
    parser.add_argument("--quick", action="store_true", help=f"{WARM_QUICK} warm writes")
    parser.add_argument("--png", type=Path, help="also write a demo invoice page as PNG here")
    parser.add_argument("--lang", choices=("fr", "en"), default="en", help="the PNG's language")
    parser.add_argument("--first-call", choices=list(FORMATS), help=argparse.SUPPRESS)
    parser.add_argument("--vault", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--ref", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.first_call:  # the child of _fresh
        print(json.dumps(first_call(args.vault, args.first_call, args.ref, args.out)))
        return 0
    if args.png:
        size = write_png(args.png, lang=args.lang)
        print(f"wrote {args.png} ({size / 1024:.0f} KB)")
    print_table(measure(args.quick))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
