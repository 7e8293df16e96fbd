"""London time: the one place a moment becomes a day or a wall-clock time in England and Wales,
and a London day or wall-clock time becomes a moment.

The portal stores moments as aware UTC datetimes (models/types.UTCDateTime) and thinks in London
days: a deadline "by Tuesday", a hearing "at 10:00", a victim's contact window "09:00 to 12:00".
Every conversion between the two goes through here, so the clock changes in March and October
are handled one way everywhere. A leaf: it imports nothing of ours, so every layer (templates'
helpers, the delivery engine, the services, the blueprints, the demo data) may use it.

Naive datetimes are taken to be UTC, as everything the portal stores is (and as Flask-Babel's
``to_user_timezone``, which the templates used before, took them).
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
UTC = dt.timezone.utc


def today() -> dt.date:
    """Today's date in England and Wales (between midnight and 01:00 in summer it is a day
    ahead of UTC's)."""
    return dt.datetime.now(LONDON).date()


def _in_london(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LONDON)


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar day in England and Wales at this moment."""
    return _in_london(moment).date()


def local_time(moment: dt.datetime) -> dt.time:
    """The wall-clock time in England and Wales at this moment (naive: a time of day, to be
    put on another day with ``at``)."""
    return _in_london(moment).time().replace(fold=0)  # a time of day, not "the second 01:30"


def at(day: dt.date, clock: dt.time) -> dt.datetime:
    """The moment a London wall clock shows ``clock`` on ``day``, as an aware UTC datetime.

    Twice a year a wall-clock time is not one moment, and ``at`` answers as zoneinfo does with
    ``fold=0`` (what every caller did before this module), so nothing is refused:

    - Ambiguous (the last Sunday of October, 01:00 to 01:59 happens twice): the first of the
      two, still in summer time. 01:30 is 00:30 UTC, not 01:30 UTC.
    - Missing (the last Sunday of March, 01:00 to 01:59 never happens): the time is read with
      the offset before the change, GMT, so 01:30 is 01:30 UTC, which London calls 02:30.

    Courts sit from 07:00, summaries go at 09:00 and days start at midnight, so only a
    victim's contact window or a release time a caseworker types can fall in those hours.
    """
    return dt.datetime.combine(day, clock, tzinfo=LONDON).astimezone(UTC)


def start_of_day(day: dt.date) -> dt.datetime:
    """The first moment of this London day, in UTC (midnight always exists in London: the
    clocks change at 01:00 UTC)."""
    return at(day, dt.time(0))


def end_of_day(day: dt.date) -> dt.datetime:
    """The last moment of this London day, in UTC: a deadline "by Tuesday" ends here. Days are
    23 or 25 hours long at the clock changes, so this is the next day's start, not day + 24h."""
    return start_of_day(day + dt.timedelta(days=1)) - dt.timedelta(microseconds=1)
