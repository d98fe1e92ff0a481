"""The PyScript worker's script: what ``<script type="py" worker src="worker/worker.py">`` runs.

PyScript (``pyscript.json`` beside this file) has already loaded the self-hosted Pyodide and
unpacked ``py/deps.zip`` and ``py/app.zip`` into ``/app/lib`` when this runs. It puts that
folder on ``sys.path``, imports the bridge (and with it the core, so a broken bundle fails the
start-up, not the participant's first file) and lists in ``__export__`` the functions the page
awaits through ``xworker.sync``. Everything else lives in ``worker_bridge``.
"""

import sys

sys.path.insert(0, "/app/lib")

# After the path is set. The names are used by PyScript through __export__ (F401);
# the core is imported now so that a broken bundle fails start-up, not the first file.
from worker_bridge import check, read, records, selftest  # noqa: F401

import tiktok_export.api  # noqa: F401

__export__ = ["selftest", "read", "check", "records"]
