"""Erasure's rules (homeops/erasure.py): which words and values are searched, where they are
redacted, what the law keeps, and the findings in words (ids and fields, never the text)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from homeops.rules import erasure
from homeops.rules.model import Client, PersonalField

M = erasure.ERASED_MARK


def _client(name: str = "", email: str = "", phone: str = "", address: str = "") -> Client:
    def field(value: str) -> PersonalField | None:
        return PersonalField(value, "contract") if value else None

    return Client(
        "canary",
        id=1,
        name=field(name),
        email=field(email),
        phone=field(phone),
        billing_address=field(address),
    )


def _redact(client: Client, text: str) -> str:
    result: str = erasure.scrub(text, erasure.erasure_patterns(client))
    return result


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("CANARYZQX Person", ["CANARYZQX", "Person"]),
        ("Jean-Luc O'Brien", ["Brien", "Jean", "Luc"]),  # O: too short on its own
        ("Jo Li", []),  # short words are only searched in the full name
        ("Anne ANNE anne", ["Anne"]),  # once, whatever the case
        ("Élodie Dupont-Ø", ["Dupont", "Élodie"]),
        ("Per Olsen 3rd", ["Olsen", "Per"]),  # digits are not letters
        ("Claire Martin (editor) [acme]", ["Claire", "Martin"]),  # notes beside: roles
    ],
)
def test_name_words_are_letter_runs_of_three_or_more(name: str, words: list[str]) -> None:
    assert erasure.name_words(name) == words


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param("CANARYZQX Person", "Brochure for Person", f"Brochure for {M}",
                     id="one name word"),
        pytest.param("CANARYZQX Person", "Person's shop", f"{M}'s shop", id="possessive"),
        pytest.param("CANARYZQX Person", "PERSON and person", f"{M} and {M}", id="any case"),
        pytest.param("CANARYZQX Person", "Personal notes, personne, Per", "Personal notes, "
                     "personne, Per", id="whole words only: no prefix, no longer word"),
        pytest.param("CANARYZQX Person", "canaryzqx person", M, id="the full name once"),
        pytest.param("Élodie Durand", "élodie, ÉLODIE, Elodie, elodie", f"{M}, {M}, {M}, {M}",
                     id="accents: any case, with or without"),
        pytest.param("Elodie Durand", "Élodie", M, id="accents in the text, not the name"),
        pytest.param("Élodie Durand", "E\u0301lodie said", f"{M} said",
                     id="text stored decomposed (NFD)"),
        pytest.param("Élodie Durand", "Élodies", "Élodies", id="accents: still whole words"),
        pytest.param("Rose May", "Rose garden in May", f"{M} garden in {M}",
                     id="a common word is still redacted: erasure errs on forgetting"),
        pytest.param("Jo Li", "Jo Li called; Jo said", f"{M} called; Jo said",
                     id="short words: only in the full name"),
        pytest.param("Jo  Martin", "jo\nmartin", M, id="full name across any spaces"),
        pytest.param("Jo Li (CFO)", "Jo Li (CFO) said; Jo Li said; the CFO said",
                     f"{M} said; {M} said; the CFO said",
                     id="a note in brackets: only with the full name"),
    ],
)  # fmt: skip
def test_name_words_are_found_as_whole_words(name: str, text: str, expected: str) -> None:
    assert _redact(_client(name=name), text) == expected


@pytest.mark.parametrize(
    "text",
    ["06 12 34 56 78", "06.12.34.56.78", "0612345678", "+33612345678", "+33 (0)6 12 34 56 78",
     "0033 6 12 34 56 78", "06-12-34-56-78"],
)  # fmt: skip
def test_the_phone_is_found_in_any_format(text: str) -> None:
    client = _client(phone="+33 6 12 34 56 78")
    assert _redact(client, f"call {text} today") == f"call {M} today"


def test_the_email_goes_before_the_name_words_inside_it() -> None:
    client = _client(name="Jo Martin", email="Jo.Martin@Acme.example")
    assert _redact(client, "mail jo.martin@acme.example.") == f"mail {M}."


def test_address_lines_and_numbered_parts_are_found_not_the_town_alone() -> None:
    client = _client(address="12 rue des Lilas, 69001 Lyon\nBâtiment B")
    text = "post to 12 rue des Lilas; 69001 Lyon; Bâtiment B; trip to Lyon"
    assert _redact(client, text) == f"post to {M}; {M}; {M}; trip to Lyon"


def _invoice(number: int, status: str, issued: str | None, text: str = "Paul Costs") -> Any:
    return {"number": number, "client_alias": "canary", "description": text,
            "status": status, "issued": issued}  # fmt: skip


def _tables() -> dict[str, dict[str, dict[str, Any]]]:
    return {
        "clients": {
            "1": {"alias": "canary", "notes": "Person herself"},
            "2": {
                "alias": "person",
                "notes": "Sister of Paul Person",
                "name": {"value": "Ann Person", "purpose": "contract"},
            },
        },
        "missions": {
            "1": {
                "title": "Brochure for Person",
                "client_alias": "canary",
                "stage": "Costs",
                "acceptance_criteria": [{"text": "Approved by Paul", "done": False}],
                "scope_changes": [{"date": "2026-11-02", "what": "Paul wants more"}],
                "history": [{"at": "2026-11-01T10:00:00", "stage": "Costs", "reason": "Paul"}],
                "notes": "nothing here",
            },
            "2": {"title": "Other work", "client_alias": "other", "stage": "Brief"},
        },
        "ledger": {
            str(n): {
                "description": "Payment from canary: Paul",
                "envelope": "costs",
                "group": "in-1",
                "kind": "income",
            }
            for n in range(1, 5)
        },
        "invoices": {
            "1": _invoice(1, "paid", "2024-02-29"),
            "2": _invoice(2, "draft", None),
            "3": _invoice(3, "void", None),
            "4": _invoice(4, "sent", "2026-01-05", "Nothing personal"),
        },
        "events": {
            "1": {"at": "2026-01-01", "kind": "erasure", "details": {"client": "Paul"}},
            "2": {"at": "2026-01-02", "kind": "override", "details": {"reason": "Paul asked"}},
        },
        "meta": {"1": {"key": "Paul", "value": "Paul"}},
    }


def test_plan_redacts_free_text_keeps_codes_and_issued_invoices() -> None:
    client = _client(name="Paul Costs")
    tables = _tables()
    plan = erasure.plan_erasure(tables, client, "erased-1", 10)
    changes = plan.changes

    mission = changes["missions"]["1"]
    assert mission["title"] == "Brochure for Person"  # "Person" is not in this client's name
    assert mission["client_alias"] == "erased-1"
    assert mission["stage"] == "Costs"  # a code, not text: never redacted
    assert mission["acceptance_criteria"] == [{"text": f"Approved by {M}", "done": False}]
    assert mission["scope_changes"] == [{"date": "2026-11-02", "what": f"{M} wants more"}]
    assert mission["history"] == [{"at": "2026-11-01T10:00:00", "stage": "Costs", "reason": M}]
    assert "2" not in changes["missions"]
    entry = {"description": f"Payment from erased-1: {M}", "envelope": "costs"}
    assert changes["ledger"]["1"] == {**entry, "group": "in-1", "kind": "income"}
    invoices = changes["invoices"]
    assert invoices["1"] == {**tables["invoices"]["1"], "client_alias": "erased-1"}  # as issued
    assert invoices["2"]["description"] == M  # a draft was never issued
    assert invoices["3"]["description"] == M  # voided before being sent: never issued
    assert invoices["4"] == {**tables["invoices"]["4"], "client_alias": "erased-1"}
    assert "1" not in changes.get("clients", {})  # the client's own record: the caller's
    other = changes["clients"]["2"]
    assert other["notes"] == f"Sister of {M} Person"
    assert other["alias"] == "person" and other["name"]["value"] == "Ann Person"  # theirs
    assert "1" not in changes["events"]  # erasure events hold pseudonyms and counts only
    assert changes["events"]["2"]["details"] == {"reason": f"{M} asked"}
    assert "meta" not in changes
    for name, docs in tables.items():  # the input is never changed in place
        assert docs == _tables()[name]

    found = {(f.table, f.label): f for f in plan.findings}
    assert found["missions", "#1"].fields == ("criteria", "scope changes", "history reasons")
    assert found["ledger", "#1"].fields == ("memo",)
    assert found["invoices", "F-0001"].kept_until == dt.date(2034, 2, 28)  # 29 Feb + 10 y
    assert not found["invoices", "F-0002"].kept and not found["invoices", "F-0003"].kept
    assert ("invoices", "F-0004") not in found  # its text does not name the client
    assert [f.label for f in plan.kept] == ["F-0001"]
    assert plan.records == len(plan.findings) + 1  # + F-0004, relinked to the pseudonym


def test_findings_lines_give_ids_fields_basis_and_date_never_the_text() -> None:
    client = _client(name="Paul Costs", email="paul@costs.example")
    plan = erasure.plan_erasure(_tables(), client, "erased-1", 10)
    lines = erasure.findings_lines(plan.findings)
    text = "\n".join(lines)
    assert lines[0] == "Will read [erased] in 9 other records (the alias: the pseudonym):"
    assert "  ledger: #1-4 memo" in lines
    assert "  invoices: F-0002, F-0003 description" in lines
    assert "  missions: #1 criteria, scope changes, history reasons" in lines
    assert lines[-2] == "Kept as issued, by law:"
    assert lines[-1] == (
        "  invoices F-0001 description (kept: issued invoice, legal obligation (accounting "
        "records), until 2034-02-28)"
    )
    assert not re.search(r"paul|costs\.example", text, re.I)


def test_findings_lines_are_bounded() -> None:
    findings = [erasure.Finding("ledger", n, f"#{n}", ("memo",)) for n in range(1, 400, 2)]
    findings += [
        erasure.Finding("invoices", n, f"F-{n:04d}", ("description",), dt.date(2030 + n, 1, 1))
        for n in range(1, 13)
    ]
    lines = erasure.findings_lines(findings, limit=3)
    assert lines[1] == "  ledger: #1, #3, #5 memo; and 197 more"
    assert lines[-1] == "  and 9 more issued invoices, kept until 2042-01-01 at the latest"
    assert len(lines) == 1 + 1 + 1 + 3 + 1
    assert erasure.findings_lines([]) == ["No other record's text names the client."]


@pytest.mark.parametrize(
    ("status", "issued", "years", "until"),
    [
        pytest.param("sent", "2026-03-01", 10, dt.date(2036, 3, 1), id="ten years"),
        pytest.param("paid", "2024-02-29", 1, dt.date(2025, 2, 28), id="29 February"),
        pytest.param("sent", "2026-03-01", 0, dt.date(2026, 3, 1), id="no years: still kept"),
        # past year 9999 the calendar ends: kept until it does, never "not kept" (a draft)
        pytest.param("sent", "2026-03-01", 8000, dt.date.max, id="8000 years"),
        pytest.param("void", "2026-03-01", 10**9, dt.date.max, id="a billion years"),
        pytest.param("paid", "9999-06-01", 1, dt.date.max, id="issued in 9999"),
        pytest.param("sent", "2026-13-40", 10, dt.date.max, id="issue date not a date"),
        pytest.param("draft", None, 8000, None, id="a draft is not kept"),
        pytest.param("void", None, 10, None, id="a voided draft is not kept"),
    ],
)
def test_kept_until_never_lets_an_issued_invoice_go(
    status: str, issued: str | None, years: int, until: dt.date | None
) -> None:
    assert erasure.kept_until({"status": status, "issued": issued}, years) == until


def test_an_issued_invoice_is_kept_as_issued_whatever_the_accounting_years() -> None:
    """With 8000 accounting years F-0001 was redacted as if it were a draft."""
    client = _client(name="Paul Costs", email="paul@costs.example")
    plan = erasure.plan_erasure(_tables(), client, "erased-1", 8000)
    assert [f.label for f in plan.kept] == ["F-0001"]
    assert plan.kept[0].kept_until == dt.date.max
    relinked = {**_tables()["invoices"]["1"], "client_alias": "erased-1"}
    assert plan.changes["invoices"]["1"] == relinked  # its text as issued
