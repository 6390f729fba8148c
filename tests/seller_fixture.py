"""The seller identity the documents' tests write with (a made-up sole trader with
INSEE's example SIREN/SIRET and a test IBAN): one copy for every test file that needs it."""

import dataclasses

from homeops.config import Settings
from homeops.config.settings import DocumentSettings, SellerSettings
from homeops.rules.documents import Seller

SELLER_SETTINGS = SellerSettings(
    name="Camille Martin",
    address=("12 rue des Lilas", "69003 Lyon"),
    siren="732829320",
    siret="73282932000074",
    email="camille@example.org",
    iban="FR7630006000011234567890189",
)

#: The same identity with a BIC as the rules' ``Seller``, for the data builders' tests.
SELLER = Seller(**dataclasses.asdict(dataclasses.replace(SELLER_SETTINGS, bic="AGRIFRPP")))


def settings(**documents: str) -> Settings:
    """The default settings with this seller and these ``[documents]`` values."""
    return dataclasses.replace(
        Settings(), seller=SELLER_SETTINGS, documents=DocumentSettings(**documents)
    )


def seller_toml(seller: SellerSettings = SELLER_SETTINGS, without: str = "") -> str:
    """``seller`` as a config file's ``[seller]`` section: the identity keys it sets, less the
    key ``without``."""
    values = dataclasses.asdict(seller)
    lines = ["[seller]"]
    for key in ("name", "trade_name", "legal_form", "address", "siren", "siret", "email",
                "phone", "iban", "bic"):  # fmt: skip
        value = values[key]
        if key != without and value:
            shown = (
                "[" + ", ".join(f'"{v}"' for v in value) + "]" if key == "address" else f'"{value}"'
            )
            lines.append(f"{key} = {shown}")
    return "\n".join(lines) + "\n"
