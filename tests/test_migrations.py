"""The Alembic chain: upgrades from empty, matches the models, and steps down and up again."""
from __future__ import annotations

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from portal import create_app
from portal.extensions import db


@pytest.fixture
def empty_database(tmp_path):
    """A database of its own: a new SQLite file, or a new PostgreSQL database beside `test`."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    name = f"portal_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_from_empty_matches_the_models_then_down_and_up(empty_database):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        tables = set(inspect(db.engine).get_table_names())
        assert {"case", "victim", "hearing", "decision", "audit_event"} <= tables

        with db.engine.connect() as connection:
            head = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        downgrade(revision="-1")
        with db.engine.connect() as connection:
            after = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert after != head
        upgrade()
        with db.engine.connect() as connection:
            again = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert again == head
        db.engine.dispose()
