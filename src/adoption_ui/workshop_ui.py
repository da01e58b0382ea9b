"""Streamlit edge of the three Workshop pages: the cached store, devices, links, the code.

The store (engine + :class:`~adoption.store.WorkshopStore`) is opened once per process and
database URL by :func:`adoption.store.shared_store`, deliberately not in ``st.cache_resource``:
any browser can empty Streamlit's caches, and an engine rebuilt at each request would pile up
connections. Opening creates the tables and purges expired sessions; a failure to open is
not kept, so a later run tries again. Pages import this module as
``from adoption_ui import workshop_ui as wui``.

User text (session titles) reaches the page only escaped: :func:`title` for Markdown, and
``html.escape`` in every HTML snippet built here (``st.html`` is sanitised as well).
"""

from __future__ import annotations

import functools
import html
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, NamedTuple, NoReturn

import streamlit as st
import streamlit.components.v2 as components

from adoption import palette, workshop
from adoption.store import (
    DATABASE_URL_ENV,
    StoreError,
    StoreUnavailable,
    WorkshopStore,
    default_database_url,
    is_participant,
    shared_store,
    url_from_connection,
)
from adoption.store.limits import (
    TRUSTED_PROXIES_ENV,
    Limit,
    Network,
    RateLimiter,
    RefusalTally,
    client_ip,
    trusted_proxies,
)
from adoption_ui import appdata
from adoption_ui.text import tr

LOGGER = logging.getLogger("adoption.workshop")

# --------------------------------------------------------------------------- store


CONNECTION = "workshop"  # [connections.workshop], as for st.connection("workshop")


def _secrets_section(*path: str) -> Mapping[str, Any] | None:
    """A section of the Streamlit secrets (``"connections", "workshop"``), or None.

    Even testing ``"database" in st.secrets`` raises when there is no secrets file, and a
    malformed file raises too: any failure here just means "not in the secrets".
    """
    try:
        if not st.secrets.load_if_toml_exists():
            return None
        section: Any = st.secrets
        for name in path:
            section = section.get(name) if isinstance(section, Mapping) else None
    except Exception:  # a broken secrets file must not break the pages
        return None
    return section if isinstance(section, Mapping) else None


def _secrets_url() -> str | None:
    """``[connections.workshop]`` in the secrets, else ``[database] url``, else None.

    Raises :class:`StoreUnavailable` for a connection section that cannot make a URL: a
    hosted app must not quietly fall back to a local file its host will erase.
    """
    connection = _secrets_section("connections", CONNECTION)
    if connection is not None:
        url = url_from_connection(connection)
        if url is not None:
            return url
    database = _secrets_section("database")
    url = database.get("url") if database is not None else None
    return url.strip() if isinstance(url, str) and url.strip() else None


def database_url() -> str:
    """``$ADOPTION_DATABASE_URL``, else the secrets (see :func:`_secrets_url`), else SQLite."""
    if os.environ.get(DATABASE_URL_ENV, "").strip():
        return default_database_url()
    return _secrets_url() or default_database_url()


def store() -> WorkshopStore:
    """The shared store; raises :class:`StoreUnavailable` when the database cannot be used.

    On its first opening in this process, answers an older version stored without pillar
    scores are scored with today's questionnaire, so every answer counted is averaged too.
    """

    def scorer(answers: Mapping[str, str], asked: Sequence[str]) -> Mapping[str, float]:
        return workshop.participant_scores(appdata.questionnaire(), answers, asked)

    return shared_store(database_url(), retention_days=workshop.retention_days(), scorer=scorer)


def db_error(error: StoreUnavailable, *, details: bool) -> None:
    """The clear message for an unusable database; for facilitators (``details``), where the
    technical reason is. The reason itself (database, host, user) stays in the server's log:
    these pages open before any key is checked, and may be on a projector."""
    st.error(tr("ws.db_unavailable"), icon=":material/cloud_off:")
    if details:
        st.caption(tr("ws.db_log_hint"))


def stop_unavailable(
    error: StoreUnavailable, *, details: bool, title: str | None = None
) -> NoReturn:
    """End the page on an unusable database: (its title,) the message, a retry button."""
    if title is not None:
        st.title(title)
    db_error(error, details=details)
    st.button(tr("ws.retry"), icon=":material/refresh:")
    st.stop()


def open_store(*, details: bool, title: str | None = None) -> WorkshopStore:
    """The shared store for a page; when its database cannot be used, the page says so, ends."""
    try:
        return store()
    except StoreUnavailable as error:
        stop_unavailable(error, details=details, title=title)


# --------------------------------------------------------------------------- devices

