#!/usr/bin/env python
"""Django's manage.py; `planea` does the same with a shorter name."""

import sys

from planea.cli import main

if __name__ == "__main__":
    sys.exit(main())
