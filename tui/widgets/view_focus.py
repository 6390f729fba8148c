"""What a list's look takes from its view's focus (``FollowsViewFocus``, tui/views/base.py)."""

from __future__ import annotations

from textual.widget import Widget


def under_focus(widget: Widget) -> bool:
    """Whether a widget above ``widget`` has the focus: a list mounted into a view that has
    it already is not told (no change of focus), so it asks once, when mounted."""
    return any(isinstance(node, Widget) and node.has_focus for node in widget.ancestors)
