"""``homeops test|tests|results|cases|case|profile`` (issue 16): the offer test from the
command line, results per offer and channel, the portfolio written 0600, consent with its
date, the profile; and the canary: the demo's portfolio names no client without consent."""

from __future__ import annotations

import datetime as dt
import json
import re
import stat
from pathlib import Path

import pytest
from cli_helpers import Run, one_line_error, private_home, runner

from homeops.config import Settings
from homeops.demo.fill import fill_with_sample
from homeops.rules.erasure import name_words
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault

pytestmark = pytest.mark.usefixtures("fast_kdf")  # not a test of the KDF's cost

PASSPHRASE = "orange-kettle-mountain-42"


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("offers") / "v.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        fill_with_sample(Business(vault, Settings()), None, dt.date.today())
    return path


@pytest.fixture
def demo(demo_vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    return runner(demo_vault, private_home(tmp_path, PASSPHRASE), capsys)


@pytest.fixture
def fresh(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    run = runner(tmp_path / "fresh.hops", private_home(tmp_path, PASSPHRASE), capsys)
    assert run("init")[0] == 0
    assert run("offer", "add", "Blog post", "--price", "400", "--lead-days", "10")[0] == 0
    return run


def _secrets(vault: Path) -> list[str]:
    """Every client's alias, e-mail, phone, full name and name words (3 letters or more)."""
    with Vault.open(vault, PASSPHRASE, read_only=True) as opened:
        clients = opened.clients.list()
    found = []
    for client in clients:
        found.append(client.alias)
        for field in (client.email, client.phone):
            if field is not None:
                found.append(field.value)
        if client.name is not None:
            found += [client.name.value, *name_words(client.name.value)]
    return found


def test_the_demos_portfolio_names_no_client(demo: Run, demo_vault: Path, tmp_path: Path) -> None:
    secrets = _secrets(demo_vault)
    assert {"acme-mag", "Claire", "Martin", "Ingrid", "nordlys-studio"} <= set(secrets)
    out_file = tmp_path / "portfolio.md"
    code, out, err = demo("cases", "--out", str(out_file))
    assert code == 0 and err == ""
    assert "2 cases written" in out and "0 naming their client" in out
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    exported = out_file.read_text(encoding="utf-8")
    assert "## Case study: bank branch signage" in exported  # the demo's two cases
    assert "## Spring issue feature: urban beekeeping" in exported
    assert "**Main domain:** Editorial writing" in exported
    listing = demo("cases")[1]
    as_json = demo("cases", "--json")[1]
    assert len(json.loads(as_json)) == 2
    for text in (exported, listing, as_json):
        for secret in secrets:
            # whole words, any case: "Holm" must not be found, "holmes" would not count
            pattern = rf"(?<![\w-]){re.escape(secret)}(?![\w-])"
            assert not re.search(pattern, text, re.IGNORECASE), secret


def test_consent_names_that_client_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vault = tmp_path / "v.hops"
    with Vault.create(vault, PASSPHRASE, kdf=KdfParams.fast()) as created:
        fill_with_sample(Business(created, Settings()), None, dt.date.today())
    run = runner(vault, private_home(tmp_path, PASSPHRASE), capsys)
    cases = json.loads(run("cases", "--json")[1])
    signage = next(c["mission_id"] for c in cases if "signage" in c["title"])
    code, out, _ = run("case", "consent", str(signage), "--on", "2026-11-20")
    assert code == 0 and "consent of 2026-11-20 recorded" in out
    text = run("cases")[1]
    assert "Client: Ingrid Holm" in text  # nordlys-studio's name, with its consent
    assert "Ingrid's agency, nordlys\\-studio," in text
    assert "Claire" not in text and "acme-mag" not in text  # the other case stays anonymous
    assert run("case", "consent", str(signage), "--withdraw")[0] == 0
    assert "Ingrid" not in run("cases")[1]


def test_the_offer_test_from_the_command_line(fresh: Run) -> None:
    code, out, _ = fresh("test", "start", "blog post", "--segment", "SaaS founders", "--days", "7")
    assert code == 0
    assert "test 1: Blog post for SaaS founders: 0 contacted" in out and "7 of 7 days left" in out
    assert "Too early to say" in out
    code, out, _ = fresh("test", "log", "contacted", "25")
    assert "25 contacted, 0 replied (0\u00a0%)" in out and "badly worded" in out
    fresh("test", "log", "replied", "5")
    code, out, _ = fresh("test", "log", "met", "2")
    # 5 of 25 = 20 %, 2 of 5 = 40 %: healthy
    assert "5 replied (20\u00a0%), 2 met (40\u00a0% of replies)" in out and out.startswith("test 1")
    assert "Healthy" in out
    code, out, _ = fresh("test", "log", "met", "-1")
    assert "1 met (20\u00a0% of replies)" in out and "not convincing enough yet" in out
    code, _, err = fresh("test", "log", "met", "9")
    assert code == 1 and one_line_error(err) == "homeops: test #1: more meetings than replies"
    code, _, err = fresh("test", "start", "blog post", "--segment", "Agencies")
    assert one_line_error(err).endswith("test #1 is running: end it first (homeops test end)")
    code, out, _ = fresh("test", "end")
    assert code == 0 and "ended " in out
    code, _, err = fresh("test", "log", "contacted")
    assert one_line_error(err).startswith("homeops: no test is running")
    tests = json.loads(fresh("tests", "--json")[1])
    assert [(t["id"], t["contacted"], t["replied"], t["met"], t["days_left"]) for t in tests] == [
        (1, 25, 5, 1, 0),
    ]
    assert tests[0]["reply_rate_bp"] == 2000 and tests[0]["meeting_rate_bp"] == 2000


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["test", "start", "Podcast", "--segment", "x"], "no offer called that; offers: Blog post"),
        (["test", "start", "Blog post", "--segment", "a\x1bb"], "--segment cannot hold an escape"),
        (["test", "start", "Blog post", "--segment", "x", "--days", "0"], "--days must be between"),
        (["test", "log", "contacted", "many"], "N 'many' is not a whole number"),
        (["test", "log", "contacted", "--test", "7"], "no offer test #7"),
        (["case", "consent", "3"], "give either --on DATE"),
        (["case", "consent", "3", "--on", "2026-13-01"], "--on"),
        (["case", "consent", "99", "--on", "2026-11-01"], "no mission #99"),
        (["case", "consent", "1", "--on", "2099-01-01"], "the consent date is in the future"),
        (["case", "write", "99", "--result", "x"], "no mission #99"),
        (["case", "write", "1"], "say what to write"),
        (["profile", "--main", "Writing"], "give both --main DOMAIN and --support"),
        (["profile", "--main", "A", "--support", "B", "a"], "must differ"),
        (["profile", "--tag", "Blog post", "SEO"], "set the profile first"),
    ],
)
def test_refusals_are_one_line_and_change_nothing(
    fresh: Run, argv: list[str], message: str
) -> None:
    code, _, err = fresh(*argv)
    assert code == 1
    assert message in one_line_error(err)
    assert json.loads(fresh("tests", "--json")[1]) == []
    assert json.loads(fresh("profile", "--json")[1])["main"] is None


