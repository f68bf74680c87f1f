"""``python -m service``: run the development server (use gunicorn in production)."""

from __future__ import annotations

import os

from .app import create_app


def main() -> None:
    app = create_app()
    app.run(host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "8000")), debug=False)


if __name__ == "__main__":
    main()
