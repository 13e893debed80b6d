"""Fuzz: random and hostile input to every YAML file and to the sandboxed templates, within a
time and a memory bound. Every outcome is a build to HTML or a BuildError whose problems
each name a file in content/ and say what to do; never a traceback, never a hang, never
the memory running out (issue 25's Done-when).

The cases come from a seeded generator (tests/fuzz_worker.py), so a failure can be repeated
with its seed; FINSAM_FUZZ_SEED picks another seed, FINSAM_FUZZ_MALLAR and
FINSAM_FUZZ_PER_FIL run more cases (the defaults keep the test to about ten seconds).
"""
from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections import Counter

from helpers import REPO

SEED = int(os.environ.get("FINSAM_FUZZ_SEED", "25"))
TEMPLATES = int(os.environ.get("FINSAM_FUZZ_MALLAR", "300"))
PER_FILE = int(os.environ.get("FINSAM_FUZZ_PER_FIL", "3"))
QUIET_FOR = 60  # seconds without a word from the worker: it hangs where the alarm cannot reach


def test_fuzz_never_a_traceback_or_a_hang():
    worker = subprocess.Popen(
        [sys.executable, str(REPO / "tests/fuzz_worker.py"), str(SEED), str(TEMPLATES),
         str(PER_FILE)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in worker.stdout] + [lines.put(None)],
                     daemon=True).start()
    records = []
    try:
        while True:
            try:
                line = lines.get(timeout=QUIET_FOR)
            except queue.Empty:
                last = records[-1]["case"] if records else 0
                raise AssertionError(f"fuzzen hängde efter fall {last} (frö {SEED})") from None
            if line is None:
                break
            records.append(json.loads(line))
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.wait()
    error = worker.stderr.read()
    assert worker.returncode == 0, f"fuzzen avbröts (kod {worker.returncode}) efter " \
        f"{len(records)} fall:\n{error[-3000:]}"
    expected = 10 * PER_FILE + TEMPLATES
    assert len(records) == expected, (len(records), expected)
    faults = [r for r in records if r["outcome"] == "fault"]
    assert not faults, "\n\n".join(
        f"fall {r['case']} (frö {SEED}), {r['target']}, {r['mutation']}:\n{r['detail']}\n"
        f"indata: {r.get('input', '')[:500]!r}" for r in faults[:5])
    outcomes = Counter(r["outcome"] for r in records)
    # Both kinds of outcome occur, for the YAML files and for the templates: the fuzz reaches
    # the build's checks and gets through them.
    assert outcomes["ok"] > 0 and outcomes["message"] > 0, outcomes
    assert {r["target"] for r in records if r["outcome"] == "message"} >= {
        "content/2022/utfall.yaml", "content/2022/arsredovisning/personal.md"}
    assert max(r["seconds"] for r in records) < 10
