"""Victim Personal Statements: written or uploaded, then sent on and confirmed on the court file.

An upload's type is decided from its content, never its name: PDF, PNG and JPEG by their
signatures (puremagic), DOCX by being a zip that holds a Word document. Files are stored under
the instance folder with random names, never under static/.
"""
from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from pathlib import Path

import puremagic
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import london
from portal.extensions import db
from portal.models import Case, Caseworker, PersonalStatement, Victim
from portal.models.enums import Principal
from portal.models.types import utcnow
from portal.services import attempts, audit
from portal.services.errors import InvalidInput, LimitReached

MAX_BYTES = 10 * 1024 * 1024
MAX_TEXT = 20_000
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ALLOWED = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    DOCX: ".docx",
}


def detect_type(data: bytes) -> str | None:
    """The MIME type of an allowed file, read from its content; None for anything else."""
    try:
        guesses = {match.mime_type for match in puremagic.magic_string(data)}
    except puremagic.PureError:
        return None
    for mime in ("application/pdf", "image/png", "image/jpeg"):
        if mime in guesses:
            return mime
    if data[:4] == b"PK\x03\x04" and _is_word_document(data):
        return DOCX
    return None


# A Word document is a zip: what it would unpack to is checked before anyone opens it, so a
# small file cannot unpack to gigabytes (a "zip bomb") on a caseworker's computer.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_PACKING_RATIO = 100


