"""The rules a new vault passphrase must pass (homeops.rules.passphrase)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from homeops.rules.passphrase import MIN_LENGTH, passphrase_problem

REFUSED = [
    # (case name, passphrase, confirmation, a word the reason must contain)
    ("empty", "", None, "Type a passphrase"),
    ("one character", "a", None, "Too short"),
    ("eleven characters", "plum-orchid", None, "Too short"),
    ("short with spaces", "a b c d e f", None, "Too short"),
    ("one repeated letter", "aaaaaaaaaaaaaaaa", None, "repeated"),
    ("one repeated letter, mixed case", "aAaAaAaAaAaA", None, "repeated"),
    ("one repeated digit", "000000000000", None, "repeated"),
    ("one repeated space", " " * 14, None, "repeated"),
    ("digits ascending", "123456789012", None, "sequence"),
    ("digits descending", "9876543210987", None, "sequence"),
    ("alphabet", "abcdefghijklmn", None, "sequence"),
    ("alphabet reversed, upper case", "ZYXWVUTSRQPO", None, "sequence"),
    ("qwerty row", "qwertyuiopqw", None, "sequence"),
    ("azerty row", "azertyuiopaz", None, "sequence"),
    ("home row reversed", "lkjhgfdsalkjhg", None, "sequence"),
    ("short pattern repeated", "abcabcabcabc", None, "pattern"),
    ("pair repeated", "1a1a1a1a1a1a", None, "pattern"),
    ("common password", "password1234", None, "common"),
    ("common password, upper case", "PASSWORD1234", None, "common"),
    ("common phrase with spaces", "Correct Horse Battery Staple", None, "common"),
    ("common phrase with dashes", "correct-horse-battery-staple", None, "common"),
    ("common phrase, French", "motdepasse123", None, "common"),
    ("common keyboard walk", "1qaz2wsx3edc", None, "common"),
    ("common password doubled", "iloveyouiloveyou", None, "common"),
    ("common password tripled", "secretsecretsecret", None, "common"),
    ("famous line", "To be or not to be", None, "common"),
    ("entries differ", "plum orchid tuesday", "plum orchid tuesdya", "differ"),
    ("confirmation empty", "plum orchid tuesday", "", "differ"),
    ("confirmation differs in case", "Plum orchid tuesday", "plum orchid tuesday", "differ"),
]

ACCEPTED = [
    # (case name, passphrase, confirmation)
    ("four words", "plum orchid tuesday lantern", None),
    ("exactly twelve characters", "violet-ferry", None),
    ("twelve with digits", "k7#pQ2!vLm9z", None),
    ("same twice", "plum orchid tuesday", "plum orchid tuesday"),
    ("accented words", "été à la mer, brûlant", None),
    ("common word inside a longer phrase", "my password is long now", None),
]


@pytest.mark.parametrize(
    ("text", "confirmation", "reason_word"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_refused_with_a_reason(text: str, confirmation: str | None, reason_word: str) -> None:
    problem = passphrase_problem(text, confirmation)
    assert problem is not None
    assert reason_word.lower() in problem.lower()
    assert "\n" not in problem


@pytest.mark.parametrize(
    ("text", "confirmation"),
    [case[1:] for case in ACCEPTED],
    ids=[case[0] for case in ACCEPTED],
)
def test_accepted(text: str, confirmation: str | None) -> None:
    assert passphrase_problem(text, confirmation) is None


def test_short_reason_counts_characters() -> None:
    problem = passphrase_problem("plum")
    assert problem is not None
    assert "4 of at least" in problem
    assert str(MIN_LENGTH) in problem


def test_the_passphrase_is_judged_before_the_confirmation() -> None:
    # A weak passphrase typed twice the same is refused for its weakness, not accepted.
    assert "common" in (passphrase_problem("password1234", "password1234") or "")
    # A weak one typed differently gets the weakness first: fixing it is the useful step.
    assert "Too short" in (passphrase_problem("plum", "plum!") or "")


def test_module_is_pure() -> None:
    code = (
        "import sys, homeops.rules.passphrase; "
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'storage', 'config', 'tinydb', 'tui')]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
