"""Typed, frozen settings with defaults that make homeops useful on first run.

Each section mirrors a ``[table]`` of ``config.toml`` (see DESIGN.md "Configuration"). The TOML
file holds values the way people write them; these dataclasses hold them in internal units:

- shares and the non-billable share: integer basis points (``25 %`` -> ``2500``);
- the payout amount: integer cents (``"600.00"`` -> ``60000``);
- focus time per weekday: integer minutes (``focus_hours.fri = 3`` -> ``180``);
- response windows: ``ResponseWindow`` with ``datetime.time`` bounds;
- key bindings: binding id -> key names (``"L,shift+right"`` -> ``("L", "shift+right")``).

``load.py`` converts the file into these objects (and back), validating every value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# The largest value of each number in the file (payment terms: ``rules.bounds.DAYS_MAX``);
# lists and tables are bounded in ``values.py``. README, "Where things live", lists them all.
CUSHION_MONTHS_MAX = 120
RETENTION_YEARS_MAX = 100  # the issue year + 100 stays far inside Python's calendar
AUTO_LOCK_MINUTES_MAX = 1440
BACKUPS_KEEP_MAX = 1000
WIP_MODES: tuple[str, ...] = ("warn", "block")
LOCALES: tuple[str, ...] = ("fr_FR", "en")


def _default_stages() -> tuple[str, ...]:
    return ("Brief", "Plan", "First draft", "Quality check", "Client review", "Delivered")


def _default_checklist() -> tuple[str, ...]:
    return (
        "Facts checked",
        "Links and sources checked",
        "Formatting rules applied",
        "Tone matches the brief",
        "Names, numbers, dates and terms consistent",
    )


@dataclass(frozen=True)
class BoardSettings:
    """The mission board: stage names in order, the quality checklist and WIP limits."""

    stages: tuple[str, ...] = field(default_factory=_default_stages)
    quality_checklist: tuple[str, ...] = field(default_factory=_default_checklist)
    # stage name -> most missions allowed in that stage at once
    wip_limits: dict[str, int] = field(default_factory=lambda: {"First draft": 3})
    wip_mode: str = "warn"  # "warn" or "block"


@dataclass(frozen=True)
class MoneySettings:
    """Currency, display locale and how each income is split into envelopes."""

    currency: str = "EUR"  # ISO 4217 code, 3 upper-case letters
    locale: str = "fr_FR"  # "fr_FR" or "en"
    # envelope name -> share in basis points (1 % = 100 bp); always adds up to 10 000
    shares_bp: dict[str, int] = field(
        default_factory=lambda: {"taxes": 2500, "costs": 1500, "pay": 5000, "cushion": 1000}
    )
    cushion_target_months: int = 3  # months of pay the cushion envelope aims to hold
    payment_terms_days: int = 30


@dataclass(frozen=True)
class PayoutSettings:
    """When the freelancer pays themself, and how much."""

    rule: str = "FREQ=WEEKLY;BYDAY=FR"  # RFC 5545 RRULE, parsed by dateutil
    amount_cents: int = 60000


@dataclass(frozen=True)
class ResponseWindow:
    """A daily slot for answering messages, e.g. 10:00-10:30 (start before end)."""

    start: time
    end: time

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def _default_windows() -> tuple[ResponseWindow, ...]:
    return (
        ResponseWindow(time(10, 0), time(10, 30)),
        ResponseWindow(time(16, 0), time(16, 30)),
    )


@dataclass(frozen=True)
class CapacitySettings:
    """How much focused work fits in a week."""

    # weekday ("mon".."sun") -> focus minutes that day; always has all seven days
    focus_minutes: dict[str, int] = field(
        default_factory=lambda: {
            "mon": 240,
            "tue": 240,
            "wed": 240,
            "thu": 240,
            "fri": 180,
            "sat": 0,
            "sun": 0,
        }
    )
    # share of focus time kept for admin, communication, learning, in basis points
    non_billable_bp: int = 2500
    response_windows: tuple[ResponseWindow, ...] = field(default_factory=_default_windows)
    # non-billable category -> minutes a week; when set, replaces non_billable_bp
    reserve_minutes: dict[str, int] = field(default_factory=dict)
    # revision time added to each open estimate while revision rounds remain, in basis points
    revision_allowance_bp: int = 1000
    # the planner does not start a piece of work in a slot shorter than this
    min_block_minutes: int = 30


@dataclass(frozen=True)
class PrivacySettings:
    """How long records are kept after a relationship ends, in years."""

    prospect_retention_years: int = 3
    client_retention_years: int = 3
    accounting_retention_years: int = 10


#: The most people an offer test's diagnosis may ask for before it speaks.
MIN_CONTACTS_MAX = 10_000


@dataclass(frozen=True)
class OfferSettings:
    """When the offer test's diagnosis speaks (issue 16): at least ``min_contacts`` people
    contacted; replies under ``reply_rate_bp`` of them mean the offer is badly worded or aims
    at the wrong segment; meetings under ``meeting_rate_bp`` of the replies mean the proof
    and the process do not convince yet. Rates in basis points."""

    min_contacts: int = 20
    reply_rate_bp: int = 1000  # 10 % of the people contacted
    meeting_rate_bp: int = 2500  # 25 % of the replies


@dataclass(frozen=True)
class SessionSettings:
    """Locking the vault when the console is left alone."""

    auto_lock_minutes: int = 15  # 0 turns auto-lock off; at most AUTO_LOCK_MINUTES_MAX (a day)


@dataclass(frozen=True)
class BackupSettings:
    """Vault backups."""

    keep: int = 7  # how many backup files to keep, 1 to BACKUPS_KEEP_MAX


@dataclass(frozen=True)
class UiSettings:
    """The console's look."""

    animations: bool = False  # calm over SSH


