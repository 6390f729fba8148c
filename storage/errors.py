"""Vault errors. Each message is one line, names no document content, and is safe to show."""

from __future__ import annotations

from dataclasses import dataclass


class VaultError(Exception):
    """Base class: anything that stops a vault from opening or a change from being kept."""


class VaultMissing(VaultError):
    def __init__(self, path: str) -> None:
        super().__init__(f"no vault at {path} (create one with `homeops init`)")


class VaultExists(VaultError):
    def __init__(self, path: str) -> None:
        super().__init__(f"a vault already exists at {path}; refusing to overwrite it")


class WrongPassphrase(VaultError):
    def __init__(self) -> None:
        super().__init__("wrong passphrase")


class VaultDamaged(VaultError):
    def __init__(self, detail: str) -> None:
        self.detail = detail  # what is wrong, without the advice (a restore names its backup)
        super().__init__(f"vault damaged or tampered with: {detail}; restore a backup")


class VaultRolledBack(VaultError):
    """The vault file is older than (or beside) the high-water mark kept next to it.

    ``file_changes`` and ``mark_changes`` count committed changes; either may be None when
    the mark cannot say (a mark of another vault, a file in an older format)."""

    def __init__(
        self, what: str, file_changes: int | None = None, mark_changes: int | None = None
    ) -> None:
        self.what = what  # the judgement, without the advice (accept-copy shows it)
        self.file_changes = file_changes
        self.mark_changes = mark_changes
        super().__init__(
            f"{what}; if you have a newer copy, put it back, or restore a backup "
            "(`homeops restore FILE`); to keep this copy as it is, run `homeops accept-copy`"
        )


class ValueNotStorable(VaultError, ValueError):
    """A change holds a value the vault never stores (a number beyond 64 bits, a fraction,
    text that is not valid Unicode): nothing was written."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"change not saved: {detail}")


class UnsupportedVersion(VaultError):
    def __init__(self, version: int, supported: int) -> None:
        super().__init__(
            f"vault format version {version} is not supported (this homeops reads up to "
            f"{supported}); upgrade homeops"
        )


@dataclass(frozen=True)
class LockHolder:
    """Who holds a vault: enough to find the session, nothing personal."""

    pid: int
    host: str
    since: str  # ISO timestamp
    tty: str = ""
    user: str = ""

    def describe(self) -> str:
        where = f" on {self.tty}" if self.tty else ""
        return f"pid {self.pid} on host {self.host}{where} since {self.since}"


class VaultLocked(VaultError):
    def __init__(self, holder: LockHolder | None) -> None:
        self.holder = holder
        who = holder.describe() if holder else "another process"
        super().__init__(f"vault is open in another session ({who})")


class VaultWriteError(VaultError):
    """A change could not be made durable; it was rolled back in memory too."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"change not saved: {detail}")


class VaultReadOnly(VaultError):
    def __init__(self) -> None:
        super().__init__("this session is read-only; close the other session to make changes")
