"""The demo's business stored in a vault: ``homeops demo``, ``make demo`` and the tests' filled
vaults. The records come from ``sample``, ``sample_privacy`` and ``sample_time``; they are
stored through the services (``Business.add_records``), in one durable change."""

from __future__ import annotations

import datetime as dt

from homeops.demo import sample_offers, sample_privacy
from homeops.demo.sample import generate
from homeops.demo.sample_time import SampleTime, generate_time
from homeops.services import Business
from homeops.services.bulk import NewRecords


def fill_with_sample(business: Business, size: int | None, today: dt.date) -> int:
    """Put generated sample data in ``business``'s empty vault, then compact it; returns the
    number of records. ``size`` None is the demo's small business (with four weeks of time
    log, a day off and a weekly block); a number, about that many documents (benchmarks)."""
    data = generate(size, today=today)
    sample_privacy.dress_clients(data.clients, today)  # purposes, one past retention
    if size is None:
        sample_offers.dress_sources(data.clients)  # acquisition channels (issue 16)
    with business.transaction():
        # The missions get their ids here: the AI uses and the time log refer to them.
        business.add_records(NewRecords(clients=data.clients, missions=data.missions))
        time = generate_time(data.missions, today=today) if size is None else SampleTime()
        business.add_records(
            NewRecords(
                ai_uses=sample_privacy.ai_uses(data.missions, today),
                ledger=data.ledger,
                offers=data.offers,
                invoices=data.invoices,
                recurring=data.recurring,
                time_entries=time.entries,
                days_off=time.days_off,
                blocks=time.blocks,
            )
        )
        extra = 0
        if size is None:  # offer tests, cases, profile (issue 16)
            extra = sample_offers.fill_offers(business, data.missions, today)
    business.compact()  # one snapshot instead of one huge journal record
    return len(data) + len(time) + extra
