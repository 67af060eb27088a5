"""The PDF-signing keys' private halves: encrypted PKCS#8 files beside the credential keys.

Kept like ``registry.keys.KeyStore`` keeps the Ed25519 keys (same directory, same passphrase,
mode 0600), under their own names (``pdf-<key id>.pem``) so that neither store mistakes the
other's files for its own."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec

from certs.errors import SigningKeyError
from certs.pdf.sign import key_id, new_private_key
from registry.keys.store import read_private_key, write_private_key


class PdfKeyStore:
    def __init__(self, directory: Path, passphrase: bytes):
        self.directory = directory
        self._passphrase = passphrase
        self._keys: dict[str, ec.EllipticCurvePrivateKey] = {}

    def path(self, identifier: str) -> Path:
        return self.directory / f"pdf-{identifier}.pem"

    def create(self) -> tuple[str, ec.EllipticCurvePrivateKey]:
        """Make a key and write it encrypted with mode 0600; return its id and the key."""
        private_key = new_private_key()
        identifier = key_id(private_key)
        write_private_key(self.path(identifier), private_key, self._passphrase)
        self._keys[identifier] = private_key
        return identifier, private_key

    def private_key(self, identifier: str) -> ec.EllipticCurvePrivateKey:
        if identifier not in self._keys:
            self._keys[identifier] = self._load(identifier)
        return self._keys[identifier]

    def _load(self, identifier: str) -> ec.EllipticCurvePrivateKey:
        path = self.path(identifier)
        missing = SigningKeyError(
            f"The PDF-signing key file {path.name} is missing from {self.directory}.",
            f"密钥目录 {self.directory} 中缺少 PDF 签章私钥文件 {path.name}。",
        )
        key = read_private_key(path, self._passphrase, missing)
        if not isinstance(key, ec.EllipticCurvePrivateKey) or key_id(key) != identifier:
            raise SigningKeyError(f"{path} holds a different key.", f"{path} 中的密钥与名称不符。")
        return key
