"""The bench's write meter bills a write as DynamoDB's developer guide says: by size, by index, by change."""

from __future__ import annotations

from devtools.dynamodb_capacity import (
    IndexShape,
    TableShape,
    item_size,
    shape_of,
    value_size,
    write_units,
)

OPEN = IndexShape("open", ("open_home", "due"), "INCLUDE", ("row",))
ALL_BY_HOME = IndexShape("by_home", ("home",), "ALL")
TABLE = TableShape("cases", ("pk",), (OPEN, ALL_BY_HOME))


def _item(**attrs: str) -> dict[str, dict[str, str]]:
    return {name: {"S": value} for name, value in attrs.items()}


def test_sizes_count_names_and_utf8_bytes_numbers_by_digits_and_containers_by_element() -> None:
    assert item_size(_item(ab="平罗")) == 2 + 6
    assert value_size({"N": "12345"}) == 4  # three digit pairs rounded up, plus one
    assert value_size({"N": "-0.0100"}) == 2
    assert value_size({"BOOL": True}) == value_size({"NULL": True}) == 1
    assert value_size({"L": [{"S": "ab"}, {"S": "c"}]}) == 3 + (2 + 1) + (1 + 1)
    assert value_size({"M": {"k": {"S": "v"}}}) == 3 + 1 + 1 + 1
    assert value_size({"B": "AAEC"}) == 3  # base64 of three bytes


def test_a_put_bills_a_unit_per_started_kilobyte_and_two_in_a_transaction() -> None:
    small, large = _item(pk="a"), _item(pk="a", x="y" * 1500)
    assert write_units(TableShape("t", ("pk",)), None, small) == {"": 1}
    assert write_units(TableShape("t", ("pk",)), None, large) == {"": 2}
    assert write_units(TableShape("t", ("pk",)), large, small, transactional=True) == {"": 4}


def test_an_index_is_not_written_when_the_item_carries_none_of_its_keys() -> None:
    assert write_units(TABLE, None, _item(pk="a", other="x")) == {"": 1}


def test_an_index_is_not_written_when_no_projected_attribute_changes() -> None:
    before = _item(pk="a", open_home="RS", due="2026-12-01", row="r", version="1")
    after = {**before, "version": {"S": "2"}}
    assert write_units(TABLE, before, after) == {"": 1}


def test_a_changed_projected_attribute_is_one_index_write() -> None:
    before = _item(pk="a", open_home="RS", due="2026-12-01", row="r")
    assert write_units(TABLE, before, {**before, "row": {"S": "s"}})["open"] == 1


def test_a_changed_index_key_is_a_delete_and_a_put() -> None:
    before = _item(pk="a", open_home="RS", due="2026-12-01", row="r")
    assert write_units(TABLE, before, {**before, "due": {"S": "2026-12-09"}})["open"] == 2


def test_an_item_leaving_a_sparse_index_is_one_write() -> None:
    before = _item(pk="a", open_home="RS", due="2026-12-01", row="r")
    after = {k: v for k, v in before.items() if k != "open_home"}
    assert write_units(TABLE, before, after)["open"] == 1


def test_an_index_projecting_all_attributes_is_written_on_any_change() -> None:
    before = _item(pk="a", home="640221", note="x")
    assert write_units(TABLE, before, {**before, "note": {"S": "y"}}) == {"": 1, "by_home": 1}


def test_a_table_shape_is_read_from_its_description() -> None:
    shape = shape_of(
        {
            "TableName": "cases",
            "KeySchema": [
                {"AttributeName": "sk", "KeyType": "RANGE"},
                {"AttributeName": "pk", "KeyType": "HASH"},
            ],
            "GlobalSecondaryIndexes": [
                {
                    "IndexName": "open",
                    "KeySchema": [{"AttributeName": "open_home", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["row"]},
                }
            ],
        }
    )
    assert shape.keys == ("pk", "sk")
    assert shape.indexes == (IndexShape("open", ("open_home",), "INCLUDE", ("row",)),)
