"""One statement's wall-clock deadline, and the hard pre-emption of work that overruns it.

A wall-clock budget (``check(stmt, "smoke")``) must end on time whatever the statement does: a
single Hypothesis example, one mpmath re-check of a stored counterexample or one batch of costly
sizes can take seconds under load, and cooperative checks between them cannot cut those.  So a
:class:`Deadline` offers both:

* cooperative checks (:meth:`Deadline.passed`, :meth:`Deadline.left`) between candidates,
  batches and phases, read from one injectable clock (tests use a fake one);
* :meth:`Deadline.preempt`, a context in which the work is cut at a given time: in the main
  thread of a POSIX process a watchdog thread sends SIGALRM to the main thread at the cut
  time (``signal.pthread_kill``), whose handler raises :class:`BudgetCut` in the middle of
  long pure-Python work (the Python eval loop runs the handler between bytecodes; a long C
  call ends first).  A process-wide timer (``setitimer``) is not used: the kernel may deliver
  its signal to another thread (torch's, numba's), and CPython 3.11 then handles it only when
  something else wakes the main thread's eval loop -- cuts came 30 s late.  Off the main
  thread (a thread pool), without ``pthread_kill`` (Windows), or while another SIGALRM handler
  is installed (e.g. a test timeout plugin), nothing is armed and only the cooperative checks
  apply.

:class:`BudgetCut` subclasses ``KeyboardInterrupt`` so that the search phases, which already
return what they found so far on an interrupt (Hypothesis re-raises interrupts without treating
them as failures), do so on a cut too; the checker tells the two apart with :func:`is_cut` and
never reports a cut as an interrupt.  Pre-emption is nested: an inner cut (a phase's slot) is
re-armed to the outer one (the statement's end) when it exits.  An examples budget
(``--examples N``) never creates a deadline: its runs do not depend on the clock.
"""
from __future__ import annotations

import contextvars
import gc
import math
import signal
import sys
import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator

__all__ = ["ManualClock", "Deadline", "BudgetCut", "is_cut", "shield", "unshield", "armed",
           "CURRENT", "current_end", "hand_over"]

#: the deadline of the statement being checked, set by the checker around another kind's engine
#: (``checker._dispatch_within``): an engine with its own search loop (high probability) stops by
#: the statement's end instead of by a clock of its own started later
CURRENT: "contextvars.ContextVar[Deadline | None]" = contextvars.ContextVar(
    "adaproof_deadline", default=None)


def hand_over(result) -> None:
    """An engine's finished result, kept on the current deadline (:data:`CURRENT`): the
    checker returns it if the statement's cut lands after this call, before the engine's
    return reaches the checker."""
    dl = CURRENT.get()
    if dl is not None:
        dl.handed = result


def current_end() -> float | None:
    """The current statement's end on ``time.perf_counter`` (None without a wall-clock
    deadline, or with a test's fake clock, whose readings are not comparable)."""
    dl = CURRENT.get()
    if dl is None or dl.clock is not time.perf_counter:
        return None
    return dl.end


class BudgetCut(KeyboardInterrupt):
    """Raised (by the interval timer, or by :meth:`Deadline.check`) when a pre-empted piece of
    work reaches its cut time.  ``guard`` is the :meth:`Deadline.preempt` context it belongs to."""

    def __init__(self, guard: "_Guard | None" = None, what: str = "") -> None:
        super().__init__(f"wall-clock budget cut{': ' + what if what else ''}")
        self.guard = guard
        self.what = what


def is_cut(exc: BaseException | None) -> bool:
    return isinstance(exc, BudgetCut)


class _Guard:
    __slots__ = ("at", "what", "active", "fired")

    def __init__(self, at: float, what: str) -> None:
        self.at, self.what, self.active, self.fired = at, what, True, False


#: the armed guards of this process (main thread only), innermost last
_STACK: list[_Guard] = []
_PREV_HANDLER = None
#: inside :func:`shield` (a depth) and the cut it deferred
_SHIELD = 0
_DEFERRED: list[_Guard] = []
_PREV_UNRAISABLE = None


