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

import html
import json
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, NoReturn

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
    new_participant,
    shared_store,
    url_from_connection,
)
from adoption.store.limits import Limit, RateLimiter, RefusalTally
from adoption_ui import appdata
from adoption_ui.text import tr

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
    """The clear message for an unusable database; the technical reason only for facilitators.

    The reason never holds a password (the store masks it).
    """
    st.error(tr("ws.db_unavailable"), icon=":material/cloud_off:")
    if details:
        with st.expander(tr("ws.db_details")):
            st.text(str(error))


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
# session, as last tapped, so a reload (or a phone that drops the tab during an outage)
# finds them again. Python hands the script a token it made (used when the browser
# has none yet); the script answers once per browser session with the token it holds and
# the draft it kept (written by ``_DRAFT_JS`` below).
DEVICE_KEY = "ws_device"
_PROBE_KEY = "ws_device_probe"
_DEVICE_JS = """
export default function ({ data, setStateValue }) {
  const valid = /^[A-Za-z0-9_-]{16,64}$/;
  let box = null;
  try { box = window.localStorage; } catch (e) { box = null; }
  const read = (k) => { try { return box ? box.getItem(k) : null; } catch (e) { return null; } };
  const write = (k, v) => { try { if (box) { box.setItem(k, v); } } catch (e) {} };
  let token = read("adoption.device");
  if (!token || !valid.test(token)) {
    token = data.provisional;
    write("adoption.device", token);
  }
  // Once per browser session, and again each time the page asks (a new ``ask``).
  if (data.known === token && (!data.ask || data.ask === window.__adoptionAsked)) { return; }
  window.__adoptionAsked = data.ask;
  const draft = read("adoption.draft." + data.code);
  setStateValue("device", { token: token, draft: draft, ask: data.ask });
}
"""
_device_probe = components.component("adoption_device", js=_DEVICE_JS)


def device(code: str, ask: str = "") -> tuple[str, dict[str, Any] | None, bool]:
    """This browser's device token, the draft it kept, and whether that draft just came in.

    Draws the (invisible) probe. The first token the browser reports is kept for the whole
    Streamlit session: a client that reports another one later is not believed. Until the
    browser has answered (and where scripts do not run, as in AppTest) a token made here
    stands in. A new ``ask`` has the browser report its draft again: Streamlit drops a
    form's unsent values when their labels change (a language switch), and the page puts
    them back from the draft.
    """
    provisional = st.session_state.setdefault(f"{DEVICE_KEY}_provisional", new_participant())
    known = st.session_state.get(DEVICE_KEY)
    result = _device_probe(
        key=_PROBE_KEY,
        data={
            "code": code,
            "provisional": provisional,
            "known": known,
            "ask": ask,
        },
        on_device_change=lambda: None,
        height=0,
    )
    reported = result.get("device")
    fresh = False
    if isinstance(reported, Mapping) and is_participant(reported.get("token")):
        again = (
            bool(ask)
            and reported.get("ask") == ask
            and reported["token"] == known
            and st.session_state.get(f"{DEVICE_KEY}_answered") != ask
        )
        fresh = known is None or again
    if fresh and isinstance(reported, Mapping):
        st.session_state[f"{DEVICE_KEY}_answered"] = ask
        known = st.session_state[DEVICE_KEY] = reported["token"]
        raw = reported.get("draft")
        try:
            loaded = json.loads(raw) if isinstance(raw, str) and len(raw) < 20_000 else None
        except ValueError:
            loaded = None
        # Kept for the session: the page may not be able to draw the form on this run
        # (database down) and the browser reports only once.
        st.session_state[f"{DEVICE_KEY}_draft_{code}"] = (
            loaded if isinstance(loaded, dict) else None
        )
    kept = st.session_state.get(f"{DEVICE_KEY}_draft_{code}")
    return (known or provisional), kept, fresh


