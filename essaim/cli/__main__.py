"""`python -m essaim.cli`: the `essaim` command."""

import sys

from essaim.cli.main import main

sys.exit(main())
