"""``python -m threadline`` runs the command-line interface."""

from threadline.cli import main

main()
