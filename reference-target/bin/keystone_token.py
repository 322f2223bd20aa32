#!/usr/bin/python3
"""Prints a fresh project-scoped token for USER on PROJECT to stdout (for
capture by a caller, never for display). The password is read from the
environment variable named by PASSWORD_VAR so it stays off argv.

usage: keystone_token.py KEYSTONE_URL USER PASSWORD_VAR PROJECT
"""
import os
import sys

from keystone_http import issue_token

if __name__ == '__main__':
    base, user, password_var, project = sys.argv[1:5]
    print(issue_token(base.rstrip('/'), user, os.environ[password_var], project))
