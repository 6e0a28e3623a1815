"""``python -m tamga``: the same command as the ``tamga`` console script."""

from tamga.cli.main import app

app()
