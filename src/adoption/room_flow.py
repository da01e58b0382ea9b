"""The facilitator's two pages as state machines: :class:`FacilitatorFlow` for the management
page (``pages/workshop.py``) and :class:`ProjectorFlow` for the projector
(``pages/presenter.py``), each changed only by its pure ``step`` function.

Each page keeps its one flow in its Streamlit session; the buttons' callbacks feed it what
happened (created, refused, closed, deleted, a failed action), and the page shows what it
holds once (:class:`Shown`). Tested without a server (``tests/test_room_flow.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Notice = Literal["created", "closed", "deleted"]


@dataclass(frozen=True)
class Problem:
    """What went wrong, for the page: a message id, and a technical detail for facilitators
    (never a password: the store masks it)."""

    message: str
    detail: str = ""


@dataclass(frozen=True)
class FacilitatorFlow:
    """What the management page remembers between runs.

    ``notice`` and ``problem`` are shown once; ``confirm_delete`` and ``link_shown_for`` name
    the session whose delete awaits confirmation, whose private link is on screen.
    """

    notice: Notice | None = None
    notice_for: str = ""
    problem: Problem | None = None
    confirm_delete: str | None = None
    link_shown_for: str | None = None

    def notice_about(self, code: str) -> Notice | None:
        """The notice, when it is about the session ``code``."""
        return self.notice if self.notice_for == code else None


@dataclass(frozen=True)
class Created:
    code: str


@dataclass(frozen=True)
class Refused:
    """A create or an action that did not happen, and why."""

    problem: Problem


@dataclass(frozen=True)
class Closed:
    code: str


@dataclass(frozen=True)
class DeleteAsked:
    code: str


@dataclass(frozen=True)
class DeleteCancelled:
    pass


@dataclass(frozen=True)
class Deleted:
    pass


@dataclass(frozen=True)
class Left:
    """Back to the creation form."""


@dataclass(frozen=True)
class SecretToggled:
    code: str


@dataclass(frozen=True)
class Shown:
    """The notice and the problem were shown: not again."""


FacilitatorEvent = (
    Created
    | Refused
    | Closed
    | DeleteAsked
    | DeleteCancelled
    | Deleted
    | Left
    | SecretToggled
    | Shown
)


def step(flow: FacilitatorFlow, event: FacilitatorEvent) -> FacilitatorFlow:
    """The management page's flow after ``event``."""
    match event:
        case Created(code):
            return replace(flow, notice="created", notice_for=code, problem=None)
        case Refused(problem):
            return replace(flow, problem=problem)
        case Closed(code):
            return replace(flow, notice="closed", notice_for=code)
        case DeleteAsked(code):
            return replace(flow, confirm_delete=code)
        case DeleteCancelled() | Left():
            return replace(flow, confirm_delete=None)
        case Deleted():
            return replace(flow, notice="deleted", notice_for="", confirm_delete=None)
        case SecretToggled(code):
            return replace(flow, link_shown_for=None if flow.link_shown_for == code else code)
        case Shown():
            return replace(flow, notice=None, notice_for="", problem=None)


# --------------------------------------------------------------------------- the projector


@dataclass(frozen=True)
class ProjectorFlow:
    """What the projector remembers between runs: whether the slide on screen is a
    question too few answered (then "next" moves on rather than revealing nothing), and
    whether the last move could not be stored (said once)."""

    suppressed: bool = False
    move_failed: bool = False


@dataclass(frozen=True)
class SlideDrawn:
    suppressed: bool


@dataclass(frozen=True)
class MoveFailed:
    pass


@dataclass(frozen=True)
class MoveShown:
    pass


ProjectorEvent = SlideDrawn | MoveFailed | MoveShown


def projector_step(flow: ProjectorFlow, event: ProjectorEvent) -> ProjectorFlow:
    """The projector's flow after ``event``."""
    match event:
        case SlideDrawn(suppressed):
            return replace(flow, suppressed=suppressed)
        case MoveFailed():
            return replace(flow, move_failed=True)
        case MoveShown():
            return replace(flow, move_failed=False)
