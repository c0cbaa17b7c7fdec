"""The one registry of document kinds (文书): label, 文书编号 abbreviation, audience and the steps that issue them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .errors import ValidationFailedError
from .statuses import Action


class Audience(StrEnum):
    """Who holds the paper: the applicant, or only the offices (then it carries no 查询密码)."""

    APPLICANT = "applicant"
    OFFICES = "offices"


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document; `triggers` is descriptive: the reactions table decides what a step emits."""

    id: str
    label_zh: str
    abbreviation: str
    audience: Audience
    triggers: tuple[Action, ...] = ()
    numbered: bool = True
    uploaded: bool = (
        False  # the department's own signed file, stored as sent: no layout, not rendered
    )

    @property
    def to_applicant(self) -> bool:
        return self.audience is Audience.APPLICANT


_A, _O = Audience.APPLICANT, Audience.OFFICES

KINDS: tuple[DocumentKind, ...] = (
    DocumentKind("receipt", "业务受理回执", "受", _A, (Action.ACCEPT,)),
    DocumentKind(
        "supplement_notice",
        "补正材料通知书",
        "补",
        _A,
        (Action.REQUEST_SUPPLEMENT, Action.REQUEST_REVIEW_SUPPLEMENT),
    ),
    DocumentKind("refusal_notice", "不予受理通知书", "不受", _A, (Action.REFUSE,)),
    DocumentKind("denial_decision", "不予许可决定书", "不许", _A, (Action.DENY,)),
    DocumentKind("completion_notice", "办结通知书", "结", _A, (Action.COMPLETE,)),
    DocumentKind("delivery_receipt", "送达回证", "送", _A, (Action.DELIVER,)),
    DocumentKind("transfer_slip", "材料流转单", "流", _O, (Action.SEND_MATERIALS,)),
    # 第四十五条: the applicant is told in writing which procedure stops the clock, and for how long.
    DocumentKind("special_procedure_notice", "特别程序告知书", "特", _A, (Action.SUSPEND,)),
    # 第四十二条: an extension approved by the head of the department is told to the applicant in writing.
    DocumentKind("extension_notice", "延长办理期限告知书", "延", _A, (Action.EXTEND,)),
    # Assembled on request (卷宗), not by a step; the cover is numbered and verifiable like the others.
    DocumentKind("dossier_cover", "跨省通办办件卷宗", "卷", _O),
    DocumentKind("application_form", "申请表", "表", _O, numbered=False),
    # A result the department signed elsewhere (e.g. a licence from the provincial system), uploaded by
    # its approver once the case is decided; registered like the others so /verify checks its SHA-256.
    DocumentKind("signed_result", "签章结果文书", "签", _A, uploaded=True),
)

DOCUMENT_KINDS: dict[str, DocumentKind] = {k.id: k for k in KINDS}


def document_kind(kind_id: str) -> DocumentKind:
    """The kind, or a ValidationFailedError naming the unknown one."""
    try:
        return DOCUMENT_KINDS[kind_id]
    except KeyError:
        raise ValidationFailedError(f"未知的文书类型：{kind_id}") from None


# What a case's result is handed over as: the generated decision or notice, or the department's signed file.
RESULT_KINDS: tuple[str, ...] = ("completion_notice", "denial_decision", "signed_result")
RENDERED_KINDS: tuple[str, ...] = tuple(k.id for k in KINDS if not k.uploaded)  # one layout each


def is_document_kind(kind_id: str) -> bool:
    return kind_id in DOCUMENT_KINDS


def is_uploaded_kind(kind_id: str) -> bool:
    """Uploaded, not drawn: no step renders it and its signature is the department's own."""
    known = DOCUMENT_KINDS.get(kind_id)
    return known is not None and known.uploaded


def label_of(kind_id: str) -> str:
    """The kind's Chinese name; an unknown kind (an old record) reads as written."""
    known = DOCUMENT_KINDS.get(kind_id)
    return known.label_zh if known else kind_id


def kinds_triggered_by(action: Action) -> tuple[DocumentKind, ...]:
    return tuple(k for k in KINDS if action in k.triggers)


def number_series(jurisdiction_code: str, kind_id: str, year: str) -> str:
    """The counter a 文书编号 is drawn from: one gapless series per issuing jurisdiction, kind and year."""
    return f"docno#{jurisdiction_code}#{kind_id}#{year}"


def document_number(jurisdiction_name: str, kind_id: str, year: str, serial: int) -> str:
    """平罗受〔2026〕第000001号: two characters of the jurisdiction, the kind's abbreviation, year, serial."""
    abbreviation = document_kind(kind_id).abbreviation
    return f"{jurisdiction_name[:2]}{abbreviation}〔{year}〕第{serial:06d}号"
