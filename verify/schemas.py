"""The shapes verify answers in (documentation and schemathesis hold us to them)."""

from __future__ import annotations

import marshmallow as ma

from webbase.validation import Message

S = ma.fields.String
N = {"allow_none": True, "required": True}


class VerifyRequestSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    token = S(metadata={"description": "A compact JWS (vc+jwt), e.g. the credential file"})
    qr_text = S(metadata={"description": "The text of a certificate's QR code"})

    @ma.validates_schema
    def _exactly_one(self, data, **_kwargs):
        given = [name for name in ("token", "qr_text") if data.get(name)]
        if len(given) != 1:
            raise ma.ValidationError(
                Message(
                    "one_of_token_or_qr_text",
                    "Send exactly one of token or qr_text.",
                    "请提供 token 或 qr_text 其中之一（且只提供一个）。",
                ),
                "token",
            )


class SignatureSchema(ma.Schema):
    valid = ma.fields.Boolean(required=True)
    reason = S(**N)
    message = S(required=True)
    message_zh = S(required=True)
    kid = S(**N)
    key_status = S(**N)
    key_compromised = ma.fields.Boolean(
        required=True, metadata={"description": "Signed by a key at or after its compromise"}
    )


class NamedSchema(ma.Schema):
    code = S(required=True)
    name_zh = S(required=True)
    name_en = S(required=True)


class CertificateAnswerSchema(ma.Schema):
    serial = S(required=True)
    serial_display = S(required=True)
    result = S(
        required=True,
        metadata={
            "enum": ["valid", "revoked", "suspended", "key_compromised", "signature_invalid"],
            "description": "key_compromised: the record is in force, but its credential was "
            "signed by a key at or after the key's compromise (revoked and suspended come "
            "first)",
        },
    )
    result_zh = S(required=True)
    result_en = S(required=True)
    status = S(required=True)
    status_reason = S(**N)
    status_changed_at = S(**N)
    status_reason_zh = S(**N)
    status_reason_en = S(**N)
    status_decision_number = S(**N)
    status_effective_date = S(**N)
    key_compromised = ma.fields.Boolean(required=True)
    masked_name = S(required=True)
    level = S(required=True)
    title_zh = S(required=True)
    title_en = S(required=True)
    specialty = ma.fields.Nested(NamedSchema, required=True)
    committee = ma.fields.Nested(NamedSchema, required=True)
    evaluation_track = ma.fields.Nested(NamedSchema, required=True)
    route = ma.fields.Nested(
        NamedSchema,
        required=True,
        metadata={
            "description": "How the title was obtained: regular, exceptional (破格), "
            "direct_track (直通车), technical_school, qualification_equivalence (认定)"
        },
    )
    decision_number = S(required=True)
    decision_date = S(required=True)
    issued_at = S(required=True)
    signature = ma.fields.Nested(SignatureSchema, required=True)
    checked_at = S(required=True)


class ClaimsSchema(ma.Schema):
    masked_name = S(**N)
    level = S(**N)
    title_zh = S(**N)
    title_en = S(**N)


class TokenAnswerSchema(ma.Schema):
    result = S(
        required=True,
        metadata={
            "description": "The live record's result (as a certificate answer's), or "
            "not_found, or signature_invalid when the token's own signature fails"
        },
    )
    result_zh = S(required=True)
    result_en = S(required=True)
    token_signature = ma.fields.Nested(SignatureSchema, required=True)
    serial = S(**N)
    claims = ma.fields.Nested(ClaimsSchema, required=True)
    certificate = ma.fields.Nested(CertificateAnswerSchema, **N)
    checked_at = S(required=True)
