"""What an erasure says it emptied (issue 15, review 2 #6): every field that held something
— phone, company and SIREN too, not "name, e-mail, billing address and notes" whatever the
client held — and nothing it did not hold; never a value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from homeops.config import Settings
from homeops.rules.model import Client, PersonalField
from homeops.rules.privacy import emptied_fields, erasure_summary
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def business(tmp_path: Path) -> Iterator[Business]:
    vault = Vault.create(tmp_path / "vault.hops", "erasure summary test", kdf=KdfParams.fast())
    yield Business(vault, Settings())
    vault.close()


def _field(value: str) -> PersonalField:
    return PersonalField(value, "contract")


@pytest.mark.parametrize(
    ("client", "emptied"),
    [
        (Client("a"), ()),
        (Client("a", email=_field("jo@a.example")), ("email",)),
        (
            Client("a", name=_field("Ingrid Holm"), phone=_field("+33 6 00 00 00 00"),
                   company="Nordlys Studio SAS", siren="732829320"),
            ("name", "phone", "company", "siren"),
        ),
        (
            Client("a", billing_address=_field("1 rue X, Lyon"), notes="prefers mornings",
                   source="referral", first_contact="2026-01-05", terms_days=45),
            ("billing_address", "notes", "source", "contact_dates", "working_terms"),
        ),
        (Client("a", feedback_channel="one consolidated e-mail"), ("working_terms",)),
    ],
)  # fmt: skip
def test_emptied_fields_are_those_that_held_something(
    client: Client, emptied: tuple[str, ...]
) -> None:
    assert emptied_fields(client) == emptied


def test_the_summary_lists_them_in_words() -> None:
    fields = ("name", "email", "phone", "billing_address", "company", "siren", "notes")
    said = erasure_summary(fields, "erased-1a2b3c", 3, 2)
    assert said.startswith(
        "Erased: name, e-mail, phone, billing address, company, SIREN and notes deleted; "
        "the alias is now erased-1a2b3c ("
    )
    assert erasure_summary(("email",), "erased-1", 0, 0).startswith(
        "Erased: e-mail deleted; the alias is now erased-1 ("
    )
    assert erasure_summary((), "erased-1", 0, 0).startswith(
        "Erased: nothing personal was held; the alias is now erased-1 ("
    )


def test_an_erasure_says_phone_company_and_siren_were_emptied(business: Business) -> None:
    business.clients.add(Client(
        "nordlys", name=_field("Ingrid Holm"), phone=_field("+33 6 12 34 56 78"),
        billing_address=PersonalField("4 quai Rambaud, 69002 Lyon", "invoicing"),
        company="Nordlys Studio SAS", siren="732829320",
    ))  # fmt: skip
    done = business.clients.erase("nordlys", TODAY)
    said = done.summary()
    assert said.startswith(
        "Erased: name, phone, billing address, company and SIREN deleted; the alias is now "
        f"{done.pseudonym} ("
    )
    for value in ("Ingrid", "Holm", "+33", "Rambaud", "Nordlys", "732829320"):
        assert value not in said
    erased = business.clients.get(done.pseudonym)
    assert (erased.name, erased.phone, erased.company, erased.siren) == (None, None, "", "")
