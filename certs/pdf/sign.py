"""The bureau's PDF signature (PAdES) over an e-certificate. The key is handed in.

ECDSA P-256 with SHA-256: Adobe Acrobat/Reader and Foxit validate it (PAdES and ISO 32000-2
name it; ETSI TS 119 312 recommends it), its keys are made in microseconds and its signatures
are 72 bytes. The credentials' Ed25519 is not used here: PDF readers are only beginning to
accept EdDSA (ISO 32002, 2022). The certificate is self-signed and names the bureau; readers
show it as "unknown identity" until the bureau's published certificate is trusted, which
the verify service's upload check and README explain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfSigningSession
from pyhanko_certvalidator.registry import SimpleCertificateStore

from certs.pdf.check import certificate_fingerprint

SIGNATURE_FIELD = "BureauSignature"
CERTIFICATE_YEARS = 10  # certificates outlive many key rotations; the key itself rotates
SIGNING_PURPOSE_ZH = "电子职称证书签章"
SIGNING_PURPOSE_EN = "Electronic title certificate signing"


@dataclass(frozen=True)
class PdfSigningMaterial:
    """A private key and the certificate that names its holder."""

    private_key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @property
    def fingerprint(self) -> str:
        return certificate_fingerprint(self.certificate)


def key_id(private_key: ec.EllipticCurvePrivateKey) -> str:
    """SHA-256 of the public key (SubjectPublicKeyInfo), hex; names the key's file."""
    public = private_key.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(public).hexdigest()


def new_private_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def make_certificate(
    private_key: ec.EllipticCurvePrivateKey, issuer_name: str, now: dt.datetime
) -> x509.Certificate:
    """A self-signed certificate naming the bureau as the signer of e-certificates.

    Key usage is digital signature plus non-repudiation (content commitment), what PDF
    readers and pyHanko expect of a document signer. No extended key usage: readers differ
    in which document-signing purposes they accept, and none refuses a certificate without.
    """
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, issuer_name),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, SIGNING_PURPOSE_EN),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{issuer_name} {SIGNING_PURPOSE_ZH}"),
        ]
    )
    public_key = private_key.public_key()
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * CERTIFICATE_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .sign(private_key, hashes.SHA256())
    )


class _SignerAt(signers.PdfSigner):
    """pyHanko's signer with the signing time handed in rather than read from the clock."""

    def __init__(self, *args: Any, signing_time: dt.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time

    def init_signing_session(
        self, pdf_out: BasePdfFileWriter, existing_fields_only: bool = False
    ) -> PdfSigningSession:
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self._signing_time
        return session


def sign_pdf(pdf: bytes, material: PdfSigningMaterial, issuer_name: str, now: dt.datetime) -> bytes:
    """The PDF with a certifying PAdES signature appended (no later change permitted),
    signed at ``now``."""
    certificate = asn1_x509.Certificate.load(material.certificate.public_bytes(Encoding.DER))
    key = asn1_keys.PrivateKeyInfo.load(
        material.private_key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    )
    signer = signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=key,
        # pyhanko_certvalidator ships py.typed but leaves from_certs unannotated.
        cert_registry=SimpleCertificateStore.from_certs([certificate]),  # type: ignore[no-untyped-call]
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        reason=f"{SIGNING_PURPOSE_ZH} {SIGNING_PURPOSE_EN}",
        name=issuer_name,
    )
    output = io.BytesIO()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    _SignerAt(metadata, signer=signer, signing_time=now).sign_pdf(writer, output=output)
    return output.getvalue()
