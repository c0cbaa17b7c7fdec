"""The one resource spec: every table, bucket, queue, pool and sender, from which infra/ and the local stack are built."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

APP = "tongban"
NOTICES_QUEUE_KEY = "notices"
DOCUMENTS_QUEUE_KEY = "documents"
SCANS_QUEUE_KEY = "scans"
ROLES_GROUPS = ("applicant", "window_staff", "approver", "department_head", "supervisor")
USER_ATTRIBUTES = ("jurisdiction", "center", "department")
# What a person may change on their own account through the app client: never their place of work
# (issue 9, hole 1). Scope comes from the staff directory; the custom attributes stay readable only.
CLIENT_WRITE_ATTRIBUTES = ("name", "phone_number", "email")
CLIENT_READ_ATTRIBUTES = (
    *CLIENT_WRITE_ATTRIBUTES,
    "phone_number_verified",
    "email_verified",
    *(f"custom:{a}" for a in USER_ATTRIBUTES),
)


@dataclass(frozen=True)
class Index:
    name: str
    partition: str
    sort: str | None = None
    # Lists are built from what the index carries (no GetItem per row): KEYS_ONLY or the few
    # attributes a list row shows (INCLUDE); never the whole item.
    include: tuple[str, ...] = ()

    @property
    def projection(self) -> dict[str, object]:
        """The DynamoDB Projection of this index."""
        if not self.include:
            return {"ProjectionType": "KEYS_ONLY"}
        return {"ProjectionType": "INCLUDE", "NonKeyAttributes": list(self.include)}


CASE_ROW = ("row",)


@dataclass(frozen=True)
class Table:
    logical: str
    name: str
    partition: str
    sort: str | None = None
    indexes: tuple[Index, ...] = ()
    ttl: str | None = (
        None  # a Number attribute (epoch seconds) after which DynamoDB deletes the item
    )


@dataclass(frozen=True)
class Bucket:
    logical: str
    name: str
    versioned: bool = True
    object_lock: bool = False
    notify_queue: str | None = None
    # Browsers post files straight to it (presigned POST) from the portal's pages: CORS for that origin.
    browser_uploads: bool = False


# A browser's presigned POST from the portal: its upload progress events make it send a preflight.
UPLOAD_CORS_METHODS = ("POST",)
UPLOAD_CORS_MAX_AGE = 3000


def upload_cors_rules(origins: Iterable[str]) -> list[dict[str, object]]:
    """The S3 API's CORS rules for the portal's origins (none: no rule)."""
    allowed = sorted({o.rstrip("/") for o in origins if o})
    if not allowed:
        return []
    return [
        {
            "AllowedOrigins": allowed,
            "AllowedMethods": list(UPLOAD_CORS_METHODS),
            "AllowedHeaders": ["*"],
            "MaxAgeSeconds": UPLOAD_CORS_MAX_AGE,
        }
    ]


@dataclass(frozen=True)
class Queue:
    logical: str
    key: str
    name: str
    dlq_name: str
    visibility_timeout: int = 60
    max_receive_count: int = 5


@dataclass(frozen=True)
class Topic:
    logical: str
    name: str
    jurisdiction: str


@dataclass(frozen=True)
class ResourceSpec:
    stage: str
    tables: tuple[Table, ...]
    buckets: tuple[Bucket, ...]
    queues: tuple[Queue, ...]
    user_pool_name: str
    topics: tuple[Topic, ...] = ()
    user_groups: tuple[str, ...] = ROLES_GROUPS
    user_attributes: tuple[str, ...] = USER_ATTRIBUTES
    client_read_attributes: tuple[str, ...] = CLIENT_READ_ATTRIBUTES
    client_write_attributes: tuple[str, ...] = CLIENT_WRITE_ATTRIBUTES
    # TOTP may be enrolled by anyone and is demanded of staff by the service (services/identity.py):
    # Cognito cannot require MFA for one group only.
    mfa_configuration: str = "OPTIONAL"
    email_sender: str = "noreply@tongban.example.gov.cn"
    extra: dict[str, str] = field(default_factory=dict)

    def queue(self, key: str) -> Queue:
        for q in self.queues:
            if q.key == key:
                return q
        raise KeyError(key)

    def table(self, logical: str) -> Table:
        for t in self.tables:
            if t.logical == logical:
                return t
        raise KeyError(logical)

    def bucket(self, logical: str) -> Bucket:
        for b in self.buckets:
            if b.logical == logical:
                return b
        raise KeyError(logical)


def queue_name(stage: str, key: str) -> str:
    return f"{APP}-{stage}-{key}"


def alerts_topic_name(stage: str, jurisdiction: str) -> str:
    """Staff of a jurisdiction subscribe (SMS or e-mail) to its deadline and problem alerts."""
    return f"{APP}-{stage}-alerts-{jurisdiction}"


def build_spec(stage: str, jurisdiction_codes: Iterable[str]) -> ResourceSpec:
    """Everything the system needs for one stage; one case queue (plus DLQ) per jurisdiction."""
    prefix = f"{APP}-{stage}"
    codes = tuple(sorted(jurisdiction_codes))
    queue_keys = [*codes, NOTICES_QUEUE_KEY, DOCUMENTS_QUEUE_KEY, SCANS_QUEUE_KEY]
    queues = tuple(
        Queue(
            logical=f"Queue{key.title().replace('-', '')}",
            key=key,
            name=queue_name(stage, key),
            dlq_name=queue_name(stage, key) + "-dlq",
        )
        for key in queue_keys
    )
    tables = (
        # A case's whole file in one partition: the case itself (sk C#), its events (E#), notices (N#),
        # documents (D#), scan results (S#) and alerts (A#), so a case and its file are one Query.
        # Only the case item carries the list keys, so the indexes hold cases and nothing else.
        Table(
            logical="CaseFilesTable",
            name=f"{prefix}-case-files",
            partition="pk",
            sort="sk",
            # Sort keys are dates fixed when the case is made or a deadline is stamped, never
            # `updated_at`; list rows come from the compact `row` attribute (dynamodb_cases).
            indexes=(
                # These three are KEYS_ONLY: their keys never change, so no step writes them (a
                # row would be rewritten on every step), and a page reads its rows in one batch.
                Index("by_applicant", "applicant_user_id", "created_at"),
                # Supervision: a jurisdiction's cases (home side), newest first.
                Index("by_home", "home_code", "created_at"),
                # The counter's work list: cases received at one 政务服务中心.
                Index("by_centre", "receiving_centre", "created_at"),
                # Sparse, open cases only: the inbox (department#due date, overdue first) and the sweep.
                Index("open_by_home", "open_home", "unit_due", CASE_ROW),
                # The inbox filtered by one status: home#department#status, newest first.
                Index("by_unit_status", "unit_status", "created_at", CASE_ROW),
                Index("by_outbox", "outbox_pending", "updated_at"),
                Index("by_number", "case_number"),
            ),
        ),
        Table(logical="CountersTable", name=f"{prefix}-counters", partition="pk"),
        # Fixed-window attempt counters (login, registration, tracking), gone a while after their window.
        Table(
            logical="RateLimitsTable",
            name=f"{prefix}-rate-limits",
            partition="pk",
            ttl="expires_at",
        ),
        Table(logical="FeedbackTable", name=f"{prefix}-feedback", partition="pk", sort="sk"),
        # Who saw full personal data of whose case: pk a jurisdiction, sk time#case#viewer.
        Table(
            logical="PersonalDataViewsTable",
            name=f"{prefix}-personal-data-views",
            partition="pk",
            sort="sk",
        ),
        # The administrator's staff directory: pk = the identity provider's `sub`.
        Table(
            logical="StaffDirectoryTable",
            name=f"{prefix}-staff-directory",
            partition="pk",
            indexes=(Index("by_login", "login"),),
        ),
    )
    buckets = (
        Bucket(
            logical="MaterialsBucket",
            name=f"{prefix}-materials",
            notify_queue=SCANS_QUEUE_KEY,
            browser_uploads=True,
        ),
        Bucket(logical="DocumentsBucket", name=f"{prefix}-documents", object_lock=True),
    )
    topics = tuple(
        Topic(logical=f"AlertsTopic{code}", name=alerts_topic_name(stage, code), jurisdiction=code)
        for code in codes
    )
    return ResourceSpec(
        stage=stage,
        topics=topics,
        tables=tables,
        buckets=buckets,
        queues=queues,
        user_pool_name=f"{prefix}-users",
    )
