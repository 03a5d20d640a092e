"""A worker's garbage collector walks what requests made, not the code loaded at start."""

import os
import subprocess
import sys

WORKER_START = (
    "import gc, newsdesk.wsgi; gc.collect(); print(gc.get_freeze_count(), len(gc.get_objects()))"
)


def test_a_served_worker_keeps_what_it_loaded_at_start_out_of_the_collectors_full_passes():
    # A full pass over everything Django, Wagtail and the apps load holds the GIL for 80–200 ms
    # (every request of the worker waits); frozen at start, the pass walks only the rest.
    started = subprocess.run(
        [sys.executable, "-c", WORKER_START],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "newsdesk.settings"},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    frozen, still_walked = (int(number) for number in started.stdout.split()[-2:])
    assert frozen > 100_000
    assert still_walked < frozen / 20
