"""The signing keys' private halves: PKCS#8 files encrypted with a passphrase, mode 0600.

Only the registry loads these. Which key is active is recorded in the database; a file
without a row, or a row without a file, is an operator's mistake reported loudly."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    PrivateFormat,
    load_pem_private_key,
)

from certs.credential.jose import jwk_thumbprint, public_jwk
from certs.credential.sign import Ed25519Signer
from certs.errors import SigningKeyError


def write_private_key(path: Path, private_key, passphrase: bytes) -> None:
    """Write ``private_key`` as encrypted PKCS#8, mode 0600; never over an existing file."""
    pem = private_key.private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, BestAvailableEncryption(passphrase)
    )
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)


def read_private_key(path: Path, passphrase: bytes, missing: SigningKeyError):
    """The key in ``path``; ``missing`` is raised when there is no such file."""
    try:
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            raise SigningKeyError(
                f"{path} is readable by others (mode {mode:o}); chmod 600 it.",
                f"{path} 的权限过宽（{mode:o}），请改为 600。",
            )
        return load_pem_private_key(path.read_bytes(), password=passphrase)
    except FileNotFoundError:
        raise missing from None
    except (ValueError, TypeError):
        raise SigningKeyError(
            f"Cannot decrypt {path}: wrong passphrase file or not a PKCS#8 key.",
            f"无法解密 {path}：口令文件不对或不是 PKCS#8 私钥。",
        ) from None


class KeyStore:
    def __init__(self, directory: Path, passphrase: bytes):
        self.directory = directory
        self._passphrase = passphrase
        self._signers: dict[str, Ed25519Signer] = {}

    def path(self, kid: str) -> Path:
        return self.directory / f"{kid}.pem"

    def create(self) -> tuple[str, dict]:
        """Make a key, write it encrypted with mode 0600; return its kid and public JWK."""
        private_key = Ed25519PrivateKey.generate()
        jwk = public_jwk(private_key.public_key())
        kid = jwk_thumbprint(jwk)
        write_private_key(self.path(kid), private_key, self._passphrase)
        return kid, {**jwk, "kid": kid}

    def signer(self, kid: str) -> Ed25519Signer:
        if kid not in self._signers:
            self._signers[kid] = self._load(kid)
        return self._signers[kid]

    def _load(self, kid: str) -> Ed25519Signer:
        path = self.path(kid)
        missing = SigningKeyError(
            f"The private key file for {kid} is missing from {self.directory}.",
            f"密钥目录 {self.directory} 中缺少 {kid} 的私钥文件。",
        )
        key = read_private_key(path, self._passphrase, missing)
        if not isinstance(key, Ed25519PrivateKey):
            raise SigningKeyError(f"{path} is not an Ed25519 key.", f"{path} 不是 Ed25519 私钥。")
        signer = Ed25519Signer.from_private_key(key)
        if signer.kid != kid:
            raise SigningKeyError(f"{path} holds a different key.", f"{path} 中的密钥与名称不符。")
        return signer
