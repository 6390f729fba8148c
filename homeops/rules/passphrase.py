"""Is a new vault passphrase good enough? Pure rules, no I/O.

The vault's Argon2id slows guessing down, but it cannot save a passphrase that is on every
attacker's first list. These checks refuse the guesses that come first; they do not try to
measure entropy.
"""

from __future__ import annotations

import itertools
import unicodedata

MIN_LENGTH = 12
"""Fewest characters a passphrase may have."""

# Rows people slide a finger along; a run along one of them is as guessable as "abcdef".
_KEYBOARD_ROWS = (
    "1234567890",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "azertyuiop",  # French layout: homeops' first users
    "qsdfghjklm",
    "wxcvbn",
    "qwertzuiop",  # German layout
    "yxcvbnm",
    "йцукенгшщзхъ",  # Russian layout (ЙЦУКЕН)
    "фывапролджэ",
    "ячсмитьбю",
    "abcdefghijklmnopqrstuvwxyz",
    "!@#$%^&*()",  # the number row, shifted
)

# The layouts as key grids, top row first, each row a little right of the one above: the
# walks down and across them ("1qaz", "4esz", "1q2w") are on the same first lists as the rows.
_LAYOUTS = (
    ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"),
    ("1234567890", "azertyuiop", "qsdfghjklm", "wxcvbn"),
    ("1234567890", "qwertzuiop", "asdfghjkl", "yxcvbnm"),
    ("1234567890", "йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"),
)


def _walks(grid: tuple[str, ...]) -> list[str]:
    """The walks of one layout besides its rows: down each column ("1qaz", the stagger
    makes it lean right), down each other diagonal ("4esz"), and the zigzag between the
    number row and the top row ("1q2w3e", "q1w2e3"). Zigzags between two rows of letters
    are left out: they run through ordinary words ("like", "based")."""
    width = max(len(row) for row in grid)
    columns = ["".join(row[i] for row in grid if i < len(row)) for i in range(width)]
    diagonals = [
        "".join(row[d - r] for r, row in enumerate(grid) if 0 <= d - r < len(row))
        for d in range(width + len(grid))
    ]
    pairs = list(zip(grid[0], grid[1], strict=False))
    zigzags = ["".join(a + b for a, b in pairs), "".join(b + a for a, b in pairs)]
    return [walk for walk in columns + diagonals + zigzags if len(walk) >= 2]


_OTHER_WALKS = tuple(walk for grid in _LAYOUTS for walk in _walks(grid))

# A slide along a row counts from three keys ("qwe", "321"); shorter steps are ordinary text.
_RUN_MIN = 3


def _slide(walk: str, *, wraps: bool) -> frozenset[tuple[str, str]]:
    """The pairs of keys a finger slides between along ``walk``; a row also goes around its
    end ("7890123"), a column or zigzag does not (its last key is nowhere near its first)."""
    return frozenset(itertools.pairwise(walk + walk[0] if wraps else walk))


# One set of pairs per walk and direction.
_SLIDES = tuple(
    _slide(way, wraps=wraps)
    for walks, wraps in ((_KEYBOARD_ROWS, True), (_OTHER_WALKS, False))
    for walk in walks
    for way in (walk, walk[::-1])
)

# Characters people put between words; "correct-horse" is the same guess as "correcthorse".
_SEPARATORS = str.maketrans("", "", " -_.,'")

