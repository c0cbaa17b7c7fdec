"""The bench's cost model prices counted requests and durations, and finds where an always-on peer is cheaper."""

from __future__ import annotations

import math

import pytest

from devtools import bench_cost
from devtools.bench_cost import Measured

REGION = {
    "currency": "USD",
    "usage": {
        "dynamodb_write_request_unit": {"price": 1.0, "per": 1_000_000},
        "dynamodb_read_request_unit": {"price": 0.5, "per": 1_000_000},
        "sqs_request": {"price": 0.4, "per": 1_000_000},
        "s3_put_request": {"price": 5.0, "per": 1000},
        "s3_get_request": {"price": 0.4, "per": 1000},
        "lambda_request": {"price": 0.2, "per": 1_000_000},
        "lambda_gb_second": {"price": 0.00001, "per": 1},
        "api_gateway_rest_request": {"price": 3.5, "per": 1_000_000},
        "ses_email": {"price": 0.1, "per": 1000},
        "kms_request": {"price": 0.03, "per": 10_000},
        "cloudwatch_logs_ingest_gb": {"price": 0.5, "per": 1},
    },
    "monthly": {
        "app_server": {"price": 30.0},
        "postgres_single_az": {"price": 50.0},
        "postgres_multi_az": {"price": 100.0},
        "redis": {"price": 10.0},
        "load_balancer": {"price": 20.0},
    },
}


def _measured(**operations: int) -> Measured:
    return Measured(
        cases=2,
        operations=operations,
        api_ms=(100.0, 300.0),
        handler_ms={"route_cases_640221": (1000.0,), "issue_documents": (500.0,)},
        memory_mb={"api_handler": 1024, "route_cases": 512, "issue_documents": 1536},
        indexes_by_table={"cases": 3},
    )


def test_a_transactional_write_costs_two_units_plus_one_per_index_of_its_table() -> None:
    ops = {
        "dynamodb:TransactWriteItems": 1,
        "dynamodb:TransactWriteItems.Put@cases": 1,
        "dynamodb:TransactWriteItems.Put@events": 2,
        "dynamodb:TransactWriteItems.ConditionCheck@cases": 1,
    }
    assert bench_cost.request_units(ops, {"cases": 3}) == (2 + 3 + 4 + 2, 0)


def test_plain_writes_cost_one_unit_and_reads_one_per_item_or_query() -> None:
    ops = {
        "dynamodb:UpdateItem@cases": 2,
        "dynamodb:GetItem@cases": 3,
        "dynamodb:Query@cases": 1,
        "dynamodb:TransactGetItems.Get@events": 1,
        "driver-dynamodb:Scan@cases": 50,
    }
    assert bench_cost.request_units(ops, {"cases": 1}) == (4, 3 + 1 + 2)


def test_write_units_metered_item_by_item_replace_the_upper_bound_model() -> None:
    ops = {
        "dynamodb:TransactWriteItems.Put@cases": 1,  # the model: 2 + 3 indexes
        "dynamodb-wru:cases": 4,
        "dynamodb-wru:cases/by_home": 1,
    }
    assert bench_cost.usage(_measured(**ops))["dynamodb_write_request_unit"] == 5
    assert (
        bench_cost.usage(_measured(**{"dynamodb:PutItem@cases": 1}))["dynamodb_write_request_unit"]
        == 4
    )  # nothing metered: the model


def test_usage_counts_requests_by_price_class_and_gb_seconds_by_each_functions_memory() -> None:
    used = bench_cost.usage(
        _measured(**{"sqs:SendMessage": 3, "s3:PUT": 1, "s3:POST": 1, "s3:GET": 4, "s3:LIST": 1})
    )
    assert used["sqs_request"] == 3
    assert used["s3_put_request"] == 3 and used["s3_get_request"] == 4
    assert used["lambda_request"] == 4 and used["api_gateway_rest_request"] == 2
    # 0.4 s at 1 GB + 1 s at 0.5 GB + 0.5 s at 1.5 GB
    assert used["lambda_gb_second"] == pytest.approx(0.4 + 0.5 + 0.75)


def test_the_cost_per_case_divides_the_priced_usage_by_the_cases() -> None:
    parts = bench_cost.cost_per_case(_measured(**{"dynamodb:PutItem@events": 2}), REGION)
    assert parts["dynamodb_write_request_unit"] == pytest.approx(2 * 1.0 / 1_000_000 / 2)
    assert parts["api_gateway_rest_request"] == pytest.approx(2 * 3.5 / 1_000_000 / 2)


def test_the_peer_floor_is_two_servers_a_database_a_cache_and_a_balancer() -> None:
    assert bench_cost.peer_monthly(REGION) == 140.0


def test_break_even_is_the_floor_over_the_cost_of_one_case() -> None:
    assert bench_cost.break_even_cases(0.0002, 140.0) == pytest.approx(700_000)
    assert bench_cost.break_even_cases(0.0, 140.0) == math.inf


def test_the_report_sets_the_serverless_month_beside_the_peer_for_each_region() -> None:
    lines = {
        name: value for name, value, _ in bench_cost.report(_measured(), {"regions": {"r": REGION}})
    }
    per_1000 = lines["cost_per_1000_cases_r"]
    assert lines["monthly_serverless_at_10000_cases_r"] == pytest.approx(per_1000 * 10)
    assert lines["monthly_peer_floor_at_10000_cases_r"] == 140.0
    assert lines["break_even_cases_per_month_r"] == pytest.approx(140.0 / per_1000 * 1000)


def test_the_price_file_prices_every_quantity_in_both_regions_and_marks_china_as_estimates() -> (
    None
):
    prices = bench_cost.load_prices()
    used = bench_cost.usage(_measured())
    for region in prices["regions"].values():
        assert set(used) <= set(region["usage"])
        assert {"app_server", "postgres_single_az", "redis", "load_balancer"} <= set(
            region["monthly"]
        )
    assert prices["regions"]["cn-northwest-1"]["currency"] == "CNY"
    assert prices["regions"]["cn-northwest-1"]["estimate_to_verify"] is True
