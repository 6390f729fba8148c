"""The command line: one face of homeops, beside the console (``homeops.tui``)."""

from homeops.cli.app import build_parser, main

__all__ = ["build_parser", "main"]
