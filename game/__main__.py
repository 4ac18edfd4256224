"""`python -m game` is the `armistice` command."""

from game.cli import main

raise SystemExit(main())
