"""Support services' opening hours chosen from whole sentences victims read in their own
language, instead of free text they read in English

support_service.opening (always, every_day, mon_fri, mon_sat), opens_at, closes_at; the hours
typed before are read into them where they say one of those, and otherwise kept in
support_service.hours until an administrator sets them again.

Revision ID: a8d4c2e6f1b9
Revises: f6c2a9d4e1b3
Create Date: 2026-12-06 18:45:00

"""
import datetime as dt
import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a8d4c2e6f1b9'
down_revision = 'f6c2a9d4e1b3'
branch_labels = None
depends_on = None

_DAYS = {"every day": "every_day", "monday to friday": "mon_fri",
         "monday to saturday": "mon_sat"}
_CLOCK = r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?"
_HOURS = re.compile(r"^\s*(every day|monday to friday|monday to saturday)\s*,?\s*"
                    + _CLOCK + r"\s*(?:to|-|–)\s*" + _CLOCK + r"\s*$", re.IGNORECASE)


def _time(hour: str, minute: str | None, half: str | None) -> dt.time | None:
    h, m = int(hour), int(minute or 0)
    if half:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half.lower() == "pm" else 0)
    return dt.time(h, m) if h < 24 and m < 60 else None


# The table as these steps see it (not the model, which later revisions may change).
_SERVICES = sa.table('support_service', sa.column('id', sa.Integer),
                     sa.column('hours', sa.String), sa.column('opening', sa.String),
                     sa.column('opens_at', sa.Time), sa.column('closes_at', sa.Time))


def read_hours(text: str | None) -> tuple[str | None, dt.time | None, dt.time | None]:
    """The opening, opens and closes that ``text`` says, or (None, None, None)."""
    text = (text or "").strip()
    if re.fullmatch(r"(open\s+)?24 hours(,?\s*(a day|every day|7 days a week))?\.?", text,
                    re.IGNORECASE):
        return "always", None, None
    found = _HOURS.match(text)
    if found:
        opens, closes = _time(*found.group(2, 3, 4)), _time(*found.group(5, 6, 7))
        if opens is not None and closes is not None and opens != closes:
            return _DAYS[found.group(1).lower()], opens, closes
    return None, None, None


def upgrade():
    with op.batch_alter_table('support_service', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opening', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('opens_at', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('closes_at', sa.Time(), nullable=True))
    connection = op.get_bind()
    for service_id, hours in connection.execute(
            sa.select(_SERVICES.c.id, _SERVICES.c.hours).where(_SERVICES.c.hours.is_not(None))):
        opening, opens, closes = read_hours(hours)
        if opening is not None:
            connection.execute(_SERVICES.update().where(_SERVICES.c.id == service_id).values(
                opening=opening, opens_at=opens, closes_at=closes, hours=None))


def downgrade():
    connection = op.get_bind()
    words = {"every_day": "Every day", "mon_fri": "Monday to Friday",
             "mon_sat": "Monday to Saturday"}
    for service_id, opening, opens, closes in connection.execute(sa.select(
            _SERVICES.c.id, _SERVICES.c.opening, _SERVICES.c.opens_at, _SERVICES.c.closes_at)
            .where(_SERVICES.c.opening.is_not(None), _SERVICES.c.hours.is_(None))):
        hours = ("24 hours" if opening == "always" else
                 f"{words[opening]}, {opens:%H:%M} to {closes:%H:%M}")
        connection.execute(_SERVICES.update().where(_SERVICES.c.id == service_id)
                           .values(hours=hours))
    with op.batch_alter_table('support_service', schema=None) as batch_op:
        batch_op.drop_column('closes_at')
        batch_op.drop_column('opens_at')
        batch_op.drop_column('opening')
