#!/usr/bin/python3
"""Makes sure Keystone holds what the reference target needs, through
Keystone's v3 REST API only (idempotent):

  project service  + user sahara  (role admin)  - Sahara's own service account
  project proj-a   + user user-a  (role member)
  project proj-b   + user user-b  (role member)

Passwords come from the environment (ADMIN_PASSWORD, SAHARA_SERVICE_PASSWORD,
USER_A_PASSWORD, USER_B_PASSWORD), never from argv. An existing user whose
password no longer works gets it reset; one whose password works is left
alone, because a password change revokes that user's live tokens.
Prints one JSON object mapping project name -> project id; nothing secret.

usage: keystone_seed.py KEYSTONE_URL
"""
import json
import os
import sys
import urllib.parse

from keystone_http import KeystoneError, call, issue_token

DESIRED = [
    # (project, user, password env var, role)
    ('service', 'sahara', 'SAHARA_SERVICE_PASSWORD', 'admin'),
    ('proj-a', 'user-a', 'USER_A_PASSWORD', 'member'),
    ('proj-b', 'user-b', 'USER_B_PASSWORD', 'member'),
]


def find_or_create(base, token, collection, name, body):
    query = urllib.parse.urlencode({'name': name, 'domain_id': 'default'})
    found = call(base, 'GET', '/v3/%s?%s' % (collection, query), token=token)[1][collection]
    if found:
        return found[0]['id'], False
    singular = collection[:-1]
    created = call(base, 'POST', '/v3/' + collection, {singular: body}, token=token)[1]
    return created[singular]['id'], True


def password_works(base, user, password, project):
    try:
        issue_token(base, user, password, project)
        return True
    except KeystoneError:
        return False


def main():
    base = sys.argv[1].rstrip('/')
    admin_token = issue_token(base, 'admin', os.environ['ADMIN_PASSWORD'], 'admin')
    roles = {r['name']: r['id'] for r in call(base, 'GET', '/v3/roles', token=admin_token)[1]['roles']}
    project_ids = {}
    for project, user, password_var, role in DESIRED:
        password = os.environ[password_var]
        pid, _ = find_or_create(base, admin_token, 'projects', project,
                                {'name': project, 'domain_id': 'default', 'enabled': True})
        uid, created = find_or_create(base, admin_token, 'users', user,
                                      {'name': user, 'domain_id': 'default', 'password': password,
                                       'default_project_id': pid, 'enabled': True})
        call(base, 'PUT', '/v3/projects/%s/users/%s/roles/%s' % (pid, uid, roles[role]), token=admin_token)
        if not created and not password_works(base, user, password, project):
            call(base, 'PATCH', '/v3/users/' + uid, {'user': {'password': password}}, token=admin_token)
        project_ids[project] = pid
    print(json.dumps(project_ids))


if __name__ == '__main__':
    main()