def test_results_and_the_profile_from_the_command_line(fresh: Run) -> None:
    code, out, _ = fresh("results")
    assert code == 0
    assert out.splitlines()[:2] == [
        "offer      won  done     fee  time  per hour  rev  scope  on time  days",
        "Blog post    0     0  0,00\u00a0€    0m         -    0      0        -  -/10",
    ]
    assert fresh("results", "--by", "channel")[1].startswith("no results yet")
    code, out, _ = fresh("profile", "--main", "Copywriting", "--support", "SEO", "Editing")
    assert out.splitlines() == ["main domain: Copywriting", "support skills: SEO, Editing"]
    code, out, _ = fresh("profile", "--tag", "blog post", "seo", "copywriting")
    assert out.splitlines()[-1] == "  Blog post: SEO, Copywriting"
    results = json.loads(fresh("results", "--json")[1])
    assert results[0]["offer"] == "Blog post" and results[0]["promised_days"] == 10


def test_the_demo_has_tests_cases_sources_and_a_profile(demo: Run) -> None:
    tests = json.loads(demo("tests", "--json")[1])
    assert [(t["offer"], t["ended"] is None, t["verdict"]) for t in tests] == [
        ("Newsletter edition", True, "calls without sales"),
        ("Case study", False, "low replies"),
    ]
    assert (tests[1]["contacted"], tests[1]["replied"], tests[1]["reply_rate_bp"]) == (24, 2, 833)
    channels = json.loads(demo("results", "--by", "channel", "--json")[1])
    assert [c["channel"] for c in channels] == ["referral", "content", "partnership", "direct"]
    profile = json.loads(demo("profile", "--json")[1])
    assert profile["main"] == "Editorial writing"
    assert profile["support"] == ["Copy-editing", "French–English adaptation"]
    assert profile["offers"]["Web page"] == ["French–English adaptation"]
    code, out, _ = demo("tests")
    assert code == 0
    assert out.splitlines()[0].split() == [
        "id", "offer", "segment", "start", "left", "contacted", "replied", "met", "verdict",
    ]  # fmt: skip
    assert "low replies" in out and "calls without sales" in out
