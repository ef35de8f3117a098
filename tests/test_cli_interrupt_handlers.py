"""An interrupted in-process ``adaproof check`` prints its summary with further interrupts
ignored, then gives the caller its own SIGINT/SIGTERM handlers back."""
import signal
import threading

import pytest

from adaproof import checker, cli

main_thread_only = pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                                      reason="signal handlers are set in the main thread only")


@main_thread_only
def test_summary_ignores_interrupts_and_the_callers_handlers_come_back(monkeypatch, capsys):
    def interrupted(*a, **kw):
        raise KeyboardInterrupt  # as a SIGINT between two statements
    monkeypatch.setattr(checker, "check", interrupted)
    seen = []
    real_table = cli._table

    def table(*a, **kw):
        seen.append((signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)))
        return real_table(*a, **kw)
    monkeypatch.setattr(cli, "_table", table)

    def mine(signum, frame):  # the caller's handler
        raise AssertionError("not called")
    old = signal.signal(signal.SIGINT, mine)
    try:
        rc = cli.main(["check", "adam_linf/lemma-3.12", "--examples", "8"])
        after = signal.getsignal(signal.SIGINT)
    finally:
        signal.signal(signal.SIGINT, old)
    assert rc == 130
    assert seen == [(signal.SIG_IGN, signal.SIG_IGN)]  # the summary cannot be cut short
    assert after is mine  # and the caller's handler is back
    assert "interrupted by SIGINT" in capsys.readouterr().err
