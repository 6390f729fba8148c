"""[seller] and [documents] in config.toml (issue 15): read, checked, written, described."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from homeops.config import ConfigError, Settings, describe, load_settings, write_defaults
from homeops.config.identity import iban_ok, luhn_ok
from homeops.config.settings import DocumentSettings, SellerSettings
from homeops.rules.documents import Seller

# The INSEE's own example: SIREN 732 829 320, its SIRET 732 829 320 00074.
SIREN, SIRET = "732829320", "73282932000074"
IBAN = "FR7630006000011234567890189"


def _load(tmp_path: Path, text: str) -> Settings:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path).settings


def _refused(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, text)
    message = str(caught.value)
    assert "\n" not in message
    return message


FULL = f"""
[seller]
name = "Camille Martin"
trade_name = "Atelier Martin"
address = ["12 rue des Lilas", "69003 Lyon"]
siren = "732 829 320"
siret = "{SIRET}"
email = "camille@example.org"
phone = "+33 1 99 00 00 00"
iban = "FR76 3000 6000 0112 3456 7890 189"
bic = "agrifrpp"
late_penalty = 10.5
recovery_indemnity = "40"

[documents]
lang = "en"
out_dir = "~/papers"
ai_statement = "No AI tool is used on this work."
"""


def test_a_full_seller_is_read_in_internal_units(tmp_path: Path) -> None:
    settings = _load(tmp_path, FULL)
    seller = settings.seller
    assert seller.name == "Camille Martin" and seller.legal_form == "EI"
    assert seller.address == ("12 rue des Lilas", "69003 Lyon")
    assert seller.siren == SIREN and seller.siret == SIRET  # spaces dropped
    assert seller.iban == IBAN and seller.bic == "AGRIFRPP"  # upper case
    assert seller.late_penalty_bp == 1050 and seller.recovery_indemnity_cents == 4000
    assert seller.country == "FR" and seller.vat_number == ""
    assert settings.documents == DocumentSettings(
        "en", "~/papers", "No AI tool is used on this work."
    )


def test_the_seller_settings_are_the_documents_seller_field_for_field() -> None:
    seller = Seller(**dataclasses.asdict(SellerSettings()))  # how the services convert it
    assert seller.legal_form == "EI" and seller.late_penalty_bp == 1215
    assert seller.recovery_indemnity_cents == 4000


def test_defaults_start_a_first_run_with_an_empty_seller(tmp_path: Path) -> None:
    settings = _load(tmp_path, "")
    assert settings.seller.name == "" and settings.seller.siret == ""
    assert settings.documents.lang == "fr"  # money.locale fr_FR


def test_the_documents_language_follows_the_locale_unless_given(tmp_path: Path) -> None:
    assert _load(tmp_path, '[money]\nlocale = "en"\n').documents.lang == "en"
    text = '[money]\nlocale = "en"\n[documents]\nlang = "fr"\n'
    assert _load(tmp_path, text).documents.lang == "fr"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('siren = "732829321"', 'seller.siren = "732829321": must be the 9 digits of a SIREN'),
        ('siren = "73282932"', "9 digits of a SIREN with a valid key"),
        ('siret = "73282932000075"', "must be the 14 digits of a SIRET with a valid key"),
        ('iban = "FR7630006000011234567890188"', "must be an IBAN with a valid key"),
        ('bic = "AGRI"', "must be a BIC of 8 or 11"),
        ('country = "FRA"', 'seller.country = "FRA": must be a 2-letter ISO 3166'),
        ('vat_number = "FR00732829320"', "a French one is FR, its 2-digit key, then the SIREN"),
        ('email = "camille"', "must be an e-mail address"),
        ('address = ["a", "b", "c", "d", "e"]', "must be a list of 1 to 4 lines"),
        ('name = "Camille\\u001b[2J"', "must be one line of plain text"),
        ("late_penalty = 101", "must be a yearly percent above 0 and at most 100"),
        ('recovery_indemnity = "-5"', "must be an amount"),
    ],
)
def test_a_bad_seller_value_names_key_value_and_what_is_allowed(
    tmp_path: Path, line: str, expected: str
) -> None:
    message = _refused(tmp_path, f"[seller]\n{line}\n")
    assert expected in message
    assert message.startswith(f"{tmp_path / 'config.toml'}: seller.")


def test_a_bad_language_is_refused_with_the_choices(tmp_path: Path) -> None:
    message = _refused(tmp_path, '[documents]\nlang = "de"\n')
    assert 'documents.lang = "de": must be one of: "fr", "en"' in message


def test_a_siret_of_another_siren_is_refused(tmp_path: Path) -> None:
    # 443 061 841 00047 is a valid SIRET, of another SIREN
    message = _refused(tmp_path, f'[seller]\nsiren = "{SIREN}"\nsiret = "44306184100047"\n')
    assert "seller.siret" in message and "must start with seller.siren" in message


def test_a_french_vat_number_with_its_key_passes(tmp_path: Path) -> None:
    # key = (12 + 3 × (732829320 mod 97)) mod 97 = (12 + 3 × 43) mod 97 = 141 mod 97 = 44
    settings = _load(tmp_path, f'[seller]\nvat_number = "FR44{SIREN}"\n')
    assert settings.seller.vat_number == f"FR44{SIREN}"


def test_the_vat_number_example_passes_its_own_check(tmp_path: Path) -> None:
    # the refusal's example is the valid FR44 732829320 (key 44, computed above), not FR40
    message = _refused(tmp_path, '[seller]\nvat_number = "FR40732829320"\n')
    example = message.split('such as "')[1].split('"')[0]
    assert example == f"FR44{SIREN}"
    settings = _load(tmp_path, f'[seller]\nvat_number = "{example}"\n')
    assert settings.seller.vat_number == example


@pytest.mark.parametrize(
    ("digits", "valid"),
    [("732829320", True), ("732829321", False), ("73282932000074", True), ("0", True)],
)
def test_luhn(digits: str, valid: bool) -> None:
    assert luhn_ok(digits) is valid


def test_iban_mod_97() -> None:
    assert iban_ok(IBAN)
    assert iban_ok("GB82WEST12345698765432")  # the ISO 13616 example
    assert not iban_ok("GB82WEST12345698765433")
    assert not iban_ok("FR76")


def test_la_poste_sirets_are_checked_by_their_own_rule(tmp_path: Path) -> None:
    # La Poste (SIREN 356000000): the digits of a SIRET add up to a multiple of 5
    settings = _load(tmp_path, '[seller]\nsiren = "356000000"\nsiret = "35600000000010"\n')
    assert settings.seller.siret == "35600000000010"


def test_first_run_file_shows_every_seller_key_commented(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    write_defaults(path)
    text = path.read_text(encoding="utf-8")
    block = text[text.index("[seller]") : text.index("[documents]")]
    for key in ("name", "address", "siren", "siret", "vat_number", "iban", "late_penalty"):
        line = next(line for line in block.splitlines() if line.startswith(f"{key} = "))
        assert "#" in line or key == "email", line
    assert "art. 293 B" in block and "+ 10 points" in block
    data = tomllib.loads(text)
    assert data["seller"]["name"] == "" and data["seller"]["late_penalty"] == 12.15
    assert load_settings(path).settings == Settings()  # it reads back as the defaults


def test_a_written_seller_reads_back(tmp_path: Path) -> None:
    settings = _load(tmp_path, FULL)
    path = tmp_path / "again.toml"
    write_defaults(path, settings)
    assert load_settings(path).settings == settings


def test_config_shows_the_seller_with_its_source(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(FULL, encoding="utf-8")
    text = describe(load_settings(path), tmp_path / "v.hops", "--vault")
    lines = text.splitlines()
    name = next(line for line in lines if line.startswith("seller.name"))
    assert name.startswith('seller.name = "Camille Martin"') and name.endswith(str(path))
    vat = next(line for line in lines if line.startswith("seller.vat_number"))
    assert vat.endswith("# default")
    assert "seller.late_penalty = 10.5" in text
    assert 'documents.lang = "en"' in text