def _unraisable(u) -> None:
    """A cut raised where Python ignores exceptions (a ``__del__``, a weakref or gc callback
    not recognised by :func:`_in_callback`): delivered at the next call instead, silently."""
    g = getattr(u.exc_value, "guard", None) if isinstance(u.exc_value, BudgetCut) else None
    if g is not None and g in _STACK:
        _deliver_later(g)
        return
    (_PREV_UNRAISABLE or sys.__unraisablehook__)(u)


def _in_callback(frame) -> bool:
    """``frame`` runs inside a gc callback (Hypothesis installs one): an exception raised there
    is ignored.  After a long C call (``torch.linalg.eigh``) the first Python code to run is
    often such a callback, so a cut raised there would be lost again and again."""
    codes = set()
    for cb in gc.callbacks:
        code = getattr(getattr(cb, "__func__", cb), "__code__", None)
        if code is not None:
            codes.add(code)
    if not codes:
        return False
    n = 0
    while frame is not None and n < 64:
        if frame.f_code in codes:
            return True
        frame, n = frame.f_back, n + 1
    return False


_PENDING: list[_Guard] = []
_PREV_PROFILE: list = []


def _deliver_later(g: _Guard) -> None:
    """Raise the cut at the next call or return outside any gc callback (a one-shot profile
    hook), not at the next timer tick: that one would fall inside the next long C call."""
    if not _PENDING:
        _PREV_PROFILE[:] = [sys.getprofile()]
        sys.setprofile(_profile_cut)
    _PENDING[:] = [g]


def _undeliver() -> None:
    if _PENDING:
        _PENDING.clear()
        sys.setprofile(_PREV_PROFILE[0] if _PREV_PROFILE else None)


def _in_import(frame) -> bool:
    """``frame`` runs inside an ``import`` (a module's top-level code, under importlib): a cut
    raised there leaves a half-initialised module behind (``import scipy.stats`` cut in the
    smoke benchmark: every later high-probability statement of the process failed with
    ``NameError: name '_ndimage_api' is not defined``).  The cut waits until the import ends."""
    n = 0
    while frame is not None and n < 256:
        if frame.f_code.co_filename.startswith("<frozen importlib._bootstrap"):
            return True
        frame, n = frame.f_back, n + 1
    return False


def _in_hook(frame) -> bool:
    """``frame`` runs inside :func:`_unraisable` (the hook that scheduled the delivery): an
    exception raised there is ignored too ("Exception ignored in sys.unraisablehook") and the
    cut would be lost; it is delivered after the hook returns."""
    n = 0
    while frame is not None and n < 16:
        if frame.f_code is _unraisable.__code__:
            return True
        frame, n = frame.f_back, n + 1
    return False


#: a cut waiting for an import to end, and the period of the timer ticks that look again
_IMPORT_WAIT: list[_Guard] = []
IMPORT_RETRY_S = 0.01


def _wait_import(g: _Guard) -> None:
    """Deliver ``g`` when the import under way has ended: the watchdog sends SIGALRM again
    every :data:`IMPORT_RETRY_S`, and the handler raises once the main thread is out of it.  (A
    per-call profile hook, as for gc callbacks, walked the stack on every call of the import:
    ``import scipy.stats`` under it took 5-10 s instead of 2, measured in the smoke benchmark.)"""
    _IMPORT_WAIT[:] = [g]
    _WATCH.set(time.perf_counter() + IMPORT_RETRY_S)


def _profile_cut(frame, event, arg) -> None:  # pragma: no cover - timing dependent
    g = _PENDING[0] if _PENDING else None
    if g is None or g not in _STACK:
        _undeliver()
        return
    if _in_import(frame):  # the import may run long: timer ticks look again, not every call
        _undeliver()
        _wait_import(g)
        return
    if _in_callback(frame) or _in_hook(frame):
        return
    _undeliver()
    if _SHIELD:
        _DEFERRED.append(g)
        return
    raise BudgetCut(g, g.what)


