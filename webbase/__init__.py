"""What both web services share, written once: problem+json, the OpenAPI ``Api`` class,
validation messages in two languages, the page layout and its style sheet, the security
headers on every answer.

Imports only ``certs`` and the web libraries; never ``registry`` nor ``verify``.
"""
