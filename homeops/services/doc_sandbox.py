"""Override templates are untrusted code: each is compiled in a child process (issue 15,
review r15a #2 #8 #9). The shipped templates stay in-process (trusted, fast).

The child (``python -I``, a fresh interpreter, no inherited environment) gets:
- a wall-clock limit of ``SECONDS`` (20 s: a looping template is killed, the caller gets one
  line), a CPU limit a little above it and no right to create files (RLIMIT_FSIZE 0); it is
  also killed on Ctrl-C (its own SIGINT is the default: it dies at once) and by ``stop_all``
  (the console calls it when it quits or locks), and ends itself when its parent is gone;
- as its root a private temporary copy of the templates folder holding regular files only
  (symbolic links and other special files are SKIPPED, not followed), so ``read()`` sees
  nothing outside it;
- an empty package folder and proxy variables pointing at 127.0.0.1:9 (the discard port,
  refused): ``#import "@preview/..."`` fails locally, nothing reaches the network (checked
  with ``strace -f -e trace=connect``: one refused connect to 127.0.0.1:9, no DNS);
- its error is turned into "FILE: line N: error in your template" plus Typst's reason cut
  before its first ":" and without anything quoted or in brackets: a ``panic`` or an
  ``assert`` of the data never comes back.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

#: Wall-clock limit of one override's compile, in seconds (a constant, not a setting).
SECONDS = 20.0
#: Most memory the child may take (RLIMIT_DATA: its heap and private mappings).
MEMORY = 1 << 30
#: Most bytes copied from the templates folder (fonts and images included).
COPY_MAX = 64 * 1024 * 1024
#: A port nothing listens on: every download is refused on this machine.
_NO_PROXY = "http://127.0.0.1:9"
#: Where the homeops package lives (the child imports it from there, whatever its sys.path).
_SOURCE = str(Path(__file__).resolve().parent.parent.parent)
_CHILD = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from homeops.services.doc_sandbox import child_main; child_main()"
)
_LINE = re.compile(r"^line (\d+): ")
_BRACKETS = re.compile(r"\"[^\"]*\"?|'[^']*'?|`[^`]*`?|\([^)]*\)?|\[[^\]]*\]?|\{[^}]*\}?|«[^»]*»?")

#: Typst reasons whose one-word tail is a name in the template's source, never the data.
_NAMES_SOURCE = frozenset({"unknown variable"})
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,40}")

_LIVE: set[subprocess.Popen[bytes]] = set()
_LIVE_LOCK = threading.Lock()


class SandboxError(ValueError):
    """Raised as doc_render's TemplateError by the caller."""


def stop_all() -> int:
    """Kill every override compile still running (the console quits or locks); how many."""
    with _LIVE_LOCK:
        running = list(_LIVE)
    for child in running:
        with contextlib.suppress(OSError):
            child.kill()
    return len(running)


def _copy_regular(source: Path, into: Path) -> list[str]:
    """Regular files of ``source`` (and its folders) copied into ``into``; symbolic links and
    devices skipped. Returns the skipped names (relative)."""
    skipped: list[str] = []
    total = 0
    for folder, dirs, files in os.walk(source, followlinks=False):
        here = Path(folder)
        rel = here.relative_to(source)
        for name in list(dirs):
            if (here / name).is_symlink():
                dirs.remove(name)
                skipped.append(str(rel / name))
            else:
                (into / rel / name).mkdir(mode=0o700)
        for name in files:
            path = here / name
            try:
                fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            except OSError:  # a symbolic link (ELOOP), unreadable: not part of the copy
                skipped.append(str(rel / name))
                continue
            with os.fdopen(fd, "rb") as src:
                info = os.fstat(src.fileno())
                total += info.st_size
                if not stat.S_ISREG(info.st_mode) or total > COPY_MAX:
                    skipped.append(str(rel / name))
                    continue
                with open(into / rel / name, "xb") as dst:
                    shutil.copyfileobj(src, dst)
    return skipped


