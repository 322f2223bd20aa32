"""Making two servers' answers comparable: volatile values become stable labels or shapes.

Ids the driver knows (projects, fixture job/clusters, data sources and the job executions it
created) become labels such as <project-a> or je-minimal; other UUIDs become <uuid>; times
become their shape (DDDD-DD-DDTDD:DD:DD), so format differences still show; URLs keep their
path with the known ids replaced.
"""
import re

UUID = re.compile(r'[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}')
HEX32 = re.compile(r'\b[0-9a-f]{32}\b')
TIME = re.compile(r'^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?$')
ERROR_ID = re.compile(r'Error ID: [0-9a-fA-F-]+')
HOST_PORT = re.compile(r'https?://[^/\s"\']+')


class Labels:
    def __init__(self):
        self.by_raw = {}
        self.created = []  # job execution labels, in creation order

    def add(self, raw, label):
        if raw:
            self.by_raw[str(raw)] = label

    def add_job_execution(self, raw, label):
        self.add(raw, label)
        if label not in self.created:
            self.created.append(label)

    def label(self, raw):
        return self.by_raw.get(str(raw))

    def raw(self, label):
        for raw, known in self.by_raw.items():
            if known == label:
                return raw
        return None

    def is_job_execution(self, label):
        return label in self.created

    def text(self, value):
        """A string with every known id replaced by its label and unknown ids by a placeholder."""
        if value in self.by_raw:
            return self.by_raw[value]
        if TIME.match(value):
            return re.sub(r'\d', 'D', value)
        out = value
        for raw, label in sorted(self.by_raw.items(), key=lambda kv: -len(kv[0])):
            if raw in out:
                out = out.replace(raw, label)
        out = ERROR_ID.sub('Error ID: <error-id>', out)
        out = HOST_PORT.sub('<host>', out)
        out = UUID.sub('<uuid>', out)
        return HEX32.sub('<hex32>', out)

    def value(self, value):
        if isinstance(value, dict):
            return {self.text(str(k)): self.value(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
        if isinstance(value, (list, tuple)):
            return [self.value(v) for v in value]
        if isinstance(value, str):
            return self.text(value)
        return value


def resource_dict(resource):
    if resource is None:
        return None
    if hasattr(resource, 'to_dict'):
        return resource.to_dict()
    return resource


def describe(labels, data):
    """{"keys": [...], "fields": {...}} of a dict the server answered, normalised."""
    if not isinstance(data, dict):
        return {'type': type(data).__name__, 'value': labels.value(data)}
    return {'keys': sorted(data.keys()), 'fields': labels.value(data)}


def order_of(labels, own_in_order, raw_by_label):
    """How the job executions this script created are ordered in a list answer. With fewer than
    4 the order of random ids would match one of these by chance too often (a page's order is
    compared through its positions instead)."""
    if len(own_in_order) < 4:
        return 'fewer-than-4'
    by_id = sorted(own_in_order, key=lambda label: raw_by_label[label])
    by_creation = sorted(own_in_order, key=labels.created.index)
    candidates = (('id-asc', by_id), ('id-desc', by_id[::-1]),
                  ('created-asc', by_creation), ('created-desc', by_creation[::-1]))
    for name, expected in candidates:
        if own_in_order == expected:
            return name
    return 'other'


def short_message(labels, message, limit=240):
    if message is None:
        return None
    text = labels.text(str(message)).replace('\n', ' ').strip()
    return text[:limit]
