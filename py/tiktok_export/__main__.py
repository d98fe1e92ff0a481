"""``python -m tiktok_export`` runs the CLI (used by tests and where no script is on PATH)."""

from .cli import main

main()
