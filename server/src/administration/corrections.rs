//! Correcting a member's or an affiliate's details: the record, the
//! certificates that copied its old name, e-mail or city, and an audit
//! entry naming the changed fields (never their values: no personal data in
//! the log), in the caller's transaction.

use super::errors::{affiliate_exists, member_exists, OnUniqueViolation};
use super::people::{self, CertificateColumn, RecordKind};
use crate::audit::{self, Entry, Event};
use crate::error::ApiError;
use serde_json::json;
use shared::api::administration::{
    AffiliateCorrected, AffiliateDetails, MemberCorrected, MemberDetails,
};
use sqlx::{Any, Transaction};
use std::net::IpAddr;
use uuid::Uuid;

/// The names of the fields whose value differs, in the given order.
fn changed(pairs: &[(&str, &str, &str)]) -> Vec<String> {
    pairs
        .iter()
        .filter(|(_, old, new)| old != new)
        .map(|(field, _, _)| field.to_string())
        .collect()
}

/// Who corrects, from where.
#[derive(Clone, Copy, Debug)]
pub struct By {
    pub actor: Uuid,
    pub ip: Option<IpAddr>,
}

/// After the record's own row was updated: carries name, e-mail and city
/// (old, new) over to its certificates and writes the audit entry. Returns
/// how many certificates were corrected.
async fn finish(
    tx: &mut Transaction<'static, Any>,
    kind: RecordKind,
    event: Event,
    id: &str,
    fields: &[String],
    carried: [(&str, &str); 3],
    by: By,
) -> Result<u64, ApiError> {
    let [name, email, city] = carried;
    let certificates_updated = people::correct_certificates(
        tx,
        kind,
        id,
        &[
            (CertificateColumn::Name, name.0, name.1),
            (CertificateColumn::Email, email.0, email.1),
            (CertificateColumn::City, city.0, city.1),
        ],
    )
    .await?;
    audit::record(
        &mut **tx,
        Entry::new(event)
            .actor(by.actor)
            .subject(id)
            .ip(by.ip)
            .details(json!({
                "fields": fields,
                "certificates_updated": certificates_updated,
            })),
    )
    .await?;
    Ok(certificates_updated)
}

#[tracing::instrument(skip(tx, details))]
pub async fn member(
    tx: &mut Transaction<'static, Any>,
    id: &str,
    details: &MemberDetails,
    by: By,
) -> Result<MemberCorrected, ApiError> {
    let old = people::find_member_in(tx, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let fields = changed(&[
        (
            "membership_number",
            &old.membership_number,
            &details.membership_number,
        ),
        ("name", &old.name, &details.name),
        ("email", &old.email, &details.email),
        ("city", &old.city, &details.city),
    ]);
    let mut certificates_updated = 0;
    if !fields.is_empty() {
        people::update_member(tx, id, details)
            .await
            .on_unique_violation(member_exists)?;
        certificates_updated = finish(
            tx,
            RecordKind::Member,
            Event::MemberUpdated,
            id,
            &fields,
            [
                (&old.name, &details.name),
                (&old.email, &details.email),
                (&old.city, &details.city),
            ],
            by,
        )
        .await?;
    }
    let member = people::find_member_in(tx, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(MemberCorrected {
        member,
        changed: fields,
        certificates_updated,
    })
}

#[tracing::instrument(skip(tx, details))]
pub async fn affiliate(
    tx: &mut Transaction<'static, Any>,
    id: &str,
    details: &AffiliateDetails,
    by: By,
) -> Result<AffiliateCorrected, ApiError> {
    let old = people::find_affiliate_in(tx, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let fields = changed(&[
        ("name", &old.name, &details.name),
        ("email", &old.email, &details.email),
        ("street", &old.street, &details.street),
        ("postal_code", &old.postal_code, &details.postal_code),
        ("city", &old.city, &details.city),
    ]);
    let mut certificates_updated = 0;
    if !fields.is_empty() {
        people::update_affiliate(tx, id, details)
            .await
            .on_unique_violation(affiliate_exists)?;
        certificates_updated = finish(
            tx,
            RecordKind::Affiliate,
            Event::AffiliateUpdated,
            id,
            &fields,
            [
                (&old.name, &details.name),
                (&old.email, &details.email),
                (&old.city, &details.city),
            ],
            by,
        )
        .await?;
    }
    let affiliate = people::find_affiliate_in(tx, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(AffiliateCorrected {
        affiliate,
        changed: fields,
        certificates_updated,
    })
}
