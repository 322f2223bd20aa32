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

Usage: sahara_launcher.py --config-file FILE   (the same argv as sahara-all)
"""
import sys

# sahara's module computes a "development tree" location from argv[0]; make it
# look like the packaged console script so nothing from this folder is picked.
sys.argv[0] = '/usr/bin/sahara-all'

# Import sahara first: this applies its eventlet monkey-patching before Flask
# and friends are imported anywhere else.
from sahara.cli import sahara_all  # noqa: E402

import flask  # noqa: E402

_UPSTREAM_NAMES = {('v10', '/v1.1'): 'apiv10_v11'}


class FlaskAllowingRemount(flask.Flask):
    def register_blueprint(self, blueprint, **options):
        if 'name' not in options and self.blueprints.get(blueprint.name) is blueprint:
            prefix = options.get('url_prefix') or ''
            options['name'] = _UPSTREAM_NAMES.get(
                (blueprint.name, prefix),
                '%s_at_%s' % (blueprint.name, prefix.strip('/').replace('/', '_').replace('.', '')))
        return super().register_blueprint(blueprint, **options)


# sahara builds its app with `flask.Flask(...)` at request-router load time,
# so swapping the attribute here is enough.
flask.Flask = FlaskAllowingRemount

if __name__ == '__main__':
    sys.exit(sahara_all.main())