# The participant's device: a random token kept in the browser's localStorage, never in the
# URL, so a forwarded link or a shared screen does not carry anyone's identity, and every
# tab of one browser is one participant. The same storage keeps a draft of the answers per
# session, as last drawn, so a reload (or a phone that drops the tab during an outage)
# finds them again. One small component does both and touches no other element of the page:
# mounted as the probe, it answers once per page load and session code with the token it
# holds (or the one Python made, stored when it has none) and the draft it kept; mounted as
# the keeper, it writes the draft Python hands it. It never reads another element.
_PROBE_KEY = "ws_device_probe"
_KEEPER_KEY = "ws_draft_keeper"
_DEVICE_JS = """
export default function ({ data, setStateValue }) {
  let box = null;
  try { box = window.localStorage; } catch (e) { box = null; }
  const read = (k) => { try { return box ? box.getItem(k) : null; } catch (e) { return null; } };
  const write = (k, v) => { try { if (box) { box.setItem(k, v); } } catch (e) {} };
  const draftKey = "adoption.draft." + data.code;
  if (typeof data.draft === "string") { write(draftKey, data.draft); return; }
  let token = read("adoption.device");
  if (!token || !/^[A-Za-z0-9_-]{16,64}$/.test(token)) {
    token = data.provisional;
    write("adoption.device", token);
  }
  const told = (window.__adoptionTold = window.__adoptionTold || {});
  if (told[data.code] === data.provisional) { return; }
  const again = told[data.code] !== undefined;
  told[data.code] = data.provisional;
  setStateValue("device", {
    token: token, code: data.code, draft: read(draftKey), session: data.provisional, again: again,
  });
}
"""
_device = components.component("adoption_device", js=_DEVICE_JS)


class BrowserReport(NamedTuple):
    """What the probe reported: the device's token and the raw draft kept for the code.

    ``stale``: the report was made for an earlier server session of this page (a
    reconnection to a restarted server); its draft is not the browser's current one.
    ``again``: the page had already reported to another server session (it reconnected),
    this report is the new session's own.
    """

    token: str
    draft: object
    stale: bool = False
    again: bool = False


def browser_report(code: str, provisional: str) -> BrowserReport | None:
    """Draw the (invisible) probe; what the browser reported for ``code``, or None until it
    has (and where scripts do not run, as in AppTest).

    ``provisional`` is the token the browser takes when it has none; it also names this
    server session, so the probe reports once per session (see :class:`BrowserReport`).
    """
    result = _device(
        key=_PROBE_KEY,
        data={"code": code, "provisional": provisional},
        on_device_change=lambda: None,
        height=0,
    )
    reported = result.get("device")
    if not isinstance(reported, Mapping) or reported.get("code") != code:
        return None
    token = reported.get("token")
    if not is_participant(token):
        return None
    return BrowserReport(
        token,
        reported.get("draft"),
        stale=reported.get("session") != provisional,
        again=reported.get("again") is True,
    )


def keep_draft(code: str, draft: str, key: str | None = None) -> None:
    """Have the browser keep ``draft`` (JSON, see :func:`adoption.join_flow.draft_to_json`)
    as this session's unsent answers, until the next one replaces it. ``key``: another
    keeper than the questions' one, where both may be drawn in one run."""
    _device(key=key or _KEEPER_KEY, data={"code": code, "draft": draft}, height=0)


# --------------------------------------------------------------------------- rate limits

# A room behind one venue Wi-Fi shares one address: the limits per address allow a whole
# room arriving at once; the tighter ones are per device.
JOIN_PER_ADDRESS = Limit(burst=60, per_s=0.5)
SEND_PER_ADDRESS = Limit(burst=60, per_s=1.0)
SEND_PER_DEVICE = Limit(burst=5, per_s=0.2)
# Devices that joined from the projected code (their link carried the room's token, see
# adoption.join_token) are counted per session, not per address: the room's whole Wi-Fi
# is one address. A few hundred at once, then several a second, for one session.
JOIN_PER_ROOM = Limit(burst=400, per_s=10.0)
SEND_PER_ROOM = Limit(burst=400, per_s=20.0)
# A facilitator opens a few sessions an hour; a script opening hundreds would fill the
# database and the code space.
CREATE_PER_ADDRESS = Limit(burst=10, per_s=1 / 30)
LIMITER = RateLimiter()
REFUSALS = RefusalTally()


@functools.cache
def _trusted() -> tuple[Network, ...]:
    networks, bad = trusted_proxies(os.environ.get(TRUSTED_PROXIES_ENV))
    if bad:
        LOGGER.warning("%s: ignored entries that are not addresses: %s", TRUSTED_PROXIES_ENV, bad)
    return networks


