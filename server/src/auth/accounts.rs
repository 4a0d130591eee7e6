//! People and their roles.

use crate::db::{now, Db};
use crate::error::ApiError;
use crate::policy::{Actor, Role};
use axum::http::StatusCode;
use serde::Serialize;
use sqlx::{Any, Transaction};
use uuid::Uuid;

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Account {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
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

pub fn valid_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ApiError::unprocessable("Vul je naam in."));
    }
    if name.chars().count() > NAME_MAX_CHARS || name.chars().any(char::is_control) {
        return Err(ApiError::unprocessable(format!(
            "Een naam heeft hoogstens {NAME_MAX_CHARS} tekens, zonder regeleinden."
        )));
    }
    Ok(name.to_string())
}

/// Lower-cased, so the same address typed differently is one account.
pub fn valid_email(email: &str) -> Result<String, ApiError> {
    let email = email.trim().to_lowercase();
    if email.len() > 254 || email.parse::<lettre::Address>().is_err() {
        return Err(ApiError::unprocessable(
            "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.",
        ));
    }
    Ok(email)
}

pub async fn find(db: &Db, id: Uuid) -> Result<Option<Account>, sqlx::Error> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT name, email FROM users WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&db.pool)
            .await?;
    let Some((name, email)) = row else {
        return Ok(None);
    };
    Ok(Some(Account {
        id,
        name,
        email,
        roles: roles(db, id).await?,
    }))
}

pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<Uuid>, sqlx::Error> {
    let id: Option<String> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email.trim().to_lowercase())
        .fetch_optional(&db.pool)
        .await?;
    Ok(id.and_then(|id| Uuid::parse_str(&id).ok()))
}

pub async fn roles(db: &Db, id: Uuid) -> Result<Vec<Role>, sqlx::Error> {
    let names: Vec<String> = sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1")
        .bind(id.to_string())
        .fetch_all(&db.pool)
        .await?;
    let mut roles: Vec<Role> = names.iter().filter_map(|r| Role::parse(r)).collect();
    roles.sort();
    Ok(roles)
}

pub async fn email_taken(db: &Db, email: &str) -> Result<bool, sqlx::Error> {
    Ok(find_by_email(db, email).await?.is_some())
}

pub fn email_taken_error() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "email_taken",
        "Er bestaat al een account met dit e-mailadres. Log in, of gebruik een herstelcode.",
    )
}

pub async fn create(tx: &mut Transaction<'_, Any>, account: &Account) -> Result<(), ApiError> {
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = $1")
        .bind(&account.email)
        .fetch_one(&mut **tx)
        .await?;
    if taken > 0 {
        return Err(email_taken_error());
    }
    sqlx::query("INSERT INTO users (id, name, email, created_at) VALUES ($1, $2, $3, $4)")
        .bind(account.id.to_string())
        .bind(&account.name)
        .bind(&account.email)
        .bind(now())
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

#[derive(Debug)]
pub enum RolesError {
    NotFound,
    /// The change would leave no admin; nothing was changed.
    LastAdmin,
    Db(sqlx::Error),
}

impl From<sqlx::Error> for RolesError {
    fn from(err: sqlx::Error) -> Self {
        RolesError::Db(err)
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
    for role in Role::ALL {
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
    let users: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, name, email FROM users ORDER BY name, email")
            .fetch_all(&db.pool)
            .await?;
    let grants: Vec<(String, String)> = sqlx::query_as("SELECT user_id, role FROM user_roles")
        .fetch_all(&db.pool)
        .await?;
    Ok(users
        .into_iter()
        .filter_map(|(id, name, email)| {
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
            })
        })
        .collect())
}
