"""The one wiring point: settings → adapters → Deps; content is loaded once per container.

Adapters, content loaders and document engines are imported inside the builders, not at module level,
so importing the API (a Lambda cold start) does not pay for boto3, jsonschema or Jinja2 up front.
"""

from __future__ import annotations

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
    from chalicelib.adapters.jwks import JwksCache
    from chalicelib.content.form_files import FormLibrary
    from chalicelib.domain.calendar import WorkingCalendar
    from chalicelib.domain.catalog import Catalog
    from chalicelib.domain.jurisdictions import JurisdictionRegistry
    from chalicelib.services.deps import Deps

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


@dataclass(frozen=True)
class Content:
    catalog: Catalog
    jurisdictions: JurisdictionRegistry
    forms: FormLibrary
    calendar: WorkingCalendar


_lock = threading.Lock()


@cache
def content(settings_root: str) -> Content:
    from chalicelib.content.calendar_files import load_calendar
    from chalicelib.content.catalog_files import load_catalog, load_jurisdictions
    from chalicelib.content.form_files import FormLibrary

    root = Path(settings_root)
    return Content(
        catalog=load_catalog(root),
        jurisdictions=load_jurisdictions(root),
        forms=FormLibrary.load(root),
        calendar=load_calendar(root),
    )


def spec_for(settings: Settings) -> ResourceSpec:
    return build_spec(settings.stage, content(str(settings.content_root)).jurisdictions.codes())


@cache
def _deps(settings: Settings) -> Deps:
    from chalicelib.adapters.clients import client
    from chalicelib.adapters.dynamodb_case_files import DynamoCaseFiles
    from chalicelib.adapters.dynamodb_cases import DynamoCaseRepository
    from chalicelib.adapters.dynamodb_documents import DynamoDocumentRegistry
    from chalicelib.adapters.dynamodb_feedback import DynamoFeedbackRepository
    from chalicelib.adapters.dynamodb_misc import DynamoCounter, DynamoNoticeLog
    from chalicelib.adapters.dynamodb_scans import DynamoScanResults
    from chalicelib.adapters.notify import AwsNotifier
    from chalicelib.adapters.s3_blobs import S3BlobStore
    from chalicelib.adapters.sns_alerts import SnsStaffAlerts
    from chalicelib.adapters.sqs_tasks import SqsTaskQueue
    from chalicelib.documents.issuer import PdfIssuer
    from chalicelib.documents.scanner import PdfScanner
    from chalicelib.documents.templating import JinjaNoticeRenderer
    from chalicelib.services.deps import Deps

    loaded = content(str(settings.content_root))
    spec = build_spec(settings.stage, loaded.jurisdictions.codes())
    ddb = client("dynamodb", settings.region)
    events_table = spec.table("EventsTable").name
    return Deps(
        cases=DynamoCaseRepository(ddb, spec.table("CasesTable").name, events_table),
        counters=DynamoCounter(ddb, spec.table("CountersTable").name),
        blobs=S3BlobStore(client("s3", settings.region), spec.bucket("MaterialsBucket").name),
        tasks=SqsTaskQueue(client("sqs", settings.region), settings.stage),
        notifier=AwsNotifier(
            client("sns", settings.region),
            client("ses", settings.region),
            settings.sms_sender_id,
            spec.email_sender,
        ),
        notices=DynamoNoticeLog(ddb, events_table),
        renderer=JinjaNoticeRenderer(settings.content_root / "templates"),
        clock=ChinaClock(),
        ids=SecureIds(),
        catalog=loaded.catalog,
        jurisdictions=loaded.jurisdictions,
        forms=loaded.forms,
        alerts=SnsStaffAlerts(client("sns", settings.region), ddb, events_table, settings.stage),
        calendar=loaded.calendar,
        feedback=DynamoFeedbackRepository(
            ddb, spec.table("FeedbackTable").name, spec.table("CasesTable").name
        ),
        documents=S3BlobStore(client("s3", settings.region), spec.bucket("DocumentsBucket").name),
        registry=DynamoDocumentRegistry(ddb, events_table),
        issuer=PdfIssuer(
            settings.content_root / "templates", settings.keys_dir, _key_store(settings)
        ),
        scanner=PdfScanner(),
        scans=DynamoScanResults(ddb, events_table),
        case_files=DynamoCaseFiles(ddb, events_table),
        public_base_url=settings.public_base_url,
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


def deps() -> Deps:
    """Settings are read lazily: Chalice applies config env vars only per invocation in tests."""
    with _lock:
        return _deps(load_settings())


@cache
def _jwks(url: str) -> JwksCache:
    from chalicelib.adapters.jwks import JwksCache

    return JwksCache(url)


def jwks() -> JwksCache:
    return _jwks(load_settings().jwks_url)


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
    content.cache_clear()
    reset_clients()
