//! People and their roles. Storage returns [`AccountError`] and
//! [`RolesError`]; their `From` impls below say what each is on the API.

use crate::db::{now, Db};
use crate::error::ApiError;
use crate::policy::{Actor, Role};
use serde::Serialize;
use shared::domain::{required_text, Email};
use sqlx::{Any, Transaction};
use uuid::Uuid;

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Account {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    /// Whether the owner of `email` confirmed it (a link sent to it, or an
    /// invitation made for it). Only then is anything matched to the
    /// account by address (registrations, invoices, certificates).
    pub email_verified: bool,
}

impl Account {
    pub fn into_actor(self) -> Actor {
        Actor {
            id: self.id,
            name: self.name,
            email: self.email,
            roles: self.roles,
        }
    }
}

pub const NAME_MAX_CHARS: usize = 100;

/// An account's form value that is not acceptable: the field and the Dutch
/// sentence shown beside it. A 422 whose one-line message is that sentence
/// as it is (the account forms show it so).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.message)]
pub struct InvalidField(pub shared::FieldError);

impl InvalidField {
    pub fn message(&self) -> &str {
        &self.0.message
    }
}

impl From<InvalidField> for ApiError {
    fn from(err: InvalidField) -> Self {
        ApiError::Invalid {
            message: err.0.message.clone(),
            fields: vec![err.0],
        }
    }
}

fn invalid(field: &str, message: String) -> InvalidField {
    InvalidField(shared::FieldError::new(field, message))
}

pub fn valid_name(name: &str) -> Result<String, InvalidField> {
    required_text(name, "je naam", NAME_MAX_CHARS).map_err(|e| {
        // "Je naam heeft hoogstens …" reads oddly for an invitee: a name.
        let message = e.0.replacen("Je naam heeft", "Een naam heeft", 1);
        invalid("name", message)
    })
}

/// Lower-cased, so the same address typed differently is one account
/// (`shared::domain::Email`, the one e-mail check).
pub fn valid_email(email: &str) -> Result<String, InvalidField> {
    Email::parse(email)
        .map(Email::into_inner)
        .map_err(|e| invalid("email", e.0))
}

/// The columns an [`Account`] is read from, in the order [`AccountRow`]
/// holds them, for a query that joins `users u` with `user_roles r` (a row
/// per role; `r.role` NULL for an account without one).
pub const ACCOUNT_COLUMNS: &str = "u.name, u.email, u.email_verified_at, r.role";

/// One row of [`ACCOUNT_COLUMNS`].
pub type AccountRow = (Option<String>, Option<String>, Option<i64>, Option<String>);

impl Account {
    /// The account from its joined rows (a row per role), or `None` when
    /// there are none or the user row is gone (a LEFT JOIN's NULLs).
    pub fn from_rows(id: Uuid, rows: impl IntoIterator<Item = AccountRow>) -> Option<Self> {
        let mut rows = rows.into_iter();
        let (Some(name), Some(email), verified_at, role) = rows.next()? else {
            return None;
        };
        let names = role.into_iter().chain(rows.filter_map(|row| row.3));
        Some(Account {
            id,
            name,
            email,
            roles: parse_roles(names),
            email_verified: verified_at.is_some(),
        })
    }
}

/// Stored role names as roles, in their order (a name this build does not
/// know is skipped rather than refusing the account).
fn parse_roles(names: impl IntoIterator<Item = impl AsRef<str>>) -> Vec<Role> {
    let mut roles: Vec<Role> = names
        .into_iter()
        .filter_map(|name| Role::parse(name.as_ref()))
        .collect();
    roles.sort();
    roles
}

pub async fn find(db: &Db, id: Uuid) -> Result<Option<Account>, sqlx::Error> {
    let rows: Vec<AccountRow> = sqlx::query_as(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM users u LEFT JOIN user_roles r ON r.user_id = u.id \
         WHERE u.id = $1"
    ))
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    Ok(Account::from_rows(id, rows))
}

