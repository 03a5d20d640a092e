#!/usr/bin/env python
"""Development entry point: like the `newsdesk` command, but in development mode (DEBUG on)
unless the environment says otherwise. Production uses `newsdesk`, which never defaults DEBUG."""

import os
import sys

from newsdesk.cli import main

if __name__ == "__main__":
    os.environ.setdefault("DEBUG", "true")
    sys.exit(main())
