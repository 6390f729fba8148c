"""The rules a new vault passphrase must pass (homeops.rules.passphrase)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    ("two rows in a run", "qwertyuiopasdf", None, "keyboard"),
    ("a row and a short suffix", "qwertyuiopas", None, "keyboard"),
    ("letters then the number row", "qwerty123456", None, "keyboard"),
    ("the number row then letters", "123456qwerty", None, "keyboard"),
    ("rows of three keys", "qwe asd 123 zxc", None, "keyboard"),
    ("azerty rows", "azertyqsdfgh", None, "keyboard"),
    ("qwertz row reversed and more", "poiuztrewqasdf", None, "keyboard"),
    ("a row and a short word", "qwertyuiop!cat", None, "keyboard"),
    ("shifted number row", "!@#$%^&*()ab", None, "keyboard"),
    ("qwerty columns walked down", "1qaz2wsx3edc4rfv", None, "keyboard"),
    ("qwerty columns walked up", "zaq1xsw2cde3vfr4", None, "keyboard"),
    ("azerty columns", "1aqw2zsx3edc4rfv", None, "keyboard"),
    ("qwertz columns", "1qay2wsx3edc4rfv", None, "keyboard"),
    ("the other diagonals", "4esz5rdx6tfc", None, "keyboard"),
    ("the other diagonals walked up", "zse4xdr5cft6", None, "keyboard"),
    ("number and top row in turn", "1q2w3e4r5t6y7u8i", None, "keyboard"),
    ("top and number row in turn", "q1w2e3r4t5y6u7i8", None, "keyboard"),
    ("full-width qwerty", "ｑｗｅｒｔｙｕｉｏｐａｓ", None, "keyboard"),
    ("full-width digits", "１２３４５６７８９０１２", None, "sequence"),
    ("full-width common password", "ＰＡＳＳＷＯＲＤ１２３４", None, "common"),
    ("Russian top row", "йцукенгшщзхъ", None, "sequence"),
    ("Russian top row, upper case", "ЙЦУКЕНГШЩЗХЪ", None, "sequence"),
    ("Russian home and bottom rows", "фывапролджэячсмить", None, "keyboard"),
    ("Russian columns", "1йфя2цыч3увс", None, "keyboard"),
    ("short pattern repeated", "abcabcabcabc", None, "pattern"),
    ("pair repeated", "1a1a1a1a1a1a", None, "pattern"),
    ("common password", "password1234", None, "common"),
    ("common password, upper case", "PASSWORD1234", None, "common"),
    ("common phrase with spaces", "Correct Horse Battery Staple", None, "common"),
    ("common phrase with dashes", "correct-horse-battery-staple", None, "common"),
    ("common phrase, French", "motdepasse123", None, "common"),
    ("common keyboard walk", "1qaz2wsx3edc", None, "keyboard"),  # columns: the walk is named
    ("common password doubled", "iloveyouiloveyou", None, "common"),
    ("common password tripled", "secretsecretsecret", None, "common"),
    ("famous line", "To be or not to be", None, "common"),
    ("entries differ", "plum orchid tuesday", "plum orchid tuesdya", "differ"),
    ("confirmation empty", "plum orchid tuesday", "", "differ"),
    ("confirmation differs in case", "Plum orchid tuesday", "plum orchid tuesday", "differ"),
    # Width is folded for the check only: the vault keeps what was typed, so these differ.
    ("full-width and plain", "ｖｉｏｌｅｔ-ｆｅｒｒｙ", "violet-ferry", "differ"),
]

ACCEPTED = [
    # (case name, passphrase, confirmation)
    ("four words", "plum orchid tuesday lantern", None),
    ("exactly twelve characters", "violet-ferry", None),
    ("twelve with digits", "k7#pQ2!vLm9z", None),
    ("same twice", "plum orchid tuesday", "plum orchid tuesday"),
    ("accented words", "été à la mer, brûlant", None),
    ("common word inside a longer phrase", "my password is long now", None),
    ("a keyboard run among words", "qwerty lantern orchid plum", None),
    ("digits among words", "tuesday-1234-lantern-copper", None),
    ("full-width words", "ｐｌｕｍ ｏｒｃｈｉｄ ｔｕｅｓｄａｙ", None),
    ("Russian words", "яблоко окно тетрадь лампа", None),
    ("words with a column in them", "lantern 1qaz orchid tuesday", None),
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


# Keyboard rows as a finger slides along them (the rule's own list is private on purpose).
ROWS = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qwertzuiop",
        "йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"]  # fmt: skip
# The layouts as key grids, top row first: a column is one key of each row ("1qaz").
LAYOUTS = [
    ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"],
    ["1234567890", "azertyuiop", "qsdfghjklm", "wxcvbn"],
    ["1234567890", "qwertzuiop", "asdfghjkl", "yxcvbnm"],
    ["1234567890", "йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"],
]
# Ordinary words, as a diceware list gives them.
WORDS = (  # noqa: SIM905 - a word list reads better as text
    "lantern orchid tuesday plum violet ferry harbor meadow copper walnut falcon garnet "
    "island pepper saddle thimble cobalt juniper marble nectar pebble quiver raven salmon "
    "tundra velvet willow anchor bramble candle dahlia ember fennel glacier hollow indigo "
    "jasmine kettle lagoon mango nimbus otter parcel rhubarb spindle trellis"
).split()
RUSSIAN_WORDS = (  # noqa: SIM905 - a word list reads better as text
    "яблоко окно тетрадь лампа книга кошка собака молоко город слово место голова сила "
    "конец часть время работа деньги человек жизнь сторона ребенок система вопрос"
).split()


@st.composite
def keyboard_runs(draw: st.DrawFn, min_size: int) -> str:
    """A slide along one row, either way, possibly around its end ("7890123")."""
    row = draw(st.sampled_from(ROWS))
    if draw(st.booleans()):
        row = row[::-1]
    start = draw(st.integers(0, len(row) - 1))
    size = draw(st.integers(min_size, 30))
    run = (row * (size // len(row) + 2))[start : start + size]
    return run.upper() if draw(st.booleans()) else run


@given(
    run=keyboard_runs(min_size=MIN_LENGTH),
    suffix=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789!?#", max_size=11),
)
def test_a_keyboard_run_with_a_shorter_suffix_is_refused(run: str, suffix: str) -> None:
    # The suffix is shorter than the run: the run is most of the phrase.
    problem = passphrase_problem(run + suffix)
    assert problem is not None
    assert "sequence" in problem


@given(
    runs=st.lists(keyboard_runs(min_size=3), min_size=2, max_size=5),
    separator=st.sampled_from(["", " ", "-"]),
)
def test_keyboard_runs_joined_are_refused(runs: list[str], separator: str) -> None:
    text = separator.join(runs)
    problem = passphrase_problem(text)
    assert problem is not None
    assert ("sequence" in problem) or ("Too short" in problem) or ("pattern" in problem)


@given(
    words=st.lists(st.sampled_from(WORDS), min_size=4, max_size=7, unique=True),
    separator=st.sampled_from([" ", "-", ".", ""]),
)
def test_diceware_phrases_are_accepted(words: list[str], separator: str) -> None:
    assert passphrase_problem(separator.join(words)) is None


@given(
    words=st.lists(st.sampled_from(WORDS), min_size=4, max_size=6, unique=True),
    run=keyboard_runs(min_size=3).filter(lambda run: len(run) <= 6),
    where=st.integers(0, 4),
)
def test_a_short_keyboard_run_inside_a_diceware_phrase_is_accepted(
    words: list[str], run: str, where: int
) -> None:
    words.insert(min(where, len(words)), run)
    assert passphrase_problem(" ".join(words)) is None


@st.composite
def column_walks(draw: st.DrawFn) -> str:
    """Neighbouring columns of one layout, each walked down or up ("1qaz2wsx", "zaq1xsw2")."""
    grid = draw(st.sampled_from(LAYOUTS))
    columns = ["".join(row[i] for row in grid) for i in range(min(map(len, grid)))]
    start = draw(st.integers(0, len(columns) - 4))
    count = draw(st.integers(4, len(columns) - start))
    upwards = draw(st.booleans())
    walk = "".join(c[::-1] if upwards else c for c in columns[start : start + count])
    return walk.upper() if draw(st.booleans()) else walk


@given(walk=column_walks())
def test_a_walk_down_the_columns_is_refused(walk: str) -> None:
    problem = passphrase_problem(walk)
    assert problem is not None
    assert "keyboard" in problem


def full_width(text: str) -> str:
    """``text`` as a full-width keyboard types it: ASCII shifted to U+FF01-U+FF5E."""
    return "".join(
        "\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text
    )


@given(
    text=keyboard_runs(min_size=MIN_LENGTH)
    | st.lists(st.sampled_from(WORDS), min_size=3, max_size=6).map(" ".join)
    | st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=20),
)
def test_full_width_text_is_judged_as_its_plain_form(text: str) -> None:
    assert passphrase_problem(full_width(text)) == passphrase_problem(text)


@given(
    words=st.lists(st.sampled_from(RUSSIAN_WORDS), min_size=4, max_size=6, unique=True),
    separator=st.sampled_from([" ", "-", ""]),
)
def test_russian_diceware_phrases_are_accepted(words: list[str], separator: str) -> None:
    assert passphrase_problem(separator.join(words)) is None
