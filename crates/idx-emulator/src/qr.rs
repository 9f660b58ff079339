//! The Okta Verify enrollment QR code as a PNG `data:` URI, the shape Okta
//! puts in `currentAuthenticator.value.contextualData.qrcode.href`
//! (fixtures `authenticator-enroll-ov-qr.json`,
//! `v3/idp/idx/credential/enroll/enroll-okta-verify-mfa.json`).
//!
//! The `qrcode` crate (default features off) gives the module matrix; the PNG
//! is encoded here, because a black-and-white bitmap needs none of an image
//! library: signature, `IHDR` (1-bit greyscale), one `IDAT` holding a zlib
//! stream of stored (uncompressed) deflate blocks, `IEND`, with CRC-32 per
//! chunk (ISO 3309, as PNG specifies) and Adler-32 per zlib stream (RFC 1950).
//!
//! Invariants: pure (no I/O, no randomness); the image has a quiet zone of
//! [`QUIET_ZONE`] modules and [`MODULE_PX`] pixels per module, so a phone
//! camera reads it off a screen; the encoded text is a secret (it carries the
//! activation token): it is never logged, and only the control API reveals it.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use qrcode::{Color, EcLevel, QrCode};

/// Light modules around the symbol (ISO/IEC 18004 asks for 4).
pub const QUIET_ZONE: usize = 4;
/// Pixels per module side.
pub const MODULE_PX: usize = 5;

/// The QR symbol of `text` as a square matrix, `true` = dark, row-major,
/// without the quiet zone; `None` when `text` is too long for any version.
pub fn modules(text: &str) -> Option<(usize, Vec<bool>)> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let dark = code.to_colors().into_iter().map(|c| c == Color::Dark);
    Some((code.width(), dark.collect()))
}

/// `text` as a QR code in a PNG `data:` URI (`data:image/png;base64,...`).
pub fn png_data_uri(text: &str) -> Option<String> {
    let (width, dark) = modules(text)?;
    let png = png_of_modules(width, &dark, QUIET_ZONE, MODULE_PX);
    Some(format!("data:image/png;base64,{}", STANDARD.encode(png)))
}

