//! The address a request came from, for rate limits and the audit log.

use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

#[derive(Clone, Copy, Debug)]
pub struct ClientIp(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        Ok(ClientIp(client_ip(parts, state.trust_forwarded_for)))
    }
}

pub fn client_ip(parts: &Parts, trust_forwarded_for: bool) -> Option<IpAddr> {
    if trust_forwarded_for {
        if let Some(ip) = forwarded_for(&parts.headers) {
            return Some(ip);
        }
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_canonical())
}

/// The address our proxy saw: the last entry of the last `X-Forwarded-For`
/// line. The proxy appends it; every earlier entry, and every earlier line
/// (a proxy may add its own line instead of extending the client's), is the
/// client's own claim and could name anyone. An unreadable last entry gives
/// `None` rather than falling back to one of those claims.
pub fn forwarded_for(headers: &axum::http::HeaderMap) -> Option<IpAddr> {
    let last_line = headers.get_all("x-forwarded-for").iter().next_back()?;
    let last_entry = last_line.to_str().ok()?.rsplit(',').next()?.trim();
    parse_entry(last_entry).map(|ip| ip.to_canonical())
}

/// A bare address, or one with a port as some proxies write it
/// (`203.0.113.7:41234`, `[2001:db8::1]:41234`).
fn parse_entry(entry: &str) -> Option<IpAddr> {
    if let Ok(ip) = entry.parse() {
        return Some(ip);
    }
    entry.parse::<SocketAddr>().ok().map(|s| s.ip())
}

/// The rate-limit bucket of an address: an IPv4 address by itself, an IPv6
/// address by its /64. One IPv6 subscriber or server usually gets a whole
/// /64 and can pick any address in it, so counting single IPv6 addresses
/// would give an attacker 2^64 budgets. IPv4-mapped IPv6 addresses (what a
/// dual-stack socket reports for IPv4 clients) count as the IPv4 address, or
/// every IPv4 client would share `::ffff:0:0/64`.
pub fn rate_limit_key(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let prefix = u128::from(v6) & !((1u128 << 64) - 1);
            format!("{}/64", std::net::Ipv6Addr::from(prefix))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderMap, HeaderValue};
    use proptest::prelude::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    fn headers(lines: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for line in lines {
            h.append("x-forwarded-for", HeaderValue::from_str(line).unwrap());
        }
        h
    }

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn the_proxys_entry_is_the_last_one() {
        assert_eq!(forwarded_for(&headers(&["203.0.113.7"])), ip("203.0.113.7"));
        assert_eq!(
            forwarded_for(&headers(&["1.1.1.1, 10.0.0.1 ,203.0.113.7 "])),
            ip("203.0.113.7")
        );
        // A client's own header line comes first; the proxy's line last.
        assert_eq!(
            forwarded_for(&headers(&["1.1.1.1", "198.51.100.2"])),
            ip("198.51.100.2")
        );
        assert_eq!(
            forwarded_for(&headers(&["[2001:db8::5]:443"])),
            ip("2001:db8::5")
        );
        assert_eq!(
            forwarded_for(&headers(&["203.0.113.7:5000"])),
            ip("203.0.113.7")
        );
        assert_eq!(
            forwarded_for(&headers(&["::ffff:203.0.113.7"])),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn an_unreadable_last_entry_never_falls_back_to_a_claim() {
        assert_eq!(forwarded_for(&headers(&["203.0.113.7, unknown"])), None);
        assert_eq!(forwarded_for(&headers(&["203.0.113.7", ""])), None);
        assert_eq!(forwarded_for(&HeaderMap::new()), None);
    }

    #[test]
    fn ipv6_is_bucketed_by_its_64_and_ipv4_by_address() {
        assert_eq!(
            rate_limit_key("2001:db8:1:2:aaaa::1".parse().unwrap()),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            rate_limit_key("2001:db8:1:2:ffff:ffff:ffff:ffff".parse().unwrap()),
            "2001:db8:1:2::/64"
        );
        assert_ne!(
            rate_limit_key("2001:db8:1:3::1".parse().unwrap()),
            rate_limit_key("2001:db8:1:2::1".parse().unwrap())
        );
        assert_eq!(
            rate_limit_key("203.0.113.7".parse().unwrap()),
            "203.0.113.7"
        );
        assert_ne!(
            rate_limit_key("203.0.113.7".parse().unwrap()),
            rate_limit_key("203.0.113.8".parse().unwrap())
        );
        assert_eq!(
            rate_limit_key("::ffff:203.0.113.7".parse().unwrap()),
            "203.0.113.7"
        );
    }

    proptest! {
        #[test]
        fn two_ipv6_addresses_share_a_bucket_exactly_when_their_64_is_equal(a: u128, b: u128) {
            let (x, y) = (Ipv6Addr::from(a), Ipv6Addr::from(b));
            // Mapped IPv4 addresses are IPv4 clients, bucketed by address.
            prop_assume!(x.to_ipv4_mapped().is_none() && y.to_ipv4_mapped().is_none());
            prop_assert_eq!(
                rate_limit_key(IpAddr::V6(x)) == rate_limit_key(IpAddr::V6(y)),
                a >> 64 == b >> 64
            );
        }

        #[test]
        fn every_ipv4_address_is_its_own_bucket(a: u32, b: u32) {
            let (x, y) = (IpAddr::V4(Ipv4Addr::from(a)), IpAddr::V4(Ipv4Addr::from(b)));
            prop_assert_eq!(rate_limit_key(x) == rate_limit_key(y), a == b);
        }
    }
}
