"""``python -m service``: the development server, or ``extract`` (see service/cli.py)."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
