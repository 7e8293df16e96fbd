"""The victims' case portal: a Flask application factory."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, g, request, send_from_directory
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from portal import config as config_module
from portal.extensions import babel, csrf, db, limiter, login_manager

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"


def create_app(test_config: dict | None = None, env: str | None = None, *,
               migrations: bool = True) -> Flask:
    """Build the app. ``test_config`` overrides settings (the suite uses it); ``env`` picks
    development, test or production (default: PORTAL_ENV, then development). ``migrations``
    False leaves out Flask-Migrate: a web process (wsgi.py) never migrates, and Alembic with
    what it imports is 8.6 MB of every web worker; `flask db` builds the app with it."""
    # No static route of Flask's own: WhiteNoise serves the built files (portal/assets.py).
    app = Flask(__name__, instance_path=str(ROOT / "instance"), static_folder=None)
    settings = config_module.load(env or ("test" if test_config is not None else None))
    if test_config:
        for key, value in test_config.items():
            setattr(settings, key, value)
    if hasattr(settings, "apply_instance_defaults"):
        settings.apply_instance_defaults(app.instance_path)
    settings.check()
    app.config.from_object(settings)
    app.config["PORTAL_ENV"] = settings.ENV_NAME
    app.config["TRUSTED_HOSTS"] = _trusted_hosts(app.config)
    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)

    from portal.security import DatabaseId

    app.url_map.converters["int"] = DatabaseId  # every <int:...> in every route
    _templates(app)
    _extensions(app)
    if migrations:
        from flask_migrate import Migrate

        Migrate(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    _blueprints(app)
    _hooks(app)

    from portal import cli, error_pages

    error_pages.register(app)
    cli.register(app)
    return app


def _trusted_hosts(config) -> list[str]:
    """PUBLIC_URL's host and ALLOWED_HOSTS; in development and tests, localhost too."""
    from urllib.parse import urlsplit

    hosts = {urlsplit(config["PUBLIC_URL"]).hostname or "", *config["ALLOWED_HOSTS"]}
    if config["PORTAL_ENV"] != "production":
        hosts |= {"localhost", "127.0.0.1"}
    return sorted(h for h in hosts if h)


def _templates(app: Flask) -> None:
    from govuk_frontend_wtf.main import WTFormsHelpers

    app.jinja_loader = ChoiceLoader([
        FileSystemLoader(str(Path(__file__).parent / "templates")),
        PrefixLoader({
            "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
            "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
        }),
    ])
    WTFormsHelpers(app)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    from portal import template_helpers

    template_helpers.register(app)


def _extensions(app: Flask) -> None:
    from portal import assets, i18n, models, template_helpers  # noqa: F401  (models: tables)
    from portal.security import TamperAwareSessionInterface

    # First, so that compressing a page is the last thing done to it (after_request runs in
    # reverse order), after its security headers.
    assets.init_app(app)

    app.session_interface = TamperAwareSessionInterface()
    db.init_app(app)
    from portal import connection_pool

    with app.app_context():
        connection_pool.ping_after_idle(db.engine)
    csrf.init_app(app)
    # Two catalogues in one directory: "console" (staff, English and Welsh) and "messages"
    # (victims, every language); Flask-Babel merges them per locale. "messages" comes last on
    # purpose: Flask-Babel takes the plural rule from the last catalogue it loads, and for a
    # language with no console catalogue that "catalogue" is an empty one with English plurals.
    translations = str(Path(__file__).parent / "translations")
    app.config.setdefault("BABEL_DOMAIN", "console;messages")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", f"{translations};{translations}")
    babel.init_app(app, locale_selector=i18n.select_locale)
    template_helpers.install_gettext(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.session_protection = None  # sessions are checked on the server instead
    login_manager.login_view = "victim.sign_in"
    login_manager.login_message = None

    from portal.services.sign_in import sessions

    @login_manager.user_loader
    def load_user(token: str):
        return sessions.load(token)


def _blueprints(app: Flask) -> None:
    from portal import health
    from portal.caseworker import bp as caseworker_bp
    from portal.victim import bp as victim_bp
    from portal.webhooks import bp as webhooks_bp

    app.register_blueprint(victim_bp)
    app.register_blueprint(caseworker_bp)
    app.register_blueprint(webhooks_bp)
    app.register_blueprint(health.bp)
    if app.config.get("DEV_OUTBOX"):
        from portal.dev import bp as dev_bp

        app.register_blueprint(dev_bp)

    assets = STATIC / "build" / "govuk" / "assets"

    @app.get("/assets/<path:filename>")
    def govuk_assets(filename: str):
        """GOV.UK Frontend's CSS loads its images from absolute /assets/ paths."""
        return send_from_directory(assets, filename, max_age=86400)


def _hooks(app: Flask) -> None:
    from portal.security import set_security_headers

    @app.before_request
    def refuse_tampered_session():
        if g.get("session_tampered") and not request.path.startswith(("/static/", "/assets/")):
            from portal.error_pages import tampered_session

            return tampered_session()
        return None

    @app.before_request
    def remember_language_choice():
        """A signed-in person who uses the switcher keeps that language (victims and staff)."""
        from flask_login import current_user

        from portal import i18n
        from portal.models import Victim
        from portal.services import preferences

        choice = i18n.switcher_choice()
        if choice and current_user.is_authenticated:
            person = current_user._get_current_object()
            # A victim's texts and emails follow: the page says so (base.html), not silently.
            if preferences.save_language(person, choice) and isinstance(person, Victim):
                g.messages_language_changed = True

    app.after_request(set_security_headers)
