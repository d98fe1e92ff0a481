"""The PyScript worker's script: what ``<script type="py" worker src="worker/worker.py">`` runs.

PyScript (``pyscript.json`` beside this file) has already loaded the self-hosted Pyodide and
unpacked ``py/deps.zip`` and ``py/app.zip`` into ``/app/lib`` when this runs. It puts that
folder on ``sys.path``, imports the bridge (and with it the core, so a broken bundle fails the
start-up, not the participant's first file) and lists in ``__export__`` the functions the page
awaits through ``xworker.sync``. Everything else lives in ``worker_bridge``.
"""

import sys

sys.path.insert(0, "/app/lib")

from worker_bridge import check, read, selftest  # noqa: E402 (after the path is set)

__export__ = ["selftest", "read", "check"]