# About two hundred of the passwords and phrases tried first, lower case and without separators.
# Short ones are already refused by length; they stay so that a padded or repeated form
# ("iloveyouiloveyou") is caught too.
_COMMON = frozenset(
    """
    password password1 password12 password123 password1234 password12345 passwordpassword
    passw0rd p4ssw0rd p@ssw0rd p@ssword p@ssw0rd123 passw0rd123 mypassword mypassword123
    mypassword1234 thisismypassword thisisapassword secretpassword supersecretpassword
    changeme changeme123 changeme1234 changemeplease default default123 defaultpassword
    admin admin123 admin1234 administrator administrator1 adminadmin adminpassword rootpassword
    root toor guest guest123 user userpassword test test123 testtest testing123 letmein
    letmein123 letmein12345 letmeinletmein letmeinplease letmeinnow welcome welcome1 welcome123
    welcome1234 welcome12345 welcomewelcome welcometomyhome iloveyou iloveyou1 iloveyou123
    iloveyou1234 iloveyouiloveyou iloveyouforever iloveyoubaby iloveyousomuch iloveyoutoo
    iloveme iloveyoumom jetaime jetaimeamour jetaime123 motdepasse motdepasse123
    motdepasse1234 monmotdepasse soleil soleil123 doudou chouchou loulou marseille azerty
    azerty123 azerty1234 azertyuiop azertyuiop123 qwerty qwerty123 qwerty1234 qwertyqwerty
    qwertyuiop qwertyuiop123 qwertyuiopasdfghjkl qwertz qwertz123 passwort passwort123
    hallo123 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y 1qaz2wsx 1qaz2wsx3edc zaq12wsx zaq12wsxcde3
    qazwsxedc qazwsxedcrfv asdfasdf asdfasdfasdf asdfqwer qweasdzxc monkey monkey123
    monkey123456 dragon dragon123 dragon123456 master master123 master123456 mustang shadow
    shadow123 superman superman123 superman1234 batman batman123 batman123456 spiderman
    starwars starwars123 starwars1234 pokemon pokemon123 football football1 football123
    football1234 baseball baseball1 baseball123 baseball1234 soccer hockey basketball
    princess princess1 princess123 princess1234 sunshine sunshine1 sunshine123 sunshine1234
    whatever whatever123 whatever1234 trustno1 trustno1trustno1 freedom freedom123 liverpool
    chelsea arsenal michael jennifer jordan23 hunter2 hunter123 ninja ninja123 killer
    charlie charlie123 donald qwerty1 computer computer123 internet internet123 starwars1
    summer2024 summer2025 summer2026 winter2024 winter2025 winter2026 spring2026 autumn2026
    january2026 december2026 freelance freelancer freelance123 freelancer123 business123
    homeops homeops123 homeops1234 homeopspassword myhomeops vault vault123 vaultpassword
    myvault myvaultpassword opensesame opensesame123 abracadabra blahblahblah
    correcthorsebatterystaple correcthorse thequickbrownfox thequickbrownfoxjumps
    thequickbrownfoxjumpsoverthelazydog maryhadalittlelamb
    tobeornottobe tobeornottobethatisthequestion maytheforcebewithyou iamyourfather
    itsasecret thisisasecret mysecret mysecretpassword topsecret topsecret123 secret secret123
    secret1234 helloworld helloworld123 hellohello hellokitty hello123456 goodmorning
    goodnight imissyou ihateyou fuckyou fuckyou123 letitbe letitgo onetwothreefour
    onetwothree abcdefg abc123 abc123456 abcd1234 abcdabcd aaaaaa 111111 123123 123123123
    123321 654321 666666 696969 7777777 888888 987654321 9876543210 0987654321 1234qwer
    12345qwert 123qwe 123qweasd 123qweasdzxc qwe123 q1w2e3r4 q1w2e3r4t5 q1w2e3r4t5y6
    a1b2c3d4 a1b2c3d4e5f6 iamthebest youwillneverguess cantguessthis noneofyourbusiness
    passphrase mypassphrase thisismypassphrase longpassphrase verylongpassword
    averylongpassword strongpassword strongpassword123 securepassword securepassword123
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def _normalise(text: str) -> str:
    return text.casefold().translate(_SEPARATORS)


def _is_sequence(text: str) -> bool:
    """A run of neighbouring characters: abcdef, 987654, qwertyuiop, or one of them reversed."""
    lowered = text.casefold()
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(lowered)}
    if steps in ({1}, {-1}):
        return True
    for row in _KEYBOARD_ROWS:
        # Allow a run that wraps around the row ("7890123456").
        ring = row * (len(lowered) // len(row) + 2)
        if lowered in ring or lowered in ring[::-1]:
            return True
    return False


def _keyboard_share(text: str) -> tuple[int, int]:
    """(characters inside keyboard runs, characters in all), separators left out.

    Runs are taken greedily from the left, the longest first: "qwertyuiopas" is
    "qwertyuiop" and "as" (too short to count), "qwerty123456" two runs of six.
    """
    keys = _normalise(text)
    covered = start = 0
    while start < len(keys):
        longest = 1
        for slide in _SLIDES:
            end = start + 1
            while end < len(keys) and (keys[end - 1], keys[end]) in slide:
                end += 1
            longest = max(longest, end - start)
        if longest >= _RUN_MIN:
            covered += longest
        start += longest
    return covered, len(keys)


def _mostly_keyboard_runs(text: str) -> bool:
    """Keyboard runs make up half the phrase or more ("qwertyuiopasdf", "qwerty123456",
    "qwertyuiop!x"): what is left is too little to stop a guesser who tries runs first."""
    covered, total = _keyboard_share(text)
    return total > 0 and 2 * covered >= total


def _repeats_short_pattern(text: str) -> bool:
    """The whole text is one unit of up to four characters repeated (abcabcabcabc)."""
    lowered = text.casefold()
    for unit_length in range(2, 5):
        unit = lowered[:unit_length]
        if len(lowered) >= 2 * unit_length and unit * (len(lowered) // unit_length) == lowered:
            return True
    return False


def _is_common(text: str) -> bool:
    normalised = _normalise(text)
    if normalised in _COMMON:
        return True
    # A common password typed twice or three times ("iloveyouiloveyou") is no better.
    for times in (2, 3):
        part, rest = divmod(len(normalised), times)
        if not rest and normalised[:part] * times == normalised and normalised[:part] in _COMMON:
            return True
    return False


def passphrase_problem(text: str, confirmation: str | None = None) -> str | None:
    """Why ``text`` may not protect a new vault, as one line; ``None`` when it may.

    ``confirmation`` is the second entry of the create-vault form; when given, it must equal
    ``text``. Common passwords are compared case-insensitively, ignoring spaces, dashes,
    underscores, dots, commas and apostrophes; every check but the length and the
    confirmation reads full-width and other compatibility forms as their plain ones (NFKC).
    """
    if not text:
        return f"Type a passphrase: several words, at least {MIN_LENGTH} characters."
    if len(text) < MIN_LENGTH:
        return f"Too short: {len(text)} of at least {MIN_LENGTH} characters; use several words."
    # Judged as a guesser sees it: full-width "ｑｗｅｒｔｙ" is "qwerty" (NFKC). Only the check
    # folds; the vault keeps the phrase as typed (NFC), so the same keys still open it.
    keys = unicodedata.normalize("NFKC", text)
    if len(set(keys.casefold())) == 1:
        return "One character repeated is guessed at once; use several words."
    if _is_sequence(keys):
        return "A sequence (abcd…, 1234…, qwerty…) is guessed at once; use several words."
    if _repeats_short_pattern(keys):
        return "A short pattern repeated is guessed at once; use several words."
    if _mostly_keyboard_runs(keys):
        return (
            "Mostly keyboard sequences (qwerty…, 1qaz…, 1234…): guessed at once; use several words."
        )
    if _is_common(keys):
        return "This is one of the most common passwords; pick words of your own."
    if confirmation is not None and confirmation != text:
        return "The two entries differ; type the same passphrase twice."
    return None