@dataclass(frozen=True)
class CliSettings:
    """The command line."""

    # A command typed while the console has the vault open is run by the console's session
    # (no passphrase asked; README "The command line beside the console"); False: refused
    # as "open in another session", as before.
    beside_console: bool = True


#: The languages documents are written in; ``[documents] lang`` defaults from the locale.
DOCUMENT_LANGS: tuple[str, ...] = ("fr", "en")


@dataclass(frozen=True)
class SellerSettings:
    """Who writes the contracts and invoices (issue 15): the French sole trader's identity.

    Every field may be empty on a first run; a document that needs one refuses in one line
    naming it. Fields are ``homeops.rules.documents.Seller``'s, one for one. Numbers are kept
    as digits (``siren`` 9, ``siret`` 14, ``iban`` without spaces, upper case).
    """

    name: str = ""
    trade_name: str = ""
    legal_form: str = "EI"  # printed after the name: French law wants "EI"
    address: tuple[str, ...] = ()  # 1 to 4 lines
    country: str = "FR"  # ISO 3166 alpha-2
    siren: str = ""
    siret: str = ""
    vat_number: str = ""  # empty: franchise en base (no VAT, art. 293 B du CGI)
    email: str = ""
    phone: str = ""
    iban: str = ""
    bic: str = ""
    # late-payment penalty rate a year, basis points: the ECB's main refinancing rate
    # (2.15 % since June 2025) + 10 points, the rate French law applies when none is written
    # (art. L441-10 C. com.); a written rate may not go below 3 × the legal interest rate,
    # which changes twice a year: only "more than 0" is checked (config/identity.py)
    late_penalty_bp: int = 1215
    recovery_indemnity_cents: int = 4000  # the fixed 40 € (art. D441-5 C. com.), or more


@dataclass(frozen=True)
class DocumentSettings:
    """How documents are written: language, folder, the contract's AI-use paragraph."""

    lang: str = "fr"  # "fr" or "en"; left out of the file: "fr" for money.locale fr_FR
    out_dir: str = ""  # "": <the vault's folder>/documents
    ai_statement: str = ""  # replaces the default AI-use paragraph when no use is recorded


@dataclass(frozen=True)
class KeySettings:
    """Keys the user gave to the console's key bindings; every binding left out keeps its own."""

    # binding id ("board.move_right") -> the keys that trigger it instead of its default key,
    # as Textual names them ("L", "shift+right"); checked against the bindings by the console
    bindings: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    """Every setting of homeops; ``Settings()`` is the first-run default."""

    board: BoardSettings = field(default_factory=BoardSettings)
    money: MoneySettings = field(default_factory=MoneySettings)
    payout: PayoutSettings = field(default_factory=PayoutSettings)
    capacity: CapacitySettings = field(default_factory=CapacitySettings)
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    offers: OfferSettings = field(default_factory=OfferSettings)
    session: SessionSettings = field(default_factory=SessionSettings)
    backups: BackupSettings = field(default_factory=BackupSettings)
    ui: UiSettings = field(default_factory=UiSettings)
    cli: CliSettings = field(default_factory=CliSettings)
    seller: SellerSettings = field(default_factory=SellerSettings)
    documents: DocumentSettings = field(default_factory=DocumentSettings)
    keys: KeySettings = field(default_factory=KeySettings)
