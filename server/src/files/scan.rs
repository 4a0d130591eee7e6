//! Virus scanning with ClamAV's `clamd` over TCP (`CLAMD_ADDRESS`), with
//! its INSTREAM command: the bytes are sent while they arrive, in chunks
//! of a 4-byte big-endian length and the data, ended by a zero length;
//! clamd answers `stream: OK` or `stream: <signature> FOUND`. A few lines of
//! protocol, so no crate: the ones there are wrap the same commands and
//! bring their own runtime choices.

use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long connecting and the verdict may take. A 20 MiB file scans in
/// well under a second; the margin is for a busy machine.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const VERDICT_TIMEOUT: Duration = Duration::from_secs(60);
/// The longest answer clamd gives (a signature name and a few words).
const MAX_REPLY: usize = 4096;

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("clamd unreachable or failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("clamd took too long")]
    Timeout,
    #[error("clamd answered {0:?}")]
    Unexpected(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Clean,
    /// The signature's name.
    Infected(String),
}

/// Where clamd listens (`host:port`, `tcp://` allowed in front).
#[derive(Debug, Clone)]
pub struct Scanner {
    address: String,
}

impl Scanner {
    pub fn new(address: &str) -> Scanner {
        Scanner {
            address: address.trim_start_matches("tcp://").to_string(),
        }
    }

    pub fn address(&self) -> &str {
        &self.address
    }

    /// Opens a scan: the bytes follow with [`Scan::send`].
    pub async fn start(&self) -> Result<Scan, ScanError> {
        let mut stream = tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(&self.address))
            .await
            .map_err(|_| ScanError::Timeout)??;
        stream.write_all(b"zINSTREAM\0").await?;
        Ok(Scan { stream })
    }

    /// Scans bytes held in memory (tests, small files).
    pub async fn scan(&self, bytes: &[u8]) -> Result<Verdict, ScanError> {
        let mut scan = self.start().await?;
        scan.send(bytes).await?;
        scan.finish().await
    }
}

/// One INSTREAM scan in progress.
pub struct Scan {
    stream: TcpStream,
}

impl Scan {
    pub async fn send(&mut self, bytes: &[u8]) -> Result<(), ScanError> {
        // clamd's chunks are bounded by its StreamMaxLength only; 1 MiB
        // pieces keep the length in range whatever a caller passes.
        for piece in bytes.chunks(1 << 20) {
            let len = u32::try_from(piece.len()).unwrap_or(u32::MAX);
            self.stream.write_all(&len.to_be_bytes()).await?;
            self.stream.write_all(piece).await?;
        }
        Ok(())
    }

    pub async fn finish(mut self) -> Result<Verdict, ScanError> {
        self.stream.write_all(&0u32.to_be_bytes()).await?;
        self.stream.flush().await?;
        let reply = tokio::time::timeout(VERDICT_TIMEOUT, read_reply(&mut self.stream))
            .await
            .map_err(|_| ScanError::Timeout)??;
        parse_reply(&reply)
    }
}

/// Up to the NUL that ends a `z` command's answer, or the end of the stream.
async fn read_reply(stream: &mut TcpStream) -> Result<String, std::io::Error> {
    let mut reply = Vec::new();
    let mut buf = [0u8; 512];
    loop {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        reply.extend_from_slice(&buf[..n]);
        if reply.contains(&0) || reply.len() > MAX_REPLY {
            break;
        }
    }
    let end = reply.iter().position(|&b| b == 0).unwrap_or(reply.len());
    Ok(String::from_utf8_lossy(&reply[..end]).trim().to_string())
}

fn parse_reply(reply: &str) -> Result<Verdict, ScanError> {
    let body = reply.strip_prefix("stream:").map(str::trim);
    match body {
        Some("OK") => Ok(Verdict::Clean),
        Some(found) if found.ends_with(" FOUND") => Ok(Verdict::Infected(
            found.trim_end_matches(" FOUND").trim().to_string(),
        )),
        _ => Err(ScanError::Unexpected(reply.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_read_as_clamd_writes_them() {
        assert_eq!(parse_reply("stream: OK").unwrap(), Verdict::Clean);
        assert_eq!(
            parse_reply("stream: Eicar-Test-Signature FOUND").unwrap(),
            Verdict::Infected("Eicar-Test-Signature".into())
        );
        assert!(matches!(
            parse_reply("INSTREAM size limit exceeded. ERROR"),
            Err(ScanError::Unexpected(_))
        ));
        assert!(parse_reply("").is_err());
    }
}
