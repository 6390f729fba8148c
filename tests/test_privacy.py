"""The privacy rules: retention dates, review status, the notes warning, client checks,
scrubbing, links between records, and the record of processing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from homeops.rules import privacy
from homeops.rules.model import AIUse, Client, PersonalField

YEARS = privacy.RetentionYears(prospect=3, client=3, accounting=10)
TODAY = dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("client", "expected"),
    [
        pytest.param(Client("p", "prospect", "2023-01-10", "2024-02-01"), dt.date(2027, 2, 1),
                     id="prospect: 3 years after the last contact"),
        pytest.param(Client("p", "prospect", "2023-01-10"), dt.date(2026, 1, 10),
                     id="prospect without a last contact: from the first"),
        pytest.param(Client("p", "prospect"), None, id="prospect without any date"),
        pytest.param(Client("c", "client", "2020-01-01", "2026-11-01"), None,
                     id="client, relationship ongoing: no date yet"),
        pytest.param(Client("c", "client", "2020-01-01", "2023-05-01", "2023-06-30"),
                     dt.date(2026, 6, 30), id="client: 3 years after the end"),
        pytest.param(Client("c", "client", relationship_ended="2024-02-29"),
                     dt.date(2027, 2, 28), id="29 February ends on 28 February"),
        pytest.param(Client("e", "erased", relationship_ended="2020-01-01"), None,
                     id="erased: nothing personal left"),
    ],
)  # fmt: skip
def test_retention_date(client: Client, expected: dt.date | None) -> None:
    assert privacy.retention_date(client, YEARS) == expected


@pytest.mark.parametrize(
    ("client", "state", "until"),
    [
        pytest.param(Client("p", "prospect", last_contact="2023-11-30"), "review",
                     dt.date(2026, 11, 30), id="the retention day itself is due"),
        pytest.param(Client("p", "prospect", last_contact="2023-12-01"), "kept",
                     dt.date(2026, 12, 1), id="one day before"),
        pytest.param(Client("c", "client", relationship_ended="2022-01-01"), "review",
                     dt.date(2025, 1, 1), id="former client past retention"),
        pytest.param(Client("c", "client"), "ongoing", None, id="ongoing client"),
        pytest.param(Client("p", "prospect"), "review", TODAY, id="prospect with no date"),
        pytest.param(Client("e", "erased", erased="2026-01-02"), "erased",
                     dt.date(2026, 1, 2), id="erased"),
    ],
)  # fmt: skip
def test_retention_status(client: Client, state: str, until: dt.date | None) -> None:
    status = privacy.retention(client, YEARS, TODAY)
    assert (status.state, status.until) == (state, until)
    assert status.due_for_review == (state == "review")


def test_retention_follows_the_configured_years() -> None:
    years = privacy.RetentionYears(prospect=1, client=5, accounting=10)
    assert privacy.retention_date(Client("p", "prospect", last_contact="2026-01-01"), years) == (
        dt.date(2027, 1, 1)
    )
    ended = Client("c", relationship_ended="2026-01-01")
    assert privacy.retention_date(ended, years) == dt.date(2031, 1, 1)
    assert privacy.accounting_until(ended, years) == dt.date(2036, 1, 1)


@pytest.mark.parametrize(
    ("notes", "email", "phone"),
    [
        ("Pays on the 5th; prefers calls in the morning.", False, False),
        ("Write to jane.doe@example.org for briefs", True, False),
        ("Mobile: 06 12 34 56 78", False, True),
        ("Call +33 6 12 34 56 78 after 10:00", False, True),
        ("Office (0)20 7946 0958", False, True),
        ("tel 0612345678", False, True),
        ("Phone +1-202-555-0143, mail bob@firm.co.uk", True, True),
        ("Deadline 2026-12-04, budget 1 200,50 EUR", False, False),
        ("Invoice F-0007 of 2026-11-30 paid", False, False),
        ("Order 12345678", False, False),
        ("Between 09:00 and 17:30, 3 revisions", False, False),
        ("@handle on the forum", False, False),
    ],
)
def test_notes_warning(notes: str, email: bool, phone: bool) -> None:
    warnings = privacy.notes_warnings(notes)
    assert any("e-mail" in w for w in warnings) == email
    assert any("phone" in w for w in warnings) == phone
    for warning in warnings:  # the warning never repeats the data
        assert "@" not in warning and not any(ch.isdigit() for ch in warning)


@pytest.mark.parametrize(
    ("client", "problem"),
    [
        (Client("acme-mag"), None),
        (Client("Acme Mag"), "the alias must be"),
        (Client("jo@acme.example"), "the alias must be"),
        (Client("0612345678"), "pseudonym"),
        (Client("a", lawful_basis="because"), "lawful basis"),
        (Client("a", email=PersonalField("not-an-address", "contract")), "E-mail does not"),
        (Client("a", email=PersonalField("jo@acme.example", "marketing")), "needs a purpose"),
        (Client("a", phone=PersonalField("12", "contract")), "Phone does not"),
        (Client("a", first_contact="2026-13-01"), "not a date"),
        (Client("a", first_contact="2026-02-01", last_contact="2026-01-01"), "before"),
    ],
)
def test_client_problems(client: Client, problem: str | None) -> None:
    problems = privacy.client_problems(client)
    if problem is None:
        assert problems == []
    else:
        assert any(problem in p for p in problems), problems
        assert all("jo@acme" not in p and "0612" not in p for p in problems)


def test_scrub_replaces_personal_values_and_the_alias_as_a_word() -> None:
    client = Client(
        "acme",
        email=PersonalField("Jo@Acme.example", "contract"),
        phone=PersonalField("+33 6 12 34 56 78", "contract"),
        name=PersonalField("Jo Martin", "contract"),
    )
    patterns = [*privacy.erasure_patterns(client), (privacy.alias_pattern("acme"), "erased-1")]
    doc = {
        "title": "acme: brochure for acme-mag",
        "notes": ["mail jo@acme.example or call 0612345678", {"who": "jo martin"}],
        "n": 3,
    }
    assert privacy.scrub(doc, patterns) == {
        "title": "erased-1: brochure for acme-mag",
        "notes": ["mail [erased] or call [erased]", {"who": "[erased]"}],
        "n": 3,
    }


def test_linked_ids_follow_aliases_and_ids_across_any_table() -> None:
    tables: dict[str, dict[str, dict[str, Any]]] = {
        "clients": {"1": {"alias": "a"}, "2": {"alias": "b"}},
        "missions": {"1": {"client_alias": "a"}, "2": {"client_alias": "b"}},
        "invoices": {"1": {"client_alias": "a", "mission_id": None}, "2": {"mission_id": 2}},
        "ledger": {"1": {"mission_id": 1}, "2": {"invoice_id": 1}, "3": {"mission_id": 2}},
        "future_table": {"1": {"mission_ids": [2, 1]}, "2": {"mission_ids": [2]}},
    }
    assert privacy.linked_ids(tables, "a") == {
        "missions": {"1"},
        "invoices": {"1"},
        "ledger": {"1", "2"},
        "future_table": {"1"},
    }


def test_pseudonym_is_unique() -> None:
    assert privacy.pseudonym({"erased-ab"}, "cd") == "erased-cd"
    assert privacy.pseudonym({"erased-ab"}, "ab") == "erased-ab-2"


def test_ai_use_warning_only_for_personal_or_confidential_without_the_client_told() -> None:
    use = AIUse("2026-11-30", 1, "Tool", "draft", "client-confidential", client_informed=False)
    assert "not informed" in privacy.ai_use_warning(use)
    use.client_informed = True
    assert privacy.ai_use_warning(use) == ""
    assert privacy.ai_use_warning(AIUse("2026-11-30", 1, "Tool", "edit")) == ""


def test_register_markdown_counts_purposes_people_ai_and_security() -> None:
    clients = [
        Client("a", email=PersonalField("a@x.example", "contract")),
        Client(
            "p",
            "prospect",
            last_contact="2020-01-01",
            phone=PersonalField("0612345678", "prospecting"),
        ),
        Client("erased-1", "erased"),
    ]
    uses = [AIUse("2026-11-01", 1, "DeepL", "translation", "personal data")]
    facts = privacy.RegisterFacts(
        YEARS, privacy.Security(64, 3, 4, 7, 15), clients, uses, erasures=1, today=TODAY
    )
    text = privacy.register_markdown(facts)
    for expected in (
        "# Record of processing activities",
        "e-mail (1)",
        "phone (1)",
        "- Clients: 1",
        "- Prospects: 1",
        "Erased (pseudonym only, kept for accounting): 1",
        "Prospects: 3 years after the last contact",
        "10 years (legal accounting retention)",
        "Due for review today: 1",
        "Erasures carried out: 1",
        "Recorded uses: 1",
        "without the client informed: 1",
        "Argon2id, 64 MiB, 3 passes, 4 lanes",
        "the last 7 kept",
    ):
        assert expected in text, expected
    assert "a@x.example" not in text and "0612345678" not in text


def test_register_writes_stored_text_as_literal_markdown() -> None:
    """A tool name is data: it never becomes a link, a heading, a table cell or HTML."""
    hostile = "[report](https://evil.example) | # Heading <img src=x> \x1b]0;t\x07"
    uses = [AIUse("2026-11-01", 1, hostile, "draft")]
    facts = privacy.RegisterFacts(
        YEARS, privacy.Security(64, 3, 4, 7, 15), [], uses, erasures=0, today=TODAY
    )
    text = privacy.register_markdown(facts)
    tools = next(line for line in text.splitlines() if line.startswith("- Tools: "))
    assert tools == (
        "- Tools: \\[report\\]\\(https://evil\\.example\\) \\| \\# Heading "
        "\\<img src=x\\> \\\\x1b\\]0;t\\\\x07."
    )
    assert "\x1b" not in text and "](https" not in text
