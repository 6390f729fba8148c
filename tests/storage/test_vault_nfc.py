"""Passphrases are Unicode text, not the bytes one keyboard happened to send (issue 12,
item 7): "é" typed as one character (NFC) or as "e" + a combining accent (NFD) is the same
passphrase. New vaults and ``passwd`` use NFC; a vault made before, when the bytes were
taken as typed, still opens with what the user types, and is wrapped anew under NFC by its
next read-write session."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from homeops.storage import WrongPassphrase, crypto
from homeops.storage.vault import KdfParams, Vault

COMPOSED = "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e"
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)


def _unlocks_first_try(data: bytes, passphrase: str) -> bool:
    """Whether the NFC form of ``passphrase`` unwraps the key (no older form needed)."""
    return crypto.unlock(crypto.parse_header(data)[0], passphrase)[2] is False


def test_the_two_forms_are_different_bytes() -> None:
    assert COMPOSED != DECOMPOSED and COMPOSED.encode() != DECOMPOSED.encode()


@pytest.mark.parametrize(("made", "typed"), [(COMPOSED, DECOMPOSED), (DECOMPOSED, COMPOSED)])
def test_a_new_vault_opens_with_either_form(kit: Any, made: str, typed: str) -> None:
    vault = kit.create(passphrase=made)
    vault.db.table("t").insert({"x": 1})
    vault.close()
    assert kit.disk(passphrase=typed)["tables"]["t"] == {"1": {"x": 1}}
    assert _unlocks_first_try(kit.path.read_bytes(), typed)
    with pytest.raises(WrongPassphrase):
        kit.disk(passphrase=COMPOSED + "!")


def test_passwd_takes_the_new_passphrase_in_nfc(kit: Any) -> None:
    kit.create().close()
    vault = kit.open()
    vault.change_passphrase(DECOMPOSED)
    vault.close()
    assert _unlocks_first_try(kit.path.read_bytes(), COMPOSED)
    kit.disk(passphrase=COMPOSED)


def _made_before(kit: Any, monkeypatch: pytest.MonkeyPatch, typed: str) -> bytes:
    """A vault whose key is wrapped under ``typed`` as raw bytes, as homeops did before."""
    with monkeypatch.context() as patch:
        patch.setattr(crypto, "nfc", lambda passphrase: passphrase)
        vault = Vault.create(kit.path, typed, kdf=KdfParams.fast())
        vault.db.table("t").insert({"before": True})
        vault.close()
    data: bytes = kit.path.read_bytes()
    assert crypto.unlock(crypto.parse_header(data)[0], typed)[2] is (typed != COMPOSED)
    return data


@pytest.mark.parametrize("typed_now", [DECOMPOSED, COMPOSED])
def test_a_vault_made_with_a_decomposed_passphrase_still_opens(
    kit: Any, monkeypatch: pytest.MonkeyPatch, typed_now: str
) -> None:
    data = _made_before(kit, monkeypatch, DECOMPOSED)
    assert kit.disk(passphrase=typed_now)["tables"]["t"] == {"1": {"before": True}}
    assert kit.path.read_bytes() == data  # a reader wraps nothing anew
    with Vault.open(kit.path, typed_now) as vault:  # a read-write session does
        assert vault.db.table("t").all() == [{"before": True}]
    assert _unlocks_first_try(kit.path.read_bytes(), DECOMPOSED)
    assert _unlocks_first_try(kit.path.read_bytes(), COMPOSED)
    with pytest.raises(WrongPassphrase):
        kit.disk(passphrase="cafe creme brulee")


def test_the_backup_of_that_day_keeps_the_bytes_and_still_opens(
    kit: Any, monkeypatch: pytest.MonkeyPatch, day: Any
) -> None:
    data = _made_before(kit, monkeypatch, DECOMPOSED)
    kit.open(passphrase=COMPOSED, today=day(0)).close()
    (backup,) = (kit.path.parent / "backups").iterdir()
    assert backup.read_bytes() == data
    assert kit.disk(backup, passphrase=COMPOSED)["tables"]["t"] == {"1": {"before": True}}


def test_an_ascii_passphrase_costs_one_key_derivation(
    kit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a passphrase with more than one form is tried more than once when wrong."""
    kit.create().close()
    calls: list[str] = []
    real = crypto.derive_kek

    def counted(passphrase: str, salt: bytes, kdf: KdfParams) -> bytes:
        calls.append(passphrase)
        return real(passphrase, salt, kdf)

    monkeypatch.setattr(crypto, "derive_kek", counted)
    with pytest.raises(WrongPassphrase):
        kit.disk(passphrase="wrong but plain")
    assert calls == ["wrong but plain"]
    calls.clear()
    with pytest.raises(WrongPassphrase):
        kit.disk(passphrase=DECOMPOSED)
    assert calls == [COMPOSED, DECOMPOSED]  # NFC, then as typed (which is the NFD form)
