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