/// The accounts with this address, the verified one first, then the
/// oldest: an address can be typed at sign-up by more than one account,
/// but verified by one only.
async fn with_email(db: &Db, email: &str, limit: i64) -> Result<Vec<(Uuid, bool)>, sqlx::Error> {
    let rows: Vec<(String, Option<i64>)> = sqlx::query_as(
        "SELECT id, email_verified_at FROM users WHERE email = $1 \
         ORDER BY CASE WHEN email_verified_at IS NULL THEN 1 ELSE 0 END, created_at, id LIMIT $2",
    )
    .bind(email.trim().to_lowercase())
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, v)| Some((Uuid::parse_str(&id).ok()?, v.is_some())))
        .collect())
}

/// The account an admin means by an address: the one that verified it,
/// else the oldest that typed it.
pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<Uuid>, sqlx::Error> {
    Ok(with_email(db, email, 1).await?.first().map(|(id, _)| *id))
}

/// The account that verified this address, if any.
pub async fn verified_owner(db: &Db, email: &str) -> Result<Option<Uuid>, sqlx::Error> {
    Ok(with_email(db, email, 1)
        .await?
        .into_iter()
        .find(|(_, verified)| *verified)
        .map(|(id, _)| id))
}

/// At most this many unverified accounts with one address are tried by a
/// recovery code, so that accounts made with someone else's address cannot
/// multiply the Argon2 work of one request.
pub const RECOVERY_ACCOUNTS_MAX: i64 = 3;

/// The accounts a recovery code typed with `email` may belong to: the one
/// that verified the address, alone; otherwise the oldest few that typed it.
/// A code is then matched against each account's own hashes, so it can only
/// ever sign in the account it was issued to.
pub async fn recovery_candidates(db: &Db, email: &str) -> Result<Vec<Uuid>, sqlx::Error> {
    let found = with_email(db, email, RECOVERY_ACCOUNTS_MAX).await?;
    Ok(match found.first() {
        Some((id, true)) => vec![*id],
        _ => found.into_iter().map(|(id, _)| id).collect(),
    })
}

pub async fn roles(db: &Db, id: Uuid) -> Result<Vec<Role>, sqlx::Error> {
    let names: Vec<String> = sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1")
        .bind(id.to_string())
        .fetch_all(&db.pool)
        .await?;
    Ok(parse_roles(names))
}

/// Taken means verified by an account: an unverified one holds nothing.
pub async fn email_taken(db: &Db, email: &str) -> Result<bool, sqlx::Error> {
    Ok(verified_owner(db, email).await?.is_some())
}