def _on_alarm(signum, frame) -> None:  # pragma: no cover - timing dependent
    if not _STACK:
        return
    if _IMPORT_WAIT:  # a cut that waits for an import to end
        g = _IMPORT_WAIT[0]
        if g not in _STACK:
            _IMPORT_WAIT.clear()
        elif _in_import(frame):
            _WATCH.set(time.perf_counter() + IMPORT_RETRY_S)
            return
        else:
            _IMPORT_WAIT.clear()
            _arm()
            if _in_callback(frame):
                _deliver_later(g)
                return
            if _SHIELD:
                _DEFERRED.append(g)
                return
            raise BudgetCut(g, g.what)
    now = time.perf_counter()  # a signal for a guard that already exited: not the outer's turn
    g = min((g for g in _STACK if g.active and g.at <= now + 1e-3), key=lambda g: g.at,
            default=None)
    if g is None:
        _arm()
        return
    g.fired = True
    g.active = False
    if _SHIELD:
        _DEFERRED.append(g)
        return
    if _in_import(frame):
        _wait_import(g)
        return
    if _in_callback(frame):
        _deliver_later(g)
        return
    raise BudgetCut(g, g.what)


@contextmanager
def shield() -> Iterator[None]:
    """A short critical section (handing float-flagged candidates over to the checker's
    book-keeping) that a cut must not split: a cut that falls inside is raised at its end."""
    global _SHIELD
    _SHIELD += 1
    try:
        yield
    finally:
        _SHIELD -= 1
    if not _SHIELD and _DEFERRED:
        g = _DEFERRED.pop()
        _DEFERRED.clear()
        if g in _STACK:  # its preempt context is still open
            raise BudgetCut(g, g.what)


@contextmanager
def unshield() -> Iterator[None]:
    """Inside a :func:`shield`, a piece that may be cut again (the exact re-checks of what the
    shielded section handed over): a cut deferred so far is raised at once."""
    global _SHIELD
    depth, _SHIELD = _SHIELD, 0
    try:
        if _DEFERRED:
            g = _DEFERRED.pop()
            _DEFERRED.clear()
            if g in _STACK:
                raise BudgetCut(g, g.what)
        yield
    finally:
        _SHIELD = depth


def armed() -> bool:
    """True while a hard cut is armed for the calling (main) thread: work that one C call could
    keep past the cut (an ``eigh``) should then run where it can be abandoned."""
    return bool(_STACK) and threading.current_thread() is threading.main_thread()


def _can_arm() -> bool:
    if not hasattr(signal, "pthread_kill") or not hasattr(signal, "SIGALRM") or \
            threading.current_thread() is not threading.main_thread():
        return False
    h = signal.getsignal(signal.SIGALRM)
    # someone else's SIGALRM handler (pytest-timeout's signal method, a user's alarm): leave it
    return h in (signal.SIG_DFL, signal.SIG_IGN, None, _on_alarm)



class ManualClock:
    """A clock for tests of wall-clock budgets (``Deadline(s, clock=ManualClock())``): each
    reading advances it by ``step`` seconds, a test moves it on by hand (``clock.t += 0.5``) or
    past any deadline (``jump()``), so a budget's cuts happen where the test says, whatever the
    machine's load."""

    def __init__(self, step: float = 1e-4) -> None:
        self.t, self.step = 0.0, step

    def __call__(self) -> float:
        self.t += self.step
        return self.t

    def jump(self, by: float = 1e6) -> None:
        self.t += by

