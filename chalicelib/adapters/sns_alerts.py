"""Staff alerts: one SNS topic per jurisdiction (staff subscribe by SMS or e-mail), sent once per case and kind."""

from __future__ import annotations

import threading
from typing import Any

from chalicelib.resource_spec import alerts_topic_name


class SnsStaffAlerts:
    def __init__(self, sns: Any, db: Any, events_table: str, stage: str) -> None:
        self._sns = sns
        self._db = db
        self._table = events_table
        self._stage = stage
        self._arns: dict[str, str] = {}
        self._lock = threading.Lock()

    def _arn(self, jurisdiction: str) -> str:
        with self._lock:
            if jurisdiction not in self._arns:
                # create_topic is idempotent and returns the existing topic's ARN.
                out = self._sns.create_topic(Name=alerts_topic_name(self._stage, jurisdiction))
                self._arns[jurisdiction] = out["TopicArn"]
            return self._arns[jurisdiction]

    def send_once(
        self, case_id: str, alert_id: str, jurisdiction: str, department: str, text: str
    ) -> bool:
        key = {"pk": {"S": case_id}, "sk": {"S": f"A#{alert_id}"}}
        try:
            self._db.put_item(
                TableName=self._table,
                Item={**key, "text": {"S": text}, "jurisdiction": {"S": jurisdiction}},
                ConditionExpression="attribute_not_exists(pk)",
            )
        except self._db.exceptions.ConditionalCheckFailedException:
            return False
        try:
            self._sns.publish(
                TopicArn=self._arn(jurisdiction),
                Subject="通办超期预警",
                Message=text,
                MessageAttributes={
                    "department": {"DataType": "String", "StringValue": department or "-"}
                },
            )
        except Exception:
            self._db.delete_item(TableName=self._table, Key=key)
            raise
        return True
