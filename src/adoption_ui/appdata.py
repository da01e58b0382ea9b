"""The data, cached per process and data version: Streamlit's caches are the only ones
(the domain keeps nothing between calls)."""

from __future__ import annotations

import gc
import hashlib
import importlib
import os
import pkgutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from adoption.dataset import Dataset, data_dir, load_dataset
from adoption.questionnaire import Questionnaire, load_questionnaire
from adoption_ui.text import current_lang

MAX_CACHED = 500


T = TypeVar("T")


# Streamlit's caches are the only ones: the domain keeps nothing between calls.
# `_data_signature` lists the data folder at most every 2 s (a page asks for the data
# several times per rerun); the dataset, the questionnaire and what pages derive from them
# are keyed by that signature, so an edited, replaced or deleted file takes effect on the
# next rerun, and at most a few old versions stay in memory.
DATA_CHECK_SECONDS = 2


@st.cache_data(ttl=DATA_CHECK_SECONDS, show_spinner=False)
def _data_signature(folder: str) -> str:
    """A digest of the name, size and modification time (ns) of every entry in the folder.

    Compared for equality, not for the newest time: a file deleted, or replaced by one
    with an older stamp, changes the signature too. A short string, because every cached
    call below hashes it.
    """
    entries = []
    for path in sorted(Path(folder).iterdir()):
        info = path.stat()
        entries.append(f"{path.name}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.blake2b("\n".join(entries).encode(), digest_size=8).hexdigest()


def data_version() -> tuple[str, str]:
    """The data folder and its signature: a cache key for what derives from the data."""
    return _data_version()


def _data_version() -> tuple[str, str]:
    folder = str(data_dir())
    try:
        return folder, _data_signature(folder)
    except OSError:  # a missing folder: the loader says which, in its own words
        return folder, ""


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_dataset(folder: str, signature: str) -> Dataset:
    # A failed load raises and is not cached: the next rerun tries again.
    return load_dataset(Path(folder))


def dataset() -> Dataset:
    """The validated dataset, loaded once per process and data version."""
    return _cached_dataset(*_data_version())


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_questionnaire(folder: str, signature: str) -> Questionnaire:
    return load_questionnaire(_cached_dataset(folder, signature))


def questionnaire() -> Questionnaire:
    """The validated questionnaire, built from the same cached dataset."""
    return _cached_questionnaire(*_data_version())


@st.cache_resource(show_spinner=False, max_entries=MAX_CACHED)
def _derived(name: str, language: str, version: object, _build: Callable[[], Any]) -> Any:
    # `_build` is not hashed (leading underscore): `name` says what it builds.
    return _build()


def cached(name: str, build: Callable[[], T]) -> T:
    """Something that depends only on the data and the language, built once per process.

    For charts (a Plotly figure costs a few ms) and the tables pages derive from the data
    on every rerun. Results are shared between sessions, so they must never be modified
    after they are built. ``name`` must say everything ``build`` depends on besides the
    data and the language.
    """
    result: T = _derived(name, current_lang(), _data_version(), build)
    return result


# --------------------------------------------------------------------------- memory

_frozen = threading.Event()
GC_FREEZE_ENV = "ADOPTION_GC_FREEZE"  # "0": leave the collector as Streamlit has it (bench)


def freeze_long_lived() -> None:
    """Once per process, after the data has loaded: every module of the edge imported, then
    what is alive moved out of the garbage collector's sight (``gc.freeze``).

    Streamlit runs a full collection after every script run (``runner.postScriptGC``),
    and a full collection walks every tracked object: with the app's modules, pandas,
    Plotly and the dataset loaded, some 180,000 of them, about 100 ms of CPU per run, so
    per tap, per join and per projector refresh. None of those objects is ever garbage
    (modules, the dataset, caches), so they are frozen once; later collections walk only
    what runs create. The edge's modules are imported first so that a page opened later
    adds no long-lived objects of its own.
    """
    if _frozen.is_set() or os.environ.get(GC_FREEZE_ENV) == "0":
        return
    _frozen.set()
    package = importlib.import_module("adoption_ui")
    for module in pkgutil.iter_modules(package.__path__, "adoption_ui."):
        importlib.import_module(module.name)
    gc.collect()
    gc.freeze()
