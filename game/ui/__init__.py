"""The window: pygame-ce and pygame_gui live here and nowhere else in the game."""

import os

# before anything below imports pygame: no banner on the player's terminal
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
