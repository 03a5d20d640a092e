# Python imports this at the start of every process whose PYTHONPATH names this folder: the
# processes a test run started with NEWSDESK_TEST_CLOCK (see tests/clock.py) share its clock.
import os

if (_offset := os.environ.get("NEWSDESK_TEST_CLOCK_OFFSET")) is not None:
    import time

    import time_machine

    time_machine.travel(time.time() + float(_offset), tick=True).start()
    os.environ["NEWSDESK_TEST_CLOCK_MOVED"] = str(os.getpid())  # tests/clock.py: not twice
