"""`python -m essaim.cli`: the `essaim` command."""

from essaim.cli.main import run

run()
