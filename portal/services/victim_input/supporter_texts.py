"""A nominated supporter's STOP and START by text (issue 15): STOP from a supporter's number
stops the supporter updates sent to them by text, START turns them back on. Their victims and
case teams are told nothing: it is the supporter's own phone. Called by sms_replies, once per
Twilio message id."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Supporter
from portal.services import audit


def supporter_with(number: str) -> Supporter | None:
    """The supporter whose mobile number this is (normalised), if any."""
    return db.session.scalar(select(Supporter).where(Supporter.phone == number))


def opt(supporter: Supporter, opted_out: bool) -> None:
    """Texts to this supporter off (STOP) or on again (START); the caller commits. Recorded
    only when it changes."""
    if supporter.sms_opted_out != opted_out:
        supporter.sms_opted_out = opted_out
        audit.record(None, "supporter.sms_opted_out" if opted_out else "supporter.sms_opted_in",
                     supporter_id=supporter.id)