# The draft, kept by the browser itself: the questions are in a form, so a tap never
# reaches the server before Send. After each tap (click, key, change) the script reads the
# chosen options from the page and writes them to localStorage, in the shape the device
# probe above reads back: {"answers": {question: code}, "profile": {"size_class": code, ...}}.
# Options are read by position (a segmented control's options are ``role=radio`` buttons, a
# radio list's are ``input[type=radio]``, both in option order) or, for a select box, by
# the label shown. Nothing is written
# before the browser's token (and so its earlier draft) has reached the server, nor on a
# page without these widgets.
_DRAFT_JS = """
export default function ({ data }) {
  window.__adoptionDraft = data;
  const save = () => {
    const d = window.__adoptionDraft;
    if (!d || !d.ready) { return; }
    const draft = { answers: {}, profile: {} };
    let found = 0;
    for (const f of d.fields) {
      const box = document.querySelector(".st-key-" + CSS.escape(f.key));
      if (!box) { continue; }
      found += 1;
      let code = null;
      if (f.labels) {
        const input = box.querySelector("input[role=combobox]");
        const at = input ? f.labels.indexOf(input.value) : -1;
        code = at >= 0 ? f.codes[at] : null;
      } else {
        box.querySelectorAll('[role="radio"], input[type="radio"]').forEach((o, i) => {
          if (o.getAttribute("aria-checked") === "true" || o.checked) { code = f.codes[i]; }
        });
      }
      if (code !== null && code !== undefined) { draft[f.group][f.name] = code; }
    }
    if (!found) { return; }
    try {
      window.localStorage.setItem("adoption.draft." + d.code, JSON.stringify(draft));
    } catch (e) {}
  };
  if (!window.__adoptionDraftListens) {
    window.__adoptionDraftListens = true;
    let timer = null;
    // A tap is an event in the form, or in the option list a select box opens outside it;
    // a click elsewhere (the language switch) must not save a form being redrawn.
    const later = (event) => {
      const where = event.target && event.target.closest ? event.target : null;
      if (!where || !where.closest('[data-testid="stForm"], [role="listbox"], [role="option"]')) {
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(save, 120);
    };
    for (const kind of ["click", "keyup", "change"]) {
      document.addEventListener(kind, later, true);
    }
  }
}
"""
_draft_keeper = components.component("adoption_draft", js=_DRAFT_JS)


def keep_draft(code: str, fields: list[dict[str, Any]]) -> None:
    """Let the browser keep the form's answers as they are tapped (see ``_DRAFT_JS``).

    ``fields``: one per widget, ``{"key", "group" ("answers" or "profile"), "name",
    "codes"}``, plus ``"labels"`` (shown in ``codes``' order) for a select box.
    """
    ready = st.session_state.get(DEVICE_KEY) is not None
    _draft_keeper(
        key="ws_draft_keeper", data={"code": code, "ready": ready, "fields": fields}, height=0
    )


# --------------------------------------------------------------------------- rate limits

# A room behind one venue Wi-Fi shares one address: the limits per address allow a whole
# room arriving at once; the tighter ones are per device.
JOIN_PER_ADDRESS = Limit(burst=60, per_s=0.5)
SEND_PER_ADDRESS = Limit(burst=60, per_s=1.0)
SEND_PER_DEVICE = Limit(burst=5, per_s=0.2)
LIMITER = RateLimiter()
REFUSALS = RefusalTally()


def client_address() -> str:
    """The client's address: the one the nearest proxy saw, else the socket's, else "local".

    Only for rate limits: a forged header can only put its sender in another bucket.
    """
    try:
        forwarded = st.context.headers.get("X-Forwarded-For") or ""
        address = forwarded.rsplit(",", 1)[-1].strip() or st.context.ip_address
    except Exception:  # no browser context (AppTest)
        address = None
    return (address or "local")[:64]


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


def base_url() -> str:
    """The app's base URL as the browser sees it (a localhost guess when Streamlit has none).

    When the server listens on every interface (``make workshop``: ``--server.address
    0.0.0.0``) and the facilitator opened it as localhost, links use the machine's network
    address instead: phones on the same Wi-Fi can open those, not ``localhost``.
    """
    try:
        page_url = st.context.url
    except Exception:  # no browser context (e.g. in tests): use the guess
        page_url = None
    port = st.get_option("server.port") or 8501
    base = workshop.app_base(page_url) or f"http://localhost:{port}"
    if st.get_option("server.address") in ("0.0.0.0", "::"):  # noqa: S104 - read, not bound
        return workshop.on_network(base, _lan_address())
    return base


@st.cache_data(show_spinner=False, ttl=60)
def _lan_address() -> str | None:
    """The machine's network address, looked up at most once a minute (Wi-Fi may change)."""
    return workshop.lan_address()


@st.cache_data(show_spinner=False, max_entries=64)
def qr_svg(link: str) -> str:
    """The join link's QR code as SVG text (the projector redraws it every few seconds)."""
    return workshop.qr_svg(link).decode("utf-8")


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
