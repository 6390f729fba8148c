"""bench.bandwidth's report: the rows of the table (medians over the runs) and how they print."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from bench.bandwidth_anatomy import Anatomy
from bench.bandwidth_runs import Sample


@dataclass
class Row:
    action: str
    target: int | None
    ours: list[int] = field(default_factory=list)
    peer: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unsettled: int = 0
    anatomy: Anatomy | None = None  # of the run nearest the median
    peer_anatomy: Anatomy | None = None
    empty: bool = False

    @property
    def median(self) -> float | None:
        return statistics.median(self.ours) if self.ours else None

    @property
    def peer_median(self) -> float | None:
        return statistics.median(self.peer) if self.peer else None

    @property
    def verdict(self) -> str:
        if self.empty:
            return "EMPTY"
        if self.target is None or self.median is None:
            return ""
        return "PASS" if self.median <= self.target else "MISS"


def collect(
    rows: dict[str, Row], samples: list[Sample], peer: bool, targets: dict[str, int | None]
) -> None:
    for sample in samples:
        row = rows.setdefault(sample.action, Row(sample.action, targets.get(sample.action)))
        (row.peer if peer else row.ours).append(sample.size)
        note = ("kanban-tui: " if peer else "") + sample.note if sample.note else ""
        if note and note not in row.notes:
            row.notes.append(note)
        if not sample.settled:
            row.unsettled += 1
        if not peer and sample.note.startswith("empty state"):
            row.empty = True


def nearest_median(samples: list[Sample]) -> Sample:
    mid = statistics.median(s.size for s in samples)
    return min(samples, key=lambda s: abs(s.size - mid))


def fmt_bytes(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if value < 10_000 else f"{value / 1024:,.1f} K"


def fmt_target(target: int | None) -> str:
    return "-" if target is None else f"<= {target // 1024} KB"


def print_table(rows: list[Row], peer_ok: bool) -> None:
    head = (
        f"{'action':<28} {'homeops B':>10} {'rows':>4} {'cells':>5} {'target':>9} {'':>5}"
        f"  {'kanban-tui B':>12} {'ratio':>6}"
    )
    print(head)
    print("-" * len(head))
    for row in rows:
        ours, theirs = row.median, row.peer_median
        shown = fmt_bytes(ours)
        if row.empty:
            shown = f"({fmt_bytes(ours)})"
        anat = row.anatomy
        ratio = "-"
        if ours and theirs and not row.empty:
            ratio = f"{ours / theirs:.2f}x"
        peer = fmt_bytes(theirs) if peer_ok else "skipped"
        print(
            f"{row.action:<28} {shown:>10} {anat.rows if anat else '-':>4} "
            f"{anat.cells if anat else '-':>5} {fmt_target(row.target):>9} {row.verdict:>5}  "
            f"{peer:>12} {ratio:>6}"
        )
    print(
        "(medians; rows/cells: what the update wrote to on the 24x80 grid, of 24 rows and "
        "1,920 cells; ratio = homeops / kanban-tui; EMPTY: nothing to step through, no figure)"
    )


def print_anatomy(rows: list[Row]) -> None:
    print("\nwhat the homeops bytes are (the run nearest the median):")
    head = (
        f"{'action':<28} {'bytes':>6} {'text':>6} {'SGR':>6} {'#SGR':>5} {'cursor':>6} "
        f"{'#moves':>6} {'other':>5} {'frames':>6}"
    )
    print(head)
    for row in rows:
        a = row.anatomy
        if a is None or not a.total:
            continue
        print(
            f"{row.action:<28} {a.total:>6} {a.text:>6} {a.sgr:>6} {a.sgr_codes:>5} "
            f"{a.cursor:>6} {a.cursor_moves:>6} {a.other:>5} {a.frames:>6}"
        )


def print_maps(rows: list[Row]) -> None:
    for row in rows:
        for who, anat in (("homeops", row.anatomy), ("kanban-tui", row.peer_anatomy)):
            if anat is None or not anat.total:
                continue
            print(
                f"\n{who}: {row.action} — {anat.total:,} bytes, {anat.rows} rows, "
                f"{anat.cells} cells"
            )
            for line, size in zip(anat.damage, anat.row_bytes, strict=True):
                print(f"  |{line}| {size or ''}")
