"""A bug in the console ends it with one line that quotes nothing (issue 12 review): Textual's
own report prints the frames' local variables, which hold decrypted data."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pilot_helpers import settle

from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.main import MainScreen

AppFactory = Callable[..., HomeopsApp]
SECRET = "Camille Martin, camille@example.org"


def _break(app: HomeopsApp) -> None:
    def refresh_counts() -> None:
        client = SECRET  # a local variable holding personal data, as real frames do
        raise KeyError(client)

    main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
    main.refresh_counts = refresh_counts  # type: ignore[method-assign]
    main.call_later(main.refresh_counts)


@pytest.mark.parametrize("debug", [False, True])
async def test_a_bug_ends_the_console_with_one_line(
    open_vault: Vault, app_factory: AppFactory, debug: bool, capfd: pytest.CaptureFixture[str]
) -> None:
    app = app_factory(vault=open_vault, show_tracebacks=debug)
    with pytest.raises(KeyError):  # run_test re-raises what ended the app
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            _break(app)
            await settle(pilot)
    assert app.return_code == 1 and app.business is None  # the vault was closed
    printed = capfd.readouterr()
    if debug:  # Textual's full report, locals and all: asked for
        assert SECRET in printed.err
    else:
        assert SECRET not in printed.out + printed.err
        assert printed.err.strip() == "homeops: unexpected error (KeyError); --debug shows where"
