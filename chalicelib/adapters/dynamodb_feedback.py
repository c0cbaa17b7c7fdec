"""DynamoDB feedback repository on ONE table (pk, sk strings): evaluations, 差评整改 and problem tickets.

Key design (no GSIs; index items are written in the same transaction as the item they point at):

    EVAL#<id>      EVAL                          the evaluation (doc, version)
    CASE#<case>    EVAL                          guard: one evaluation per case (ref)
    UNIT#<code>    EVAL#<rated_at>#<id>          evaluations of a jurisdiction (ref)
    RECT#<id>      RECT                          the rectification (doc, version)
    CASE#<case>    RECT#<opened_at>#<id>         rectifications of a case (ref)
    UNIT#<code>    RECT#<opened_at>#<id>         rectifications of a jurisdiction (ref)
    OPEN#<code>    RECT#<opened_at>#<id>         present while the rectification is not closed
    PROB#<id>      PROB                          the problem ticket (doc, version)
    CASE#<case>    PROB#<opened_at>#<id>         tickets of a case (ref)
    OPEN#<code>    PROB#<opened_at>#<id>         present while the ticket is not closed

Notices owed to the applicant ride the case's transactional outbox: the same transaction updates the
case item in the cases table (its `doc` outbox and the sparse `outbox_pending` flag, exactly as
dynamodb_cases writes them; version and updated_at unchanged), so the minute sweep sends what the
immediate flush could not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from chalicelib.domain.errors import ConcurrencyError, NotFoundError
from chalicelib.domain.feedback.evaluations import Evaluation
from chalicelib.domain.feedback.problem_tickets import ProblemTicket
from chalicelib.domain.feedback.rectifications import Rectification

from .dynamodb_case_outbox import CaseOutboxAppend, only_item_failed
from .dynamodb_feedback_docs import (
    evaluation_from_doc,
    evaluation_to_doc,
    problem_from_doc,
    problem_to_doc,
    rectification_from_doc,
    rectification_to_doc,
)

T = TypeVar("T")
OUTBOX_ATTEMPTS = 5  # a case changed between our read and our write only costs a retry


REF_PAGE = 100


def _s(value: str) -> dict[str, str]:
    return {"S": value}


# --- keys ---------------------------------------------------------------------------------------


def _eval_pk(evaluation_id: str) -> str:
    return f"EVAL#{evaluation_id}"


def _rect_pk(rectification_id: str) -> str:
    return f"RECT#{rectification_id}"


def _prob_pk(ticket_id: str) -> str:
    return f"PROB#{ticket_id}"


def _rect_sk(rect: Rectification) -> str:
    return f"RECT#{rect.opened_at}#{rect.rectification_id}"


def _prob_sk(ticket: ProblemTicket) -> str:
    return f"PROB#{ticket.opened_at}#{ticket.ticket_id}"


class DynamoFeedbackRepository:
    """Implements services.feedback.protocols.FeedbackRepository with the low-level DynamoDB client."""

    def __init__(self, client: Any, table_name: str, cases_table: str) -> None:
        self._db = client
        self._table = table_name
        self._outbox = CaseOutboxAppend(client, cases_table)

    # --- item builders --------------------------------------------------------------------------

    def _main(self, pk: str, sk: str, doc: str, version: int) -> dict[str, Any]:
        return {"pk": _s(pk), "sk": _s(sk), "doc": _s(doc), "version": {"N": str(version)}}

    def _put_new(self, item: dict[str, Any]) -> dict[str, Any]:
        return {
            "Put": {
                "TableName": self._table,
                "Item": item,
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }

    def _put_versioned(self, item: dict[str, Any], expected_version: int) -> dict[str, Any]:
        return {
            "Put": {
                "TableName": self._table,
                "Item": item,
                "ConditionExpression": "#v = :expected",
                "ExpressionAttributeNames": {"#v": "version"},
                "ExpressionAttributeValues": {":expected": {"N": str(expected_version)}},
            }
        }

    def _put_ref(self, pk: str, sk: str, ref: str) -> dict[str, Any]:
        return {
            "Put": {
                "TableName": self._table,
                "Item": {"pk": _s(pk), "sk": _s(sk), "ref": _s(ref)},
            }
        }

    def _delete(self, pk: str, sk: str) -> dict[str, Any]:
        return {"Delete": {"TableName": self._table, "Key": {"pk": _s(pk), "sk": _s(sk)}}}

    def _transact(
        self,
        items: list[dict[str, Any]],
        message: str,
        case_id: str = "",
        notices: Sequence[dict[str, Any]] = (),
    ) -> None:
        """One transaction; with notices, the case item's outbox joins it (retried if only the case moved)."""
        for _ in range(OUTBOX_ATTEMPTS):
            batch = [*items, self._outbox.append_item(case_id, notices)] if notices else items
            try:
                self._db.transact_write_items(TransactItems=batch)
                return
            except self._db.exceptions.TransactionCanceledException as exc:
                if not notices or not only_item_failed(exc, len(items)):
                    raise ConcurrencyError(message) from exc
        raise ConcurrencyError("办件正在被频繁更新，请稍后重试")

    # --- evaluations ----------------------------------------------------------------------------

    def _rect_items(self, rect: Rectification) -> list[dict[str, Any]]:
        pk = _rect_pk(rect.rectification_id)
        sk = _rect_sk(rect)
        items = [
            self._put_ref(f"CASE#{rect.case_id}", sk, pk),
            self._put_ref(f"UNIT#{rect.owner.jurisdiction}", sk, pk),
        ]
        open_key = f"OPEN#{rect.owner.jurisdiction}"
        items.append(
            self._put_ref(open_key, sk, pk) if rect.is_open else self._delete(open_key, sk)
        )
        return items

    def add_evaluation(
        self,
        evaluation: Evaluation,
        rectification: Rectification | None = None,
        notices: Sequence[dict[str, Any]] = (),
    ) -> None:
        pk = _eval_pk(evaluation.evaluation_id)
        items = [
            self._put_new(
                self._main(pk, "EVAL", evaluation_to_doc(evaluation), evaluation.version)
            ),
            self._put_new(
                {"pk": _s(f"CASE#{evaluation.case_id}"), "sk": _s("EVAL"), "ref": _s(pk)}
            ),
            self._put_ref(
                f"UNIT#{evaluation.rated_unit.jurisdiction}",
                f"EVAL#{evaluation.rated_at}#{evaluation.evaluation_id}",
                pk,
            ),
        ]
        if rectification is not None:
            items.append(
                self._put_new(
                    self._main(
                        _rect_pk(rectification.rectification_id),
                        "RECT",
                        rectification_to_doc(rectification),
                        rectification.version,
                    )
                )
            )
            items.extend(self._rect_items(rectification))
        self._transact(items, "该办件已评价，请勿重复提交", evaluation.case_id, notices)

    def get_evaluation(self, evaluation_id: str) -> Evaluation:
        doc = self._get_doc(_eval_pk(evaluation_id), "EVAL")
        if doc is None:
            raise NotFoundError("评价不存在")
        return evaluation_from_doc(doc)

    def save_evaluation(self, evaluation: Evaluation, expected_version: int) -> None:
        item = self._main(
            _eval_pk(evaluation.evaluation_id),
            "EVAL",
            evaluation_to_doc(evaluation),
            evaluation.version,
        )
        self._transact([self._put_versioned(item, expected_version)], "评价已被更新，请刷新后重试")

    def find_evaluation_for_case(self, case_id: str) -> Evaluation | None:
        found = self._db.get_item(
            TableName=self._table,
            Key={"pk": _s(f"CASE#{case_id}"), "sk": _s("EVAL")},
            ConsistentRead=True,
        )
        if "Item" not in found:
            return None
        doc = self._get_doc(found["Item"]["ref"]["S"], "EVAL")
        return evaluation_from_doc(doc) if doc is not None else None

    def evaluations_by_jurisdiction(
        self, jurisdiction: str, since: date | None = None, until: date | None = None
    ) -> list[Evaluation]:
        return self._by_refs(
            f"UNIT#{jurisdiction}", "EVAL#", "EVAL", evaluation_from_doc, (since, until)
        )

    # --- rectifications -------------------------------------------------------------------------

    def get_rectification(self, rectification_id: str) -> Rectification:
        doc = self._get_doc(_rect_pk(rectification_id), "RECT")
        if doc is None:
            raise NotFoundError("整改单不存在")
        return rectification_from_doc(doc)

    def save_rectification(
        self,
        rectification: Rectification,
        expected_version: int,
        evaluation: Evaluation | None = None,
        evaluation_expected_version: int | None = None,
        notices: Sequence[dict[str, Any]] = (),
    ) -> None:
        item = self._main(
            _rect_pk(rectification.rectification_id),
            "RECT",
            rectification_to_doc(rectification),
            rectification.version,
        )
        items = [self._put_versioned(item, expected_version)]
        open_key = f"OPEN#{rectification.owner.jurisdiction}"
        if not rectification.is_open:
            items.append(self._delete(open_key, _rect_sk(rectification)))
        if evaluation is not None:
            expected = (
                evaluation_expected_version
                if evaluation_expected_version is not None
                else evaluation.version - 1
            )
            eval_item = self._main(
                _eval_pk(evaluation.evaluation_id),
                "EVAL",
                evaluation_to_doc(evaluation),
                evaluation.version,
            )
            items.append(self._put_versioned(eval_item, expected))
        self._transact(items, "整改单已被他人处理，请刷新后重试", rectification.case_id, notices)

    def rectifications_for_case(self, case_id: str) -> list[Rectification]:
        return self._by_refs(f"CASE#{case_id}", "RECT#", "RECT", rectification_from_doc)

    def rectifications_by_jurisdiction(
        self, jurisdiction: str, since: date | None = None, until: date | None = None
    ) -> list[Rectification]:
        return self._by_refs(
            f"UNIT#{jurisdiction}", "RECT#", "RECT", rectification_from_doc, (since, until)
        )

    def open_rectifications(self, jurisdiction: str) -> list[Rectification]:
        return self._by_refs(f"OPEN#{jurisdiction}", "RECT#", "RECT", rectification_from_doc)

    # --- problem tickets ------------------------------------------------------------------------

    def add_problem(self, ticket: ProblemTicket, notices: Sequence[dict[str, Any]] = ()) -> None:
        pk = _prob_pk(ticket.ticket_id)
        sk = _prob_sk(ticket)
        items = [
            self._put_new(self._main(pk, "PROB", problem_to_doc(ticket), ticket.version)),
            self._put_ref(f"CASE#{ticket.case_id}", sk, pk),
        ]
        if ticket.is_open:
            items.append(self._put_ref(f"OPEN#{ticket.owner_jurisdiction}", sk, pk))
        self._transact(items, "问题单已存在", ticket.case_id, notices)

    def get_problem(self, ticket_id: str) -> ProblemTicket:
        doc = self._get_doc(_prob_pk(ticket_id), "PROB")
        if doc is None:
            raise NotFoundError("问题单不存在")
        return problem_from_doc(doc)

    def save_problem(
        self, ticket: ProblemTicket, expected_version: int, notices: Sequence[dict[str, Any]] = ()
    ) -> None:
        item = self._main(
            _prob_pk(ticket.ticket_id), "PROB", problem_to_doc(ticket), ticket.version
        )
        items = [self._put_versioned(item, expected_version)]
        if not ticket.is_open:
            items.append(self._delete(f"OPEN#{ticket.owner_jurisdiction}", _prob_sk(ticket)))
        self._transact(items, "问题单已被他人处理，请刷新后重试", ticket.case_id, notices)

    def problems_for_case(self, case_id: str) -> list[ProblemTicket]:
        return self._by_refs(f"CASE#{case_id}", "PROB#", "PROB", problem_from_doc)

    def open_problems(self, jurisdiction: str) -> list[ProblemTicket]:
        return self._by_refs(f"OPEN#{jurisdiction}", "PROB#", "PROB", problem_from_doc)

    # --- reads ----------------------------------------------------------------------------------

    def _get_doc(self, pk: str, sk: str) -> str | None:
        found = self._db.get_item(
            TableName=self._table, Key={"pk": _s(pk), "sk": _s(sk)}, ConsistentRead=True
        )
        if "Item" not in found:
            return None
        return str(found["Item"]["doc"]["S"])

    def _by_refs(
        self,
        pk: str,
        prefix: str,
        main_sk: str,
        parse: Callable[[str], T],
        days: tuple[date | None, date | None] | None = None,
    ) -> list[T]:
        """Query the index partition (only the days asked for: the date leads the sort key), then
        fetch the items it points at, in index order; read in pages of REF_PAGE."""
        refs: list[str] = []
        paginator = self._db.get_paginator("query")
        condition, values = "pk = :pk AND begins_with(sk, :p)", {":pk": _s(pk), ":p": _s(prefix)}
        if days is not None and days != (None, None):
            since, until = days
            condition = "pk = :pk AND sk BETWEEN :lo AND :hi"
            values = {
                ":pk": _s(pk),
                ":lo": _s(f"{prefix}{since.isoformat() if since else ''}"),
                ":hi": _s(f"{prefix}{until.isoformat() if until else '9999-12-31'}~"),
            }
        for page in paginator.paginate(
            TableName=self._table,
            KeyConditionExpression=condition,
            ExpressionAttributeValues=values,
            ConsistentRead=True,
            PaginationConfig={"PageSize": REF_PAGE},
        ):
            refs.extend(i["ref"]["S"] for i in page.get("Items", []))
        docs = self._batch_docs(refs, main_sk)
        return [parse(docs[r]) for r in refs if r in docs]

    def _batch_docs(self, pks: list[str], sk: str) -> dict[str, str]:
        docs: dict[str, str] = {}
        unique = list(dict.fromkeys(pks))
        for start in range(0, len(unique), 100):
            keys: list[dict[str, Any]] = [
                {"pk": _s(pk), "sk": _s(sk)} for pk in unique[start : start + 100]
            ]
            request: dict[str, Any] = {self._table: {"Keys": keys, "ConsistentRead": True}}
            while request:
                out = self._db.batch_get_item(RequestItems=request)
                for item in out.get("Responses", {}).get(self._table, []):
                    docs[item["pk"]["S"]] = item["doc"]["S"]
                request = out.get("UnprocessedKeys") or {}
        return docs
