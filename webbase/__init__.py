"""What both web services share, written once: problem+json, the OpenAPI ``Api`` class,
validation messages in two languages, the page layout and its style sheet.

Imports only ``certs`` and the web libraries; never ``registry`` nor ``verify``.
"""
