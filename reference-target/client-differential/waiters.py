"""Bounded polling: the only waits the driver makes.

Reads answered while a state settles (Sahara's engine runs a job a moment after the 202; a row
lingers a moment after its 204) are timing, not contract, so they go to the record's note and
only the settled answer is compared.
"""
import time

from saharaclient.api.base import APIException

RUNNING_STATES = ('PENDING', 'RUNNING')


def _read(side, raw_id):
    try:
        execution = side.client.job_executions.get(raw_id)
        return 'ok', execution
    except APIException as e:
        return ('gone' if e.error_code == 404 else 'error:%s' % e.error_code), e
    except Exception as e:  # a junk 200 the client cannot unpack
        return 'error:%s' % type(e).__name__, e


def wait_until_settled(side, raw_id, timeout_s=30.0, interval_s=0.2):
    """Until the execution is neither PENDING nor RUNNING; returns (state or None, reads)."""
    deadline = time.monotonic() + timeout_s
    reads = 0
    while True:
        kind, value = _read(side, raw_id)
        reads += 1
        state = (value.info or {}).get('status') if kind == 'ok' else None
        if kind == 'ok' and state not in RUNNING_STATES:
            return state, reads
        if kind == 'gone' or time.monotonic() >= deadline:
            return (state if kind == 'ok' else kind), reads
        time.sleep(interval_s)


def wait_until_gone(side, raw_id, timeout_s=15.0, interval_s=0.2):
    """Until a read answers 404; returns (gone, what was read meanwhile, seconds)."""
    started = time.monotonic()
    seen = []
    while True:
        kind, value = _read(side, raw_id)
        if kind == 'gone':
            return True, seen, round(time.monotonic() - started, 1)
        seen.append(kind if kind != 'ok' else 'ok:%s' % (value.info or {}).get('status'))
        if time.monotonic() - started >= timeout_s:
            return False, seen, round(time.monotonic() - started, 1)
        time.sleep(interval_s)
