"""The real console in a pseudo-terminal: terminals it must draw on, and a dropped link."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from homeops.rules.model import Mission, StageMove
from homeops.storage.lock import probe
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "plum orchid tuesday lantern"
ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")


def _take_controlling_terminal() -> None:
    import fcntl
    import termios

    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Console:
    """``homeops`` on the slave side of a pty; the test holds the master, like sshd does.

    ``under``: a command that runs it as a child (as ``make run`` does), not as the session
    leader that receives the hang-up. ``env``: more environment variables (NO_COLOR)."""

    def __init__(
        self,
        vault: Path,
        config: Path,
        term: str,
        size: tuple[int, int] = (24, 80),
        *,
        under: list[str] | None = None,
        env: dict[str, str] | None = None,
    ):
        self.master, slave = pty.openpty()
        import fcntl
        import struct
        import termios

        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
        environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
        environ.update(TERM=term, HOME=str(vault.parent), **(env or {}))
        command = [sys.executable, "-m", "homeops", "--vault", str(vault), "--config", str(config)]
        self.proc = subprocess.Popen(
            [*(under or []), *command],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environ,
            start_new_session=True,
            preexec_fn=_take_controlling_terminal,  # as sshd does for a login
            cwd=Path(__file__).resolve().parents[1],
        )
        os.close(slave)
        self.screen = b""

    def read_until(self, text: bytes, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in ANSI.sub(b"", self.screen):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(
                    f"{text!r} never showed; saw {ANSI.sub(b'', self.screen)[-400:]!r}"
                )
            ready, _, _ = select.select([self.master], [], [], min(left, 0.2))
            if ready:
                try:
                    self.screen += os.read(self.master, 65536)
                except OSError:
                    raise AssertionError("the console closed the terminal") from None

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def hang_up(self) -> float:
        """Close the master side, as a dropped SSH link does; seconds until the process ends."""
        started = time.monotonic()
        os.close(self.master)
        self.proc.wait(timeout=10)
        return time.monotonic() - started

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def wait_for_stage(vault: Path, stage: str, timeout: float = 10.0) -> bool:
    """Read the vault beside the running console (read-only) until the mission is in ``stage``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with Vault.open(vault, PASSPHRASE, read_only=True) as seen:
            if seen.missions.list()[0].stage == stage:
                return True
        time.sleep(0.05)
    return False


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    path = tmp_path / "vault.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as created:
        created.missions.add(
            Mission(
                "Spring newsletter",
                "acme",
                "Brief",
                history=[StageMove("2026-11-20T09:00:00", "Brief")],
            )
        )
    return path


@pytest.mark.parametrize(
    "term", ["xterm-256color", "screen-256color", "tmux-256color", "xterm", "linux"]
)
def test_console_draws_and_unlocks_on_common_terminals(
    term: str, vault: Path, tmp_path: Path
) -> None:
    console = Console(vault, tmp_path / "config.toml", term)
    try:
        console.read_until(b"Passphrase")
        console.type(PASSPHRASE + "\r")
        console.read_until(b"Board")
        console.read_until(b"Spring newsletter")
    finally:
        console.kill()


def test_dropped_link_keeps_the_change_and_releases_the_lock_within_2_seconds(
    vault: Path, tmp_path: Path
) -> None:
    console = Console(vault, tmp_path / "config.toml", "xterm-256color")
    try:
        console.read_until(b"Passphrase")
        console.type(PASSPHRASE + "\r")
        console.read_until(b"Spring newsletter")
        console.type("L")  # move the focused card to the next stage
        assert wait_for_stage(vault, "Plan"), "the move never reached the vault"
        assert probe(vault) is not None  # the console still holds the vault
        took = console.hang_up()
    finally:
        console.kill()
    assert took < 2.0
    assert probe(vault) is None
    with Vault.open(vault, PASSPHRASE, read_only=True) as reopened:
        (moved,) = reopened.missions.list()
    assert moved.stage == "Plan"
    assert moved.history[-1].stage == "Plan"


