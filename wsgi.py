"""The gunicorn entry point: ``gunicorn wsgi:app``.

With PORTAL_ENV unset this is production, which refuses to start without its secret key,
database and providers: a server is never in development mode by accident (development's
/dev/outbox shows every sign-in code). ``make run`` says PORTAL_ENV=development itself.
"""
import os

from portal import create_app

# Without Flask-Migrate: a web process never migrates (`flask db upgrade` does, on its own).
app = create_app(env=os.environ.get("PORTAL_ENV") or "production", migrations=False)
