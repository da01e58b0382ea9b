"""The room's join token (:mod:`adoption.join_token`): made per session and time window,
accepted for a few windows, refused when expired, from the future, for another session,
under another key, or tampered with."""

from __future__ import annotations

import pytest

from adoption.join_token import (
    ACCEPTED_WINDOWS,
    TOKEN_LENGTH,
    WINDOW_S,
    derive_key,
    is_token,
    make_token,
    token_valid,
    window_of,
)

KEY = derive_key("0" * 64)
NOW = 1_765_000_000.0  # Unix seconds


def test_a_token_is_accepted_within_its_windows_and_refused_after() -> None:
    made = make_token(KEY, "K7MQ4P", window_of(NOW))
    assert is_token(made) and len(made) == TOKEN_LENGTH
    # At the very start of its window, then up to the end of the last accepted window.
    start = window_of(NOW) * WINDOW_S
    assert token_valid(KEY, "K7MQ4P", made, start)
    last = start + ACCEPTED_WINDOWS * WINDOW_S - 0.001
    assert token_valid(KEY, "K7MQ4P", made, last)
    assert not token_valid(KEY, "K7MQ4P", made, last + 0.002), "expired"
    assert not token_valid(KEY, "K7MQ4P", made, start - 0.001), "not valid before it was made"


def test_the_token_changes_every_window() -> None:
    tokens = {make_token(KEY, "K7MQ4P", window_of(NOW + i * WINDOW_S)) for i in range(10)}
    assert len(tokens) == 10
    assert make_token(KEY, "K7MQ4P", 7) == make_token(KEY, "K7MQ4P", 7), "deterministic"


def test_a_token_is_for_one_session_and_one_key() -> None:
    made = make_token(KEY, "K7MQ4P", window_of(NOW))
    assert not token_valid(KEY, "K7MQ4Q", made, NOW), "another session"
    assert not token_valid(derive_key("1" * 64), "K7MQ4P", made, NOW), "another key"
    assert derive_key("0" * 64) != derive_key("1" * 64)


@pytest.mark.parametrize(
    "change",
    [
        lambda t: ("A" if t[0] != "A" else "B") + t[1:],  # one character changed
        lambda t: t[:-1],  # shortened
        lambda t: t + "A",  # lengthened
        lambda t: t.upper() if t.upper() != t else t.lower(),  # case changed
        lambda t: t[:-1] + "=",  # a character a token never holds
        lambda t: "",
    ],
)
def test_a_tampered_token_is_refused(change: object) -> None:
    made = make_token(KEY, "K7MQ4P", window_of(NOW))
    tampered = change(made)  # type: ignore[operator]
    assert tampered != made
    assert not token_valid(KEY, "K7MQ4P", tampered, NOW)


@pytest.mark.parametrize("value", [None, 12, b"x" * TOKEN_LENGTH, ["t"], "a b" * 6])
def test_what_is_not_a_token_is_refused_without_error(value: object) -> None:
    assert not is_token(value)
    assert not token_valid(KEY, "K7MQ4P", value, NOW)
