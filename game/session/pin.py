"""The instructor's PIN: what keeps the instructor's controls and a game's hidden record from
the teams sharing one machine.

A PIN is chosen at New game (window) or with `--pin` (terminal) and kept in the game's record
only as a salted scrypt hash, so a save handed around does not give it away. The window asks
for it before opening the instructor's controls; `armistice replay` and `report` ask for it
before showing more than the public record of an unfinished game.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

__all__ = ["MAX_LEN", "MIN_LEN", "PinError", "check_pin", "hash_pin", "pin_problem"]

MIN_LEN = 4
MAX_LEN = 32
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


class PinError(Exception):
    """A PIN that cannot be used; `str()` says why in one line."""


def pin_problem(pin: str) -> str | None:
    """Why `pin` cannot be an instructor's PIN, or None if it can."""
    if not MIN_LEN <= len(pin) <= MAX_LEN:
        return f"a PIN has {MIN_LEN} to {MAX_LEN} characters"
    if not pin.isprintable() or pin != pin.strip():
        return "a PIN is letters, digits and punctuation, with no spaces at either end"
    return None


def hash_pin(pin: str) -> dict[str, str]:
    """The record's form of a PIN: {"salt": hex, "scrypt": hex}. Raises PinError."""
    problem = pin_problem(pin)
    if problem:
        raise PinError(problem)
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, **_SCRYPT)
    return {"salt": salt.hex(), "scrypt": digest.hex()}


def check_pin(stored: Any, pin: str) -> bool:
    """Whether `pin` matches the stored hash. A malformed stored value matches nothing."""
    if not isinstance(stored, dict):
        return False
    try:
        salt = bytes.fromhex(stored["salt"])
        expected = bytes.fromhex(stored["scrypt"])
    except (KeyError, TypeError, ValueError):
        return False
    if len(salt) != 16 or len(expected) != 32 or len(pin) > MAX_LEN:
        return False
    digest = hashlib.scrypt(pin.encode("utf-8", "surrogatepass"), salt=salt, **_SCRYPT)
    return hmac.compare_digest(digest, expected)
