"""A worker process that dies on a marked page, the way lxml can die on a bad one (a signal
from C): installed in the workers' processes by the pool's initializer."""

import os
import signal

MARK = b"<!-- this page kills its worker -->"


def arm() -> None:
    import reader.core.extract as extract_module

    real = extract_module.extract

    def extract(html, *args, **kwargs):
        if isinstance(html, bytes) and MARK in html:
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(html, *args, **kwargs)

    extract_module.extract = extract
