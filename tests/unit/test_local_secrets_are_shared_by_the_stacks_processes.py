"""The local stack's processes (API workers, consumers) derive each named key from one seed."""

from __future__ import annotations

from chalicelib.bootstrap import LocalSecrets
from chalicelib.services.feedback.counter_rating import rating_token


def test_two_processes_given_the_same_seed_hold_the_same_key_for_a_name() -> None:
    consumer, api = LocalSecrets("seed-of-this-run"), LocalSecrets("seed-of-this-run")
    assert consumer.secret("rating-link-key") == api.secret("rating-link-key")
    assert len(api.secret("rating-link-key")) == 32


def test_a_rating_link_signed_in_one_process_checks_in_another() -> None:
    consumer, api = LocalSecrets("s"), LocalSecrets("s")
    made = rating_token(consumer.secret("rating-link-key"), "c1")
    assert made == rating_token(api.secret("rating-link-key"), "c1")


def test_names_and_seeds_give_different_keys() -> None:
    one = LocalSecrets("s")
    assert one.secret("rating-link-key") != one.secret("client-key")
    assert one.secret("client-key") != LocalSecrets("t").secret("client-key")


def test_without_a_seed_each_process_makes_its_own_random_keys() -> None:
    assert LocalSecrets().secret("client-key") != LocalSecrets().secret("client-key")
    alone = LocalSecrets()
    assert alone.secret("client-key") == alone.secret("client-key")
