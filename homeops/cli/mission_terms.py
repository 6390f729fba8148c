"""``mission edit ID --terms DAYS --deposit SHARE``: a mission's payment terms after it was
created (issue 14, mend14 point 2)."""

from __future__ import annotations

from homeops.cli.common import Context, Passphrases, UserError, open_business, reads, user_id
from homeops.cli.terms_args import typed_terms
from homeops.rules.invoices import terms_text
from homeops.services.errors import NotFound
from homeops.services.missions import DepositInvoiced, MissionArchived


@reads("ai_use", "invoices", "ledger", "missions", "timelog")  # its board session's
def cmd_mission_edit(ctx: Context, phrases: Passphrases) -> int:
    """Change a mission's payment terms and/or deposit share; a share changed while its
    deposit invoice stands is refused (void the invoice first)."""
    args = ctx.args
    if args.terms is None and args.deposit is None:
        raise UserError("mission edit: give --terms DAYS and/or --deposit SHARE")
    mission_id = user_id(args.id, "mission")
    days, share = typed_terms(args)
    with open_business(ctx, phrases) as business:
        try:
            mission = business.missions.set_terms(mission_id, days, share)
        except (NotFound, MissionArchived, DepositInvoiced) as exc:
            raise UserError(str(exc)) from None
    money = ctx.settings.money
    terms = money.payment_terms_days if mission.terms_days is None else mission.terms_days
    text = terms_text(terms, mission.deposit_bp, money.locale)
    print(f"mission {mission.id}: terms {text}")
    return 0
