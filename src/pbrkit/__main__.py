"""``python -m pbrkit`` runs the command line."""

from pbrkit.cli import main

if __name__ == "__main__":
    main()