def client_address() -> str:
    """The client's address, for rate limits: the socket's, or, behind a trusted proxy
    (``ADOPTION_TRUSTED_PROXIES``, loopback by default), the one that proxy saw."""
    try:
        peer = st.context.ip_address
        forwarded = st.context.headers.get("X-Forwarded-For")
    except Exception:  # no browser context
        return "local"
    # AppTest's context is a stand-in whose values are not strings: the loopback then.
    return client_ip(
        peer if isinstance(peer, str) else None,
        forwarded if isinstance(forwarded, str) else "",
        _trusted(),
    )


def allowed(action: str, code: str, *checks: tuple[str, Limit]) -> bool:
    """Take a token for ``action`` from each bucket; a refusal is counted for the session."""
    if LIMITER.allow(*((f"{action}:{key}", limit) for key, limit in checks)):
        return True
    count = REFUSALS.add(code)
    if count:
        try:
            store().add_refusals(code, throttled=count)
        except StoreError:
            REFUSALS.give_back(code, count)
    return False


# --------------------------------------------------------------------------- links


# Set by deploy.replicas for processes behind a balancer that listens on every interface.
ON_NETWORK_ENV = "ADOPTION_ON_NETWORK"


def base_url() -> str:
    """The app's base URL as the browser sees it (a localhost guess when Streamlit has none).

    When the server listens on every interface (``--server.address 0.0.0.0``), or the
    balancer in front of it does (``make workshop``, ``make serve``: ``$ADOPTION_ON_NETWORK``
    is 1), and the facilitator opened it as localhost, links use the machine's network
    address instead: phones on the same Wi-Fi can open those, not ``localhost``.
    """
    try:
        page_url = st.context.url
    except Exception:  # no browser context (e.g. in tests): use the guess
        page_url = None
    port = st.get_option("server.port") or 8501
    base = workshop.app_base(page_url) or f"http://localhost:{port}"
    every_interface = st.get_option("server.address") in ("0.0.0.0", "::")  # noqa: S104
    if every_interface or os.environ.get(ON_NETWORK_ENV) == "1":
        return workshop.on_network(base, _lan_address())
    return base


@st.cache_data(show_spinner=False, ttl=60)
def _lan_address() -> str | None:
    """The machine's network address, looked up at most once a minute (Wi-Fi may change)."""
    return workshop.lan_address()


# --------------------------------------------------------------------------- display


def slide_buttons(
    prefix: str,
    slide: int,
    total: int,
    revealed: bool,
    on_click: Callable[[str], None],
    *,
    reveal: bool | None,
    gap: Literal["small", "large"] = "small",
) -> None:
    """Previous, reveal (or hide) and next, for the projector and the facilitator alike.

    ``on_click`` receives ``"prev"``, ``"reveal"`` or ``"next"``. ``reveal`` is None to
    leave the reveal button out, False to show it disabled. Keys are ``{prefix}_prev`` etc.
    """
    back, show, forward = st.columns(3, gap=gap)
    back.button(
        tr("ws.slides.prev"),
        icon=":material/arrow_back:",
        key=f"{prefix}_prev",
        width="stretch",
        disabled=slide == 0,
        on_click=on_click,
        args=("prev",),
    )
    if reveal is not None:
        show.button(
            tr("ws.slides.hide" if revealed else "ws.slides.reveal"),
            icon=":material/visibility:",
            key=f"{prefix}_reveal",
            width="stretch",
            disabled=not reveal,
            on_click=on_click,
            args=("reveal",),
        )
    forward.button(
        tr("ws.slides.next"),
        icon=":material/arrow_forward:",
        key=f"{prefix}_next",
        type="primary",
        width="stretch",
        disabled=slide == total - 1,
        on_click=on_click,
        args=("next",),
    )


def escape_link(url: str) -> str:
    """A link written as Markdown that shows the address itself, in the link colour (a
    caption's faded grey gave a link 2.96:1 on white)."""
    return f"[{workshop.escape_markdown(url)}](<{url}>)"


def title(text: str) -> str:
    """A session title made safe for ``st.title``/``st.markdown``: reads exactly as typed."""
    return workshop.escape_markdown(text)


def display_code(code: str) -> str:
    """``K7MQ4P`` → ``K7M-Q4P``: easier to read aloud; the dash is accepted when typed."""
    return f"{code[:3]}-{code[3:]}" if len(code) == 6 else code


def big_code(code: str, *, size_rem: float = 4.0) -> None:
    """The join code in very large type (the code is from a fixed alphabet, escaped anyway)."""
    st.html(
        f"<div style='font-family:ui-monospace,Menlo,Consolas,monospace;font-weight:800;"
        # Never broken over two lines; shrinks on a narrow screen instead.
        f"font-size:clamp(2rem,13vw,{size_rem}rem);letter-spacing:0.12em;line-height:1.1;"
        f"white-space:nowrap;color:{palette.INK}'>"
        f"{html.escape(display_code(code))}</div>"
    )
