"""The benchmark harness runs and prints the contract's keys (its figures are not asserted)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_benchmark_prints_the_contract_keys():
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--quick"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    for key in ("batch_games_per_s", "single_games_per_s", "batch_vs_single", "turn_ms",
                "ai_decision_ms",
                "load_ms", "batch_peak_mb", "startup_s", "frame_ms", "rss_mb",
                "simulate_20k_s", "simulate_games_per_s", "simulate_peak_mb"):
        assert key in data
    assert "simulate_1m_s" not in data  # the million-game run is for the full mode only
    assert set(data["load_ms"]) >= {"1951"}
