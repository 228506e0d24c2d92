"""Benchmarks run with `make bench` (``pytest benchmarks``), never with the test suite (``testpaths`` leaves
this folder out). The fixtures (app, db, make_user, backend…) come from the root ``conftest.py``, which loads
``platform_core.testing.pytest_plugin``; this file only collects timings and prints them at the end, so they
show without ``-s``. Benchmarks assert results, never durations."""
import time

import pytest

TIMINGS = pytest.StashKey[list]()


@pytest.fixture
def timed(request, backend):
    """``timed(label, fn, repeat=3)`` runs ``fn`` and records the best wall time; returns ``fn()``'s result."""
    results = request.config.stash.setdefault(TIMINGS, [])

    def run(label, fn, repeat=3):
        best, value = float("inf"), None
        for _ in range(repeat):
            start = time.perf_counter()
            value = fn()
            best = min(best, time.perf_counter() - start)
        results.append((backend, label, best * 1000))
        return value

    return run


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    results = config.stash.get(TIMINGS, [])
    if not results:
        return
    best: dict[tuple[str, str], float] = {}
    for backend, label, ms in results:  # the tree is rebuilt for every test: keep one line per measurement
        best[(backend, label)] = min(ms, best.get((backend, label), ms))
    terminalreporter.write_sep("=", "timings (best of the runs, milliseconds)")
    for (backend, label), ms in sorted(best.items(), key=lambda item: item[0][0] != "sqlite"):
        terminalreporter.write_line(f"{backend:10} {label:70} {ms:10.1f}")
