"""Minimal Keystone v3 client on the standard library (no proxies, JSON in
and out). Errors never include request bodies, which may hold passwords."""
import json
import urllib.error
import urllib.request

_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class KeystoneError(RuntimeError):
    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


def call(base, method, path, body=None, token=None):
    request = urllib.request.Request(base + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
    request.add_header('Content-Type', 'application/json')
    request.add_header('Accept', 'application/json')
    if token:
        request.add_header('X-Auth-Token', token)
    try:
        with _opener.open(request, timeout=60) as response:
            raw = response.read()
            return response.headers, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as err:
        raise KeystoneError('%s %s -> HTTP %s' % (method, path, err.code), err.code) from None


def issue_token(base, user, password, project):
    """Password auth scoped to PROJECT (all in domain Default) -> token string."""
    headers, _ = call(base, 'POST', '/v3/auth/tokens', {'auth': {
        'identity': {'methods': ['password'], 'password': {'user': {
            'name': user, 'domain': {'name': 'Default'}, 'password': password}}},
        'scope': {'project': {'name': project, 'domain': {'name': 'Default'}}}}})
    return headers['X-Subject-Token']


def issue_app_credential_token(base, credential_id, secret):
    """Application credential auth (its scope is the credential's project)
    -> (token string, token body)."""
    headers, body = call(base, 'POST', '/v3/auth/tokens', {'auth': {
        'identity': {'methods': ['application_credential'], 'application_credential': {
            'id': credential_id, 'secret': secret}}}})
    return headers['X-Subject-Token'], body['token']
