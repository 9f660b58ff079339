//! The Okta Verify enrollment QR code as a PNG `data:` URI, the shape Okta
//! puts in `currentAuthenticator.value.contextualData.qrcode.href`
//! (fixtures `authenticator-enroll-ov-qr.json`,
//! `v3/idp/idx/credential/enroll/enroll-okta-verify-mfa.json`).
//!
//! The `qrcode` crate (default features off) gives the module matrix and the
//! `png` crate encodes it. Only the drawing is written here: the quiet zone
//! and the scaling of each module to a square of pixels, packed eight to a
//! byte as a 1-bit greyscale image wants them.
//!
//! Invariants: pure (no I/O, no randomness: the same text always gives the
//! same image); the image has a quiet zone of [`QUIET_ZONE`] modules and
//! [`MODULE_PX`] pixels per module, so a phone camera reads it off a screen;
//! the encoded text is a secret (it carries the activation token): it is
//! never logged, and only the control API reveals it.

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

/// `text` as a QR code in a PNG `data:` URI (`data:image/png;base64,...`);
/// `None` when `text` is too long for a QR code.
pub fn png_data_uri(text: &str) -> Option<String> {
    let (width, dark) = modules(text)?;
    let png = png_of_modules(width, &dark, QUIET_ZONE, MODULE_PX).ok()?;
    Some(format!("data:image/png;base64,{}", STANDARD.encode(png)))
}

/// A 1-bit greyscale PNG of a `width` x `width` module matrix (`true` =
/// dark), surrounded by `quiet` light modules, each module `scale` pixels.
pub fn png_of_modules(
    width: usize,
    dark: &[bool],
    quiet: usize,
    scale: usize,
) -> Result<Vec<u8>, png::EncodingError> {
    let side = (width + 2 * quiet) * scale;
    let row_bytes = side.div_ceil(8);
    let mut pixels = Vec::with_capacity(row_bytes * side);
    for py in 0..side {
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
        pixels.extend_from_slice(&row);
    }
    let side = u32::try_from(side).unwrap_or(u32::MAX);
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes `png` with the `png` crate's reader (which checks every CRC
    /// and the zlib stream), asserting the format the encoder was asked
    /// for: returns (side, pixels with `true` = dark).
    fn read_png(png: &[u8]) -> (usize, Vec<bool>) {
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let mut reader = decoder.read_info().expect("PNG header");
        let info = reader.info();
        assert_eq!(info.width, info.height, "square");
        assert_eq!(
            (info.color_type, info.bit_depth, info.interlaced),
            (png::ColorType::Grayscale, png::BitDepth::One, false),
            "1-bit greyscale, no interlace"
        );
        let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
        let frame = reader.next_frame(&mut buf).expect("pixels");
        let (w, h) = (frame.width as usize, frame.height as usize);
        assert_eq!(frame.line_size, w.div_ceil(8));
        let mut pixels = Vec::with_capacity(w * h);
        for row in buf[..frame.buffer_size()].chunks(frame.line_size) {
            for x in 0..w {
                pixels.push(row[x / 8] & (0x80 >> (x % 8)) == 0);
            }
        }
        (w, pixels)
    }

    #[test]
    fn png_holds_the_matrix_with_quiet_zone_and_scale() {
        let text = "oktaverify://new@example.com/?t=ABCDEFGHIJKLMNOPQRSTUVWXYZ012345&f=autOktaVerify0000001";
        let (width, dark) = modules(text).expect("fits");
        let png = png_of_modules(width, &dark, QUIET_ZONE, MODULE_PX).expect("encodes");
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
    fn the_same_text_gives_the_same_image() {
        let text = "oktaverify://new@example.com/?t=TOKEN&f=autOktaVerify0000001";
        let first = png_data_uri(text).expect("fits");
        assert_eq!(png_data_uri(text).as_deref(), Some(first.as_str()));
        assert_ne!(
            png_data_uri("oktaverify://new@example.com/?t=OTHER&f=autOktaVerify0000001").as_deref(),
            Some(first.as_str())
        );
    }

    #[test]
    fn text_too_long_for_a_qr_code_has_no_image() {
        assert!(
            modules(&"x".repeat(5000)).is_none(),
            "too long for a QR code"
        );
        assert!(png_data_uri(&"x".repeat(5000)).is_none());
    }
}
