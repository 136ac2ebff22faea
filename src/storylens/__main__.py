"""``python -m storylens`` runs the command-line interface (same as the ``storylens`` script)."""

from storylens.cli import main

main()