# A session leader that outlives its terminal, as `make` can: SIGHUP never reaches the console.
_SURVIVING_LEADER = [
    sys.executable,
    "-c",
    "import signal, subprocess, sys\n"
    "signal.signal(signal.SIGHUP, lambda *_: None)\n"
    "sys.exit(subprocess.call(sys.argv[1:]))",
]


def test_dropped_link_ends_a_console_that_is_not_the_session_leader(
    vault: Path, tmp_path: Path
) -> None:
    console = Console(vault, tmp_path / "config.toml", "xterm-256color", under=_SURVIVING_LEADER)
    try:
        console.read_until(b"Passphrase")
        console.type(PASSPHRASE + "\r")
        console.read_until(b"Spring newsletter")
        console.type("L")
        assert wait_for_stage(vault, "Plan"), "the move never reached the vault"
        took = console.hang_up()  # the leader ends when the console does
    finally:
        console.kill()
    assert took < 4.0  # one terminal check (1 s) and the exit timer (1.5 s) at most
    assert probe(vault) is None


# SGR parameters that set a colour: 30-39 and 40-49 (38/48 extended), 90-97, 100-107.
_COLOUR_SGR = {*range(30, 50), *range(90, 98), *range(100, 108)}
_SGR = re.compile(rb"\x1b\[([0-9;:]*)m")


def colour_codes(stream: bytes) -> list[bytes]:
    """The SGR sequences in ``stream`` that set a foreground or background colour."""
    found = []
    for match in _SGR.finditer(stream):
        params = [int(p) for p in re.split(rb"[;:]", match.group(1)) if p]
        if _COLOUR_SGR.intersection(params):
            found.append(match.group(0))
    return found


def _unlock_and_show_the_board(console: Console) -> None:
    console.read_until(b"Passphrase")
    console.type(PASSPHRASE + "\r")
    console.read_until(b"Spring newsletter")


@pytest.mark.parametrize(("no_color", "coloured"), [("1", False), ("", True), (None, True)])
def test_no_color_set_and_not_empty_sends_no_colour(
    no_color: str | None, coloured: bool, vault: Path, tmp_path: Path
) -> None:
    # no-color.org: NO_COLOR set and not empty. Bold and reverse stay (the selection shows).
    env = {} if no_color is None else {"NO_COLOR": no_color}
    console = Console(vault, tmp_path / "config.toml", "xterm-256color", env=env)
    try:
        _unlock_and_show_the_board(console)
    finally:
        console.kill()
    assert bool(colour_codes(console.screen)) == coloured, colour_codes(console.screen)[:5]


@pytest.mark.parametrize("term", ["xterm-256color", "linux"])
def test_no_mouse_tracking_is_switched_on(term: str, vault: Path, tmp_path: Path) -> None:
    # The console is keyboard only (README): the terminal keeps its own mouse (select, paste).
    console = Console(vault, tmp_path / "config.toml", term)
    try:
        _unlock_and_show_the_board(console)
    finally:
        console.kill()
    for mode in (b"1000", b"1002", b"1003", b"1006", b"1015", b"1016"):
        assert b"\x1b[?" + mode + b"h" not in console.screen


def test_a_dumb_terminal_gets_one_line_and_exit_2(vault: Path, tmp_path: Path) -> None:
    console = Console(vault, tmp_path / "config.toml", "dumb")
    try:
        status = console.proc.wait(timeout=20)
        console.read_until(b"homeops --help")
        console.read_until(b"\n", timeout=1)
    finally:
        console.kill()
    assert status == 2
    assert console.screen.strip() == (
        b"homeops: the console cannot draw on TERM=dumb; see homeops --help for commands"
    )


