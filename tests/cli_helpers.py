"""What every command-line test checks of an error: one line, no traceback, prefixed."""

from __future__ import annotations


def one_line_error(err: str) -> str:
    """The single line ``homeops: ...`` written to stderr (fails the test otherwise)."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("homeops: ")
    return lines[0]