def scrubbed(message: str, source: str = "") -> str:
    """Typst's reason without what could hold data: cut at its first ":" (``panicked with:
    …``, ``assertion failed: …``), quoted and bracketed parts dropped, bounded. An unknown
    variable keeps its name only when ``source`` (the templates' own text) holds it as a
    word: ``#eval(lower(d.client.name))`` makes the data a "variable" name."""
    text, _, rest = message.partition(":")
    name = rest.strip()
    if text.strip() in _NAMES_SOURCE and _IDENTIFIER.fullmatch(name) and _written(name, source):
        return f"{text.strip()}: {name}"  # a name from the template's own source
    text = _BRACKETS.sub("", text)
    text = " ".join(text.split())[:100]
    return "".join(c for c in text if c.isprintable())


def _written(name: str, source: str) -> bool:
    """``name`` appears in ``source`` as a whole identifier (not inside a longer one)."""
    return re.search(rf"(?<![A-Za-z0-9_-]){re.escape(name)}(?![A-Za-z0-9_-])", source) is not None


def _sources(root: Path) -> str:
    """The text of the copied ``.typ`` files (what a name "from the template" may come from)."""
    texts = []
    for path in sorted(root.rglob("*.typ")):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            texts.append(path.read_text("utf-8"))
    return "\n".join(texts)


#: Prefix of the private folder of one compile; its owner's pid follows (swept once gone).
_PREFIX = "homeops-template-"
_OWNED = re.compile(re.escape(_PREFIX) + r"(\d+)-")


def sweep_stale(folder: Path | None = None) -> int:
    """Remove the compile folders a killed homeops left in the temp folder: ours (same
    owner), named with a pid whose process is gone. Returns how many; errors ignored."""
    where = Path(folder or tempfile.gettempdir())
    removed = 0
    try:
        entries = list(os.scandir(where))
    except OSError:
        return 0
    for entry in entries:
        owner = _OWNED.match(entry.name)
        if owner is None or int(owner[1]) == os.getpid():
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
                continue
            os.kill(int(owner[1]), 0)
        except ProcessLookupError:  # its homeops is gone: nobody will remove it
            shutil.rmtree(entry.path, ignore_errors=True)
            removed += 1
        except (OSError, OverflowError):
            continue
    return removed


