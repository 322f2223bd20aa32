"""One JSON line per client call: what the client returned or raised, normalised.

  {"call": name, "status": HTTP status or null, "error": null or {"class", "error_code",
   "error_name", "body"}, "result": normalised result, "ids": labels in returned order,
   "note": context that is never compared (messages, transient answers, timings)}
"""
import json
import time

from saharaclient.api.base import APIException

from normalise import describe, order_of, short_message


def _body_shape(response):
    """The top-level keys of an error answer's JSON body (which of Sahara's error shapes it is)."""
    if response is None:
        return 'no answer'
    if not response.content:
        return 'empty'
    try:
        body = response.json()
    except ValueError:
        return 'non-json (%s)' % (response.headers.get('Content-Type') or '-').split(';')[0]
    if isinstance(body, dict):
        return sorted(body.keys())
    return 'json %s' % type(body).__name__


class Outcome:
    def __init__(self, value=None, error=None):
        self.value = value
        self.error = error

    @property
    def ok(self):
        return self.error is None


class Recorder:
    def __init__(self, out, labels):
        self.out = out
        self.labels = labels
        self.count = 0

    def write(self, record):
        record.setdefault('status', None)
        record.setdefault('error', None)
        record.setdefault('result', None)
        record.setdefault('ids', None)
        self.out.write(json.dumps(record, sort_keys=True) + '\n')
        self.out.flush()
        self.count += 1

    def attempt(self, side, fn):
        """Runs one client call; returns (outcome, status, error, note) without writing anything."""
        started = time.monotonic()
        note = {}
        try:
            value = fn()
            error = None
        except APIException as e:
            value = None
            error = {'class': 'APIException', 'error_code': e.error_code, 'error_name': e.error_name,
                     'body': _body_shape(side.capture.last)}
            note['message'] = short_message(self.labels, e.error_message)
        except Exception as e:  # the client itself failed on the answer (e.g. a non-object body)
            value = None
            error = {'class': type(e).__name__, 'body': _body_shape(side.capture.last)}
            note['message'] = short_message(self.labels, str(e))
        response = side.capture.last
        status = response.status_code if response is not None else None
        note['ms'] = int((time.monotonic() - started) * 1000)
        return Outcome(value, error), status, error, note

    def call(self, name, side, fn, result=None, extra_note=None):
        """Runs and records one call. `result(value)` describes a successful answer."""
        outcome, status, error, note = self.attempt(side, fn)
        record = {'call': name, 'status': status, 'error': error, 'note': dict(note, **(extra_note or {}))}
        if outcome.ok:
            described = (result or self.describe_resource)(outcome.value)
            if isinstance(described, tuple):
                record['result'], record['ids'] = described
            else:
                record['result'] = described
            if isinstance(record['result'], dict) and '_note' in record['result']:
                record['note'].update(record['result'].pop('_note'))
        self.write(record)
        return outcome

    def describe_resource(self, value):
        if value is None:
            return None
        data = value.to_dict() if hasattr(value, 'to_dict') else value
        return describe(self.labels, data)

    def describe_list(self, page, reference=None, paged=False, restrict=False):
        """A list answer. Without a reference (a default list): which of our job executions it
        holds and the order's name. With one (the same server's default list, or for a filtered
        page its filtered list): the positions in it that the answer covers, and prev/next as
        positions too, so that two servers whose ids sort differently compare equal when they page
        alike. A page's members follow from the default order, already compared, so they go to
        the note; an unpaged filtered list keeps its members and is positioned within the part of
        the default list it returned (whether it keeps the default order)."""
        labels = self.labels
        raw_ids = [item.id for item in page]
        ids = []
        for raw in raw_ids:
            label = labels.label(raw)
            ids.append(label if label and labels.is_job_execution(label) else '<foreign>')
        own = [label for label in ids if label != '<foreign>']
        raw_by_label = {label: raw for raw, label in zip(raw_ids, ids) if label != '<foreign>'}
        keys = sorted({key for item in page for key in item.to_dict().keys()})
        statuses = {label: (item.to_dict().get('info') or {}).get('status')
                    for label, item in zip(ids, page) if label != '<foreign>'}
        result = {'foreign': len(ids) - len(own), 'item_keys': keys}
        members = {'own': sorted(own), 'statuses': statuses}
        if reference is None:
            result.update(members)
            result['order'] = order_of(labels, own, raw_by_label)
        else:
            base = [raw for raw in reference if raw in raw_ids] if restrict else list(reference)

            def position(raw):
                if raw is None:
                    return None
                return base.index(raw) if raw in base else labels.text(str(raw))

            result['page'] = [position(raw) for raw in raw_ids]
            result['prev'] = position(getattr(page, 'prev', None))
            result['next'] = position(getattr(page, 'next', None))
            if paged:
                result['_note'] = {'ids': ids}
                return result, None
            result.update(members)
            return result, ids
        result['prev'] = labels.text(str(page.prev)) if getattr(page, 'prev', None) else None
        result['next'] = labels.text(str(page.next)) if getattr(page, 'next', None) else None
        return result, ids
