"""Armistice: a turn-based negotiation game about the Korean War armistice talks, 1951-1953."""

__version__ = "0.1.0"
