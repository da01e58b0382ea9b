"""Tests for :mod:`adoption.view_token`: the presenter's pass shows slides for one session,
for a day, and nothing forged or altered gets through."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from adoption import view_token
from adoption.view_token import VALID_FOR, check_view_token, make_view_token, token_expiry

NOW = datetime(2026, 12, 7, 21, 40, 12, tzinfo=UTC)
HASH = hashlib.sha256(b"the facilitator key").hexdigest()
OTHER_HASH = hashlib.sha256(b"another key").hexdigest()
CODE = "K7MQ4P"


def test_a_fresh_token_is_accepted_for_its_session_only() -> None:
    token = make_view_token(HASH, CODE, NOW)
    assert check_view_token(HASH, CODE, token, NOW) == "ok"
    assert check_view_token(HASH, "K7MQ4R", token, NOW) == "invalid", "another session"
    assert check_view_token(OTHER_HASH, CODE, token, NOW) == "invalid", "a session re-created"


def test_it_holds_neither_the_key_nor_its_hash() -> None:
    token = make_view_token(HASH, CODE, NOW)
    assert HASH not in token and HASH[:16] not in token
    assert len(token) < 40 and token.isascii()


def test_it_lasts_a_day_rounded_up_to_the_hour_then_expires() -> None:
    token = make_view_token(HASH, CODE, NOW)
    end = token_expiry(token)
    assert end == datetime(2026, 12, 8, 22, 0, tzinfo=UTC)
    assert VALID_FOR <= end - NOW < VALID_FOR + timedelta(hours=1)
    assert check_view_token(HASH, CODE, token, end - timedelta(seconds=1)) == "ok"
    assert check_view_token(HASH, CODE, token, end) == "expired"
    assert check_view_token(HASH, CODE, token, end + timedelta(days=30)) == "expired"


def test_the_same_hour_gives_the_same_link() -> None:
    later = NOW + timedelta(minutes=10)
    assert make_view_token(HASH, CODE, NOW) == make_view_token(HASH, CODE, later)


def test_a_later_expiry_written_in_by_hand_is_refused() -> None:
    token = make_view_token(HASH, CODE, NOW)
    expiry, mac = token.split(".")
    pushed = f"{int(expiry, 36) + 86_400 * 365:x}"  # any other number
    assert check_view_token(HASH, CODE, f"{pushed}.{mac}", NOW) == "invalid"


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # last character of the MAC
        lambda t: t.split(".")[0] + ".",  # no MAC
        lambda t: t.replace(".", ""),
        lambda t: t + ".x",
        lambda t: t.upper(),
        lambda t: t + "A" * 64,
        lambda t: "",
        lambda t: "é" + t,
        lambda t: " " + t,
    ],
)
def test_a_tampered_token_is_refused(change) -> None:
    token = make_view_token(HASH, CODE, NOW)
    assert check_view_token(HASH, CODE, change(token), NOW) == "invalid"


@pytest.mark.parametrize("token", [None, 42, b"abc.def", ["a.b"]])
def test_what_is_not_text_is_refused(token: object) -> None:
    assert check_view_token(HASH, CODE, token, NOW) == "invalid"


def test_the_mac_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = view_token.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(view_token.hmac, "compare_digest", spy)
    token = make_view_token(HASH, CODE, NOW)
    assert check_view_token(HASH, CODE, token, NOW) == "ok"
    assert check_view_token(HASH, CODE, token[:-1] + "x", NOW) == "invalid"
    assert len(compared) == 2, "every well-shaped token goes through compare_digest"


def test_the_repr_of_a_view_token_hides_it() -> None:
    token = make_view_token(HASH, CODE, NOW)
    assert token not in repr(view_token.ViewToken(token))
