"""The first module the parsing forkserver imports: it makes that process die with the run.

Nothing else imports it (see ``workers.py``). The forkserver is started by the run's main
thread, so the parent whose end the kernel watches is the run itself.
"""

from __future__ import annotations

from .workers import die_with_parent

__all__: list[str] = []

die_with_parent()
