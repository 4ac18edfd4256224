"""Terminal play: a command loop over a Session, for machines without a display and for
scripted (piped) games.

Each turn the human side reads its briefing of the situation and types orders, one per line,
then `end`. Everything works with plain stdin/stdout, so `armistice text 1951 < moves.txt`
plays a whole game.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from typing import TextIO

from game.engine.orders import Orders
from game.printable import printable
from game.session.savefile import SaveError
from game.session.session import Session
from game.text import render
from game.vocab import ACCEPT, AGREED, CONCEDE, HOLD, OFFER, RECESS, RESUME, SIDES

HELP = """Commands (items by number or id, positions by [rung] or id):
  postures                  list your postures and what they tend to do
  posture NAME              set your military posture
  hold ITEM                 make no move on an item
  concede ITEM              move one rung toward the other side
  offer ITEM POSITION       offer a position (within your instructions)
  accept ITEM               accept the other side's current position
  request ITEM POSITION     ask your higher authority for leave to go that far
  package NAME              put a package on the table (or accept theirs)
  recess | resume           suspend the talks, or end a recess you called
  ladder ITEM               show an item's positions
  why TEXT                  a one-line rationale for this turn's orders
  show                      your orders so far
  status                    the situation again
  save FILE                 save the game
  end                       end your turn
  quit                      stop (the game is autosaved each turn)"""


class Quit(Exception):
    pass


class TextGame:
    """The loop. `out` is where text goes, `read` returns the next line or None at the end."""

    def __init__(self, session: Session, out: TextIO, read: Callable[[], str | None]) -> None:
        self.s = session
        self.out = out
        self.read = read
        self.seen = [0, 0]
        self.briefed = [False, False]

    def say(self, text: str = "") -> None:
        # Scenario and save text, and what the player typed, never reach the terminal with a
        # raw control character; the hand-over's screen clear is written directly.
        print(printable(text), file=self.out, flush=True)

    def run(self) -> int:
        sc = self.s.sc
        self.say(f"{sc.model.title}\n{render.wrap(sc.model.summary.strip(), '')}")
        hot_seat = all(self.s.is_human(s) for s in (0, 1))
        try:
            while not self.s.over:
                for s in (0, 1):
                    if self.s.is_human(s):
                        if hot_seat:
                            self.handoff(s)
                        if not self.briefed[s]:  # after its own hand-over, never before
                            self.brief(s)
                        self.s.submit(s, self.turn_orders(s))
                entries = self.s.advance()
                self.report(entries)
        except Quit:
            self.say(self._stopped())
            return 0
        self.ending()
        return 0

    def brief(self, side: int) -> None:
        """A side's briefing and objectives: its own, shown to it alone at its first turn."""
        info = self.s.sc.model.sides[SIDES[side]]
        self.say(f"\nBriefing — {info.name}:\n{render.wrap(info.briefing.strip())}")
        for objective in info.objectives:
            self.say(render.wrap(f"- {objective}"))
        self.briefed[side] = True

    def handoff(self, side: int) -> None:
        """Between two teams at one keyboard: clear the screen (and its scrollback, where the
        terminal allows) and wait for the next team."""
        name = self.s.sc.model.sides[SIDES[side]].name
        if self.out.isatty():
            self.out.write("\033[2J\033[3J\033[H")
        self.say(f"\n{' Hand over ':=^{render.WIDTH}}\nNext: {name}. Press Enter when only "
                 "that team can see the screen.")
        if self.read() is None:
            raise Quit
        if self.out.isatty():
            self.out.write("\033[2J\033[3J\033[H")

    def _stopped(self) -> str:
        if not self.s.turns:
            return "Stopped."
        if not self.s.autosave:
            return "Stopped. The game was not autosaved (use 'save FILE' next time)."
        if self.s.autosave_problem:
            return f"Stopped. The last turn was not autosaved: {self.s.autosave_problem}"
        return "Stopped. The game was autosaved after the last turn."

    def autosave_note(self) -> None:
        """After a turn whose autosave failed: say why, and go on playing."""
        if self.s.autosave_problem:
            self.say(f"  ! The autosave failed: {self.s.autosave_problem}. The game goes on; "
                     "keep it with 'save FILE' (another folder or disk).")

    def report(self, entries: list) -> None:
        """After a turn: what the AI sides said of their own choice is private; humans see
        their news next turn. With no human at all, print the public news now."""
        self.autosave_note()
        if not any(self.s.is_human(s) for s in (0, 1)):
            self.say(render.news([e for e in entries if e.visibility == "public"]))

    def ending(self) -> None:
        outcome = self.s.outcome
        self.say(f"\n{' The end ':=^{render.WIDTH}}")
        self.say(f"{outcome.title}.\n{render.wrap(outcome.epilogue.strip(), '')}")
        if outcome.history_note:
            self.say(render.wrap("History: " + outcome.history_note.strip(), ""))
        score = self.s.state.score[:, 0]
        unc, com = (self.s.sc.model.sides[name].short for name in ("unc", "communist"))
        self.say(f"Scores: {unc} {score[0]:.1f}, {com} {score[1]:.1f}")
        self.say("Agreed in this game vs. history:")
        for i, item in enumerate(self.s.sc.model.agenda.items):
            t = int(self.s.state.agreed_turn[i, 0])
            played = (f"{self.s.sc.date_of(t):%d %b %Y}"
                      if self.s.state.status[i, 0] == AGREED else "not agreed")
            real = self.s.sc.model.history.agreed.get(item.id)
            self.say(f"  {item.number}. {item.title:<52} {played:<14} "
                     f"{'history: ' + real.strftime('%d %b %Y') if real else ''}")

    def status(self, side: int) -> None:
        view = self.s.view(side)
        self.say(render.situation(self.s.sc, view))
        self.say(render.table(self.s.sc, view))

    def turn_orders(self, side: int) -> Orders:
        sc = self.s.sc
        view = self.s.view(side)
        self.say(render.heading(sc, view))
        self.say(render.news(self.s.news(side, since_turn=self.seen[side])))
        self.seen[side] = self.s.turn
        self.status(side)
        legal = self.s.legal(side)
        orders = Orders.hold(len(sc.item_ids), 1, posture=int(view.posture[side, 0]))
        if not legal.posture[orders.posture[0], 0]:
            orders.posture[0] = int(legal.posture[:, 0].argmax())
        orders.rationale = [""]
        self.say("Type orders, 'help' for the commands, 'end' to end the turn.")
        while True:
            line = self.read()
            if line is None:
                raise Quit
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                words = shlex.split(line)
            except ValueError as exc:
                self.say(f"  ? {exc}")
                continue
            try:
                if self.command(side, words, orders, legal):
                    self.say(render.orders_summary(sc, side, orders))
                    return orders
            except ValueError as exc:
                self.say(f"  ? {exc}")

    def command(self, side: int, words: list[str], orders: Orders, legal) -> bool:
        """Apply one command to `orders`; True when the turn is ended."""
        sc = self.s.sc
        verb, args = words[0].lower(), words[1:]
        if verb == "end":
            return True
        if verb == "quit":
            raise Quit
        if verb == "help":
            self.say(HELP)
        elif verb == "postures":
            for k, p in enumerate(sc.postures[side].models):
                ok = "" if legal.posture[k, 0] else " (not available now)"
                self.say(f"  {p.id:<20} {p.label}{ok}")
                self.say(render.wrap(p.tooltip, "      "))
        elif verb == "posture":
            ids = sc.postures[side].ids
            name = self._one(args, "posture NAME")
            if name not in ids:
                raise ValueError(f"unknown posture '{name}'; try: {', '.join(ids)}")
            if not legal.posture[ids.index(name), 0]:
                raise ValueError(f"{name} is not available now")
            orders.posture[0] = ids.index(name)
            self.say(f"  posture: {name}")
        elif verb in ("hold", "concede", "accept"):
            i = self._item(self._one(args, f"{verb} ITEM"))
            if verb == "concede" and not legal.concede[i, 0]:
                raise ValueError("you cannot concede further on that item without leave "
                                 "from your higher authority (or it is not open)")
            if verb == "accept" and not legal.accept[i, 0]:
                raise ValueError("their position is beyond your instructions (or the item "
                                 "is not open)")
            orders.action[i, 0] = {"hold": HOLD, "concede": CONCEDE, "accept": ACCEPT}[verb]
            self.say(f"  {sc.item_ids[i]}: {verb}")
        elif verb in ("offer", "request"):
            if len(args) != 2:
                raise ValueError(f"usage: {verb} ITEM POSITION")
            i = self._item(args[0])
            rung = self._position(i, args[1])
            if verb == "offer":
                lo, hi = int(legal.offer_lo[i, 0]), int(legal.offer_hi[i, 0])
                if not legal.item_open[i, 0] or not lo <= rung <= hi:
                    raise ValueError(f"you may offer rungs {lo} to {hi} on that item now")
                orders.action[i, 0] = OFFER
                orders.arg[i, 0] = rung
            else:
                lo, hi = int(legal.request_lo[i, 0]), int(legal.request_hi[i, 0])
                if not lo <= rung <= hi:
                    raise ValueError("you can ask only for rungs beyond your present "
                                     f"instructions ({lo} to {hi}), one request at a time")
                orders.request[i, 0] = rung
            self.say(f"  {sc.item_ids[i]}: {verb} {sc.position_ids[i][rung]}")
        elif verb == "package":
            name = self._one(args, "package NAME")
            if name not in sc.package_ids:
                raise ValueError(f"unknown package; packages: {', '.join(sc.package_ids)}")
            k = sc.package_ids.index(name)
            if not legal.package[k, 0]:
                raise ValueError("that package is beyond your instructions or its items are "
                                 "not all open")
            orders.package[0] = k
            self.say(f"  package: {name}")
        elif verb in ("recess", "resume"):
            code = RECESS if verb == "recess" else RESUME
            if not legal.talks[code, 0]:
                raise ValueError("the talks are already in recess" if verb == "recess"
                                 else "only the side that called the recess can end it")
            orders.talks[0] = code
            self.say(f"  talks: {verb}")
        elif verb == "ladder":
            self.say(render.ladder(sc, self._item(self._one(args, "ladder ITEM"))))
        elif verb == "why":
            orders.rationale = [" ".join(args)[:300]]
            self.say("  noted.")
        elif verb == "show":
            self.say(render.orders_summary(sc, side, orders))
        elif verb == "status":
            self.status(side)
        elif verb == "save":
            path = self._one(args, "save FILE")
            try:
                self.s.save(path, force_hint="move that file away first")
            except SaveError as exc:  # a full disk, a bad path...: say so and go on
                self.say(f"  ! not saved: {exc}")
            else:
                self.say(f"  saved to {path}")
        else:
            raise ValueError(f"unknown command '{verb}'; type 'help'")
        return False

    @staticmethod
    def _one(args: list[str], usage: str) -> str:
        if len(args) != 1:
            raise ValueError(f"usage: {usage}")
        return args[0]

    def _item(self, ref: str) -> int:
        sc = self.s.sc
        if ref.isdigit():
            for i, item in enumerate(sc.model.agenda.items):
                if item.number == int(ref):
                    return i
        if ref in sc.item_ids:
            return sc.item_ids.index(ref)
        raise ValueError(f"unknown item '{ref}'; items: "
                         + ", ".join(f"{it.number} {it.id}" for it in sc.model.agenda.items))

    def _position(self, i: int, ref: str) -> int:
        ids = self.s.sc.position_ids[i]
        if ref.isdigit() and int(ref) < len(ids):
            return int(ref)
        if ref in ids:
            return ids.index(ref)
        raise ValueError(f"unknown position '{ref}'; type 'ladder {self.s.sc.item_ids[i]}'")


def stdin_reader(stream: TextIO) -> Callable[[], str | None]:
    """Lines typed at a "> " prompt in a terminal, or read as they come when piped."""
    interactive = stream.isatty()

    def read() -> str | None:
        if interactive:
            try:
                return input("> ")
            except EOFError:
                return None
        line = stream.readline()
        return line if line else None
    return read
