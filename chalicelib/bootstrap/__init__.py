"""The one wiring point: settings → adapters → the small ports each use case takes; content loads once.

Adapters, content loaders and document engines are imported inside the builders, not at module level,
so importing the API (a Lambda cold start) does not pay for boto3, jsonschema or Jinja2 up front.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from chalicelib.config import Settings, load_settings
from chalicelib.resource_spec import ResourceSpec, build_spec

if TYPE_CHECKING:
    from chalicelib.adapters.cognito_users import CognitoUsers
    from chalicelib.adapters.jwks import OidcKeys
    from chalicelib.bootstrap.adapter_set import AdapterSet
    from chalicelib.content.form_files import FormLibrary
    from chalicelib.domain.calendar import WorkingCalendar
    from chalicelib.domain.catalog import Catalog
    from chalicelib.domain.jurisdictions import JurisdictionRegistry
    from chalicelib.domain.roles import Principal
    from chalicelib.services.deadline_sweep import SweepPorts
    from chalicelib.services.document_issuing import DocumentPorts
    from chalicelib.services.dossier_assembly import DossierPorts
    from chalicelib.services.feedback.case_overview import OverviewPorts
    from chalicelib.services.feedback.counter_rating import CounterRatingPorts
    from chalicelib.services.feedback.ratings import RatingPorts
    from chalicelib.services.feedback.rectifying import RectificationPorts
    from chalicelib.services.feedback.ticket_handling import TicketPorts
    from chalicelib.services.feedback.unit_report import ReportPorts
    from chalicelib.services.intake import IntakePorts
    from chalicelib.services.material_scans import ScanPorts
    from chalicelib.services.notices import NoticePorts
    from chalicelib.services.operations import OperationsPorts
    from chalicelib.services.personal_data import PersonalDataAccessLog
    from chalicelib.services.ports import CaseRepository, Content, SecretSource
    from chalicelib.services.queries import QueryPorts
    from chalicelib.services.rate_limits import RateLimitPorts
    from chalicelib.services.staff_directory import StaffDirectory
    from chalicelib.services.steps import StepPorts
    from chalicelib.services.tracking import TrackingPorts

CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")


class ChinaClock:
    def now(self) -> datetime:
        return datetime.now(CHINA)

    def today(self) -> date:
        return self.now().date()


class SecureIds:
    def new_id(self) -> str:
        return uuid.uuid4().hex

    def query_code(self) -> str:
        return f"{secrets.randbelow(1_000_000):06d}"

    def tracking_token(self) -> str:
        return secrets.token_urlsafe(12)


class LocalSecrets:
    """Local runs: each named key derived from the stack's seed, so the API workers and the consumers
    (separate processes) sign and check with the same key; with no seed, random for this process."""

    def __init__(self, seed: str = "") -> None:
        self._seed = seed.encode() if seed else secrets.token_bytes(32)
        self._made: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def secret(self, name: str) -> bytes:
        with self._lock:
            if name not in self._made:
                self._made[name] = hmac.new(self._seed, name.encode(), hashlib.sha256).digest()
            return self._made[name]


@dataclass(frozen=True)
class LoadedContent:
    catalog: Catalog
    jurisdictions: JurisdictionRegistry
    forms: FormLibrary
    calendar: WorkingCalendar


_lock = threading.Lock()


@cache
def content(settings_root: str) -> LoadedContent:
    from chalicelib.content.calendar_files import load_calendar
    from chalicelib.content.catalog_files import load_catalog, load_jurisdictions
    from chalicelib.content.form_files import FormLibrary

    root = Path(settings_root)
    return LoadedContent(
        catalog=load_catalog(root),
        jurisdictions=load_jurisdictions(root),
        forms=FormLibrary.load(root),
        calendar=load_calendar(root),
    )


def spec_for(settings: Settings) -> ResourceSpec:
    return build_spec(settings.stage, content(str(settings.content_root)).jurisdictions.codes())


@cache
def _deps(settings: Settings) -> AdapterSet:
    from chalicelib.adapters.clients import client
    from chalicelib.adapters.dynamodb_case_files import DynamoCaseFiles
    from chalicelib.adapters.dynamodb_cases import DynamoCaseRepository
    from chalicelib.adapters.dynamodb_documents import DynamoDocumentRegistry
    from chalicelib.adapters.dynamodb_feedback import DynamoFeedbackRepository
    from chalicelib.adapters.dynamodb_misc import DynamoCounter, DynamoNoticeLog
    from chalicelib.adapters.dynamodb_personal_data import DynamoPersonalDataAccessLog
    from chalicelib.adapters.dynamodb_rate_limits import DynamoHitCounter
    from chalicelib.adapters.dynamodb_scans import DynamoScanResults
    from chalicelib.adapters.s3_blobs import S3BlobStore
    from chalicelib.adapters.sns_alerts import SnsStaffAlerts
    from chalicelib.adapters.sqs_dead_letters import SqsDeadLetters
    from chalicelib.adapters.sqs_tasks import SqsTaskQueue
    from chalicelib.bootstrap.adapter_set import AdapterSet
    from chalicelib.bootstrap.notifiers import notifier_for
    from chalicelib.documents.issuer import PdfIssuer
    from chalicelib.documents.scanner import PdfScanner
    from chalicelib.documents.templating import JinjaNoticeRenderer

    loaded = content(str(settings.content_root))
    spec = build_spec(settings.stage, loaded.jurisdictions.codes())
    ddb = client("dynamodb", settings.region)
    events_table = spec.table("CaseFilesTable").name  # each case with its whole file
    return AdapterSet(
        cases=DynamoCaseRepository(ddb, events_table, spec.table("PersonalDataViewsTable").name),
        counters=DynamoCounter(ddb, spec.table("CountersTable").name),
        blobs=S3BlobStore(client("s3", settings.region), spec.bucket("MaterialsBucket").name),
        tasks=SqsTaskQueue(client("sqs", settings.region), settings.stage),
        notifier=notifier_for(settings, spec.email_sender),  # by profile: global or cn
        notices=DynamoNoticeLog(ddb, events_table),
        renderer=JinjaNoticeRenderer(settings.content_root / "templates"),
        clock=ChinaClock(),
        ids=SecureIds(),
        catalog=loaded.catalog,
        jurisdictions=loaded.jurisdictions,
        forms=loaded.forms,
        alerts=SnsStaffAlerts(client("sns", settings.region), ddb, events_table, settings.stage),
        calendar=loaded.calendar,
        feedback=DynamoFeedbackRepository(ddb, spec.table("FeedbackTable").name, events_table),
        documents=S3BlobStore(client("s3", settings.region), spec.bucket("DocumentsBucket").name),
        registry=DynamoDocumentRegistry(ddb, events_table),
        issuer=PdfIssuer(
            settings.content_root / "templates", settings.keys_dir, _key_store(settings)
        ),
        scanner=PdfScanner(),
        scans=DynamoScanResults(ddb, events_table),
        case_files=DynamoCaseFiles(ddb, events_table),
        personal_data_views=DynamoPersonalDataAccessLog(
            ddb, spec.table("PersonalDataViewsTable").name
        ),
        hits=DynamoHitCounter(ddb, spec.table("RateLimitsTable").name),
        secrets=_secrets(settings),
        dead_letters=SqsDeadLetters(client("sqs", settings.region), settings.stage),
        public_base_url=settings.public_base_url,
    )


def _secrets(settings: Settings) -> SecretSource:
    """HMAC keys (client addresses, page form tokens): per process locally, Secrets Manager when deployed."""
    if settings.stage == "local":
        return LocalSecrets(settings.local_secret_seed)
    from chalicelib.adapters.clients import client
    from chalicelib.adapters.stage_secrets import SecretsManagerSecrets

    return SecretsManagerSecrets(
        client("secretsmanager", settings.region), f"tongban/{settings.stage}/app/"
    )


def _key_store(settings: Settings) -> object | None:
    """Local runs keep signing keys in .local/keys; deployed stages share them through Secrets Manager."""
    if settings.stage == "local":
        return None
    from chalicelib.adapters.clients import client
    from chalicelib.adapters.secrets_keys import SecretsManagerKeyStore

    return SecretsManagerKeyStore(
        client("secretsmanager", settings.region), f"tongban/{settings.stage}/signing/"
    )


def deps() -> AdapterSet:
    """Settings are read lazily: Chalice applies config env vars only per invocation in tests."""
    with _lock:
        return _deps(load_settings())


# --- each use case's ports, for the entrypoints ------------------------------------------------------


def content_ports() -> Content:
    from . import port_builders  # lazy: a cold start imports no use case it does not run

    return port_builders.content_from(deps())


def case_store() -> CaseRepository:
    return deps().cases


def steps() -> StepPorts:
    from . import port_builders  # lazy: a cold start imports no use case it does not run

    return port_builders.steps_from(deps())


def intake() -> IntakePorts:
    from . import port_builders  # lazy: a cold start imports no use case it does not run

    return port_builders.intake_from(deps())


def sweep() -> SweepPorts:
    from . import port_builders  # lazy: a cold start imports no use case it does not run

    return port_builders.sweep_from(deps())


def notices() -> NoticePorts:
    from . import port_builders  # lazy: a cold start imports no use case it does not run

    return port_builders.notices_from(deps())


def scans() -> ScanPorts:
    from . import port_builders  # lazy: a cold start imports no use case it does not run

    return port_builders.scans_from(deps())


def queries() -> QueryPorts:
    from . import port_builders  # lazy: a cold start imports no use case it does not run

    return port_builders.queries_from(deps())


def documents() -> DocumentPorts:
    from . import port_builders  # lazy: a cold start imports no use case it does not run

    return port_builders.documents_from(deps())


def dossier() -> DossierPorts:
    from . import port_builders  # lazy: a cold start imports no use case it does not run

    return port_builders.dossier_from(deps())


def tracking() -> TrackingPorts:
    from . import port_builders  # lazy: a cold start imports no use case it does not run

    return port_builders.tracking_from(deps())


def rate_limits() -> RateLimitPorts:
    from . import port_builders  # lazy: a cold start imports no use case it does not run

    return port_builders.rate_limits_from(deps())


def rating_ports() -> RatingPorts:
    from . import port_builders

    return port_builders.rating_ports_from(deps())


def counter_rating() -> CounterRatingPorts:
    from . import port_builders

    return port_builders.counter_rating_from(deps())


def rectification_ports() -> RectificationPorts:
    from . import port_builders

    return port_builders.rectification_ports_from(deps())


def ticket_ports() -> TicketPorts:
    from . import port_builders

    return port_builders.ticket_ports_from(deps())


def report_ports() -> ReportPorts:
    from . import port_builders

    return port_builders.report_ports_from(deps())


def operations_ports() -> OperationsPorts:
    from . import port_builders

    return port_builders.operations_ports_from(deps())


def overview_ports() -> OverviewPorts:
    from . import port_builders

    return port_builders.overview_ports_from(deps())


def personal_data_views() -> PersonalDataAccessLog:
    return deps().personal_data_views


@cache
def _jwks(issuer: str, jwks_url: str) -> OidcKeys:
    from chalicelib.adapters.jwks import OidcKeys

    return OidcKeys(issuer, jwks_url)


def jwks() -> OidcKeys:
    """The configured OIDC provider's signing keys (by discovery, or TONGBAN_JWKS_URL locally)."""
    settings = load_settings()
    return _jwks(settings.oidc_issuer, settings.jwks_url)


