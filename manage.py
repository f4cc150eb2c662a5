#!/usr/bin/env python
"""Django's manage.py; the installed ``naervaer`` command does the same."""

from naervaer.cli import main

if __name__ == "__main__":
    main()
