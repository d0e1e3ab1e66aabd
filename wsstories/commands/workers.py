"""Worker processes that die with their parent.

The pools that check files (:mod:`wsstories.load`) and render pages
(:mod:`wsstories.build`) start every worker with :func:`die_with_parent`:
when the command that started them ends in any way, even ``kill -9``, its
workers end too, instead of waiting for work that never comes.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """Pool initializer: end this worker when the process ``parent`` dies.

    SIGTERM is put back to its default (a worker may inherit a handler, or
    the signal blocked, from the command), so that it always ends a worker.
    On Linux the kernel sends SIGTERM when the parent dies; elsewhere a
    thread watches for the parent to go.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    watched = False
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            watched = libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0) == 0
        except (OSError, AttributeError):
            watched = False
    if os.getppid() != parent:  # the parent died before the worker was watching
        os._exit(1)
    if not watched:
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