def test_both_passphrases_typed_ahead_in_one_write_create_the_vault(tmp_path: Path) -> None:
    # Over a laggy link both entries arrive in one read: the second goes to the second field.
    vault = tmp_path / "new.hops"
    console = Console(vault, tmp_path / "config.toml", "xterm-256color")
    try:
        console.read_until(b"The same passphrase again")
        console.type(f"{PASSPHRASE}\r{PASSPHRASE}\r")
        console.read_until(b"1 Board")
    finally:
        console.kill()
    with Vault.open(vault, PASSPHRASE, read_only=True) as created:
        assert created.missions.list() == []


FAREWELL = b"homeops: closed on request (another session's ctrl+t, or SIGTERM); all saved"


def wait_until_stopped(console: Console, timeout: float = 10.0) -> bool:
    """Read the terminal until the console's process is stopped (ctrl+z); False if it never is."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid, status = os.waitpid(console.proc.pid, os.WNOHANG | os.WUNTRACED)
        if pid and os.WIFSTOPPED(status):
            return True
        ready, _, _ = select.select([console.master], [], [], 0.05)
        if ready:
            console.screen += os.read(console.master, 65536)
    return False


def test_ctrl_z_suspends_to_the_shell_and_fg_resumes(vault: Path, tmp_path: Path) -> None:
    console = Console(vault, tmp_path / "config.toml", "xterm-256color")
    try:
        _unlock_and_show_the_board(console)
        console.screen = b""
        console.type("\x1a")  # ctrl+z
        assert wait_until_stopped(console), "ctrl+z did not suspend the console"
        # The terminal was given back as it was: main screen, cursor shown.
        assert b"\x1b[?1049l" in console.screen and b"\x1b[?25h" in console.screen
        assert probe(vault) is not None  # suspended, it still holds the vault
        console.screen = b""
        os.kill(console.proc.pid, signal.SIGCONT)  # what `fg` does
        console.read_until(b"Spring newsletter")  # drawn again
        console.type("2")
        console.read_until(b"Entries")  # and it answers keys
        console.type("\x11")  # ctrl+q
        assert console.proc.wait(timeout=10) == 0
    finally:
        console.kill()
    assert probe(vault) is None


@pytest.mark.parametrize("suspended", [False, True], ids=["running", "suspended"])
def test_asked_to_close_it_leaves_at_once_with_one_line(
    suspended: bool, vault: Path, tmp_path: Path
) -> None:
    # Another session's ctrl+t (services.vault.ask_to_close): even a console suspended
    # with ctrl+z closes, says why, and lets the vault go.
    from homeops.services.vault import ask_to_close

    console = Console(vault, tmp_path / "config.toml", "xterm-256color")
    try:
        _unlock_and_show_the_board(console)
        if suspended:
            console.type("\x1a")
            assert wait_until_stopped(console)
        holder = probe(vault)
        assert holder is not None and holder.pid == console.proc.pid
        started = time.monotonic()
        ask_to_close(holder)
        console.read_until(FAREWELL, timeout=5)
        assert console.proc.wait(timeout=5) == 128 + signal.SIGTERM
        took = time.monotonic() - started
    finally:
        console.kill()
    assert took < 2.0
    assert probe(vault) is None
    assert ANSI.sub(b"", console.screen).rstrip().endswith(FAREWELL)


def test_filter_typed_ahead_in_one_write_then_a_board_key(vault: Path, tmp_path: Path) -> None:
    # Over a laggy link '/newsletter⏎L' arrives in one read: the words go to the filter (its
    # 'n' and 'e' used to open the new and edit forms), then L moves the card it found.
    console = Console(vault, tmp_path / "config.toml", "xterm-256color")
    try:
        _unlock_and_show_the_board(console)
        console.type("/newsletter\rL")
        assert wait_for_stage(vault, "Plan"), "the L never reached the board"
        with Vault.open(vault, PASSPHRASE, read_only=True) as seen:
            (mission,) = seen.missions.list()
    finally:
        console.kill()
    assert mission.title == "Spring newsletter"
    assert [move.stage for move in mission.history] == ["Brief", "Plan"]
