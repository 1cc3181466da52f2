//! Settings the server functions need at request time, provided as Leptos context, and the
//! client address as the HTTP edge determined it.

use std::net::IpAddr;

/// Request-time settings, read once at startup.
#[derive(Debug, Clone, Default)]
pub struct AppConfig {
    /// Mark cookies `Secure` (set when Shegong is served over HTTPS).
    pub secure_cookies: bool,
    /// The built stylesheet, written into every page's `<head>` (`None`: linked instead).
    pub inline_style: Option<std::sync::Arc<str>>,
    /// The site's address as browsers see it (`https://shegong.example.cn`), when configured:
    /// what a check-in QR code points at.
    pub public_origin: Option<String>,
}

/// An address or a CIDR range (`10.0.0.0/8`, `127.0.0.1`, `::1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressRange {
    base: IpAddr,
    prefix: u8,
}

impl AddressRange {
    /// Parses `a.b.c.d`, `a.b.c.d/n`, or the IPv6 forms.
    pub fn parse(text: &str) -> Option<Self> {
        let (addr, prefix) = match text.trim().split_once('/') {
            Some((addr, bits)) => (addr.parse::<IpAddr>().ok()?, Some(bits.parse::<u8>().ok()?)),
            None => (text.trim().parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Self { base: addr, prefix })
    }

    /// True if `addr` is in this range.
    pub fn contains(&self, addr: IpAddr) -> bool {
        let bits = |a: IpAddr| -> (u128, u8) {
            match a {
                IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
                IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                    Some(v4) => (u128::from(u32::from(v4)), 32),
                    None => (u128::from(v6), 128),
                },
            }
        };
        let ((base, width), (addr, addr_width)) = (bits(self.base), bits(addr));
        if width != addr_width {
            return false;
        }
        let shift = u32::from(width - self.prefix.min(width));
        base.checked_shr(shift).unwrap_or(0) == addr.checked_shr(shift).unwrap_or(0)
    }
}

/// Parses a comma- or space-separated list of ranges; names what it could not read.
pub fn parse_ranges(text: &str) -> Result<Vec<AddressRange>, String> {
    text.split([',', ' '])
        .filter(|t| !t.trim().is_empty())
        .map(|t| AddressRange::parse(t).ok_or_else(|| t.trim().to_owned()))
        .collect()
}

/// The client's address, decided once per request at the HTTP edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// The nonce of this response's Content-Security-Policy: scripts Leptos writes into the page
/// carry it; nothing else inline may run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CspNonce(pub String);

/// Set when the database failed while a request ran: a page that rendered around the failure
/// (a home page leaves out what it could not read) must not be kept by the page cache.
#[derive(Debug, Clone, Default)]
pub struct DatabaseFailed(pub std::sync::Arc<std::sync::atomic::AtomicBool>);

impl DatabaseFailed {
    /// Marks the request whose rendering is running now, if any.
    pub fn mark_current() {
        if let Some(failed) = leptos::prelude::use_context::<axum::http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<DatabaseFailed>().cloned())
        {
            failed.0.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// True once the database failed during this request.
    pub fn happened(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// The client address of a request that reached us from `peer`: `X-Forwarded-For` is read
/// only when `peer` is a trusted proxy, and then from the right, skipping trusted proxies, so
/// an address a client wrote into the header itself is never taken.
pub fn client_address(peer: IpAddr, forwarded_for: &[&str], trusted: &[AddressRange]) -> IpAddr {
    let is_trusted = |a: IpAddr| trusted.iter().any(|r| r.contains(a));
    if !is_trusted(peer) {
        return peer;
    }
    let hops = forwarded_for
        .iter()
        .flat_map(|h| h.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    for hop in hops.into_iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(addr) if is_trusted(addr) => {}
            Ok(addr) => return addr,
            // Garbage in the header: stop believing it; the last proxy we trust is the client.
            Err(_) => return peer,
        }
    }
    peer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    #[test]
    fn ranges_match_their_addresses() {
        let lan = AddressRange::parse("10.0.0.0/8").expect("range");
        assert!(lan.contains(ip("10.1.2.3")));
        assert!(!lan.contains(ip("11.0.0.1")));
        assert!(
            AddressRange::parse("127.0.0.1")
                .expect("one")
                .contains(ip("127.0.0.1"))
        );
        assert!(AddressRange::parse("::1").expect("v6").contains(ip("::1")));
        assert!(
            AddressRange::parse("0.0.0.0/0")
                .expect("all")
                .contains(ip("8.8.8.8"))
        );
        assert_eq!(AddressRange::parse("10.0.0.0/33"), None);
        assert_eq!(
            parse_ranges("127.0.0.1, nonsense"),
            Err("nonsense".to_owned())
        );
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxy = parse_ranges("127.0.0.1,10.0.0.0/8").expect("ranges");
        // No trusted proxies: the socket address, whatever the header says.
        assert_eq!(
            client_address(ip("203.0.113.9"), &["1.2.3.4"], &[]),
            ip("203.0.113.9")
        );
        // A client that is not a proxy cannot choose its address.
        assert_eq!(
            client_address(ip("203.0.113.9"), &["1.2.3.4"], &proxy),
            ip("203.0.113.9")
        );
        // Behind the proxy: the right-most address the proxy did not add itself.
        assert_eq!(
            client_address(
                ip("127.0.0.1"),
                &["6.6.6.6, 198.51.100.7, 10.0.0.2"],
                &proxy
            ),
            ip("198.51.100.7")
        );
        assert_eq!(
            client_address(ip("127.0.0.1"), &[], &proxy),
            ip("127.0.0.1")
        );
        assert_eq!(
            client_address(ip("127.0.0.1"), &["x"], &proxy),
            ip("127.0.0.1")
        );
    }
}
