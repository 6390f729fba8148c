"""config.files.write_private: the one writer of private files replaces regular files only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from homeops.config.files import write_private


def test_a_pipe_at_the_path_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    # run as root, `export --out /dev/full` replaced the device with a file of decrypted data
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(OSError, match="not a regular file"):
        write_private(pipe, [b"secret"])
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]  # no temp file left behind


def test_a_regular_file_is_replaced_private(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    target.chmod(0o644)
    assert write_private(target, [b"new"]) is None
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
