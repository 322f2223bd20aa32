"""Who the driver talks to: one saharaclient per project, from an env file.

Two ways in, both what a saharaclient user would write:
  keystone - keystoneauth1 v3 Password (OS_AUTH_URL, OS_USERNAME, ...); Sahara is found in the
             token's service catalog (type data-processing), as on a real deployment.
  token    - a static token and a plain endpoint (CONFORMANCE_BASE_URL/v1.1/<project id>),
             keystoneauth1.token_endpoint.Token + Client(session=..., sahara_url=...): the only
             way into the mock, which has no Keystone.
The env file is the suite's (`npm run mock -- --write-env FILE`, reference-target/var/
conformance.env). Secrets are read from it and never printed.
"""
from keystoneauth1 import session as ks_session
from keystoneauth1 import token_endpoint
from keystoneauth1.identity import v3
from saharaclient.api.client import Client


def read_env_file(path):
    env = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith('#') or '=' not in line:
                continue
            key, value = line.split('=', 1)
            env[key.strip()] = value.strip().strip('"').strip("'")
    return env


class Capture:
    """The last HTTP answer the client got (saharaclient only exposes it on some errors)."""

    def __init__(self):
        self.last = None


def _instrument(client):
    # Every manager of one Client shares this keystoneauth Adapter; wrapping its request()
    # records the status of successful calls too, without changing what the client does.
    http = client.job_executions.api
    capture = Capture()
    original = http.request

    def request(*args, **kwargs):
        capture.last = None
        response = original(*args, **kwargs)
        capture.last = response
        return response

    http.request = request
    return capture


class Side:
    """One project's view: a saharaclient Client, its project id, Sahara URL and token."""

    def __init__(self, name, session, endpoint, project_id, sahara_url=None):
        self.name = name
        self.session = session
        self.client = Client(session=session, sahara_url=sahara_url)
        self.capture = _instrument(self.client)
        self.endpoint = endpoint
        self.project_id = project_id

    def token(self):
        return self.session.get_token()


def _token_side(name, base_url, project_id, token):
    endpoint = '%s/v1.1/%s' % (base_url.rstrip('/'), project_id)
    session = ks_session.Session(auth=token_endpoint.Token(endpoint, token))
    return Side(name, session, endpoint, project_id, sahara_url=endpoint)


def _keystone_side(name, env, username, password, project_name):
    auth = v3.Password(
        auth_url=env['OS_AUTH_URL'], username=username, password=password,
        project_name=project_name,
        user_domain_name=env.get('OS_USER_DOMAIN_NAME', 'Default'),
        project_domain_name=env.get('OS_PROJECT_DOMAIN_NAME', 'Default'))
    session = ks_session.Session(auth=auth)
    endpoint = session.get_endpoint(service_type='data-processing', interface='public')
    return Side(name, session, endpoint, session.get_project_id())


def token_with_other_url(side, other_project_id):
    """A client that sends side's token to another project's URL (Sahara's tenant check)."""
    endpoint = side.endpoint.rsplit('/', 1)[0] + '/' + other_project_id
    session = ks_session.Session(auth=token_endpoint.Token(endpoint, side.token()))
    return Side(side.name + '-url-of-other', session, endpoint, other_project_id, sahara_url=endpoint)


def forged_token(side):
    session = ks_session.Session(auth=token_endpoint.Token(side.endpoint, 'forged-' + 'x' * 24))
    return Side(side.name + '-forged', session, side.endpoint, side.project_id, sahara_url=side.endpoint)


class Target:
    """Both projects of one target, and the fixture ids from the env file."""

    def __init__(self, env, auth):
        self.auth = auth
        if auth == 'keystone':
            self.primary = _keystone_side('a', env, env['OS_USERNAME'], env['OS_PASSWORD'], env['OS_PROJECT_NAME'])
            self.other = _keystone_side('b', env, env['CONFORMANCE_OTHER_OS_USERNAME'],
                                        env['CONFORMANCE_OTHER_OS_PASSWORD'], env['CONFORMANCE_OTHER_OS_PROJECT_NAME'])
        else:
            base = env['CONFORMANCE_BASE_URL']
            self.primary = _token_side('a', base, env['CONFORMANCE_PROJECT_ID'], env['CONFORMANCE_AUTH_TOKEN'])
            self.other = _token_side('b', base, env['CONFORMANCE_OTHER_PROJECT_ID'], env['CONFORMANCE_OTHER_AUTH_TOKEN'])
        self.job_id = env['CONFORMANCE_JOB_ID']
        self.cluster_id = env['CONFORMANCE_CLUSTER_ID']
        self.pending_cluster_id = env.get('CONFORMANCE_PENDING_CLUSTER_ID') or None
        self.other_job_id = env['CONFORMANCE_OTHER_JOB_ID']
        self.other_cluster_id = env['CONFORMANCE_OTHER_CLUSTER_ID']


def load_target(env_file, auth=None):
    env = read_env_file(env_file)
    if auth is None:
        auth = 'keystone' if env.get('OS_AUTH_URL') and env.get('OS_PASSWORD') else 'token'
    return Target(env, auth)