# Seconds a container trusts its copy of a directory answer: the longest an ended entry keeps working.
STAFF_DIRECTORY_CACHE_SECONDS = 60.0


@cache
def _staff_directory(stage: str, region: str) -> StaffDirectory:
    # Not in the AdapterSet: identity is resolved on every request, before (and without) any use case,
    # so it must not pay for loading the catalog and forms.
    from chalicelib.adapters.clients import client
    from chalicelib.adapters.dynamodb_staff_directory import DynamoStaffDirectory
    from chalicelib.services.staff_directory import CachedStaffDirectory

    table = build_spec(stage, ()).table("StaffDirectoryTable").name
    return CachedStaffDirectory(
        DynamoStaffDirectory(client("dynamodb", region), table),
        ttl_seconds=STAFF_DIRECTORY_CACHE_SECONDS,
    )


def staff_directory() -> StaffDirectory:
    settings = load_settings()
    return _staff_directory(settings.stage, settings.region)


def principal_for(identity: Principal) -> Principal:
    """The principal a request acts as: the token's person, role and scope from the directory."""
    from chalicelib.services.identity import resolve

    settings = load_settings()
    return resolve(
        staff_directory(),
        identity,
        ChinaClock().today(),
        mfa_required=settings.staff_mfa_required,
    )


def users() -> CognitoUsers:
    from chalicelib.adapters.clients import client
    from chalicelib.adapters.cognito_users import CognitoUsers

    settings = load_settings()
    return CognitoUsers(
        client("cognito-idp", settings.region), settings.user_pool_id, settings.user_pool_client_id
    )


def reset() -> None:
    """Forget everything cached (tests start a fresh moto between modules)."""
    from chalicelib.adapters.clients import reset_clients

    _deps.cache_clear()
    _jwks.cache_clear()
    _staff_directory.cache_clear()
    content.cache_clear()
    reset_clients()
