#!/usr/bin/python3
"""Runs Debian bookworm's packaged `sahara-all` (sahara 1:16.0.0) unchanged,
except for one compatibility shim applied in memory.

Why: sahara 16.0.0 mounts the same Flask blueprint object (`api_v10.rest`,
named "v10") twice, at /v1.0 and at /v1.1. Since Flask 2.1 a blueprint name
may be registered only once per app, and bookworm ships Flask 2.2, so the
packaged service dies at start-up with
    ValueError: The name 'v10' is already registered for this blueprint.
Upstream sahara fixed this in 17.0.0 by passing name='apiv10_v11' to the
second registration. We give Flask an app class that does exactly that when
a blueprint object comes back a second time without an explicit name.
Blueprint names are only internal endpoint prefixes; nothing on the wire
changes. No installed file is modified.

A second shim, for the same Flask upgrade: Flask 2.2 keeps its request and
application contexts in two ContextVars, where the Flask that sahara 16 was
written for kept them in werkzeug Locals, one value per greenlet under
eventlet. Under bookworm's eventlet 0.33 / greenlet 2.0 a handler now and
then finds its context gone after a database call ("RuntimeError: Working
outside of request context" from sahara/utils/api.py) and answers an empty
500 - to a DELETE that did delete, too. The shim gives those two variables
back one value per greenlet; what Sahara does with a request is unchanged.

A third shim, for bookworm's greenlet 2.0.2 under Python 3.11: a garbage
collection that starts in the middle of a greenlet switch, and runs a
finalizer that itself switches (a pooled database connection returned from a
weakref callback, a socket closed in __del__), leaves the switch returning
NULL: "SystemError: <built-in method switch of GreenThread object>
returned NULL without setting an exception" in eventlet's hub, and what
that greenthread was doing (a request, the engine's work on a job
execution) never resumes. greenlet fixed this in
3.0.0rc2 (its changelog, "garbage collection was triggered during the middle
of a switch"); bookworm has no greenlet 3. So the collector runs only where no
switch can be under way: automatic collection is off, and a greenthread of
its own collects the young generations twice a second and everything every
half minute.

Usage: sahara_launcher.py --config-file FILE   (the same argv as sahara-all)
"""
import sys

# sahara's module computes a "development tree" location from argv[0]; make it
# look like the packaged console script so nothing from this folder is picked.
sys.argv[0] = '/usr/bin/sahara-all'

# Sahara's eventlet monkey-patching goes first, before Flask and friends are
# imported anywhere else (importing sahara.cli.sahara_all applies it too).
from sahara.utils import patches  # noqa: E402
patches.patch_all()

import gc  # noqa: E402
import os  # noqa: E402
import weakref  # noqa: E402

import eventlet  # noqa: E402
import flask  # noqa: E402
import flask.globals  # noqa: E402
import greenlet  # noqa: E402

_UNSET = object()


class PerGreenletVar:
    """The get/set/reset of a ContextVar, keeping one value per greenlet."""

    def __init__(self, name):
        self.name = name
        self._values = weakref.WeakKeyDictionary()

    def get(self, default=_UNSET):
        value = self._values.get(greenlet.getcurrent(), _UNSET)
        if value is not _UNSET:
            return value
        if default is _UNSET:
            raise LookupError(self.name)
        return default

    def set(self, value):
        current = greenlet.getcurrent()
        token = (current, self._values.get(current, _UNSET))
        self._values[current] = value
        return token

    def reset(self, token):
        owner, previous = token
        if previous is _UNSET:
            self._values.pop(owner, None)
        else:
            self._values[owner] = previous


def _proxy_reading(var, attribute, unbound_message):
    def current_object():
        try:
            value = var.get()
        except LookupError:
            raise RuntimeError(unbound_message) from None
        return getattr(value, attribute) if attribute else value
    return current_object


def keep_flask_contexts_per_greenlet():
    replaced = {}
    for name in ('_cv_app', '_cv_request'):
        original = getattr(flask.globals, name)
        replaced[id(original)] = PerGreenletVar(original.name)
    # Every flask module that imported the variables, and the proxies built on them.
    for module_name, module in list(sys.modules.items()):
        if module_name == 'flask' or module_name.startswith('flask.'):
            for name in ('_cv_app', '_cv_request'):
                original = getattr(module, name, None)
                if original is not None and id(original) in replaced:
                    setattr(module, name, replaced[id(original)])
    proxies = {
        'app_ctx': ('_cv_app', None, flask.globals._no_app_msg),
        'current_app': ('_cv_app', 'app', flask.globals._no_app_msg),
        'g': ('_cv_app', 'g', flask.globals._no_app_msg),
        'request_ctx': ('_cv_request', None, flask.globals._no_req_msg),
        'request': ('_cv_request', 'request', flask.globals._no_req_msg),
        'session': ('_cv_request', 'session', flask.globals._no_req_msg),
    }
    for proxy_name, (var_name, attribute, message) in proxies.items():
        proxy = getattr(flask.globals, proxy_name)
        var = getattr(flask.globals, var_name)
        object.__setattr__(proxy, '_LocalProxy__wrapped', var)
        object.__setattr__(proxy, '_get_current_object', _proxy_reading(var, attribute, message))
    for stack_name, var_name in (('__app_ctx_stack', '_cv_app'), ('__request_ctx_stack', '_cv_request')):
        getattr(flask.globals, stack_name).cv = getattr(flask.globals, var_name)


keep_flask_contexts_per_greenlet()

from sahara.cli import sahara_all  # noqa: E402

_UPSTREAM_NAMES = {('v10', '/v1.1'): 'apiv10_v11'}


class FlaskAllowingRemount(flask.Flask):
    def register_blueprint(self, blueprint, **options):
        if 'name' not in options and self.blueprints.get(blueprint.name) is blueprint:
            prefix = options.get('url_prefix') or ''
            options['name'] = _UPSTREAM_NAMES.get(
                (blueprint.name, prefix),
                '%s_at_%s' % (blueprint.name, prefix.strip('/').replace('/', '_').replace('.', '')))
        return super().register_blueprint(blueprint, **options)


class CollectBetweenSwitches:
    """Garbage collection from a greenthread of its own only (see the third shim above).

    Each process of the tree (the launcher, and the API worker it forks, where
    eventlet starts a fresh hub) gets one collector greenthread: the first one
    at start-up, the worker's at its first request.
    """

    YOUNG_EVERY_S = 0.5
    FULL_EVERY = 60  # young collections between two full ones

    def __init__(self):
        self.running_in = None

    def ensure_running(self):
        if self.running_in != os.getpid():
            self.running_in = os.getpid()
            eventlet.spawn(self.collect_forever)

    def collect_forever(self):
        rounds = 0
        while True:
            eventlet.sleep(self.YOUNG_EVERY_S)
            rounds += 1
            gc.collect() if rounds % self.FULL_EVERY == 0 else gc.collect(1)


gc.disable()
_collector = CollectBetweenSwitches()
_collector.ensure_running()


class FlaskCollectingBetweenSwitches(FlaskAllowingRemount):
    def wsgi_app(self, environ, start_response):
        _collector.ensure_running()
        return super().wsgi_app(environ, start_response)


# sahara builds its app with `flask.Flask(...)` at request-router load time,
# so swapping the attribute here is enough.
flask.Flask = FlaskCollectingBetweenSwitches

if __name__ == '__main__':
    sys.exit(sahara_all.main())