def compile_override(
    kind: str,
    data: Mapping[str, Any],
    template: Path,
    *,
    png_ppi: int = 0,
    timestamp: int = 0,
    seconds: float = SECONDS,
) -> bytes:
    """``template`` (an override) compiled in a child process, as doc_render would in
    process; ``SandboxError`` (one line naming ``template``) for a broken or slow one."""
    request = {"kind": kind, "data": data, "name": template.name, "png_ppi": png_ppi,
               "timestamp": timestamp}  # fmt: skip
    sweep_stale()
    with tempfile.TemporaryDirectory(prefix=f"{_PREFIX}{os.getpid()}-") as tmp:
        work = Path(tmp)
        os.chmod(work, 0o700)
        root, packages = work / "templates", work / "packages"
        root.mkdir(mode=0o700)
        packages.mkdir(mode=0o700)
        try:
            _copy_regular(template.parent, root)
        except OSError as exc:
            raise SandboxError(
                f"{template}: cannot copy the templates folder: {exc.strerror}"
            ) from None
        if not (root / template.name).is_file():
            raise SandboxError(f"{template}: not a regular file (a symbolic link?): not used")
        request.update(root=str(root), packages=str(packages))
        env = {"PATH": os.defpath, "HOME": str(work), "LANG": "C.UTF-8", "TMPDIR": str(work)}
        for name in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY"):
            env[name] = env[name.lower()] = _NO_PROXY
        child = subprocess.Popen(
            [sys.executable, "-I", "-c", _CHILD, _SOURCE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=work,
        )
        with _LIVE_LOCK:
            _LIVE.add(child)
        try:
            out, err = child.communicate(json.dumps(request).encode("utf-8"), timeout=seconds)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            raise SandboxError(
                f"{template}: stopped after {seconds:g} s: the template runs too long (a loop?)"
            ) from None
        except BaseException:  # Ctrl-C, the console quitting: the child goes too
            child.kill()
            child.wait()
            raise
        finally:
            with _LIVE_LOCK:
                _LIVE.discard(child)
    if child.returncode == 0:
        return out
    reason = err.decode("utf-8", "replace").strip().splitlines()
    if child.returncode == 3 and reason:  # a template error, already scrubbed by the child
        raise SandboxError(f"{template}: {reason[-1]}")
    if child.returncode == -signal.SIGINT:  # Ctrl-C reached the child first
        raise KeyboardInterrupt
    if child.returncode == 4 or _out_of_memory(child.returncode, err):
        raise SandboxError(f"{template}: stopped: the template used too much memory")
    if child.returncode in (-signal.SIGKILL, -signal.SIGXCPU):
        raise SandboxError(f"{template}: stopped: the template used too much time")
    raise SandboxError(f"{template}: error in your template (it could not be compiled)")


def _out_of_memory(code: int, err: bytes) -> bool:
    """The child died of its memory cap: Rust's allocator aborts ("memory allocation of N
    bytes failed", SIGABRT), Python raised MemoryError."""
    said = err[-4096:]
    return b"memory allocation of" in said or b"MemoryError" in said or code == -signal.SIGABRT


def _watch_parent(parent: int) -> None:
    """End the child when its parent is gone (killed with -9: nobody would stop us)."""
    while True:
        threading.Event().wait(0.5)
        if os.getppid() != parent:
            os._exit(9)


def child_main() -> None:
    """The child: read the request on stdin, write the PDF/PNG on stdout; exit 3 with one
    scrubbed line on stderr for a template error."""
    import resource

    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it now, not after Typst
    limit = int(SECONDS) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (limit, limit))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # it writes no file
    resource.setrlimit(resource.RLIMIT_DATA, (MEMORY, MEMORY))  # a huge page: stopped
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    request = json.loads(sys.stdin.buffer.read())
    import typst

    from homeops.services import doc_render

    root = Path(request["root"])
    doc_render._COMPILERS[root] = typst.Compiler(
        root=str(root), font_paths=[], ignore_system_fonts=True,
        package_path=request["packages"], package_cache_path=request["packages"],
    )  # fmt: skip
    global _IN_CHILD
    _IN_CHILD = True
    try:
        out = doc_render._compile(
            request["kind"], request["data"], root,
            png_ppi=request["png_ppi"], timestamp=request["timestamp"],
        )  # fmt: skip
    except MemoryError:
        os._exit(4)
    except doc_render.TemplateError as error:
        text = str(error)
        text = text.split(": ", 1)[1] if ": " in text else text
        where = _LINE.match(text)
        line = f"line {where[1]}: " if where else ""
        reason = scrubbed(text[where.end() :] if where else text, _sources(root))
        sys.stderr.write(f"{line}error in your template" + (f" ({reason})" if reason else ""))
        sys.stderr.flush()
        os._exit(3)
    sys.stdout.buffer.write(out)
    sys.stdout.flush()
    os._exit(0)


_IN_CHILD = False


def in_child() -> bool:
    """True in the child: its (copied) templates are compiled here, not sent further."""
    return _IN_CHILD


#: What a shipped template that no longer fits the running code means.
UPGRADED = "homeops was upgraded while this console ran: restart it"


def _started() -> float:
    """When this process started (Unix seconds): from /proc on Linux, else this module's
    import (later than the start: an upgrade before it is then missed, never invented)."""
    try:
        with open("/proc/self/stat", "rb") as f:
            ticks = int(f.read().rsplit(b")", 1)[1].split()[19])
        with open("/proc/stat", "rb") as f:
            boot = next(int(ln.split()[1]) for ln in f if ln.startswith(b"btime "))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return _IMPORTED


_IMPORTED = time.time()


def upgraded_since_start(folder: Path) -> bool:
    """A file of ``folder`` (the shipped templates) changed after this process started."""
    start = _started()
    try:
        return any(p.stat().st_mtime > start + 1 for p in folder.iterdir())
    except OSError:
        return False
