"""The room's tally, kept by every send: counts per answer, sums per pillar.

A send replaces one participant's rows in the answers and scores tables; in the same
transaction :func:`apply` moves the tally by the difference (the old answers out, the new
ones in), so the projector reads a few rows (:func:`read`) instead of grouping every
answer. The changes are applied in key order, so two sends never wait on each other's
rows in opposite orders. A room whose rows predate these tables gets its tally when the
schema is created (:func:`adoption.store.schema.init_schema`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection

from adoption.store.schema import counts_table, pillar_sums_table

__all__ = ["apply", "read"]


def _add(
    conn: Connection, backend: str, table: sa.Table, rows: list[dict[str, object]], *added: str
) -> None:
    """Insert ``rows``, or add their ``added`` columns to the rows already there."""
    insert = pg_dialect.insert if backend == "postgresql" else sqlite_dialect.insert
    stmt = insert(table)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=list(table.primary_key.columns),
            set_={name: table.c[name] + stmt.excluded[name] for name in added},
        ),
        rows,
    )


def apply(
    conn: Connection,
    backend: str,
    code: str,
    *,
    old_answers: Mapping[str, str],
    new_answers: Mapping[str, str],
    old_scores: Mapping[str, float],
    new_scores: Mapping[str, float],
) -> None:
    """Move the session's tally from one participant's old rows to their new ones."""
    moved: Counter[tuple[str, str]] = Counter(new_answers.items())
    moved.subtract(Counter(old_answers.items()))
    counts: list[dict[str, object]] = [
        {"session_code": code, "question_id": q, "answer": a, "n": n}
        for (q, a), n in sorted(moved.items())
        if n
    ]
    if counts:
        _add(conn, backend, counts_table, counts, "n")
    sums: list[dict[str, object]] = []
    for pillar in sorted(set(old_scores) | set(new_scores)):
        total = new_scores.get(pillar, 0.0) - old_scores.get(pillar, 0.0)
        n = (pillar in new_scores) - (pillar in old_scores)
        if total or n:
            sums.append({"session_code": code, "pillar": pillar, "total": total, "n": n})
    if sums:
        _add(conn, backend, pillar_sums_table, sums, "total", "n")


def read(
    conn: Connection, code: str
) -> tuple[dict[str, dict[str, int]], dict[str, tuple[float, int]]]:
    """The session's counts (question → answer → n) and pillars (pillar → (mean, n))."""
    counts: dict[str, dict[str, int]] = {}
    for question, answer, n in conn.execute(
        sa.select(counts_table.c.question_id, counts_table.c.answer, counts_table.c.n).where(
            counts_table.c.session_code == code, counts_table.c.n > 0
        )
    ):
        counts.setdefault(question, {})[answer] = int(n)
    sums = pillar_sums_table
    pillars = {
        pillar: (round(float(total) / int(n), 9), int(n))  # sums moved by sends: no ulp drift
        for pillar, total, n in conn.execute(
            sa.select(sums.c.pillar, sums.c.total, sums.c.n).where(
                sums.c.session_code == code, sums.c.n > 0
            )
        )
    }
    return counts, pillars