pub fn email_taken_error() -> ApiError {
    ApiError::conflict(
        "email_taken",
        "Er bestaat al een account met dit e-mailadres. Log in, of gebruik een herstelcode.",
    )
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// Another account verified this address already.
    #[error("e-mail address verified by another account")]
    EmailTaken,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl From<AccountError> for ApiError {
    fn from(err: AccountError) -> Self {
        match err {
            AccountError::EmailTaken => email_taken_error(),
            AccountError::Db(err) => err.into(),
        }
    }
}

/// Stores a new account. One that is verified from the start (set-up, an
/// invitation for its address) is refused when another account verified
/// the address already; an unverified one never is (sign-up must not tell).
pub async fn create(tx: &mut Transaction<'_, Any>, account: &Account) -> Result<(), AccountError> {
    if account.email_verified {
        let taken: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM users WHERE email = $1 AND email_verified_at IS NOT NULL",
        )
        .bind(&account.email)
        .fetch_one(&mut **tx)
        .await?;
        if taken > 0 {
            return Err(AccountError::EmailTaken);
        }
    }
    let now = now();
    sqlx::query(
        "INSERT INTO users (id, name, email, created_at, email_verified_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(account.id.to_string())
    .bind(&account.name)
    .bind(&account.email)
    .bind(now)
    .bind(account.email_verified.then_some(now))
    .execute(&mut **tx)
    .await?;
    for role in &account.roles {
        grant(tx, account.id, *role).await?;
    }
    Ok(())
}

pub async fn grant(tx: &mut Transaction<'_, Any>, id: Uuid, role: Role) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, $2, $3)")
        .bind(id.to_string())
        .bind(role.as_str())
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn revoke(
    tx: &mut Transaction<'_, Any>,
    id: Uuid,
    role: Role,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1 AND role = $2")
        .bind(id.to_string())
        .bind(role.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Takes the account's row lock for the rest of the transaction (a no-op
/// write works on SQLite and PostgreSQL alike), so checks such as "not the
/// last passkey" cannot race with each other.
pub async fn lock(tx: &mut Transaction<'_, Any>, id: Uuid) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE users SET name = name WHERE id = $1")
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// What [`set_roles`] changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoleChanges {
    pub granted: Vec<Role>,
    pub revoked: Vec<Role>,
}

#[derive(Debug, thiserror::Error)]
pub enum RolesError {
    #[error("no such account")]
    NotFound,
    /// The change would leave no admin; nothing was changed.
    #[error("the last admin")]
    LastAdmin,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl From<RolesError> for ApiError {
    fn from(err: RolesError) -> Self {
        match err {
            RolesError::NotFound => ApiError::not_found(),
            RolesError::LastAdmin => {
                ApiError::conflict("last_admin", "Er moet minstens één beheerder blijven.")
            }
            RolesError::Db(err) => err.into(),
        }
    }
}

/// Gives account `id` exactly the roles `wanted`, inside `tx`, and refuses
/// (leaving `tx` to be rolled back) when that would leave no admin.
///
/// Every role change first locks the one row of `role_change_lock`, so
/// role changes are serialised: the admin count below sees every earlier
/// change committed. Locking only the target account is not enough: two
/// admins demoting each other lock different rows, and under PostgreSQL's
/// READ COMMITTED each would count the other as still admin. The current
/// roles are read after the lock, not before the transaction, for the same
/// reason. On SQLite the transaction should be `begin_write` (the write lock
/// at once, so concurrent changes queue on the busy timeout).
pub async fn set_roles(
    tx: &mut Transaction<'_, Any>,
    id: Uuid,
    wanted: &[Role],
) -> Result<RoleChanges, RolesError> {
    sqlx::query("UPDATE role_change_lock SET changes = changes + 1 WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    if !lock(tx, id).await? {
        return Err(RolesError::NotFound);
    }
    let names: Vec<String> = sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1")
        .bind(id.to_string())
        .fetch_all(&mut **tx)
        .await?;
    let current: Vec<Role> = names.iter().filter_map(|r| Role::parse(r)).collect();
    let mut changes = RoleChanges::default();
    for &role in Role::ALL {
        match (current.contains(&role), wanted.contains(&role)) {
            (false, true) => {
                grant(tx, id, role).await?;
                changes.granted.push(role);
            }
            (true, false) => {
                revoke(tx, id, role).await?;
                changes.revoked.push(role);
            }
            _ => {}
        }
    }
    if changes.revoked.contains(&Role::Admin) {
        let admins: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM user_roles WHERE role = 'admin'")
                .fetch_one(&mut **tx)
                .await?;
        if admins == 0 {
            return Err(RolesError::LastAdmin);
        }
    }
    Ok(changes)
}

pub async fn admin_count(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM user_roles WHERE role = 'admin'")
        .fetch_one(&db.pool)
        .await
}

pub async fn list(db: &Db) -> Result<Vec<Account>, sqlx::Error> {
    let users: Vec<(String, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, name, email, email_verified_at FROM users ORDER BY name, email, created_at",
    )
    .fetch_all(&db.pool)
    .await?;
    let grants: Vec<(String, String)> = sqlx::query_as("SELECT user_id, role FROM user_roles")
        .fetch_all(&db.pool)
        .await?;
    Ok(users
        .into_iter()
        .filter_map(|(id, name, email, verified_at)| {
            let mut roles: Vec<Role> = grants
                .iter()
                .filter(|(u, _)| *u == id)
                .filter_map(|(_, r)| Role::parse(r))
                .collect();
            roles.sort();
            Some(Account {
                id: Uuid::parse_str(&id).ok()?,
                name,
                email,
                roles,
                email_verified: verified_at.is_some(),
            })
        })
        .collect())
}
