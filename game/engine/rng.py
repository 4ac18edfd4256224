"""Counter-based randomness: every draw is a pure function of (seed, game, turn, site).

There is no generator state to carry, so game k of a batch of any size draws exactly what game k
draws when played alone, and a save needs only the seed and the game's index to be replayed.
The mixer is SplitMix64's finaliser on uint64 arrays. Only IEEE-exact arithmetic (+, -, *, /,
sqrt) turns the bits into numbers, so results never depend on which SIMD path NumPy picks for an
array of a given length.
"""

from __future__ import annotations

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)
_TO_UNIT = 1.0 / float(1 << 53)
_Q = np.uint64(0xFFFF)
_S16, _S32, _S48 = np.uint64(16), np.uint64(32), np.uint64(48)
# Four uniforms on (0, 1) are (q + 0.5) / 65536; their sum minus 2, times sqrt(3), has unit
# variance. Folded into one scale and offset: (total + 2) * sqrt(3) / 65536 - 2 * sqrt(3).
_NORM_SCALE = 1.7320508075688772 / 65536.0
_MASK64 = (1 << 64) - 1


def _mix_int(x: int) -> int:
    """SplitMix64 finaliser on a Python int (for scalar keys)."""
    x &= _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    return x ^ (x >> 31)


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser on a uint64 array (wrapping multiplication)."""
    x = x ^ (x >> _S30)
    x = x * _M1
    x = x ^ (x >> _S27)
    x = x * _M2
    return x ^ (x >> _S31)


class CounterRng:
    """Uniform and normal draws for a batch of games, addressed by (turn, site).

    `site` is a small integer naming the place in the rules that draws (assigned when a scenario
    is compiled); `stream` separates the engine's draws from each player's own.
    """

    def __init__(self, seed: int, game_index: np.ndarray, stream: int = 0) -> None:
        if not 0 <= seed < 2**63:
            raise ValueError("seed must be in [0, 2**63)")
        base = np.uint64(_mix_int(seed * 0x9E3779B97F4A7C15 + stream * 0xD1B54A32D192ED03))
        index = np.asarray(game_index, dtype=np.uint64)
        self.seed = seed
        self.stream = stream
        self.game_index = index
        self._game_keys = _mix(index * _GOLDEN + base)

    @property
    def size(self) -> int:
        return int(self._game_keys.shape[0])

    def bits(self, turn: int, site: int) -> np.ndarray:
        key = np.uint64(_mix_int((turn << 32) ^ (site * 0x2545F4914F6CDD1D) ^ 0x5851F42D4C957F2D))
        return _mix(self._game_keys ^ key)

    def uniform(self, turn: int, site: int) -> np.ndarray:
        """Uniform draws in [0, 1), one per game."""
        return (self.bits(turn, site) >> _S11).astype(np.float64) * _TO_UNIT

    def normal(self, turn: int, site: int) -> np.ndarray:
        """Approximately standard normal draws: the sum of the four 16-bit quarters of one hash
        (Irwin-Hall, tails at ±3.46). Bounded tails suit a game (no freak battles), and one hash
        with integer arithmetic is cheap and exact."""
        b = self.bits(turn, site)
        total = (b & _Q) + ((b >> _S16) & _Q) + ((b >> _S32) & _Q) + (b >> _S48)
        return (total.astype(np.float64) + 2.0) * _NORM_SCALE - 3.4641016151377544

    def subset(self, mask: np.ndarray) -> CounterRng:
        """The same streams for a subset of the games."""
        return CounterRng(self.seed, self.game_index[mask], self.stream)
