"""A step's document and the notice that announces it: one message and one read of the case's file.

The document comes first, so the applicant's SMS finds it issued. The notice is sent even when the
document fails: a 受理 or 补正 notice is owed to the applicant whatever happens to the PDF, and the
notice's own claim keeps the retry from sending it twice.
"""

from __future__ import annotations

from typing import Any

from . import document_issuing, notices
from .document_issuing import DocumentPorts
from .notices import NoticePorts
from .ports import CaseFile


class NoticeFailedError(RuntimeError):
    """The notice riding with a document was not sent; the message is retried, then dead-lettered."""


def issue_and_announce(
    documents: DocumentPorts, notice_ports: NoticePorts, message: dict[str, Any]
) -> tuple[str, str]:
    """(document outcome, notice outcome); the notice outcome is empty when the step sends none."""
    file = documents.files.read(str(message.get("case_id", "")))
    if not message.get("notice"):
        return document_issuing.issue(documents, message, file), ""
    try:
        issued = document_issuing.issue(documents, message, file)
    except Exception:
        _announce(notice_ports, message, file)
        raise
    return issued, _announce(notice_ports, message, file)


def _announce(ports: NoticePorts, message: dict[str, Any], file: CaseFile) -> str:
    if file.case is None:
        return "unknown_case"
    seq = int(message.get("seq", 0))
    event = next((e for e in file.events if e.seq == seq), None)
    try:
        return notices.send_notice(ports, message, known=(file.case, event))
    except Exception as failed:
        raise NoticeFailedError(
            f"notice {message.get('notice')} of {message.get('case_id')}"
        ) from failed
