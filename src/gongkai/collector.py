"""Python's cyclic garbage collector held off during bulk work (reading and importing a catalog).

Pure Python, no Django: the catalog exchange uses it too.
"""

import contextlib
import gc
import threading

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextlib.contextmanager
def paused():
    """Run the block with the cyclic collector off; it is on again when the last such block ends.

    Reading and importing a 5,000-item catalog builds some hundreds of thousands of objects (cells,
    records, the document, rows, model instances) that live until the step ends and then go by reference
    counting, not by the collector: its full passes over them took half a second of a three-second import
    (bench/import_catalog.py) and found nothing to free. The collector is process-wide, so concurrent
    blocks (two uploads read in two threads) share one pause, and one that was off stays off.
    """
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
