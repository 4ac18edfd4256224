"""Who a report is for, and so what it may show.

A report of an unfinished hot-seat game must not hand one team the other's secrets. The scope
"all" is the instructor's (and the finished game's) debrief: everything. "public" keeps to what
both sides saw at the time; "unc" or "communist" adds that side's own news, orders, reasons
and figures. Every section of a report asks its `Audience` before showing a log entry, a
variable, a side's orders or the seed (from which the hidden draws could be recomputed).
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.log import Entry
from game.scenario.compiled import CompiledScenario
from game.vocab import SIDES

SCOPES = ("all", "public", "unc", "communist")


class ScopeError(ValueError):
    """An unknown scope name; `str()` lists the known ones."""


@dataclass(frozen=True)
class Notice:
    """The plain words at the top of a report that holds something back."""

    headline: str
    detail: str


@dataclass(frozen=True)
class Audience:
    scope: str = "all"

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise ScopeError(f"unknown scope '{self.scope}': choose one of {', '.join(SCOPES)}")

    @property
    def full(self) -> bool:
        return self.scope == "all"

    @property
    def side(self) -> str | None:
        """The side the report is for, if it is for one."""
        return self.scope if self.scope in SIDES else None

    def sees_entry(self, e: Entry) -> bool:
        return self.full or e.visibility == "public" or e.visibility == self.side

    def sees_owner(self, owner: str) -> bool:
        """A variable's true value: public ones, and a side's own (its view has them exact)."""
        return self.full or owner == "public" or owner == self.side

    def sees_var(self, sc: CompiledScenario, name: str) -> bool:
        var = sc.model.variables.get(name)
        return var is not None and self.sees_owner(var.owner)

    def sees_orders(self, side: str) -> bool:
        """A side's orders as given, its reasons and its AI's explanations."""
        return self.full or side == self.side

    def notice(self, sc: CompiledScenario, finished: bool) -> Notice | None:
        if self.full:
            return None
        why = ("This game is not finished: " if not finished
               else "This copy of the report is for ")
        if self.side is None:
            headline = why + ("only the public record is shown." if not finished
                              else "everyone: only the public record is shown.")
            held = ("each side's private news, orders, reasons and own figures, what neither "
                    "side knew (the hidden draws, the seed) and the true casualty figures")
        else:
            mine = sc.model.sides[self.side].short
            other = sc.model.sides[SIDES[1 - SIDES.index(self.side)]].short
            headline = why + (f"this is the {mine}'s view of it." if not finished
                              else f"the {mine}: it shows what the {mine} saw.")
            held = (f"the {other}'s private news, orders, reasons and figures, and what "
                    "neither side knew (the hidden draws, the seed)")
        return Notice(headline, f"Held back: {held}. The instructor can make the full "
                                "report.")
