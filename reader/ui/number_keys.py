"""Typing a link number: 1-9 follow at once, unless a longer number could
still be meant (typing 1 with 12 links waits a moment for a second digit)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from textual.timer import Timer

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


class LinkNumbers:
    """The reading screen's link numbers: a digit follows that link, or waits
    a moment for another digit (with a prompt in the status bar)."""

    def __init__(
        self,
        *,
        count: Callable[[], int],
        follow: Callable[[int], None],
        prompt: Callable[[str | None], None],
        notify: Callable[[str, float], None],
        set_timer: Callable[[float, Callable[[], None]], Timer],
    ) -> None:
        """`count()` is how many links there are, `follow(n)` follows link n,
        `prompt(text)` shows (None: clears) the status bar's prompt,
        `notify(text, seconds)` says something, `set_timer` is the screen's."""
        self._count = count
        self._follow = follow
        self._prompt = prompt
        self._notify = notify
        self._set_timer = set_timer
        self._entry = NumberEntry()
        self._timer: Timer | None = None

    @property
    def pending(self) -> int | None:
        """The number waiting for another digit, if any."""
        return self._entry.pending

    def press(self, digit: str) -> None:
        """A digit: follow that link, or wait a moment for another digit."""
        count = self._count()
        self._stop_timer()
        if count == 0:
            self.cancel()
            self._notify("This page has no numbered links.", 2)
            return
        action, number = self._entry.press(digit, count)
        if action is NumberAction.WAIT:
            self._prompt(f"Link {number}… (another digit, or wait)")
            self._timer = self._set_timer(NUMBER_DELAY, self._timed_out)
            return
        self._prompt(None)
        if action is NumberAction.FOLLOW:
            self._follow(number)
        elif action is NumberAction.MISSING:
            self._notify(f"No link {number}: this page has {count}.", 3)

    def _timed_out(self) -> None:
        self._timer = None
        self._prompt(None)
        number = self._entry.take()
        if number is not None:
            self._follow(number)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def cancel(self) -> None:
        """Drop a half-typed number."""
        self._stop_timer()
        if self._entry.pending is not None:
            self._entry.cancel()
            self._prompt(None)
