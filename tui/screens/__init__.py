"""Whole-screen parts of the console: unlock, create-vault, main frame, help."""
