"""Which Lambda function touches which tables, buckets, queues, topics and secrets: the one list that
infra/app_stack.py turns into each function's own IAM policy, memory, concurrency and environment."""

from __future__ import annotations

from dataclasses import dataclass

# Logical table names of chalicelib/resource_spec.py (the spec's names derive from the stage).
CASE_TABLES = ("CaseFilesTable", "CountersTable")
ALL_WRITABLE_TABLES = (
    *CASE_TABLES,
    "RateLimitsTable",
    "FeedbackTable",
    "PersonalDataViewsTable",
)
# Written only by the administrator's tooling (devtools/ops.py staff): every function only reads it.
STAFF_DIRECTORY = "StaffDirectoryTable"
JURISDICTION_QUEUES = "*jurisdictions*"  # every per-jurisdiction case queue of the spec


@dataclass(frozen=True)
class FunctionNeeds:
    """What one function does with the world; names are resource_spec logical names or queue keys."""

    handler: str  # the Chalice handler's name (api_handler for all HTTP routes)
    memory_mb: int = 1024
    timeout_s: int = 60
    writes_tables: tuple[str, ...] = ()
    reads_tables: tuple[str, ...] = ()
    writes_buckets: tuple[str, ...] = ()
    reads_buckets: tuple[str, ...] = ()
    sends_to: tuple[str, ...] = ()  # queue keys, or JURISDICTION_QUEUES
    consumes: str | None = (
        None  # queue key, or JURISDICTION_QUEUES for the per-jurisdiction routers
    )
    max_concurrency: int | None = (
        None  # SQS ScalingConfig: a burst of one kind cannot starve the API
    )
    publishes_alerts: bool = False  # the per-jurisdiction SNS alert topics
    sends_sms_and_email: bool = False  # SNS SMS + SES (global) or the provider's SDK (cn)
    manages_accounts: bool = False  # Cognito sign-up/sign-in (global profile only)
    secrets: tuple[str, ...] = ()  # prefixes under tongban/<stage>/: app (session keys), signing
    creates_secrets: bool = False  # a stage's first run generates its keys


FUNCTIONS: tuple[FunctionNeeds, ...] = (
    FunctionNeeds(
        handler="api_handler",
        writes_tables=ALL_WRITABLE_TABLES,
        reads_tables=(STAFF_DIRECTORY,),
        writes_buckets=("MaterialsBucket",),
        reads_buckets=("DocumentsBucket",),
        sends_to=(JURISDICTION_QUEUES, "notices", "documents"),
        manages_accounts=True,
        secrets=("app", "signing"),
        creates_secrets=True,
    ),
    # The authorizer only checks a token's signature against the provider's JWKS (fetched over HTTPS).
    FunctionNeeds(handler="cognito_jwt", memory_mb=256, timeout_s=10),
    FunctionNeeds(
        handler="route_cases",  # one function per jurisdiction queue (route_cases_<code>)
        memory_mb=512,
        writes_tables=CASE_TABLES,
        reads_tables=(STAFF_DIRECTORY,),
        sends_to=(JURISDICTION_QUEUES, "notices", "documents"),
        consumes=JURISDICTION_QUEUES,
        max_concurrency=5,
    ),
    FunctionNeeds(
        handler="process_scans",
        memory_mb=1536,
        timeout_s=120,
        writes_tables=CASE_TABLES,
        writes_buckets=("MaterialsBucket",),
        consumes="scans",
        max_concurrency=4,
    ),
    FunctionNeeds(
        handler="issue_documents",
        memory_mb=1536,
        timeout_s=120,
        writes_tables=CASE_TABLES,
        writes_buckets=("DocumentsBucket",),
        reads_buckets=("MaterialsBucket",),
        sends_to=("notices",),
        consumes="documents",
        max_concurrency=4,
        # The notice that announces a document rides in its message (services/announced_documents.py).
        sends_sms_and_email=True,
        secrets=("signing",),
        creates_secrets=True,
    ),
    FunctionNeeds(
        handler="send_notices",
        memory_mb=512,
        writes_tables=CASE_TABLES,
        consumes="notices",
        max_concurrency=5,
        # cn: the provider credentials are resolved into its environment at deploy (infra/app_settings.py).
        sends_sms_and_email=True,
    ),
    FunctionNeeds(
        handler="flush_outboxes",
        memory_mb=512,
        writes_tables=CASE_TABLES,
        sends_to=(JURISDICTION_QUEUES, "notices", "documents"),
    ),
    FunctionNeeds(
        handler="sweep_deadlines",
        memory_mb=512,
        timeout_s=300,
        writes_tables=CASE_TABLES,
        reads_tables=(STAFF_DIRECTORY,),
        sends_to=("notices",),
        publishes_alerts=True,
    ),
)


def needs_of(handler: str) -> FunctionNeeds:
    """The needs of a packaged handler; route_cases_<code> share the routers' entry."""
    key = "route_cases" if handler.startswith("route_cases_") else handler
    for needs in FUNCTIONS:
        if needs.handler == key:
            return needs
    raise KeyError(handler)