class Deadline:
    """``seconds`` of wall time from now on ``clock`` (default ``time.perf_counter``).

    ``hard=False`` never arms the timer (cooperative checks only).  The timer always reads real
    time (``time.perf_counter``); with a fake clock it is not armed either."""

    def __init__(self, seconds: float, *, clock: Callable[[], float] | None = None,
                 hard: bool = True) -> None:
        if not (isinstance(seconds, (int, float)) and seconds > 0 and math.isfinite(seconds)):
            raise ValueError(f"seconds must be a finite number > 0, got {seconds!r}")
        self.clock = clock or time.perf_counter
        self.hard = hard and clock is None
        self.seconds = float(seconds)
        self.start = self.clock()
        self.end = self.start + self.seconds
        #: what was cut, in order (``"replay"``, ``"guided"``, ...): reported with the result
        self.cuts: list[str] = []
        #: a result an engine finished and handed over (:func:`hand_over`)
        self.handed = None

    def now(self) -> float:
        return self.clock()

    def elapsed(self) -> float:
        return self.clock() - self.start

    def left(self, at: float | None = None) -> float:
        """Seconds until ``at`` (default: the end), never past the end."""
        return min(self.end if at is None else at, self.end) - self.clock()

    def passed(self, at: float | None = None) -> bool:
        return self.left(at) <= 0

    def check(self, what: str = "", at: float | None = None) -> None:
        """The cooperative form of a cut: raise :class:`BudgetCut` when ``at`` (default: the
        end) has passed."""
        if self.passed(at):
            self.cuts.append(what)
            raise BudgetCut(None, what)

    @contextmanager
    def preempt(self, what: str, at: float | None = None) -> Iterator[_Guard]:
        """Run the body until ``at`` (default: the end; never later than the end): past it, a
        :class:`BudgetCut` is raised in the body (main thread, POSIX) -- the caller catches it.
        A body already past its time is not entered cooperatively: it raises at once."""
        at = self.end if at is None else min(at, self.end)
        g = _Guard(at, what)
        if self.passed(at):
            self.cuts.append(what)
            raise BudgetCut(g, what)
        armed = self.hard and _can_arm()
        if armed:
            global _PREV_HANDLER, _PREV_UNRAISABLE
            if not _STACK:
                _PREV_HANDLER = signal.signal(signal.SIGALRM, _on_alarm)
                _PREV_UNRAISABLE, sys.unraisablehook = sys.unraisablehook, _unraisable
            _STACK.append(g)
            _arm()
        try:
            yield g
        except BudgetCut as exc:
            if exc.guard is g or exc.guard is None:
                self.cuts.append(what)
            raise
        finally:
            g.active = False
            if _PENDING and _PENDING[0] is g:
                _undeliver()
            if _IMPORT_WAIT and _IMPORT_WAIT[0] is g:
                _IMPORT_WAIT.clear()
            if armed:
                _STACK.remove(g)
                if _STACK:
                    _arm()
                else:
                    _WATCH.set(None)
                    signal.signal(signal.SIGALRM, _PREV_HANDLER or signal.SIG_DFL)
                    if sys.unraisablehook is _unraisable:
                        sys.unraisablehook = _PREV_UNRAISABLE or sys.__unraisablehook__


def _arm() -> None:
    ats = [g.at for g in _STACK if g.active]
    if _IMPORT_WAIT and _IMPORT_WAIT[0] in _STACK:  # its next look
        ats.append(time.perf_counter() + IMPORT_RETRY_S)
    _WATCH.set(min(ats) if ats else None)


class _Watchdog:
    """One daemon thread that sends SIGALRM to the main thread at ``at`` (on
    ``time.perf_counter``, the guards' clock); ``set(None)`` disarms it."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.at: float | None = None
        self.thread: threading.Thread | None = None

    def set(self, at: float | None) -> None:
        with self.cond:
            self.at = at
            if at is not None and (self.thread is None or not self.thread.is_alive()):
                self.thread = threading.Thread(target=self._run, name="adaproof-deadline",
                                               daemon=True)
                self.thread.start()
            self.cond.notify()

    def _run(self) -> None:  # pragma: no cover - runs in its own thread
        main = threading.main_thread().ident
        with self.cond:
            while True:
                if self.at is None:
                    self.cond.wait()
                    continue
                left = self.at - time.perf_counter()
                if left > 0:
                    self.cond.wait(left)
                    continue
                self.at = None
                try:
                    signal.pthread_kill(main, signal.SIGALRM)
                except (OSError, ValueError):  # the main thread is gone: the process ends
                    return


_WATCH = _Watchdog()
