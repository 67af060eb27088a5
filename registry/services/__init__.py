"""The service layer: plain functions of (session, explicit inputs, now).

No Flask request and no globals in here; views and the CLI call these.
"""