def _is_word_document(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile:
        return False
    names = {entry.filename for entry in entries}
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_PACKING_RATIO:
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names


def _shown_name(file_name: str | None) -> str:
    """The name the victim gave, kept only to show them and their team which file it was:
    the last part of the path, without control characters (a NUL cannot be stored)."""
    name = Path((file_name or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable())[:200].strip()
    return name or "statement"


def download_name(statement: PersonalStatement) -> str:
    """The name a statement is downloaded under: made here from its id and the type read from
    its content at upload, never the name the uploader gave (which could say ".html", or hold
    characters a browser or a disk would refuse)."""
    return f"statement-{statement.id}{ALLOWED.get(statement.content_type, '.bin')}"


def statements_for(case: Case, victim: Victim | None = None,
                   options=()) -> list[PersonalStatement]:
    query = (select(PersonalStatement).where(PersonalStatement.case_id == case.id)
             .options(*options))
    if victim is not None:
        query = query.where(PersonalStatement.victim_id == victim.id)
    return list(db.session.scalars(query.order_by(PersonalStatement.received_at.desc())))


def add_written(victim: Victim, case: Case, text: str) -> PersonalStatement:
    text = (text or "").strip()
    if not text:
        raise InvalidInput("text", _l("Write your statement, or upload it as a file"))
    if len(text) > MAX_TEXT:
        raise InvalidInput("text", _l("Your statement is too long. It must be %(limit)d "
                                      "characters or fewer", limit=MAX_TEXT))
    statement = PersonalStatement(case=case, victim=victim, text=text)
    return _received(statement, victim)


def add_upload(victim: Victim, case: Case, file_name: str, data: bytes,
               folder: Path) -> PersonalStatement:
    """Check and store an uploaded statement. Nothing is written unless every check passes."""
    if not data:
        raise InvalidInput("upload", _l("The selected file is empty"))
    if len(data) > MAX_BYTES:
        raise InvalidInput("upload", _l("The selected file must be smaller than 10 MB"))
    mime = detect_type(data)
    if mime is None:
        raise InvalidInput("upload", _l("The selected file must be a PDF, a Word document "
                                        "(DOCX), a JPEG or a PNG"))
    if attempts.take("victim_upload", str(victim.id),
                     current_app.config["VICTIM_UPLOADS_PER_HOUR"]):
        raise LimitReached("upload", _l(
            "You have uploaded a lot of files in the last hour. You can upload more later, "
            "or call your contact if you need to speak to someone now."))
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16) + ALLOWED[mime]
    statement = PersonalStatement(
        case=case, victim=victim, file_name=_shown_name(file_name),
        stored_name=stored_name, content_type=mime, size=len(data),
        sha256=hashlib.sha256(data).hexdigest())
    path = folder / stored_name
    path.write_bytes(data)
    try:
        return _received(statement, victim)
    except Exception:
        path.unlink(missing_ok=True)
        raise


def _received(statement: PersonalStatement, victim: Victim) -> PersonalStatement:
    db.session.add(statement)
    statement.case.updated_at = utcnow()
    db.session.flush()
    audit.record(victim, "statement.received", statement.case_id, statement_id=statement.id)
    db.session.commit()
    return statement


def upload_folder() -> Path:
    """Where uploaded statements are kept: UPLOAD_FOLDER, else instance/uploads."""
    from flask import current_app

    configured = current_app.config["UPLOAD_FOLDER"]
    return Path(configured) if configured else Path(current_app.instance_path) / "uploads"


def file_path(statement: PersonalStatement) -> Path:
    return upload_folder() / statement.stored_name


def open_file(statement: PersonalStatement, reader) -> Path:
    """The statement's file, for its victim or their case team; a member of staff's download
    is audited."""
    if getattr(reader, "principal", None) == Principal.CASEWORKER:
        audit.record_now(reader, "statement.downloaded", statement.case_id,
                         statement_id=statement.id)
    return file_path(statement)


def mark_sent(statement: PersonalStatement, caseworker: Caseworker) -> None:
    """Record that the statement was sent to the prosecution: when, and by whom."""
    if statement.sent_to_prosecution_at is None:
        statement.sent_to_prosecution_at = utcnow()
        statement.sent_by = caseworker
        audit.record(caseworker, "statement.sent", statement.case_id, statement_id=statement.id)
        db.session.commit()


def confirm_on_file(statement: PersonalStatement, caseworker: Caseworker) -> None:
    if statement.sent_to_prosecution_at is None:
        raise InvalidInput("statement", _l("Mark the statement as sent to the "
                                           "prosecution first"))
    if statement.confirmed_on_file_at is None:
        statement.confirmed_on_file_at = utcnow()
        statement.confirmed_by = caseworker
        audit.record(caseworker, "statement.on_file", statement.case_id,
                     statement_id=statement.id)
        db.session.commit()


# --- the case team's view ------------------------------------------------------------------

SEND_WITHIN_WORKING_DAYS = 2
BEFORE_SENTENCING_WORKING_DAYS = 5


def overdue_reason(statement: PersonalStatement, now=None) -> str | None:
    """Why a statement not yet sent to the prosecution is overdue, or None.

    "late": not sent on within 2 working days of receipt. "sentencing": a sentencing hearing
    is less than 5 working days away. Both count the case's bank holidays (England or Wales).
    """
    from portal.models.enums import HearingKind, HearingStatus
    from portal.services.working_days import add_working_days, working_days_between

    if statement.sent_to_prosecution_at is not None:
        return None
    now = now or utcnow()
    today = london.local_date(now)
    area = statement.case.area
    received = london.local_date(statement.received_at)
    if today > add_working_days(received, SEND_WITHIN_WORKING_DAYS, area):
        return "late"
    for hearing in statement.case.hearings:
        if (hearing.kind == HearingKind.SENTENCING and hearing.starts_at >= now
                and hearing.status in (HearingStatus.LISTED, HearingStatus.MOVED)
                and working_days_between(today, london.local_date(hearing.starts_at), area)
                < BEFORE_SENTENCING_WORKING_DAYS):
            return "sentencing"
    return None


def overdue_counts(case_ids: list[int], now=None) -> dict[int, int]:
    """How many statements are overdue on each of these cases, for the case lists."""
    if not case_ids:
        return {}
    waiting = db.session.scalars(select(PersonalStatement).where(
        PersonalStatement.case_id.in_(case_ids),
        PersonalStatement.sent_to_prosecution_at.is_(None))).all()
    counts: dict[int, int] = {}
    for statement in waiting:
        if overdue_reason(statement, now):
            counts[statement.case_id] = counts.get(statement.case_id, 0) + 1
    return counts
