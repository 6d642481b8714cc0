"""Typing a link number: 1-9 follow at once, unless a longer number could
still be meant (typing 1 with 12 links waits a moment for a second digit)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

#: Seconds to wait for another digit.
NUMBER_DELAY = 0.6


class NumberAction(Enum):
    """What to do after a digit."""

    FOLLOW = "follow"
    """Follow the link with this number now."""
    WAIT = "wait"
    """Wait for another digit (or the delay) before following."""
    MISSING = "missing"
    """There is no link with this number."""
    IGNORE = "ignore"
    """Nothing to do (a leading zero)."""


@dataclass
class NumberEntry:
    """The digits typed so far."""

    digits: str = ""

    @property
    def pending(self) -> int | None:
        """The number waiting for another digit, if any."""
        return int(self.digits) if self.digits else None

    def press(self, digit: str, count: int) -> tuple[NumberAction, int]:
        """Add `digit` ("0"-"9"); `count` is the number of links."""
        digits = self.digits + digit
        self.digits = ""
        if not digits.isdigit() or digits.startswith("0"):
            return NumberAction.IGNORE, 0
        number = int(digits)
        if number > count:
            return NumberAction.MISSING, number
        if number * 10 <= count:
            self.digits = digits
            return NumberAction.WAIT, number
        return NumberAction.FOLLOW, number

    def take(self) -> int | None:
        """The pending number (the delay ran out); clears it."""
        number = self.pending
        self.digits = ""
        return number

    def cancel(self) -> None:
        """Forget the digits typed."""
        self.digits = ""