/// A 1-bit greyscale PNG of a `width` x `width` module matrix (`true` =
/// dark), surrounded by `quiet` light modules, each module `scale` pixels.
pub fn png_of_modules(width: usize, dark: &[bool], quiet: usize, scale: usize) -> Vec<u8> {
    let side = (width + 2 * quiet) * scale;
    let row_bytes = side.div_ceil(8);
    let mut raw = Vec::with_capacity((row_bytes + 1) * side);
    for py in 0..side {
        raw.push(0); // filter type None
        let my = (py / scale).checked_sub(quiet).filter(|m| *m < width);
        let mut row = vec![0xFFu8; row_bytes]; // 1 = white in greyscale
        for px in 0..side {
            let mx = (px / scale).checked_sub(quiet).filter(|m| *m < width);
            if let (Some(mx), Some(my)) = (mx, my)
                && dark.get(my * width + mx).copied().unwrap_or(false)
            {
                row[px / 8] &= !(0x80 >> (px % 8));
            }
        }
        raw.extend_from_slice(&row);
    }
    let side32 = u32::try_from(side).unwrap_or(u32::MAX);
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&side32.to_be_bytes());
    ihdr.extend_from_slice(&side32.to_be_bytes());
    // Bit depth 1, colour type 0 (greyscale), deflate, adaptive filters, no interlace.
    ihdr.extend_from_slice(&[1, 0, 0, 0, 0]);

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &zlib_stored(&raw));
    chunk(&mut png, b"IEND", &[]);
    png
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let len = u32::try_from(data.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 3.2.4).
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    // CMF 0x78 (deflate, 32K window), FLG 0x01 (fastest, no dictionary,
    // (CMF*256 + FLG) % 31 == 0).
    let mut out = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = if data.is_empty() {
        vec![&[]]
    } else {
        data.chunks(usize::from(u16::MAX)).collect()
    };
    let last = blocks.len() - 1;
    for (i, block) in blocks.iter().enumerate() {
        out.push(u8::from(i == last)); // BFINAL, BTYPE 00
        let len = u16::try_from(block.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(&adler32(data).to_be_bytes());
    out
}

/// CRC-32 (polynomial 0xEDB88320, reflected), as PNG chunks use.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Adler-32 (RFC 1950 8.2).
pub fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % MOD;
        b = (b + a) % MOD;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader for exactly what [`png_of_modules`] writes (1-bit greyscale,
    /// one IDAT of stored blocks), checking every CRC and the Adler-32:
    /// returns (side, pixels with `true` = dark).
    fn read_png(png: &[u8]) -> (usize, Vec<bool>) {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "signature");
        let mut at = 8;
        let mut chunks = Vec::new();
        while at < png.len() {
            let len = u32::from_be_bytes(png[at..at + 4].try_into().expect("4")) as usize;
            let kind = &png[at + 4..at + 8];
            let data = &png[at + 8..at + 8 + len];
            let crc = u32::from_be_bytes(png[at + 8 + len..at + 12 + len].try_into().expect("4"));
            assert_eq!(crc, crc32(&png[at + 4..at + 8 + len]), "CRC of {kind:?}");
            chunks.push((kind.to_vec(), data.to_vec()));
            at += 12 + len;
        }
        let names: Vec<&[u8]> = chunks.iter().map(|(k, _)| k.as_slice()).collect();
        assert_eq!(names, vec![&b"IHDR"[..], b"IDAT", b"IEND"]);
        let ihdr = &chunks[0].1;
        let w = u32::from_be_bytes(ihdr[0..4].try_into().expect("4")) as usize;
        let h = u32::from_be_bytes(ihdr[4..8].try_into().expect("4")) as usize;
        assert_eq!(w, h, "square");
        assert_eq!(
            &ihdr[8..],
            &[1, 0, 0, 0, 0],
            "1-bit greyscale, no interlace"
        );
        let z = &chunks[1].1;
        assert_eq!(
            (u16::from(z[0]) * 256 + u16::from(z[1])) % 31,
            0,
            "zlib FCHECK"
        );
        let mut raw = Vec::new();
        let mut p = 2;
        loop {
            let last = z[p] & 1 == 1;
            assert_eq!(z[p] & 0b110, 0, "stored block");
            let len = u16::from_le_bytes([z[p + 1], z[p + 2]]);
            let nlen = u16::from_le_bytes([z[p + 3], z[p + 4]]);
            assert_eq!(len, !nlen);
            raw.extend_from_slice(&z[p + 5..p + 5 + usize::from(len)]);
            p += 5 + usize::from(len);
            if last {
                break;
            }
        }
        assert_eq!(
            u32::from_be_bytes(z[p..p + 4].try_into().expect("4")),
            adler32(&raw)
        );
        assert_eq!(p + 4, z.len(), "nothing after the Adler-32");
        let row_bytes = w.div_ceil(8);
        assert_eq!(raw.len(), h * (row_bytes + 1));
        let mut pixels = Vec::with_capacity(w * h);
        for row in raw.chunks(row_bytes + 1) {
            assert_eq!(row[0], 0, "filter None");
            for x in 0..w {
                pixels.push(row[1 + x / 8] & (0x80 >> (x % 8)) == 0);
            }
        }
        (w, pixels)
    }

    #[test]
    fn checksums_match_known_values() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        assert_eq!(adler32(b""), 1);
    }

    #[test]
    fn png_holds_the_matrix_with_quiet_zone_and_scale() {
        let text = "oktaverify://new@example.com/?t=ABCDEFGHIJKLMNOPQRSTUVWXYZ012345&f=autOktaVerify0000001";
        let (width, dark) = modules(text).expect("fits");
        let png = png_of_modules(width, &dark, QUIET_ZONE, MODULE_PX);
        let (side, pixels) = read_png(&png);
        assert_eq!(side, (width + 2 * QUIET_ZONE) * MODULE_PX);
        assert!((200..=400).contains(&side), "a sensible size: {side}");
        for y in 0..side {
            for x in 0..side {
                let (mx, my) = (x / MODULE_PX, y / MODULE_PX);
                let expected = (QUIET_ZONE..QUIET_ZONE + width).contains(&mx)
                    && (QUIET_ZONE..QUIET_ZONE + width).contains(&my)
                    && dark[(my - QUIET_ZONE) * width + mx - QUIET_ZONE];
                assert_eq!(pixels[y * side + x], expected, "pixel {x},{y}");
            }
        }
        // The top-left finder pattern starts right after the quiet zone.
        assert!(dark[0] && dark[6] && dark[6 * width] && !dark[width + 1]);
    }

    #[test]
    fn a_qr_reader_decodes_the_png_back_to_the_text() {
        let text = "oktaverify://new@example.com/?t=0123456789abcdefghijABCDEFGHIJ&f=autOktaVerify0000001&s=http%3A%2F%2F127.0.0.1%3A8787";
        let uri = png_data_uri(text).expect("fits");
        let b64 = uri
            .strip_prefix("data:image/png;base64,")
            .expect("data URI");
        let png = STANDARD.decode(b64).expect("base64");
        let (side, pixels) = read_png(&png);
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            if pixels[y * side + x] { 0 } else { 255 }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, content) = grids[0].decode().expect("decodes");
        assert_eq!(content, text);
    }

    #[test]
    fn large_payloads_span_several_stored_blocks() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let z = zlib_stored(&data);
        // Header, four blocks of 5 + data bytes, Adler-32.
        assert_eq!(z.len(), 2 + 4 * 5 + data.len() + 4);
        assert_eq!(z[2], 0, "first block not final");
        assert!(
            modules(&"x".repeat(5000)).is_none(),
            "too long for a QR code"
        );
    }
}
