"""Re-issue after an error (更正): the bureau's one path to a certificate outside a batch.

A title from evaluation comes only from a results batch that has completed its public
notice (三(四)4: 公示制度、结果验收和备案制度). When the bureau finds that a certificate says
something the decision did not (a name or an ID number mistyped, the wrong specialty or
level), it corrects it: the certificate issued wrong is revoked as ``issued_in_error`` and
the corrected one issued, in one transaction, so that neither answer is ever seen alone.

The corrected certificate rests on the same decision of the same committee: every fact not
corrected is the replaced certificate's (the committee always is, and the specialty keeps
the names it was issued under), and every check runs again on the facts it ends up with:
the decision date, the committee's authority on it, the route and its ground, the
integrity-record bar and one held title per level. The committee need not hold the
authority today: the re-issue records a decision it made then, as the original did."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.dates import beijing_date
from certs.decisions import decision_date_errors, meeting_errors, notice_errors
from certs.errors import (
    ConflictError,
    FieldError,
    InvalidInputError,
    NotFoundError,
    SerialFormatError,
)
from certs.routes import route_errors
from certs.serials import parse_serial
from registry.audit.services import Actor
from registry.batches.models import BatchRow, ResultBatch
from registry.certificates.models import Certificate
from registry.certificates.pipeline import HolderIdentity, SpecialtyNames, issue
from registry.certificates.schemas import basis_missing
from registry.certificates.services import grant_for, refuse_if_held
from registry.clients.models import ApiClient
from registry.committees.authority import (
    DECIDED,
    MET,
    Occasion,
    committee_dated_errors,
    scope_on,
)
from registry.committees.models import Specialty
from registry.committees.services import specialty_by_code
from registry.committees.specialties import issued_specialty
from registry.protect import IdNumberProtector
from registry.revocation.integrity import refuse_if_barred
from registry.revocation.models import TitleReview
from registry.revocation.services import StatusDecision, StatusPolicy, change_status


def reissue_certificate(
    session: Session,
    client: ApiClient,
    request: dict,
    policy: StatusPolicy,
    protector: IdNumberProtector,
    now: dt.datetime,
) -> Certificate:
    """The corrected certificate, the replaced one revoked; nothing is written when any
    check refuses. The answer carries the new access code, shown this once."""
    replaced = _replaceable(session, request["replaces"])
    corrections = request["corrections"]
    facts = {**_facts_of(replaced), **corrections}
    specialty = _specialty(session, replaced, corrections)
    _check(session, replaced, specialty, facts, beijing_date(now))
    if "holder_id_number" in corrections:
        holder = HolderIdentity.of(protector, corrections["holder_id_number"])
    else:
        holder = HolderIdentity(
            replaced.holder.id_number_hash,
            replaced.holder.id_number_encrypted,
            replaced.holder.id_number_masked,
        )
    if {"holder_id_number", "level"} & corrections.keys():
        # A title the person did not hold: barred like any new one. Correcting the name or
        # a date of a title kept after its review grants nothing new.
        try:
            refuse_if_barred(session, holder.id_hash, (facts["decision_date"], beijing_date(now)))
        except InvalidInputError as refused:
            raise InvalidInputError(errors=[_in_corrections(e) for e in refused.errors]) from None
    refuse_if_held(session, holder.id_hash, facts["level"], but=replaced.id)
    names = (
        SpecialtyNames.of(specialty)
        if "specialty_code" in corrections
        else SpecialtyNames(specialty.id, **issued_specialty(session, replaced))
    )
    actor = Actor.of_client(client)
    change_status(
        session,
        actor,
        replaced.serial,
        StatusDecision(
            "revoke",
            request["correction_number"],
            beijing_date(now),
            "issued_in_error",
            note=request["reason"],
        ),
        policy,
        now,
    )
    detail = {
        "replaces": replaced.serial,
        "correction_number": request["correction_number"],
        "corrected": ",".join(sorted(corrections)),
    }
    grant = grant_for(facts, holder, names, replaced.committee, detail)
    [issued] = issue(session, [grant], policy.issuer, actor, client.id, protector, now)
    certificate = session.get_one(Certificate, issued.id)
    certificate.replaces_id = replaced.id
    session.flush()
    certificate.access_code = issued.access_code
    return certificate


def _replaceable(session: Session, serial_text: str) -> Certificate:
    try:
        serial = parse_serial(serial_text)
    except SerialFormatError as error:
        raise InvalidInputError(
            errors=[FieldError("replaces", "invalid_serial", error.detail, error.detail_zh)]
        ) from None
    certificate = session.scalar(
        select(Certificate).where(Certificate.serial == serial).with_for_update(of=Certificate)
    )
    if certificate is None:
        raise NotFoundError(f"No certificate {serial}.", f"没有编号为 {serial} 的证书。")
    if certificate.status != "valid":
        raise ConflictError(
            f"Only a valid certificate can be corrected; this one is {certificate.status} "
            "(lift a suspension first; a revoked certificate stays revoked).",
            f"只有有效的证书可以更正；该证书当前状态为 {certificate.status}"
            "（暂停的须先解除暂停；已撤销的不能更正）。",
        )
    under_review = session.scalar(
        select(TitleReview.id).where(
            TitleReview.certificate_id == certificate.id, TitleReview.status == "open"
        )
    )
    if under_review is not None:
        raise ConflictError(
            f"The certificate is under review (review {under_review}): decide the review "
            "before correcting it.",
            f"该证书正在复查（复查 {under_review}），请先作出复查决定再更正。",
        )
    return certificate


def _facts_of(certificate: Certificate) -> dict:
    """The replaced certificate's facts, in the request's words (its holder apart)."""
    return {
        "holder_name": certificate.holder_name,
        "level": certificate.level,
        "specialty_code": certificate.specialty.code,
        "decision_number": certificate.decision_number,
        "decision_date": certificate.decision_date,
        "evaluation_track": certificate.evaluation_track,
        "evaluation_method": certificate.evaluation_method,
        "route": certificate.route,
        "route_ground": certificate.route_ground,
        "route_basis": certificate.route_basis,
        "technical_school_class": certificate.technical_school_class,
    }


def _specialty(session: Session, replaced: Certificate, corrections: dict) -> Specialty:
    if "specialty_code" not in corrections:
        return replaced.specialty
    specialty = specialty_by_code(session, corrections["specialty_code"])
    if specialty is None:
        raise InvalidInputError(
            errors=[
                FieldError(
                    "corrections.specialty_code",
                    "unknown_specialty",
                    "Not in the specialty catalogue.",
                    "不在职称专业目录中。",
                )
            ]
        )
    return specialty


def _check(
    session: Session,
    replaced: Certificate,
    specialty: Specialty,
    facts: dict,
    today: dt.date,
) -> None:
    """Every reason at once, each named as the corrections would name it."""
    if all(facts[name] == value for name, value in _facts_of(replaced).items()) and (
        facts.get("holder_id_number") is None
    ):
        raise InvalidInputError(
            errors=[
                FieldError(
                    "corrections",
                    "nothing_corrected",
                    "Give at least one fact that differs from the certificate's.",
                    "请至少给出一项与原证书不同的更正内容。",
                )
            ]
        )
    level, decided = facts["level"], facts["decision_date"]
    errors = decision_date_errors(level, decided, today)
    if decided <= today:
        errors.extend(committee_dated_errors(session, replaced.committee, decided, DECIDED))
        errors.extend(_scope_errors(session, replaced, specialty, level, decided, DECIDED))
    reviewed = _reviewed_in(session, replaced)
    if reviewed is not None:  # a title from a batch: its meeting and its notice stand
        row, batch = reviewed
        errors.extend(meeting_errors(decided, row.meeting_date))
        errors.extend(notice_errors(decided, batch.notice_to))
        errors.extend(committee_dated_errors(session, replaced.committee, row.meeting_date, MET))
        errors.extend(_scope_errors(session, replaced, specialty, level, row.meeting_date, MET))
    errors.extend(route_errors(level, facts["route"], facts["route_ground"]))
    missing = basis_missing(facts["route"], facts["route_basis"])
    if missing is not None:
        errors.append(FieldError("route_basis", missing.code, str(missing), missing.zh))
    if errors:
        raise InvalidInputError(errors=[_in_corrections(error) for error in errors])


def _reviewed_in(session: Session, certificate: Certificate) -> tuple[BatchRow, ResultBatch] | None:
    """The batch row the certificate was issued from, with its batch (None: not a batch's)."""
    found = session.execute(
        select(BatchRow, ResultBatch)
        .join(ResultBatch, ResultBatch.id == BatchRow.batch_id)
        .where(BatchRow.serial == certificate.serial)
    ).first()
    return (found[0], found[1]) if found is not None else None


def _scope_errors(
    session: Session,
    replaced: Certificate,
    specialty: Specialty,
    level: str,
    on: dt.date,
    occasion: Occasion,
) -> list[FieldError]:
    """The committee's authority for the level and specialty on the day, and the specialty
    in the catalogue that day (today's authority is no question here)."""
    levels, specialties = scope_on(session, replaced.committee, on)
    errors = []
    if level not in levels:
        errors.append(_outside("level", on, occasion, "this level", "此层级"))
    if specialty.code not in specialties:
        errors.append(_outside("specialty_code", on, occasion, "this specialty", "此专业"))
    if not (specialty.valid_from <= on and (specialty.valid_to or on) >= on):
        errors.append(
            FieldError(
                "specialty_code",
                "specialty_not_open",
                f"On {occasion.name_en}, {on}, the specialty {specialty.code} was not in the "
                "catalogue (三(一)2).",
                f"{occasion.name_zh}（{on}）专业 {specialty.code} 不在职称专业目录中（三(一)2）。",
            )
        )
    return errors


def _outside(field: str, on: dt.date, occasion: Occasion, what_en: str, what_zh: str):
    return FieldError(
        field,
        "outside_authority",
        f"On {occasion.name_en}, {on}, the committee had no authority for {what_en} "
        "(三(四)4: 评审权).",
        f"{occasion.name_zh}（{on}）该评审委员会无权评审{what_zh}（三(四)4）。",
    )


def _in_corrections(error: FieldError) -> FieldError:
    if error.field.startswith("corrections"):
        return error
    return dataclasses.replace(error, field=f"corrections.{error.field}")
