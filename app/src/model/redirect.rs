//! Where a browser may be sent: the one rule behind every redirect (`next` after sign-in, the
//! `back` of a form, the language switch, the sign-in page of a signed-in person).
//!
//! Only a path on this site qualifies. The path is checked after percent-decoding, because
//! browsers drop tabs and line breaks from URLs and treat `\` like `/`, so `/%09/evil.example`
//! is `//evil.example` to them. Anything else becomes `/`. A target that passes contains no
//! control characters, so it is always a valid `Location` header value.

/// The longest redirect target kept (longer ones fall back to `/`).
pub const MAX_TARGET_LEN: usize = 2048;

/// `raw` if it is a safe path on this site, else `/`.
pub fn safe_target(raw: Option<&str>) -> String {
    match raw {
        Some(target) if is_safe_target(target, 0) => target.to_owned(),
        _ => "/".to_owned(),
    }
}

/// Whether a `Host` header names a host this site could be reached at: a DNS name or an
/// address, with an optional port; nothing that could break out of a URL.
pub fn plausible_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 260
        && !host.starts_with(['.', '-', ':'])
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

/// Percent-decodes `text` byte-wise (invalid escapes stay as they are); lossy UTF-8.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            // Both digits are below 16, so the byte fits.
            out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn is_safe_target(target: &str, depth: u8) -> bool {
    if target.is_empty()
        || target.len() > MAX_TARGET_LEN
        || !target.starts_with('/')
        || target
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return false;
    }
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target.split_once('#').map_or(target, |(p, _)| p), None),
    };
    // Decode twice: a path decoded once by a proxy and once by the browser must be safe too.
    let once = percent_decode(path);
    let twice = percent_decode(&once);
    for decoded in [&once, &twice] {
        if decoded.starts_with("//")
            || decoded.contains('\\')
            || decoded.contains("://")
            || decoded.chars().any(|c| c.is_control() || c.is_whitespace())
        {
            return false;
        }
    }
    // A target that itself carries a target (`/login?next=…`) must carry a safe one.
    let Some(query) = query else { return true };
    query.split('&').all(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if !matches!(key, "next" | "back") || value.is_empty() {
            return true;
        }
        depth < 3 && is_safe_target(&percent_decode(&value.replace('+', " ")), depth + 1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_on_this_site_pass() {
        for ok in [
            "/",
            "/admin/accounts",
            "/volunteers?q=%E7%8E%8B&page=2",
            "/login?next=%2Fprogress",
            "/practice/3#comments",
        ] {
            assert_eq!(safe_target(Some(ok)), ok, "{ok}");
        }
    }

    #[test]
    fn everything_else_goes_home() {
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/%09/evil.example",
            "/%2F/evil.example",
            "/%252F/evil.example",
            "/%5Cevil.example",
            "/\t/evil.example",
            "/\n/x",
            "/\r\nSet-Cookie: a=b",
            "/%0Ax",
            "/%0D%0ALocation: https://evil.example",
            "javascript:alert(1)",
            "evil.example",
            "/login?next=https://evil.example",
            "/login?next=https%3A%2F%2Fevil.example",
            "/login?next=%2F%2Fevil.example",
            "/login?next=/login?next=//evil.example",
            "/a b",
            "",
        ] {
            assert_eq!(safe_target(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_target(None), "/");
        assert_eq!(
            safe_target(Some(&format!("/{}", "a".repeat(MAX_TARGET_LEN)))),
            "/"
        );
    }

    #[test]
    fn only_plain_host_names_make_a_site_address() {
        for good in [
            "shegong.example.cn",
            "127.0.0.1:3000",
            "[::1]:3000",
            "localhost",
        ] {
            assert!(plausible_host(good), "{good}");
        }
        for bad in [
            "",
            "evil.example/x",
            "a b",
            "x@evil.example",
            ".evil",
            "host\\x",
            "例子.cn",
        ] {
            assert!(!plausible_host(bad), "{bad}");
        }
    }
}
