"""One page of a keyed case list: a Query with a key condition and a Limit, resumed by an opaque cursor."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.case_lists import Listing
from chalicelib.domain.errors import BadRequestError
from chalicelib.domain.paging import BAD_CURSOR, decode_cursor, encode_cursor


def query_page(
    db: Any, table: str, listing: Listing, limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    """Items of the page (index projection only) and the cursor of the next page, None at the end.

    One more item than asked is read so that the last page says so (no empty page after it)."""
    names = {
        "pk",
        "sk",
        listing.partition,
        listing.sort,
    }  # an index's start key names the table's too
    start = decode_cursor(cursor, names, {listing.partition: listing.value})
    if start is not None and not start[listing.sort].startswith(listing.prefix):
        raise BadRequestError(BAD_CURSOR)
    values: dict[str, Any] = {":v": {"S": listing.value}}
    condition = f"{listing.partition} = :v"
    if listing.prefix:
        condition += f" AND begins_with({listing.sort}, :p)"
        values[":p"] = {"S": listing.prefix}
    kwargs: dict[str, Any] = {
        "TableName": table,
        "IndexName": listing.index,
        "KeyConditionExpression": condition,
        "ExpressionAttributeValues": values,
        "ScanIndexForward": not listing.newest_first,
        "Limit": limit + 1,
    }
    if start is not None:
        kwargs["ExclusiveStartKey"] = {k: {"S": v} for k, v in start.items()}
    items = db.query(**kwargs).get("Items", [])
    if len(items) <= limit:
        return items, None
    items = items[:limit]
    last = items[-1]
    return items, encode_cursor({name: last[name]["S"] for name in names})
