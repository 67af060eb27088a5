"""The shared core: levels, serial numbers, the credential, signatures, QR codes.

Pure functions and dataclasses. No Flask, no database, no environment: whatever a
function needs (a signer, public keys, the time) is handed in.
"""
