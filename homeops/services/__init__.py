"""The use cases: each change of the business written once, for every face.

``homeops.services.vault`` opens a vault and gives a ``Business``; its attributes group the
use cases (missions, cashbook, planning, clients). The console (``homeops.tui``) and the
command line (``homeops.cli``) call these and the rules, never the storage floor.
"""

from homeops.services.business import Business

__all__ = ["Business"]
