//! The storage connection. One code path serves SQLite (embedded default) and
//! PostgreSQL through sqlx's `Any` driver; queries use `$1` placeholders and
//! portable types only: TEXT, 64-bit integers (flags as 0/1, money in cents,
//! instants as UTC unix seconds) and calendar dates as `YYYY-MM-DD` text.

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor};
use std::path::Path;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

impl DbKind {
    pub fn name(self) -> &'static str {
        match self {
            DbKind::Sqlite => "sqlite",
            DbKind::Postgres => "postgres",
        }
    }

    pub fn from_url(url: &str) -> Result<Self, DbError> {
        if url.starts_with("sqlite:") {
            Ok(DbKind::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DbKind::Postgres)
        } else {
            Err(DbError::UnsupportedUrl)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL must start with sqlite: or postgres://")]
    UnsupportedUrl,
    #[error("database: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot create the database folder: {0}")]
    Io(#[from] std::io::Error),
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub kind: DbKind,
    /// Pushes waiting for the next group commit (`portfolios::sync_store`):
    /// one queue per pool, so per process.
    pub sync: std::sync::Arc<crate::portfolios::sync_queue::SyncQueue>,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Db {
    /// Connects and applies the migrations of the database's kind.
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let kind = DbKind::from_url(url)?;
        let mut url = url.to_string();
        if kind == DbKind::Sqlite {
            ensure_sqlite_folder(&url)?;
            if !url.contains("mode=") {
                url.push_str(if url.contains('?') {
                    "&mode=rwc"
                } else {
                    "?mode=rwc"
                });
            }
        }
        let options = AnyPoolOptions::new()
            .max_connections(match kind {
                // SQLite has one writer; a small pool avoids lock storms.
                DbKind::Sqlite => 4,
                DbKind::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    match kind {
                        // Acknowledged writes must survive a power cut: WAL
                        // with synchronous=FULL fsyncs every commit.
                        DbKind::Sqlite => {
                            conn.execute(
                                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; \
                                 PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;",
                            )
                            .await?;
                        }
                        DbKind::Postgres => {
                            conn.execute("SET synchronous_commit = on; SET TIME ZONE 'UTC';")
                                .await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        let db = Db {
            pool: options,
            kind,
            sync: Default::default(),
        };
        db.migrate().await?;
        Ok(db)
    }

    async fn migrate(&self) -> Result<(), DbError> {
        match self.kind {
            DbKind::Sqlite => {
                SQLITE_MIGRATIONS.run(&self.pool).await?;
                sqlite_relax_users_email(&self.pool).await?;
                sqlite_allow_certifier(&self.pool).await?;
            }
            DbKind::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        let _: Option<AnyRow> = sqlx::query("SELECT 1").fetch_optional(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Drops the column-level `UNIQUE` of `users.email` (migration 0002) once,
/// for migration 0023: addresses are unique among verified accounts only
/// (a partial index). SQLite cannot drop a constraint in place, and its
/// table rebuild needs `foreign_keys=OFF`, which has no effect inside the
/// transaction sqlx wraps every SQLite migration in; so it is done here, on
/// one connection, in the order SQLite documents (ALTER TABLE, "making other
/// kinds of table schema changes"). The table's own SQL is reused, so
/// columns added by later migrations are kept.
async fn sqlite_relax_users_email(pool: &AnyPool) -> Result<(), sqlx::Error> {
    const UNIQUE: &str = "email TEXT NOT NULL UNIQUE";
    let table: Option<String> =
        sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'")
            .fetch_optional(pool)
            .await?;
    let Some(table) = table.filter(|sql| sql.contains(UNIQUE)) else {
        return Ok(());
    };
    let indexes: Vec<String> = sqlx::query_scalar(
        "SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') \
         AND tbl_name = 'users' AND sql IS NOT NULL",
    )
    .fetch_all(pool)
    .await?;
    let rebuilt = table
        .replacen("CREATE TABLE users", "CREATE TABLE users_rebuilt", 1)
        .replacen(UNIQUE, "email TEXT NOT NULL", 1);
    let mut conn = pool.acquire().await?;
    conn.execute("PRAGMA foreign_keys=OFF").await?;
    let mut script = format!(
        "BEGIN IMMEDIATE; {rebuilt}; INSERT INTO users_rebuilt SELECT * FROM users; \
         DROP TABLE users; ALTER TABLE users_rebuilt RENAME TO users;"
    );
    for sql in &indexes {
        script.push_str(sql);
        script.push(';');
    }
    script.push_str(" COMMIT;");
    let outcome = conn.execute(script.as_str()).await;
    if outcome.is_err() {
        let _ = conn.execute("ROLLBACK").await;
    }
    conn.execute("PRAGMA foreign_keys=ON").await?;
    outcome.map(|_| ())
}

/// Allows the role 'certifier' (migration 0029) in `user_roles` and
/// `invitations`, once, by the same table rebuild as
/// [`sqlite_relax_users_email`]: SQLite cannot change a CHECK in place.
async fn sqlite_allow_certifier(pool: &AnyPool) -> Result<(), sqlx::Error> {
    const OLD: &str = "CHECK (role IN ('candidate', 'mentor', 'assessor', 'admin'))";
    const NEW: &str = "CHECK (role IN ('candidate', 'mentor', 'assessor', 'admin', 'certifier'))";
    for table in ["user_roles", "invitations"] {
        let sql: Option<String> =
            sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = $1")
                .bind(table)
                .fetch_optional(pool)
                .await?;
        let Some(sql) = sql.filter(|sql| sql.contains(OLD)) else {
            continue;
        };
        let indexes: Vec<String> = sqlx::query_scalar(
            "SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') \
             AND tbl_name = $1 AND sql IS NOT NULL",
        )
        .bind(table)
        .fetch_all(pool)
        .await?;
        let rebuilt = sql
            .replacen(
                &format!("CREATE TABLE {table}"),
                &format!("CREATE TABLE {table}_rebuilt"),
                1,
            )
            .replacen(OLD, NEW, 1);
        let mut conn = pool.acquire().await?;
        conn.execute("PRAGMA foreign_keys=OFF").await?;
        let mut script = format!(
            "BEGIN IMMEDIATE; {rebuilt}; INSERT INTO {table}_rebuilt SELECT * FROM {table}; \
             DROP TABLE {table}; ALTER TABLE {table}_rebuilt RENAME TO {table};"
        );
        for sql in &indexes {
            script.push_str(sql);
            script.push(';');
        }
        script.push_str(" COMMIT;");
        let outcome = conn.execute(script.as_str()).await;
        if outcome.is_err() {
            let _ = conn.execute("ROLLBACK").await;
        }
        conn.execute("PRAGMA foreign_keys=ON").await?;
        outcome?;
    }
    Ok(())
}

fn ensure_sqlite_folder(url: &str) -> Result<(), DbError> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(parent) = Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)?;
        }
    }
    Ok(())
}

/// Current time as UTC unix seconds, the representation of every stored instant.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
