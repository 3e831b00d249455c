"""Test setup: the app folder on the import path, placeholders for the secrets it needs."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
for _name in []:
    os.environ.setdefault(_name, "test-placeholder")
