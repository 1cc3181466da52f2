//! Signing the check-in screen's codes and drawing its QR code. A code is an HMAC-SHA256 of the
//! activity and the current window under the activity's own secret, so it cannot be guessed
//! from the activity number and stops working minutes after it was shown.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::error::AppError;
use crate::model::volunteer::{CODE_DIGITS, ScanToken, window_accepted};

type HmacSha256 = Hmac<Sha256>;

/// A new secret for an activity: 32 random bytes, hex.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The HMAC of the activity and window under the activity's secret, before finishing. HMAC
/// takes a key of any length, so this is `None` never in practice; were it so, nothing would
/// verify.
fn keyed(secret: &str, activity_id: i64, window: i64) -> Option<HmacSha256> {
    let mut m = HmacSha256::new_from_slice(secret.as_bytes()).ok()?;
    m.update(format!("shegong-checkin:{activity_id}:{window}").as_bytes());
    Some(m)
}

/// The finished HMAC (all zeros in the case that never happens, see [`keyed`]).
fn tag(secret: &str, activity_id: i64, window: i64) -> [u8; 32] {
    keyed(secret, activity_id, window).map_or([0; 32], |m| m.finalize().into_bytes().into())
}

/// The token the QR code carries for `window`.
pub fn token(secret: &str, activity_id: i64, window: i64) -> ScanToken {
    let tag = tag(secret, activity_id, window);
    ScanToken {
        window,
        mac: hex::encode(&tag[..8]),
    }
}

/// The code typed by people who cannot scan, for `window`: six digits from the same HMAC
/// (bytes the token does not show).
pub fn code(secret: &str, activity_id: i64, window: i64) -> String {
    let tag = tag(secret, activity_id, window);
    let n = u32::from_be_bytes([tag[8], tag[9], tag[10], tag[11]]) % 1_000_000;
    format!("{n:0width$}", width = CODE_DIGITS)
}

/// Whether `t` was made for this activity under `secret` and is still accepted at `now_window`
/// (compared in constant time).
pub fn token_valid(secret: &str, activity_id: i64, t: &ScanToken, now_window: i64) -> bool {
    if !window_accepted(t.window, now_window) {
        return false;
    }
    let Ok(shown) = hex::decode(&t.mac) else {
        return false;
    };
    // Compared in constant time by the HMAC crate.
    keyed(secret, activity_id, t.window).is_some_and(|m| m.verify_truncated_left(&shown).is_ok())
}

/// The window whose code `typed` is, if it is this activity's code now or just before.
pub fn code_window(secret: &str, activity_id: i64, typed: &str, now_window: i64) -> Option<i64> {
    (0..crate::model::volunteer::TOKEN_WINDOWS_ACCEPTED)
        .map(|back| now_window - back)
        .find(|w| {
            let expected = code(secret, activity_id, *w);
            // Both are six ASCII digits; compare every byte whatever the first difference.
            expected.len() == typed.len()
                && expected
                    .bytes()
                    .zip(typed.bytes())
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0
        })
}

/// `url` as a QR code, an SVG document drawn on the server (dark modules on white, quiet zone
/// included, scaled by the page).
pub fn qr_svg(url: &str) -> Result<String, AppError> {
    let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| {
            tracing::error!(error = ?e, "qr code");
            AppError::Internal
        })?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_works_for_its_activity_and_window_only() {
        let secret = new_secret();
        let t = token(&secret, 7, 100);
        assert!(token_valid(&secret, 7, &t, 100));
        assert!(token_valid(&secret, 7, &t, 101));
        assert!(!token_valid(&secret, 7, &t, 102), "expired");
        assert!(!token_valid(&secret, 8, &t, 100), "another activity");
        assert!(!token_valid(&new_secret(), 7, &t, 100), "another secret");
        let mut forged = t.clone();
        forged.window = 101;
        assert!(
            !token_valid(&secret, 7, &forged, 101),
            "moved to a later window"
        );
    }

    #[test]
    fn the_typed_code_is_six_digits_and_names_its_window() {
        let secret = new_secret();
        let c = code(&secret, 7, 100);
        assert_eq!(c.len(), 6);
        assert!(c.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(code_window(&secret, 7, &c, 100), Some(100));
        assert_eq!(code_window(&secret, 7, &c, 101), Some(100));
        assert_eq!(code_window(&secret, 7, &c, 102), None);
    }

    #[test]
    fn the_qr_code_is_an_svg() {
        let svg = qr_svg("https://shegong.example.cn/checkin/12?t=9876543.0123456789abcdef")
            .expect("svg");
        assert!(svg.starts_with("<?xml") || svg.starts_with("<svg"));
        assert!(svg.contains("<path") || svg.contains("<rect"));
    }
}
